"""Nobody gets in who should not: each hostile request is refused with a clear 4xx, or shown literally."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from scenarios.cli.workshop.app import Server
from tests.workshop.conftest import ORIGIN, Room

HOSTILE = "<img src=x onerror=alert(1)>"


def test_a_wrong_code_is_refused_and_guessing_is_slowed(room: Room) -> None:
    c = room.new()
    r = c.post("/api/join", {"code": "AAAAAA", "name": "Mallory"})
    assert (r.status_code, r.json()) == (403, {"error": "wrong join code"})
    codes = [c.post("/api/join", {"code": f"AAAA{i:02d}"}).status_code for i in range(25)]
    assert codes[:19] == [403] * 19 and codes[-1] == 429
    assert room.w.record.participants() == []


def test_a_replayed_vote_counts_once_and_a_second_vote_is_refused(room: Room) -> None:
    ana = room.join("Ana", "gov_a")
    room.facilitator.post("/api/f/open-vote", {"voters": "role"})
    first = ana.post("/api/vote", {"round": 1, "branch": 1, "key": "k-1"})
    again = ana.post("/api/vote", {"round": 1, "branch": 1, "key": "k-1"})
    assert (first.json()["counted"], again.json()["counted"]) == (True, False)
    other = ana.post("/api/vote", {"round": 1, "branch": 0, "key": "k-2"})
    assert (other.status_code, other.json()["error"]) == (409, "you have already voted in this vote")
    assert room.w.standing.tally(1) == {0: 0, 1: 1}


def test_facilitator_actions_need_the_facilitators_secret(room: Room) -> None:
    ana = room.join("Ana", "gov_a")
    stranger = room.new()
    for client in (ana, stranger):
        for action in ("open-vote", "close-vote", "draw", "undo", "end", "settings"):
            r = client.post(f"/api/f/{action}", {})
            assert r.status_code == 403, action
            assert "facilitator" in r.json()["error"]
        assert client.http.get("/api/f/state").status_code == 403
        assert client.http.get("/facilitator/handout").status_code == 403
        assert "Open it with the facilitator link" in client.http.get("/facilitator").text
    assert stranger.http.get("/facilitator/login?token=guess").status_code == 403
    assert room.w.record.open_round() is None and room.w.record.ended() is None


def test_secrets_live_in_httponly_samesite_strict_cookies(room: Room) -> None:
    c = room.new()
    r = c.post("/api/join", {"code": room.w.code})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    restarted = Server(room.w, "LOGIN-2", "http://testserver/join")  # a restart prints a new link
    login = TestClient(restarted.app()).get("/facilitator/login?token=LOGIN-2", follow_redirects=False)
    cookie = login.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


@pytest.mark.big
def test_the_facilitator_link_works_once_and_a_restart_prints_a_new_one(room: Room) -> None:
    stranger = room.new().http  # someone who saw the link on the projector, after the facilitator used it
    r = stranger.get("/facilitator/login?token=LOGIN", follow_redirects=False)
    assert r.status_code == 403 and "set-cookie" not in r.headers
    assert r.headers["content-type"].startswith("text/html")  # opened in a browser: a page that says why
    assert "This facilitator link has been used already" in r.text and "--resume" in r.text
    assert stranger.get("/api/f/state").status_code == 403
    again = room.facilitator.http.get("/facilitator/login?token=LOGIN", follow_redirects=False)
    assert (again.status_code, again.headers["location"]) == (303, "/facilitator")  # its own browser: no new key
    assert "set-cookie" not in again.headers

    restarted = Server(room.w, "LOGIN-2", "http://testserver/join")  # after a crash: --resume
    app = restarted.app()
    old = TestClient(app, base_url="http://testserver", cookies=dict(room.facilitator.http.cookies))
    assert old.get("/api/f/state").status_code == 200  # the facilitator's cookie outlives the server
    assert TestClient(app).get("/facilitator/login?token=LOGIN").status_code == 403  # the old link is gone
    other = TestClient(app, base_url="http://testserver")
    assert other.get("/facilitator/login?token=LOGIN-2").status_code == 200  # the new link, once
    assert other.get("/api/f/state").status_code == 200
    assert TestClient(app).get("/facilitator/login?token=LOGIN-2", follow_redirects=False).status_code == 403


def test_a_cross_site_form_post_is_refused(room: Room) -> None:
    ana = room.join("Ana", "gov_a")
    room.facilitator.post("/api/f/open-vote", {})
    form = {"round": "1", "branch": "0", "key": "x"}
    evil = ana.http.post("/api/vote", data=form, headers={"Origin": "https://evil.example"})
    assert (evil.status_code, evil.json()["error"]) == (
        403, "cross-site request refused: Origin https://evil.example is not this server")
    no_origin = ana.http.post("/api/vote", data=form)
    assert no_origin.status_code == 403
    no_token = ana.http.post("/api/vote", json={"round": 1, "branch": 0, "key": "x"}, headers=ORIGIN)
    assert (no_token.status_code, no_token.json()["error"]) == (
        403, "the page's security token is missing or stale: reload the page")
    as_form = ana.http.post("/api/vote", data=form, headers={**ORIGIN, "X-CSRF-Token": ana.csrf})
    assert as_form.status_code == 415
    # the facilitator's own cookie does not help a cross-site page either
    forged = room.facilitator.http.post("/api/f/undo", data={}, headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403
    assert room.w.standing.tally(1) == {0: 0, 1: 0}


def test_a_token_from_one_participant_does_not_work_for_another(room: Room) -> None:
    ana, bo = room.join("Ana", "gov_a"), room.join("Bo", "gov_a")
    room.facilitator.post("/api/f/open-vote", {})
    r = bo.http.post("/api/vote", json={"round": 1, "branch": 0, "key": "x"},
                     headers={**ORIGIN, "X-CSRF-Token": ana.csrf})
    assert r.status_code == 403


def test_an_oversized_body_is_refused(room: Room) -> None:
    ana = room.join("Ana", "gov_a")
    big = '{"text": "' + "x" * 20_000 + '"}'
    r = ana.http.post("/api/note", content=big, headers={**ORIGIN, "X-CSRF-Token": ana.csrf,
                                                         "Content-Type": "application/json"})
    assert (r.status_code, r.json()["error"]) == (413, "the request is larger than 16 KB")

    def chunks():  # no Content-Length: counted while it streams
        for _ in range(40):
            yield b"x" * 1000

    r = ana.http.post("/api/note", content=chunks(), headers={**ORIGIN, "X-CSRF-Token": ana.csrf,
                                                              "Content-Type": "application/json"})
    assert r.status_code == 413
    assert room.w.record.notes() == []


def test_a_hostile_name_and_note_are_shown_literally(room: Room) -> None:
    bo = room.join(HOSTILE, "gov_a")
    room.facilitator.post("/api/f/settings", {"show_names": True})
    note = bo.post("/api/note", {"text": "</script><script>alert(2)</script>"})
    assert note.status_code == 200
    page = room.facilitator.http.get("/facilitator").text
    assert HOSTILE not in page and "<script>alert(2)" not in page and "</script><script>alert" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # inside the page's JSON data, inert
    state = room.facilitator.http.get("/api/f/state").json()
    assert state["participants"][0]["label"] == HOSTILE  # data; the page inserts it as text
    handout = room.facilitator.http.get("/facilitator/handout").text
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in handout and "<script" not in handout
    assert "script-src 'nonce-" in room.facilitator.http.get("/facilitator").headers["content-security-policy"]


def test_names_and_notes_are_length_limited(room: Room) -> None:
    r = room.new().post("/api/join", {"code": room.w.code, "name": "n" * 41})
    assert (r.status_code, r.json()["error"]) == (400, "the display name is 41 characters long; the limit is 40")
    ana = room.join("Ana")
    r = ana.post("/api/note", {"text": "x" * 501})
    assert (r.status_code, r.json()["error"]) == (400, "the note is 501 characters long; the limit is 500")


def test_bad_requests_get_clear_4xx(room: Room) -> None:
    ana = room.join("Ana", "gov_a")
    cy = room.join("Cy", "gov_b")
    f = room.facilitator
    assert ana.post("/api/vote", {"round": 1, "branch": 0, "key": "a"}).json() == {"error": "no vote is open now"}
    f.post("/api/f/open-vote", {})
    cases = [
        (ana.post("/api/vote", {"round": 1, "branch": 7, "key": "a"}), 400,
         "'Government A's first move' has no available branch 7"),
        (ana.post("/api/vote", {"round": 1, "branch": "0", "key": "a"}), 400,
         "a branch is given by its number (0 for the first)"),
        (ana.post("/api/vote", {"round": 1, "branch": 0}), 400,
         "a vote needs an idempotency key of 1 to 64 characters"),
        (ana.post("/api/vote", {"round": 1, "branch": 0, "key": "a", "who": "x"}), 400,
         "unknown field 'who' (allowed: branch, key, round)"),
        (cy.post("/api/vote", {"round": 1, "branch": 0, "key": "a"}), 403, "this vote is for the role Government A"),
        (ana.post("/api/assumptions", {"values": {"p_talks_succeed": 2}}), 400,
         "assumption 'p_talks_succeed' = 2 is outside its range [0.2, 0.8]"),
        (ana.post("/api/assumptions", {"values": {"p_talks_succeed": 0.3}, "participant": "x"}), 400,
         "unknown field 'participant' (allowed: values)"),
        (f.post("/api/f/draw"), 409,
         "'Government A's first move' is not a chance event: only chance events are drawn"),
        (f.post("/api/f/back", {"step": 42}), 404, "no step 42 in this session"),
        (f.post("/api/f/fly"), 404,
         "unknown action 'fly' (actions: open-vote, close-vote, choose, draw, undo, back, note, settings, end)"),
        (f.post("/api/f/settings", {"rule": "best"}), 400,
         "unknown rule 'best' (must be one of 'expected', 'hurwicz', 'laplace', 'maximax', 'maximin')"),
    ]
    for r, status, message in cases:
        assert (r.status_code, r.json()["error"]) == (status, message)
    malformed = ana.http.post("/api/vote", content=b"{not json",
                              headers={**ORIGIN, "X-CSRF-Token": ana.csrf, "Content-Type": "application/json"})
    assert (malformed.status_code, malformed.json()["error"]) == (400, "the request body is not valid JSON")
    ana.post("/api/vote", {"round": 1, "branch": 0, "key": "ok"})
    f.post("/api/f/close-vote", {})
    late = ana.post("/api/vote", {"round": 1, "branch": 0, "key": "late"})
    assert (late.status_code, late.json()["error"]) == (409, "no vote is open now")
    assert len(room.w.record.steps()) == 1  # nothing crashed; the session goes on


def test_participants_are_rate_limited(room: Room) -> None:
    ana = room.join("Ana", "gov_a")
    room.server.limits.clock = lambda: 1000.0  # all 30 at one instant, however slow the machine
    statuses = [ana.post("/api/assumptions", {"values": {"p_talks_succeed": 0.5}}).status_code for _ in range(30)]
    assert statuses[:20] == [200] * 20 and statuses[-1] == 429


def test_rate_limits_are_per_participant_and_action(room: Room) -> None:
    ana, bo = room.join("Ana", "gov_a"), room.join("Bo", "gov_a")
    room.server.limits.clock = lambda: 1000.0
    values = {"values": {"p_talks_succeed": 0.5}}
    assert [ana.post("/api/assumptions", values).status_code for _ in range(21)][-1] == 429
    assert ana.post("/api/note", {"text": "still heard"}).status_code == 200  # another action
    assert bo.post("/api/assumptions", values).status_code == 200  # another participant


def test_without_joining_a_phone_can_do_nothing(room: Room) -> None:
    c = room.new()
    for url in ("/api/vote", "/api/assumptions", "/api/note"):
        r = c.post(url, {})
        assert (r.status_code, r.json()["error"]) == (
            403, "you have not joined this session (join with the code first)")
    assert c.http.get("/api/me").status_code == 403
    assert c.http.get("/api/events").status_code == 403
