"""Upload checks for speaker photos and session materials.

The extension alone proves nothing: a photo must open as an image in one of
the allowed formats, and a material's first bytes must match its extension.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PHOTO_BYTES = 2 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PHOTO_PIXELS = 4000 * 4000
MAX_MATERIAL_BYTES = 20 * 1024 * 1024
# Extension -> accepted leading bytes (pptx/docx/xlsx are zip archives).
MATERIAL_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".pptx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".zip": (b"PK\x03\x04",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def validate_photo(file) -> None:
    """Refuse a photo over 2 MB, not JPEG/PNG/WebP, or with absurd dimensions."""
    from PIL import Image, UnidentifiedImageError

    if file.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("Foto paling besar 2 MB."), code="photo_too_big")
    try:
        file.seek(0)
        with Image.open(file) as image:
            fmt = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Berkas foto tidak dapat dibaca sebagai gambar."), code="photo_invalid"
        ) from None
    finally:
        file.seek(0)
    if fmt not in PHOTO_FORMATS:
        raise ValidationError(
            _("Foto harus berformat JPEG, PNG atau WebP."), code="photo_format"
        )
    if width * height > MAX_PHOTO_PIXELS:
        raise ValidationError(
            _("Ukuran foto paling besar 4000 × 4000 piksel."), code="photo_pixels"
        )


def validate_material(file) -> None:
    """Refuse materials over 20 MB or whose content does not match the extension."""
    suffix = Path(file.name or "").suffix.lower()
    if suffix not in MATERIAL_SIGNATURES:
        raise ValidationError(
            _(
                "Jenis berkas materi tidak diizinkan (PDF, PPTX, DOCX, XLSX, ZIP, PNG, JPG)."
            ),
            code="material_type",
        )
    if file.size > MAX_MATERIAL_BYTES:
        raise ValidationError(
            _("Berkas materi paling besar 20 MB."), code="material_size"
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not any(head.startswith(sig) for sig in MATERIAL_SIGNATURES[suffix]):
        raise ValidationError(
            _("Isi berkas tidak sesuai dengan jenisnya."), code="material_content"
        )
