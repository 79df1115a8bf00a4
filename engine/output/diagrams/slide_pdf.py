"""Every slide in one PDF: a page of the slides' SVGs, one 1920x1080 page each, printed by headless Chromium.

The page sets `@page { size: 1920px 1080px; margin: 0 }` and breaks after each slide, so the PDF
has exactly one 16:9 page per slide (the overview, then each phase or part of one), each drawing
fitted to its page as on the projector.
"""

from __future__ import annotations

import html
from typing import Any

from scenarios.engine import stamps
from scenarios.engine.output.pdf import chromium, pdf_bytes
from scenarios.engine.text.i18n import language

from .slides import SLIDE, slide_svgs

STYLE = """@page {{ size: {w}px {h}px; margin: 0 }}
html, body {{ margin: 0; padding: 0; background: #ffffff }}
section {{ width: {w}px; height: {h}px; overflow: hidden; break-after: page; page-break-after: always }}
section:last-child {{ break-after: auto; page-break-after: auto }}
section svg {{ display: block; width: {w}px; height: {h}px }}"""


def slides_html(drawn: list[tuple[str, str]], scenario: Any) -> str:
    """One self-contained HTML page of the slides `drawn` ((title, SVG) each), one printed 1920x1080 page each."""
    w, h = SLIDE
    pages = "\n".join(f'<section aria-label="{html.escape(title)}">{svg}</section>' for title, svg in drawn)
    lang = html.escape(scenario.language or language() or "en")
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(scenario.title)}</title><style>{STYLE.format(w=w, h=h)}</style></head>"
            f"<body>\n{pages}\n</body></html>\n")


def slides_pdf(scenario: Any, assumptions: Any = None) -> tuple[int, bytes]:
    """(number of slides, the PDF of every slide, one 16:9 page each, marked as drawn by `scenarios render`)."""
    chromium()  # no Chromium: say so before any layout
    drawn = slide_svgs(scenario, assumptions)
    return len(drawn), stamps.pdf(pdf_bytes(slides_html(drawn, scenario)), stamps.RENDER)
