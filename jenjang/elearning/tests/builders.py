"""Test builders shared by the e-learning, upload-header and browser tests."""

from pathlib import Path
from typing import BinaryIO

from jenjang.elearning.models import Course, Lesson, ScormPackage
from jenjang.elearning.services import courses, scorm

SCORM_DIR = Path("/work/shared/data/scorm")
SCORM_SINGLE = SCORM_DIR / "golf-2004-3rd-advanced-runtime.zip"
SCORM_MULTI = SCORM_DIR / "golf-2004-3rd-multi-sco.zip"


def published_package_course(
    *,
    organiser,
    unit,
    upload: Path | BinaryIO,
    title: str = "Golf Explained",
    lesson_title: str | None = None,
    minutes: int | None = None,
) -> tuple[Course, ScormPackage]:
    """A published course of one module with one SCORM lesson made of `upload`.

    `upload` is a package's path or an open file (a zip built in the test).
    """
    course = courses.course_create(title=title, owner_unit=unit, by=organiser)
    if isinstance(upload, Path):
        with upload.open("rb") as f:
            package = scorm.package_upload(course=course, upload=f, by=organiser)
    else:
        package = scorm.package_upload(course=course, upload=upload, by=organiser)
    module = courses.module_create(course=course, title=title)
    extra = {} if minutes is None else {"estimated_minutes": minutes}
    courses.lesson_create(
        course=course,
        module_id=module.pk,
        title=lesson_title or title,
        kind=Lesson.Kind.SCORM,
        scorm_package=package,
        **extra,
    )
    courses.course_publish(course=course, by=organiser)
    course.refresh_from_db()
    return course, package
