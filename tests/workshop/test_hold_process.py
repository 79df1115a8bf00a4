"""One live server per session, and the sessions file's problems at start, over real processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .running import free_port, start

pytestmark = pytest.mark.e2e


def test_a_second_server_on_a_running_session_is_refused_naming_its_port(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    first = start(db, "tutorial")
    try:
        second = subprocess.run([sys.executable, "-m", "scenarios", "workshop", "--resume", first.session, "--db",
                                 str(db), "--port", str(free_port()), "--no-open"],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 1, second.stdout + second.stderr
        assert second.stderr.strip().count("\n") == 0 and f"port {first.port}" in second.stderr
        request = urllib.request.Request(first.base + "/", headers={"Host": "attacker.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 421
        first.kill()  # kill -9 leaves no lock stuck
        again = start(db, "--resume", first.session)
        again.stop()
    finally:
        first.stop()


def test_a_locked_sessions_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        r = subprocess.run([sys.executable, "-m", "scenarios", "workshop", "tutorial", "--db", str(db), "--port",
                            str(free_port()), "--no-open"], capture_output=True, text=True, timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and r.stderr.strip().count("\n") == 0 and "locked" in r.stderr
