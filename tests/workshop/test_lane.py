"""The crowd's lane (cli/http/lane.py): a vote and a phone's event stream skip Starlette's router, never a check."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from scenarios.cli.http import Hosts, create_app
from scenarios.cli.http.lane import Lane, lane_routes
from scenarios.cli.workshop.app import Server
from scenarios.cli.workshop.guard import limited
from scenarios.cli.workshop.templating import PAGES
from scenarios.engine.format.loader import load_path
from scenarios.engine.workshop import Store, Workshop
from tests.conftest import PORT

BASE = "http://127.0.0.1:8765"
SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


def _secured(r: Response) -> bool:
    return all(name in r.headers for name in SECURITY) and "'nonce-" in r.headers["content-security-policy"]


@pytest.fixture
def room(tmp_path: Path) -> tuple[Workshop, TestClient, TestClient, dict[str, str]]:
    """A session served with its Host list (as `scenarios workshop` serves it), an open vote and one phone."""
    w = Workshop.create(Store(tmp_path / "w.db"), load_path(PORT), PORT.read_text(encoding="utf-8"), str(PORT))
    app = Server(w, "LOGIN", f"{BASE}/join", hosts=Hosts("127.0.0.1", 8765)).app()
    phone = TestClient(app, base_url=BASE)
    r = phone.post("/api/join", json={"code": w.code, "name": "Ana"}, headers={"Origin": BASE})
    assert r.status_code == 200, r.text
    w.open_vote("everyone")
    return w, TestClient(app, base_url=BASE, raise_server_exceptions=False), phone, \
        {"Origin": BASE, "X-CSRF-Token": r.json()["csrf"]}


def test_a_vote_in_the_lane_is_refused_as_every_request_is_and_answered_with_the_security_headers(room) -> None:  # type: ignore[no-untyped-def]
    w, _, phone, headers = room
    vote = {"round": 1, "branch": 0, "key": "k1"}
    foreign = phone.post("/api/vote", json=vote, headers={**headers, "Host": "attacker.example"})
    assert foreign.status_code == 421 and "attacker.example" in foreign.text and _secured(foreign)
    bad_lang = phone.post("/api/vote?lang=%3Cx%3E", json=vote, headers=headers)
    assert bad_lang.status_code == 400 and "not a language code" in bad_lang.json()["error"] and _secured(bad_lang)
    big = phone.post("/api/vote", content=b'{"key": "' + b"x" * 20_000 + b'"}',
                     headers={**headers, "Content-Type": "application/json"})
    assert (big.status_code, big.json()["error"]) == (413, "the request is larger than 16 KB") and _secured(big)
    streamed = phone.post("/api/vote", content=(b"x" * 1000 for _ in range(40)),
                          headers={**headers, "Content-Type": "application/json"})
    assert streamed.status_code == 413 and _secured(streamed)
    other_site = phone.post("/api/vote", json=vote, headers={**headers, "Origin": "http://attacker.example:8765"})
    assert other_site.status_code == 403 and "cross-site" in other_site.json()["error"]
    no_token = phone.post("/api/vote", json=vote, headers={"Origin": BASE})
    assert no_token.status_code == 403 and "security token" in no_token.json()["error"]
    assert w.record.open_round() is not None and sum(w.standing.tally(1).values()) == 0  # none of these counted

    counted = phone.post("/api/vote", json=vote, headers=headers)
    assert counted.status_code == 200 and counted.json()["counted"] is True and _secured(counted)
    again = phone.post("/api/vote", json=vote, headers=headers)
    assert again.status_code == 200 and again.json()["counted"] is False
    reused = phone.post("/api/vote", json={**vote, "round": 2}, headers=headers)
    assert reused.status_code in (409, 400) and _secured(reused)
    spoken = phone.post("/api/vote?lang=es", json={**vote, "key": "k2"}, headers=headers)
    assert spoken.status_code == 409 and spoken.json()["error"] == "ya votó en esta votación"
    assert sum(w.standing.tally(1).values()) == 1
    foreign_stream = phone.get("/api/events", headers={"Host": "attacker.example"})
    assert foreign_stream.status_code == 421 and _secured(foreign_stream)


def test_the_lane_answers_its_routes_itself_and_a_failure_is_a_500_with_the_headers() -> None:
    async def echo(request: Request) -> Response:
        return JSONResponse({"read": (await request.body()).decode(), "app": request.app.state.lang})

    async def broken(request: Request) -> Response:
        raise RuntimeError("a bug")

    app = create_app([Route("/api/router", echo, methods=["POST"])], PAGES, lang="es", hosts=Hosts("127.0.0.1", 8765),
                     guards=[limited])
    lane = Lane(app, {("POST", "/api/echo"): echo, ("POST", "/api/broken"): broken})
    http = TestClient(lane, base_url=BASE, raise_server_exceptions=False)
    r = http.post("/api/echo", content=b"hello")  # not a route of the app's router: the lane answered it
    assert r.status_code == 200 and r.json() == {"read": "hello", "app": "es"} and _secured(r)
    assert http.post("/api/echo", content=b"x" * 17_000).status_code == 413
    assert http.post("/api/echo", headers={"Host": "attacker.example"}).status_code == 421
    assert http.get("/api/echo").status_code == 404  # another method is the app's: it has no such route
    failed = http.post("/api/broken")
    assert failed.status_code == 500 and "el servidor falló" in failed.json()["error"] and _secured(failed)
    with pytest.raises(RuntimeError, match="a bug"):  # and raised on, to the server's log
        TestClient(lane, base_url=BASE).post("/api/broken")
    assert lane_routes([Route("/api/router", echo, methods=["POST"])], ["/api/router"]) == \
        {("POST", "/api/router"): echo}
    with pytest.raises(ValueError, match="/api/vote"):
        lane_routes([Route("/api/router", echo, methods=["POST"])], ["/api/vote"])
