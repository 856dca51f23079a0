"""Files of video and PDF lessons: the type is read from the content, not the name.

A video must be MP4 (ISO base media with a video brand), WebM or Ogg; a
document must be a PDF. Each has a size cap from settings
(JENJANG_ELEARNING_VIDEO_MAX_BYTES, JENJANG_ELEARNING_DOCUMENT_MAX_BYTES).
The stored name gets the extension of the detected type, so the file is
served with the right Content-Type whatever the uploader called it.
"""

import os
import re

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError

VIDEO_MAX_BYTES = 500 * 1024 * 1024
DOCUMENT_MAX_BYTES = 50 * 1024 * 1024
# ISO base media brands that browsers play as video/mp4.
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"M4VP",
    b"M4VH",
    b"dash",
    b"mmp4",
}


def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        try:
            size = os.fstat(upload.fileno()).st_size
        except (AttributeError, OSError, ValueError):
            pos = upload.tell()
            upload.seek(0, os.SEEK_END)
            size = upload.tell()
            upload.seek(pos)
    return int(size)


def _head(upload, n: int = 64) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head or b""


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):.0f}"


def sniff_video(head: bytes) -> str | None:
    """Return "mp4", "webm" or "ogv" from the first bytes, or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "webm"
    if head.startswith(b"OggS"):
        return "ogv"
    return None


def _named(upload, ext: str):
    base = slugify(os.path.splitext(os.path.basename(upload.name or ""))[0])
    upload.name = f"{(base or 'berkas')[:80]}.{ext}"
    return upload


def check_video(upload):
    """Refuse anything but an MP4, WebM or Ogg video within the size cap."""
    limit = int(getattr(settings, "JENJANG_ELEARNING_VIDEO_MAX_BYTES", VIDEO_MAX_BYTES))
    size = _size(upload)
    if size == 0:
        raise ApplicationError("empty_file", _("Berkas video kosong."))
    if size > limit:
        raise ApplicationError(
            "video_too_large",
            _("Berkas video terlalu besar: paling besar %(mb)s MB.")
            % {"mb": _mb(limit)},
        )
    kind = sniff_video(_head(upload))
    if kind is None:
        raise ApplicationError(
            "video_type",
            _(
                "Berkas bukan video yang didukung: isinya harus MP4, WebM, atau Ogg "
                "(nama berkas tidak menentukan jenisnya)."
            ),
        )
    return _named(upload, kind)


def check_document(upload):
    """Refuse anything but a PDF within the size cap."""
    limit = int(
        getattr(settings, "JENJANG_ELEARNING_DOCUMENT_MAX_BYTES", DOCUMENT_MAX_BYTES)
    )
    size = _size(upload)
    if size == 0:
        raise ApplicationError("empty_file", _("Berkas dokumen kosong."))
    if size > limit:
        raise ApplicationError(
            "document_too_large",
            _("Berkas dokumen terlalu besar: paling besar %(mb)s MB.")
            % {"mb": _mb(limit)},
        )
    if not re.match(rb"%PDF-\d\.\d", _head(upload, 16)):
        raise ApplicationError(
            "pdf_required",
            _(
                "Berkas bukan PDF yang sah: isinya harus dokumen PDF "
                "(nama berkas tidak menentukan jenisnya)."
            ),
        )
    return _named(upload, "pdf")
