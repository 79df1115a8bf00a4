"""A workshop server run as a real process (so it can be killed with SIGKILL and resumed), for the
browser tests and the load benchmark."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    """One `scenarios workshop` process and what it printed."""

    proc: subprocess.Popen[str]
    port: int
    session: str
    code: str
    login: str
    log: Path

    @property
    def output(self) -> str:
        return self.log.read_text()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL: no clean-up runs, as when a laptop crashes."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def start(db: Path, *args: str, port: int | None = None, timeout: float = 30.0,
          preexec: Callable[[], None] | None = None) -> Running:
    """Start `scenarios workshop ARGS --db DB` on a free port and wait until it answers (`preexec` runs in the
    child before it starts: a lower descriptor limit)."""
    port = port or free_port()
    log = db.with_name(f"server-{port}-{time.monotonic_ns()}.log")
    cmd = [sys.executable, "-m", "scenarios", "workshop", *args, "--db", str(db), "--port", str(port), "--no-open"]
    with log.open("w") as out:  # a file, not a pipe: a server that logs a lot never blocks on it
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, text=True, preexec_fn=preexec,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + timeout
    lines: list[str] = []
    while not any("facilitator" in line for line in lines):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the workshop server did not start:\n" + log.read_text())
        time.sleep(0.05)
        lines = log.read_text().splitlines(keepends=True)
    text = "".join(lines)
    session = re.search(r"Workshop session (\w+)", text)
    code = re.search(r"code: (\w+)", text)
    login = re.search(r"(https?://\S+/facilitator/login\?token=\S+)", text)
    assert session and code and login, text
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return Running(proc, port, session.group(1), code.group(1), login.group(1), log)
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"the workshop server did not listen on port {port}:\n{text}")
