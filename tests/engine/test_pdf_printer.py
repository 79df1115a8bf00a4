"""The PDF printer: one headless Chromium, started before the page is ready, printing as the page asks, then gone."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scenarios.engine.output.pdf import Printer

pytestmark = [pytest.mark.e2e, pytest.mark.browser,
              pytest.mark.skipif((not shutil.which("chromium") or not shutil.which("pdfinfo"))
                                 and os.environ.get("CI") != "true",
                                 reason="needs Debian's chromium and poppler-utils (CI=true makes this a failure)")]


def page(text: str, size: str) -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>@page {{ size: {size}; margin: 1cm }}"
            f"body {{ background: #fde; }}</style></head><body><p>{text}</p></body></html>")


def info(pdf: bytes, tmp_path: Path, name: str) -> tuple[str, str]:
    file = tmp_path / name
    file.write_bytes(pdf)
    meta = subprocess.run(["pdfinfo", str(file)], capture_output=True, text=True, check=True).stdout
    size = next(line.split(":", 1)[1].strip() for line in meta.splitlines() if line.startswith("Page size"))
    text = subprocess.run(["pdftotext", str(file), "-"], capture_output=True, text=True, check=True).stdout
    return size, text


def test_one_chromium_prints_each_page_at_its_own_size_and_stops_after(tmp_path: Path) -> None:
    with Printer() as printer:
        assert printer.running  # started before any page is given: it gets ready while the caller computes
        first = printer.pdf(page("Primera página", "A5"))
        second = printer.pdf(page("Second page", "A4 landscape"))
    assert not printer.running
    size, text = info(first, tmp_path, "a5.pdf")
    assert "(A5)" in size and "Primera página" in text and "Second" not in text
    size, text = info(second, tmp_path, "a4.pdf")
    assert size.startswith("841.") and "(A4)" in size and "Second page" in text


def test_chromium_is_stopped_when_the_caller_fails_before_printing() -> None:
    with pytest.raises(KeyError), Printer() as printer:
        raise KeyError("the handout could not be computed")
    assert not printer.running


def descendants(pid: int) -> list[str]:
    """The command lines of every process under `pid` (Linux's /proc), Chromium's helpers included."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, todo = [], [pid]
    while todo:
        here = todo.pop()
        for child, parent in parents.items():
            if parent == here:
                todo.append(child)
                with contextlib.suppress(OSError):
                    found.append((Path("/proc") / str(child) / "cmdline").read_text().replace("\0", " "))
    return found


def test_chromium_prints_as_one_process_from_the_page_in_memory(tmp_path: Path) -> None:
    """No renderer, GPU, utility or zygote processes (each a start of Chromium's own, about 0.05 s of CPU, and
    left behind as orphans when the browser exits); a page of several megabytes is handed over whole; the
    throwaway profile is made in memory where there is room."""
    big = "<p>The first line.</p><!-- " + "a map drawn in SVG " * 200_000 + "--><p>The last line.</p>"  # 3.8 MB
    with Printer() as printer:
        pdf = printer.pdf(page(big, "A4"))
        started = descendants(printer._process.pid)  # the browser's children (the browser is that process)
        folder = Path(printer._folder.name)
        assert not [f for f in folder.iterdir() if f.name != "profile"]  # no copy of the page on disk
        if Path("/dev/shm").is_dir() and shutil.disk_usage("/dev/shm").free > 1 << 30:
            assert folder.parent == Path("/dev/shm")  # its 180-odd profile files made in memory, not on a disk
    assert not [c for c in started if "crashpad" not in c], started  # its crash reporter only
    _, text = info(pdf, tmp_path, "big.pdf")
    assert "The first line." in text and "The last line." in text
