"""The `scenarios serve` command itself: the URL, a busy port, a bad argument, Ctrl-C."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .browser import free_port, serving, stop, wait_until_up

pytestmark = pytest.mark.e2e  # a real server process over a socket


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scenarios", "serve", *args], capture_output=True, text=True,
                          timeout=60)


def test_prints_the_url_and_stops_cleanly_on_ctrl_c() -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "scenarios", "serve", "tutorial", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_up(f"http://127.0.0.1:{port}/", proc)
    code, out, err = stop(proc)
    assert code == 0, err
    assert f"http://127.0.0.1:{port}/" in out and "stopped" in out
    assert "Traceback" not in err


def test_stops_cleanly_with_a_live_page_open() -> None:
    import urllib.request

    with serving("tutorial") as url:
        stream = urllib.request.urlopen(url + "events/tutorial", timeout=5)
        assert stream.readline().startswith(b"retry:")
    # leaving `serving` sent Ctrl-C; it returned within its timeout with the stream still open


def test_a_port_in_use_is_one_line_and_exit_1() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        r = run("tutorial", "--port", str(busy.getsockname()[1]))
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "already in use" in r.stderr and "--port" in r.stderr


def test_a_bad_argument_is_one_line_and_exit_2() -> None:
    r = run("no-such-scenario")
    assert r.returncode == 2 and "no scenario named 'no-such-scenario'" in r.stderr and "Traceback" not in r.stderr
    r = run("tutorial", "--port", "70000")
    assert r.returncode == 2 and "70000" in r.stderr


def test_a_fifo_a_device_or_a_huge_file_named_to_serve_is_refused_before_it_starts(tmp_path: Path) -> None:
    """Named on the command line, a file `check` refuses is refused by `serve` too, at once (a FIFO is never waited
    on); in a served folder such a file is served with its error instead (test_hold.py)."""
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.write(b"title: big\n" + b"# filler\n" * 2_400_000)  # 21.6 MB
    for path, why in ((fifo, "is not a regular file"), ("/dev/zero", "is not a regular file"), (big, "too large")):
        began = time.monotonic()
        r = run(str(path), "--port", str(free_port()))
        assert r.returncode == 2 and why in r.stderr, (path, r.returncode, r.stderr)
        assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr and time.monotonic() - began < 20
