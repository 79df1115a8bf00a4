"""An in-process workshop server on the port dispute, a facilitator and a way to join."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from scenarios.cli.workshop.app import Server
from scenarios.engine.format.loader import load_path
from scenarios.engine.workshop import Store, Workshop
from tests.conftest import PORT

ORIGIN = {"Origin": "http://testserver"}


@dataclass
class Client:
    """A browser: its own cookies, and the CSRF token its page was given."""

    http: TestClient
    csrf: str = ""

    def post(self, url: str, body: Any = None, **headers: str) -> Any:
        return self.http.post(url, json=body if body is not None else {},
                              headers={**ORIGIN, "X-CSRF-Token": self.csrf, **headers})


@dataclass
class Room:
    w: Workshop
    server: Server
    new: Callable[[], Client]
    facilitator: Client
    join: Callable[..., Client]


@pytest.fixture(autouse=True)
def _drawn(dot_or_stand_in: bool) -> bool:
    """The big screen and the handout draw with Graphviz, or without it with the stand-in."""
    return dot_or_stand_in


@pytest.fixture
def room(tmp_path: Path) -> Room:
    w = Workshop.create(Store(tmp_path / "w.db"), load_path(PORT), PORT.read_text(encoding="utf-8"), str(PORT))
    server = Server(w, "LOGIN", "http://testserver/join")
    app = server.app()

    def new() -> Client:
        return Client(TestClient(app, base_url="http://testserver"))

    facilitator = new()
    page = facilitator.http.get("/facilitator/login?token=LOGIN")
    found = re.search(r'"csrf": "([0-9a-f]+)"', page.text)
    assert found, page.text[:500]
    facilitator.csrf = found.group(1)

    def join(name: str = "", role: str | None = None, code: str | None = None) -> Client:
        c = new()
        r = c.post("/api/join", {"code": code or w.code, "name": name, "role": role})
        assert r.status_code == 200, r.text
        c.csrf = r.json()["csrf"]
        return c

    return Room(w, server, new, facilitator, join)
