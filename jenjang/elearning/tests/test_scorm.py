"""SCORM packages: validation of real and broken zips, storage, runtime commits."""

import io
import stat
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import LedgerEntry
from jenjang.elearning.models import Enrolment, Lesson, ScormAttempt, ScormPackage
from jenjang.elearning.services import courses, learning, scorm
from jenjang.elearning.tests.builders import SCORM_MULTI, SCORM_SINGLE

pytestmark = pytest.mark.django_db

MANIFEST_12 = b"""<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
 xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
 <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
 <organizations default="o"><organization identifier="o"><title>Uji</title>
  <item identifier="i1" identifierref="r1"><title>Satu</title>
   <adlcp:masteryscore>80</adlcp:masteryscore></item>
 </organization></organizations>
 <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco"
  href="%s"/></resources>
</manifest>"""


def make_zip(files: dict[str, bytes], *, symlink: str | None = None) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, "/etc/passwd")
    buf.seek(0)
    buf.name = "paket.zip"
    return buf


def good_12(launch="index.html") -> dict[str, bytes]:
    return {
        "imsmanifest.xml": MANIFEST_12 % launch.encode(),
        "index.html": b"<html></html>",
    }


def _nothing_stored():
    assert not ScormPackage.objects.exists()
    root = scorm.scorm_root()
    assert not root.exists() or not any(root.iterdir())


def test_real_single_sco_package(course, organiser):
    with open(SCORM_SINGLE, "rb") as f:
        package = scorm.package_upload(course=course, upload=f, by=organiser)
    assert package.standard == ScormPackage.Standard.SCORM2004
    assert [i["identifier"] for i in package.items] == ["item_1"]
    assert package.items[0]["href"] == "shared/launchpage.html"
    assert package.mastery_score == Decimal("0.8000")
    stored = scorm.package_dir(package) / "shared" / "launchpage.html"
    assert stored.is_file()
    assert scorm.package_file(package, "../../etc/passwd") is None
    assert scorm.package_file(package, "shared/launchpage.html") == stored.resolve()


def test_real_multi_sco_package(course, organiser):
    with open(SCORM_MULTI, "rb") as f:
        package = scorm.package_upload(course=course, upload=f, by=organiser)
    assert package.standard == ScormPackage.Standard.SCORM2004
    assert len(package.items) > 1
    for item in package.items:
        assert (scorm.package_dir(package) / item["href"].split("?")[0]).is_file()


def test_scorm12_detected(course, organiser):
    package = scorm.package_upload(
        course=course, upload=make_zip(good_12()), by=organiser
    )
    assert package.standard == ScormPackage.Standard.SCORM12
    assert package.mastery_score == Decimal("80")


BAD = [
    (
        "scorm_bad_zip",
        "Berkas bukan arsip ZIP yang sah.",
        lambda: io.BytesIO(b"not a zip"),
    ),
    (
        "scorm_no_manifest",
        "Paket ditolak: imsmanifest.xml tidak ada di akar paket.",
        lambda: make_zip({"index.html": b"x"}),
    ),
    (
        "scorm_unknown_schema",
        "Paket ditolak: versi SCORM tidak dikenali (hanya SCORM 1.2 dan 2004).",
        lambda: make_zip(
            {
                "imsmanifest.xml": b"<manifest xmlns='urn:x'><organizations/></manifest>",
                "index.html": b"x",
            }
        ),
    ),
    (
        "scorm_launch_missing",
        "Paket ditolak: berkas peluncuran hilang.html tidak ada di paket.",
        lambda: make_zip(good_12("hilang.html")),
    ),
    (
        "scorm_path_traversal",
        "Paket ditolak: berkas ../evil.html menunjuk ke luar folder paket.",
        lambda: make_zip({**good_12(), "../evil.html": b"x"}),
    ),
    (
        "scorm_path_traversal",
        "Paket ditolak: berkas /etc/cron.d/x menunjuk ke luar folder paket.",
        lambda: make_zip({**good_12(), "/etc/cron.d/x": b"x"}),
    ),
    (
        "scorm_symlink",
        "Paket ditolak: berkas tautan.html adalah tautan simbolik.",
        lambda: make_zip(good_12(), symlink="tautan.html"),
    ),
    (
        "scorm_zip_bomb",
        "Paket ditolak: rasio kompresi berkas nol.bin mencurigakan (zip bomb).",
        lambda: make_zip({**good_12(), "nol.bin": b"\0" * (8 * 1024 * 1024)}),
    ),
    (
        "scorm_bad_manifest",
        "Paket ditolak: imsmanifest.xml memuat DTD atau entitas.",
        lambda: make_zip(
            {
                "imsmanifest.xml": b'<!DOCTYPE m [<!ENTITY a "aaaa">]><manifest/>',
                "index.html": b"x",
            }
        ),
    ),
]


