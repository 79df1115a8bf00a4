"""Ctrl-C ends a workshop server cleanly: exit 0 and the line that says how to carry on."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.workshop.running import start

pytestmark = pytest.mark.e2e  # a real server process over a socket


def test_ctrl_c_stops_the_server_cleanly_and_says_how_to_resume(tmp_path: Path) -> None:
    running = start(tmp_path / "workshops.db", "tutorial")
    try:
        running.proc.send_signal(signal.SIGINT)
        assert running.proc.wait(timeout=30) == 0
    finally:
        running.stop()
    assert f"carry on later with: scenarios workshop --resume {running.session}" in running.output
    assert "interrupted" not in running.output
