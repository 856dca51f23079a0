"""Video and PDF lessons: the type is read from the content, sizes capped by settings."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jenjang.core.exceptions import ApplicationError
from jenjang.elearning.models import Lesson
from jenjang.elearning.services import courses
from jenjang.elearning.services.uploads import sniff_video

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 64
WEBM = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\0" * 32
)
OGG = b"OggS\x00\x02" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def draft(course):
    module = courses.draft_version(course).modules.first()
    return course, module


def _lesson(draft, kind, upload):
    course, module = draft
    return courses.lesson_create(
        course=course,
        module_id=module.pk,
        title="Materi",
        kind=kind,
        video_file=upload if kind == Lesson.Kind.VIDEO else None,
        document=upload if kind == Lesson.Kind.DOCUMENT else None,
    )


def test_sniff_video():
    assert sniff_video(MP4) == "mp4"
    assert sniff_video(WEBM) == "webm"
    assert sniff_video(OGG) == "ogv"
    assert sniff_video(b"\x00\x00\x00\x18ftypheic") is None  # an image
    assert sniff_video(b"RIFF\x00\x00\x00\x00AVI ") is None


@pytest.mark.parametrize(
    ("name", "data", "ext"),
    [("kuliah.mp4", MP4, "mp4"), ("rekaman.bin", WEBM, "webm"), ("x", OGG, "ogv")],
    ids=["mp4", "webm-named-bin", "ogg-no-extension"],
)
def test_video_accepted_by_content_and_renamed(draft, name, data, ext):
    lesson = _lesson(draft, Lesson.Kind.VIDEO, SimpleUploadedFile(name, data))
    assert lesson.video_file.name.endswith("." + ext)
    assert lesson.video_file.read() == data


def test_pdf_accepted_whatever_its_name(draft):
    lesson = _lesson(draft, Lesson.Kind.DOCUMENT, SimpleUploadedFile("modul.dat", PDF))
    assert lesson.document.name.startswith("elearning/docs/modul")
    assert lesson.document.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("kind", "name", "data", "code", "message"),
    [
        (
            Lesson.Kind.VIDEO,
            "film.mp4",
            b"<html><script>alert(1)</script></html>",
            "video_type",
            "Berkas bukan video yang didukung: isinya harus MP4, WebM, atau Ogg",
        ),
        (
            Lesson.Kind.VIDEO,
            "film.mp4",
            PDF,
            "video_type",
            "Berkas bukan video yang didukung",
        ),
        (Lesson.Kind.VIDEO, "film.mp4", b"", "empty_file", "Berkas video kosong."),
        (
            Lesson.Kind.DOCUMENT,
            "modul.pdf",
            b"MZ\x90\x00 not a pdf",
            "pdf_required",
            "Berkas bukan PDF yang sah",
        ),
        (
            Lesson.Kind.DOCUMENT,
            "modul.pdf",
            MP4,
            "pdf_required",
            "Berkas bukan PDF yang sah",
        ),
        (
            Lesson.Kind.DOCUMENT,
            "modul.pdf",
            b"",
            "empty_file",
            "Berkas dokumen kosong.",
        ),
    ],
    ids=[
        "html-as-mp4",
        "pdf-as-video",
        "empty-video",
        "exe-as-pdf",
        "mp4-as-pdf",
        "empty-pdf",
    ],
)
def test_wrong_content_refused_nothing_written(draft, kind, name, data, code, message):
    before = Lesson.objects.count()
    with pytest.raises(ApplicationError) as err:
        _lesson(draft, kind, SimpleUploadedFile(name, data))
    assert err.value.code == code
    assert err.value.message.startswith(message)
    assert Lesson.objects.count() == before


def test_size_caps_from_settings(draft, settings):
    settings.JENJANG_ELEARNING_VIDEO_MAX_BYTES = 2 * 1024 * 1024
    settings.JENJANG_ELEARNING_DOCUMENT_MAX_BYTES = 1024 * 1024
    big_video = SimpleUploadedFile("v.mp4", MP4 + b"\0" * (2 * 1024 * 1024))
    with pytest.raises(ApplicationError) as err:
        _lesson(draft, Lesson.Kind.VIDEO, big_video)
    assert (err.value.code, err.value.message) == (
        "video_too_large",
        "Berkas video terlalu besar: paling besar 2 MB.",
    )
    big_pdf = SimpleUploadedFile("d.pdf", PDF + b"\0" * (1024 * 1024))
    with pytest.raises(ApplicationError) as err:
        _lesson(draft, Lesson.Kind.DOCUMENT, big_pdf)
    assert (err.value.code, err.value.message) == (
        "document_too_large",
        "Berkas dokumen terlalu besar: paling besar 1 MB.",
    )
    # Just under the cap is fine.
    ok = SimpleUploadedFile("d.pdf", PDF + b"\0" * (1024 * 1024 - len(PDF)))
    assert _lesson(draft, Lesson.Kind.DOCUMENT, ok).document


def test_api_upload_refusal_is_a_clear_400(api_for, course):
    module = courses.draft_version(course).modules.first()
    r = api_for("organiser").post(
        f"/api/elearning/authoring/courses/{course.pk}/modules/{module.pk}/lessons/upload",
        {
            "title": "Video",
            "kind": "video",
            "file": SimpleUploadedFile("palsu.mp4", b"GIF89a not a video"),
        },
    )
    assert r.status_code == 400, r.content
    assert r.json()["code"] == "video_type"
    assert "MP4, WebM, atau Ogg" in r.json()["message"]
