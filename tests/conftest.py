"""Shared fixtures: the format page's example file and a way to break it one token at a time;
the rules every test runs under (a fixed terminal width, Graphviz or its stand-in)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
PORT = DATA / "port-dispute.yaml"
IN_CI = os.environ.get("CI") == "true"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A `graphviz` test needs the real `dot`: skipped where it is absent, a failure in CI (CI=true)."""
    if item.get_closest_marker("graphviz") and shutil.which("dot") is None and not IN_CI:
        pytest.skip("Graphviz `dot` is not installed (CI=true makes this a failure)")


@pytest.fixture(scope="session")
def _data_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data-home")


@pytest.fixture(autouse=True)
def _own_data_folder(monkeypatch: pytest.MonkeyPatch, _data_home: Path) -> None:
    """No test reads or writes the user's own sessions file: the data folder is the run's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(_data_home))


@pytest.fixture(autouse=True)
def _program_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """One width for every test, not the runner's (pytest-xdist workers set COLUMNS=80): 120, the width the
    tests were written at. Piped output without COLUMNS is drawn at the terminal's width or 80; a test of that
    removes COLUMNS itself, and a test that wants another width sets it, as a user would.
    """
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture
def dot_or_stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[bool]:
    """Graphviz's `dot` where installed (always in CI); elsewhere a stand-in that draws a small SVG
    holding the DOT's node and edge ids and label lines, so tests of what a page says run without it.

    Yields whether the real `dot` draws.  Only `svg` has a stand-in: PNG and PDF still need `dot`.
    """
    if shutil.which("dot") is not None or IN_CI:
        yield True
        return
    from scenarios.engine.output.diagrams import graphviz_run, images
    from tests.dot_stand_in import run_dot

    monkeypatch.setattr(graphviz_run, "run_dot", run_dot)
    monkeypatch.setattr(images, "run_dot", run_dot)  # the name images.py imported
    yield False


@pytest.fixture
def port_text() -> str:
    return PORT.read_text(encoding="utf-8")


@pytest.fixture
def port_path() -> Path:
    return PORT
