"""A sessions file on a full or read-only disk at start: one line and exit 1, no traceback.

Faithful to the cause: the file lives on a small tmpfs mounted for the test (filled up, or
remounted read-only), so SQLite meets ENOSPC or EROFS from the kernel, as on a real disk; a
file's permissions would not do (the tests run as root, who writes anyway). Skipped where the
test may not mount (not root, or no CAP_SYS_ADMIN).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scenarios.engine.workshop import Store
from tests.conftest import PORT

from .running import free_port

pytestmark = pytest.mark.e2e


@contextlib.contextmanager
def disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder` for the block (skips the test when mounting is not allowed)."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def fill(folder: Path) -> None:
    """Write until the disk is full."""
    with (folder / "fill").open("wb", buffering=0) as f, contextlib.suppress(OSError):
        while True:
            f.write(b"\0" * 4096)


def start_on(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scenarios", "workshop", str(PORT), "--db", str(db), "--port",
                           str(free_port()), "--no-open"], capture_output=True, text=True, timeout=60)


def one_line(r: subprocess.CompletedProcess[str], *words: str) -> None:
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and r.stderr.strip().count("\n") == 0, r.stderr
    assert r.stderr.startswith("error: ") and any(w in r.stderr for w in words), r.stderr


def test_a_new_sessions_file_on_a_full_disk(tmp_path: Path) -> None:
    with disk(tmp_path / "disk", "64k") as d:
        fill(d)
        one_line(start_on(d / "w.db"), "full")


def test_a_sessions_file_on_a_disk_that_fills_up(tmp_path: Path) -> None:
    with disk(tmp_path / "disk", "1m") as d:
        Store(d / "w.db").close()  # a sessions file made while there was room
        fill(d)
        one_line(start_on(d / "w.db"), "full", "disk I/O")


def test_a_sessions_file_on_a_read_only_disk(tmp_path: Path) -> None:
    with disk(tmp_path / "disk", "1m") as d:
        Store(d / "w.db").close()  # a sessions file made while there was room
        subprocess.run(["mount", "-o", "remount,ro", str(d)], check=True, capture_output=True)
        one_line(start_on(d / "w.db"), "read")