@pytest.mark.parametrize(
    ("code", "message", "make"), BAD, ids=[b[0] + str(i) for i, b in enumerate(BAD)]
)
def test_bad_package_refused_nothing_stored(course, organiser, code, message, make):
    with pytest.raises(ApplicationError) as err:
        scorm.package_upload(course=course, upload=make(), by=organiser)
    assert (err.value.code, err.value.message) == (code, message)
    _nothing_stored()


def test_oversize_refused(course, organiser, settings):
    settings.JENJANG_SCORM_MAX_BYTES = 1000
    with open(SCORM_SINGLE, "rb") as f, pytest.raises(ApplicationError) as err:
        scorm.package_upload(course=course, upload=f, by=organiser)
    assert err.value.code == "scorm_too_large"
    assert err.value.message == "Paket ditolak: ukuran berkas melebihi 0 MB."
    _nothing_stored()


def test_total_size_cap(course, organiser, settings):
    settings.JENJANG_SCORM_MAX_TOTAL_BYTES = 100
    with pytest.raises(ApplicationError) as err:
        scorm.package_upload(
            course=course,
            upload=make_zip({**good_12(), "big.txt": b"x" * 500}),
            by=organiser,
        )
    assert err.value.code == "scorm_zip_bomb"
    _nothing_stored()


def test_duration_parsing():
    assert scorm.duration_seconds("PT1H2M3.5S") == 3723
    assert scorm.duration_seconds("0001:02:03.00") == 3723
    assert scorm.duration_seconds("P1DT1S") == 86401
    assert scorm.duration_seconds("rubbish") == 0


def _scorm_course(world, organiser, path=SCORM_SINGLE):
    course = courses.course_create(title="Golf", owner_unit=world.dinkes, by=organiser)
    with open(path, "rb") as f:
        package = scorm.package_upload(course=course, upload=f, by=organiser)
    module = courses.module_create(course=course, title="M")
    lesson = courses.lesson_create(
        course=course,
        module_id=module.pk,
        title="Golf",
        kind=Lesson.Kind.SCORM,
        scorm_package=package,
        estimated_minutes=90,
    )
    courses.course_publish(course=course, by=organiser)
    course.refresh_from_db()
    return (
        course,
        package,
        Lesson.objects.get(module__version=course.published_version, pk__gte=lesson.pk),
    )


