"""QR codes for posters and tickets (the ``qrcode`` package), as SVG or PNG."""

from __future__ import annotations

import io
from pathlib import Path

import qrcode
from qrcode.image.pure import PyPNGImage
from qrcode.image.svg import SvgPathImage


def _make(url: str, box_size: int, border: int) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,  # survives a crease
        box_size=box_size,
        border=border,
    )
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_svg(url: str, box_size: int = 10, border: int = 4) -> str:
    """An SVG document of the QR code for ``url`` (scales to any print size)."""
    image = _make(url, box_size, border).make_image(image_factory=SvgPathImage)
    text = image.to_string(encoding="unicode")
    # Inline in HTML the XML declaration is noise; keep the <svg> element only.
    return str(text[text.index("<svg") :])


def qr_png(url: str, box_size: int = 10, border: int = 4) -> bytes:
    image = _make(url, box_size, border).make_image(image_factory=PyPNGImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def write_qr(url: str, path: Path) -> None:
    """Write the QR for ``url`` to ``path``: SVG or PNG, by the file's extension."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(qr_svg(url), encoding="utf-8")
    elif suffix == ".png":
        path.write_bytes(qr_png(url))
    else:
        raise ValueError(f"unknown image type {suffix or '(none)'}: use .svg or .png")
