"""Driving Debian's chromium through Playwright, and a real `scenarios serve` to drive it at.

Playwright's own browser download is never used: the system chromium is launched through
`executable_path`.  Without chromium or Playwright these tests skip, except with CI=true,
where they fail, so a green CI proves they ran.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        message = "needs Debian's chromium (apt-get install chromium) and the playwright package"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def expect(target: Any) -> Any:
    """Playwright's retrying assertions (imported late: the package may be absent)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


@contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(*sources: str, cwd: Path | None = None) -> Iterator[str]:
    """`scenarios serve SOURCES` on a free port, until the block ends (stopped with Ctrl-C)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "scenarios", "serve", *sources, "--port", str(port)],
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        stop(proc)


def wait_until_up(url: str, proc: subprocess.Popen[str], limit: float = 20.0) -> float:
    """Seconds until the server answers `url`."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if proc.poll() is not None:
            raise AssertionError(f"the server stopped: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                r.read()
                return time.perf_counter() - start
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"the server did not answer within {limit} s")


def stop(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    import signal

    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    else:
        out, err = proc.communicate()
    return proc.returncode, out, err
