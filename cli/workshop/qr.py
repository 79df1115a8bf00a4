"""The join link as a QR code (segno: pure Python, SVG out, nothing fetched)."""

from __future__ import annotations

from scenarios.engine.text.i18n import _


def qr_svg(url: str) -> str:
    import segno

    code = segno.make(url, error="m")
    return str(code.svg_inline(scale=6, dark="#111", light="#fff", border=2, title=_("Join link"), omitsize=True))
