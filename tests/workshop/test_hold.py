"""The workshop server holds (issue 20), in process: a reused vote key is a 409, the wrong-code limiter acts before
the code is compared, rate buckets expire instead of being cleared, foreign Hosts and Origins are refused, and
download names are encoded by RFC 6266/5987."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from scenarios.cli.http import Hosts, create_app
from scenarios.cli.http.headers import attachment
from scenarios.cli.workshop.guard import Limiter, Refused

from .conftest import Room


def test_a_vote_reusing_an_earlier_rounds_key_is_a_clear_409(room: Room) -> None:
    ana = room.join("Ana", "gov_a")
    room.facilitator.post("/api/f/open-vote", {})
    assert ana.post("/api/vote", {"round": 1, "branch": 0, "key": "k1"}).json()["counted"] is True
    again = ana.post("/api/vote", {"round": 1, "branch": 0, "key": "k1"})  # a resend of the same vote
    assert again.status_code == 200 and again.json()["counted"] is False
    room.facilitator.post("/api/f/close-vote", {})
    room.facilitator.post("/api/f/undo", {})
    room.facilitator.post("/api/f/open-vote", {})
    reused = ana.post("/api/vote", {"round": 2, "branch": 1, "key": "k1"})
    assert reused.status_code == 409 and "key" in reused.json()["error"]


def test_wrong_codes_are_limited_before_the_code_is_compared(room: Room) -> None:
    guesser = room.new()
    for _ in range(20):  # the burst of wrong codes
        assert guesser.post("/api/join", {"code": "WRONG1", "name": ""}).status_code == 403
    right = guesser.post("/api/join", {"code": room.w.code, "name": ""})
    assert right.status_code == 429  # even the right code waits: guessing gains nothing past the limit


def test_rate_buckets_expire_one_by_one_and_keep_the_debt_of_the_active() -> None:
    limits = Limiter(rate=1, burst=2)
    now = [0.0]
    limits.clock = lambda: now[0]
    limits.check("guesser")
    limits.check("guesser")
    for i in range(60_000):  # a crowd of other keys used to clear every bucket, the guesser's debt with them
        limits.check(f"other {i}")
    try:
        limits.check("guesser")
    except Refused as exc:
        assert exc.status == 429
    else:
        raise AssertionError("the guesser's empty bucket was forgiven")
    now[0] = 100.0
    limits.check("late")
    assert len(limits.buckets) == 1  # the refilled buckets were dropped


def test_content_disposition_encodes_any_name() -> None:
    assert attachment("plain.yaml") == 'attachment; filename="plain.yaml"'
    cjk = attachment("港口-assumptions.yaml")
    cjk.encode("latin-1")  # a header must be Latin-1: this used to be a 500
    assert "filename*=UTF-8''%E6%B8%AF%E5%8F%A3-assumptions.yaml" in cjk
    quoted = attachment('a"b\\c.yaml')
    assert re.fullmatch(r'attachment; filename="a_b_c\.yaml"; filename\*=UTF-8\'\'a%22b%5Cc\.yaml', quoted)


def test_a_foreign_host_is_421_and_origin_is_checked_against_the_list_not_host() -> None:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from scenarios.cli.workshop.templating import PAGES

    async def home(request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("ok")

    app = create_app([Route("/", home)], PAGES, hosts=Hosts("127.0.0.1", 8765, "https://room.example.org"))
    http = TestClient(app, base_url="http://127.0.0.1:8765")
    assert http.get("/").status_code == 200
    for name in ("localhost:8765", "[::1]:8765", "room.example.org"):
        assert http.get("/", headers={"Host": name}).status_code == 200, name
    refused = http.get("/", headers={"Host": "attacker.example"})
    assert refused.status_code == 421 and "attacker.example" in refused.text
    hosts = Hosts("127.0.0.1", 8765, "https://room.example.org")
    assert hosts.allows_origin("http://127.0.0.1:8765") and hosts.allows_origin("https://room.example.org")
    assert not hosts.allows_origin("http://attacker.example:8765")  # even when Host says attacker.example
    assert not hosts.allows_origin("http://127.0.0.1:9999")
    wide = Hosts("0.0.0.0", 8765)
    assert wide.allows("192.168.1.20:8765") and not wide.allows("rebound.attacker.example:8765")


def test_a_session_two_servers_wrote_to_is_a_409_until_the_facilitators_undo(room: Room) -> None:
    """Issue 20: a step written under a parent the session had left; the facilitator's undo takes it back."""
    _written_by_a_second_server(room)
    stuck = room.facilitator.http.get("/api/f/state")
    assert stuck.status_code == 409 and "no longer fits" in stuck.json()["error"]
    assert room.facilitator.post("/api/f/undo", {}).status_code == 200
    state = room.facilitator.http.get("/api/f/state")
    assert state.status_code == 200 and state.json()["position"]["id"] == "b_responds"
    assert room.facilitator.post("/api/f/choose", {"branch": 0}).status_code == 200  # and it plays on


def test_the_facilitators_page_of_a_session_that_no_longer_fits_offers_the_repair(room: Room) -> None:
    """Issue 20: /facilitator answers a page with one button (the facilitator's undo), not JSON; then the screen."""
    _written_by_a_second_server(room)
    page = room.facilitator.http.get("/facilitator")
    assert page.status_code == 409 and page.headers["content-type"].startswith("text/html")
    assert 'id="repair"' in page.text and "Take back the steps that no longer fit" in page.text
    assert f"scenarios workshop repair {room.w.id}" in page.text
    assert "/static/workshop/repair.js" in page.text and "<script>" not in page.text  # no inline script (CSP)
    token = re.search(r'"csrf": "([0-9a-f]+)"', page.text)
    assert token and token.group(1) == room.facilitator.csrf  # the token the button sends, as the screen's
    script = room.facilitator.http.get("/static/workshop/repair.js")
    assert script.status_code == 200 and '"/api/f/undo"' in script.text and "X-CSRF-Token" in script.text
    assert room.facilitator.post("/api/f/undo", {}).status_code == 200  # what the button sends
    screen = room.facilitator.http.get("/facilitator")
    assert screen.status_code == 200 and 'id="controls"' in screen.text and 'id="repair"' not in screen.text
    assert room.facilitator.http.get("/api/f/state").json()["position"]["id"] == "b_responds"


def test_a_stranger_is_not_shown_the_repair(room: Room) -> None:
    _written_by_a_second_server(room)
    page = room.new().http.get("/facilitator")
    assert page.status_code == 200 and 'id="repair"' not in page.text  # the page that says where the link is


def _written_by_a_second_server(room: Room) -> None:
    """A step written under a parent the session had left: the path stored no longer fits."""
    room.facilitator.post("/api/f/choose", {"branch": 1})
    with room.w.store.change() as db:  # the second server's move, taken at the start it still showed
        cur = db.execute("INSERT INTO steps (session, parent, node, branch, label, how, created) VALUES "
                         "(?, 1, 'a_moves', 0, 'Propose talks', 'chosen', '2025-01-01T00:00:00+00:00')", (room.w.id,))
        db.execute("UPDATE sessions SET current = ? WHERE id = ?", (cur.lastrowid, room.w.id))
    room.w.standing.forget()
