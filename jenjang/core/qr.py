"""QR codes for certificates, tickets and survey posters, as inline SVG."""

from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, box_size: int = 10, border: int = 2) -> SafeString:
    """Return an inline SVG QR code of `data` (our own URLs and codes only)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=box_size,
        border=border,
    )
    svg = image.to_string(encoding="unicode")
    # qrcode draws the SVG itself; `data` never reaches the markup as text.
    return mark_safe(svg)  # noqa: S308


def qr_svg_data_uri(data: str) -> str:
    """Return the QR code as a data: URI, for <img src> in PDFs."""
    from base64 import b64encode

    return "data:image/svg+xml;base64," + b64encode(qr_svg(data).encode()).decode()