def test_commit_resume_and_complete(world, organiser, employee):
    course, package, lesson = _scorm_course(world, organiser)
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    attempt = scorm.scorm_attempt_for(enrolment=enrolment, lesson=lesson, sco="item_1")
    scorm.scorm_commit(
        attempt=attempt,
        payload={
            "cmi": {
                "completion_status": "incomplete",
                "success_status": "unknown",
                "location": "page3",
                "suspend_data": "abc",
                "session_time": "PT2M",
                "score": {"raw": "", "scaled": ""},
                "interactions": {
                    "childArray": [
                        {"id": "q1", "learner_response": "x", "result": "correct"}
                    ]
                },
            }
        },
    )
    attempt.refresh_from_db()
    assert (attempt.location, attempt.suspend_data, attempt.total_seconds) == (
        "page3",
        "abc",
        120,
    )
    restored = scorm.restore_cmi(package.standard, attempt, learner_id="1", name="B")
    assert restored["entry"] == "resume"
    assert restored["suspend_data"] == "abc"
    # A second session adds its time to the first.
    attempt = scorm.scorm_attempt_for(enrolment=enrolment, lesson=lesson, sco="item_1")
    scorm.scorm_commit(
        attempt=attempt,
        payload={
            "cmi": {
                "completion_status": "completed",
                "success_status": "passed",
                "location": "end",
                "suspend_data": "abc2",
                "session_time": "PT1M",
                "score": {"raw": "90", "scaled": "0.9"},
                "interactions": {
                    "childArray": [
                        {"id": "q1", "learner_response": "x", "result": "correct"},
                        {"id": "q2", "learner_response": "y", "result": "wrong"},
                    ]
                },
            }
        },
    )
    attempt.refresh_from_db()
    assert attempt.total_seconds == 180
    assert attempt.score_scaled == Decimal("0.9000")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    entry = LedgerEntry.objects.get(
        source_type="elearning.enrolment", source_id=str(enrolment.pk)
    )
    assert entry.jp == Decimal("2.00")
    from jenjang.elearning.models import XapiStatement

    assert XapiStatement.objects.filter(verb="answered").count() == 2
    assert XapiStatement.objects.filter(verb="passed").count() == 1


def test_commit_failed_does_not_complete(world, organiser, employee):
    course, _package, lesson = _scorm_course(world, organiser)
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    attempt = scorm.scorm_attempt_for(enrolment=enrolment, lesson=lesson, sco="item_1")
    scorm.scorm_commit(
        attempt=attempt,
        payload={"cmi": {"completion_status": "completed", "success_status": "failed"}},
    )
    enrolment.refresh_from_db()
    assert enrolment.status != Enrolment.Status.COMPLETED
    assert ScormAttempt.objects.get().success_status == "failed"


def test_commit_without_cmi_refused(world, organiser, employee):
    course, _package, lesson = _scorm_course(world, organiser)
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    attempt = scorm.scorm_attempt_for(enrolment=enrolment, lesson=lesson, sco="item_1")
    with pytest.raises(ApplicationError) as err:
        scorm.scorm_commit(attempt=attempt, payload={"x": 1})
    assert err.value.code == "bad_commit"
    attempt.refresh_from_db()
    assert attempt.commits == 0


def test_multi_sco_assets_complete_by_launch(world, organiser, employee):
    # Every item of the Golf multi-SCO package is an asset (it never talks to
    # the runtime): the LMS completes it when it is delivered.
    course, package, lesson = _scorm_course(world, organiser, SCORM_MULTI)
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    ids = [i["identifier"] for i in package.items]
    assert len(ids) == 18
    for sco in ids[:-1]:
        scorm.sco_launch(enrolment=enrolment, lesson=lesson, sco=sco, by=employee)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.IN_PROGRESS
    assert scorm.resume_sco(enrolment=enrolment, lesson=lesson) == ids[-2]
    scorm.sco_launch(enrolment=enrolment, lesson=lesson, sco=ids[-1], by=employee)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert LedgerEntry.objects.get(
        source_type="elearning.enrolment", source_id=str(enrolment.pk)
    ).jp == Decimal("2.00")
    assert Path(scorm.package_dir(package)).is_dir()


@pytest.mark.parametrize(
    ("scaled", "status", "completes"),
    [("0.9", "passed", True), ("0.5", "failed", False)],
)
def test_success_derived_from_passing_score(
    world, organiser, employee, scaled, status, completes
):
    # The Golf package reports only score.scaled; the manifest's
    # minNormalizedMeasure (0.8) decides passed or failed.
    course, _package, lesson = _scorm_course(world, organiser)
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    attempt = scorm.scorm_attempt_for(enrolment=enrolment, lesson=lesson, sco="item_1")
    scorm.scorm_commit(
        attempt=attempt,
        payload={
            "cmi": {
                "completion_status": "completed",
                "success_status": "unknown",
                "score": {"scaled": scaled, "raw": ""},
            }
        },
    )
    attempt.refresh_from_db()
    assert attempt.success_status == status
    enrolment.refresh_from_db()
    assert (enrolment.status == Enrolment.Status.COMPLETED) is completes
