"""Fixtures for the web front end: a hostile copy of the port dispute and an in-process client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from scenarios.cli.web import create_app

DATA = Path(__file__).parent.parent / "data"
HOSTILE = '<script>alert(1)</script> </script> "onmouseover=alert(2) {{ 7*7 }}'


def hostile_text() -> str:
    """The port dispute with hostile text in the title, labels, a note and a source link."""
    text = (DATA / "port-dispute.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Port inspection dispute", f"title: '{HOSTILE}'")
    text = text.replace("label: Government A's first move", f"label: '{HOSTILE}'")
    text = text.replace("- {label: Accept, to: uneasy_calm}", f"- {{label: '{HOSTILE}', to: uneasy_calm}}")
    text = text.replace('art-1: {title: "Example article", publisher: "Example News", date: 2026-01-09}',
                        f"art-1: {{title: '{HOSTILE}', publisher: Example, url: 'javascript:alert(3)'}}")
    assert text.count("alert(1)") == 4
    return text


@pytest.fixture(autouse=True)
def _drawn(dot_or_stand_in: bool) -> bool:
    """Pages draw with Graphviz, or without it with the stand-in (tests/dot_stand_in.py)."""
    return dot_or_stand_in


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_text(), encoding="utf-8")
    return path


@pytest.fixture
def client(hostile_file: Path) -> Iterator[TestClient]:
    with TestClient(create_app(["mexico", "tutorial", str(DATA / "port-dispute.yaml"), str(hostile_file)])) as c:
        yield c
