"""Printing HTML to PDF with headless Chromium: the one place the program runs a browser (kept at the edge).

Chromium (`--print-to-pdf`) prints the very HTML a browser shows, print stylesheet and `@page`
size included, with no further Python dependency; the browser tests already need it.  The
workshop's handout and `render --slides -f pdf` both print through here.  Without Chromium the
caller gets one line saying how to install it, and nothing is written.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.files import atomic_write
from scenarios.engine.text.i18n import _

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
SECONDS = 120  # a print may take this long


def chromium() -> str:
    """The Chromium program to print with; RuntimeFailure (one line: how to install it) when there is none."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeFailure(_("PDF needs Chromium (Debian/Ubuntu: sudo apt-get install chromium); "
                           "write HTML or SVG instead and print it from any browser"))


def pdf_bytes(html_text: str) -> bytes:
    """The PDF that headless Chromium prints from `html_text` (a self-contained page: nothing is fetched)."""
    browser = chromium()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html_text, encoding="utf-8")
        pdf = Path(tmp) / "page.pdf"
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
               f"--user-data-dir={tmp}/profile", f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            subprocess.run(cmd, capture_output=True, timeout=SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RuntimeFailure(_("Chromium could not print the PDF ({reason})").format(reason=exc)) from None
        if not pdf.exists() or pdf.stat().st_size == 0:
            raise RuntimeFailure(_("Chromium did not write the PDF"))
        return pdf.read_bytes()


def write_pdf(html_text: str, out: Path) -> None:
    """Print `html_text` to the PDF file `out` (written whole or not at all)."""
    atomic_write(out, pdf_bytes(html_text))
