"""Shared fixtures: the format page's example file and a way to break it one token at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
PORT = DATA / "port-dispute.yaml"


@pytest.fixture
def port_text() -> str:
    return PORT.read_text(encoding="utf-8")


@pytest.fixture
def port_path() -> Path:
    return PORT
