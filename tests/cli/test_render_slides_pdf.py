"""`scenarios render NAME --slides -f pdf`: one PDF, one 16:9 page per slide, printed by headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios import engine
from scenarios.cli.main import main
from scenarios.engine.output.diagrams import slide_svgs

ready = shutil.which("chromium") and shutil.which("dot")
needs_tools = pytest.mark.skipif(not ready and os.environ.get("CI") != "true",
                                 reason="needs Debian's chromium and Graphviz (CI=true makes this a failure)")


def pages(pdf: bytes) -> int:
    """The PDF's page objects (`/Type /Page`, not `/Pages`); Chromium writes them uncompressed."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.e2e  # Chromium prints the PDF
@pytest.mark.graphviz
@needs_tools
def test_one_pdf_with_a_16_9_page_per_slide(tmp_path: Path) -> None:
    out = tmp_path / "deck.pdf"
    done = CliRunner().invoke(main, ["render", "tutorial", "--slides", "-f", "pdf", "-o", str(out)])
    assert done.exit_code == 0, done.output
    count = len(slide_svgs(engine.load("tutorial")))
    assert done.stderr == f"wrote {count} slides to {out}\n"
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and pages(data) == count > 1
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        assert re.search(rf"^Pages:\s+{count}$", info, re.M)
        assert re.search(r"^Page size:\s+1440 x 810 pts", info, re.M)  # 1920x1080 CSS px
    if shutil.which("pdftoppm"):  # one page as an image: 16:9, and drawn on (not a blank page)
        subprocess.run(["pdftoppm", "-png", "-r", "24", "-f", "2", "-l", "2", str(out), str(tmp_path / "p")],
                       check=True)
        png = next(tmp_path.glob("p*.png")).read_bytes()
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert abs(width / height - 16 / 9) < 0.02
        assert len(png) > 2000
    again = CliRunner().invoke(main, ["render", "tutorial", "--slides", "-f", "pdf", "-o", str(out)])
    assert again.exit_code == 0, again.output  # our own PDF: replaced without --force


def test_without_chromium_one_line_and_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "deck.pdf"
    done = CliRunner().invoke(main, ["render", "tutorial", "--slides", "-f", "pdf", "-o", str(out)])
    assert done.exit_code == 1 and not out.exists()
    assert done.stderr == ("error: PDF needs Chromium (Debian/Ubuntu: sudo apt-get install chromium); "
                           "write HTML or SVG instead and print it from any browser\n")
