"""The workshop's routes in-process: what phones and the big screen are told."""

from __future__ import annotations

import json

from tests.workshop.conftest import Room


def test_voters_see_branch_values_only_when_the_facilitator_turns_them_on(room: Room) -> None:
    ana = room.join("Ana", "gov_a")
    room.facilitator.post("/api/f/open-vote", {})
    assert "values" not in ana.http.get("/api/me").json()["public"]["position"]
    room.facilitator.post("/api/f/settings", {"show_values": True})
    position = ana.http.get("/api/me").json()["public"]["position"]
    assert position["values"] == {"0": 99.0, "1": 68.0}  # as `scenarios analyze` values them
    assert position["values_note"] == "value to Government A under the rule 'expected'"


def test_the_big_screen_is_anonymous_unless_names_are_shown(room: Room) -> None:
    ana, bo = room.join("Ana", "gov_a"), room.join("Bo", "gov_a")
    room.facilitator.post("/api/f/open-vote", {})
    ana.post("/api/vote", {"round": 1, "branch": 0, "key": "a"})
    bo.post("/api/vote", {"round": 1, "branch": 1, "key": "b"})
    state = room.facilitator.http.get("/api/f/state").json()
    assert state["tally"]["names"] is None
    assert [p["label"] for p in state["participants"]] == ["participant 1", "participant 2"]
    assert "Ana" not in json.dumps(state)
    room.facilitator.post("/api/f/settings", {"show_names": True})
    state = room.facilitator.http.get("/api/f/state").json()
    assert state["tally"]["names"] == {"0": ["Ana"], "1": ["Bo"]}


def test_an_ended_session_takes_no_one_new_and_no_step(room: Room) -> None:
    room.facilitator.post("/api/f/end", {})
    r = room.new().post("/api/join", {"code": room.w.code})
    assert (r.status_code, r.json()["error"]) == (409, "this session has ended")
    r = room.facilitator.post("/api/f/choose", {"branch": 0})
    assert (r.status_code, r.json()["error"]) == (409, "this session has ended")


def test_the_handout_downloads_as_one_file(room: Room) -> None:
    r = room.facilitator.http.get("/facilitator/handout")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == f'attachment; filename="workshop-{room.w.id}.html"'
    assert "Workshop handout: Port inspection dispute" in r.text


def test_phones_are_pushed_the_current_point(room: Room) -> None:
    ana = room.join("Ana", "gov_a")
    with ana.http.stream("GET", "/api/events") as stream:
        lines = stream.iter_lines()
        assert next(lines) == "retry: 1000"
        event = next(line for line in lines if line.startswith("data: "))
    view = json.loads(event[len("data: "):])
    assert view["position"]["label"] == "Government A's first move"
    assert [b["label"] for b in view["position"]["branches"]] == ["Propose talks", "Impose inspections"]


def test_each_phone_is_told_whether_it_may_vote(room: Room) -> None:
    ana, cy = room.join("Ana", "gov_a"), room.join("Cy", "gov_b")
    assert ana.http.get("/api/me").json()["public"]["may_vote"] is False  # no vote is open
    room.facilitator.post("/api/f/open-vote", {"voters": "role"})  # Government A's decision
    assert ana.http.get("/api/me").json()["public"]["may_vote"] is True
    assert cy.http.get("/api/me").json()["public"]["may_vote"] is False
    with cy.http.stream("GET", "/api/events") as stream:
        event = next(line for line in stream.iter_lines() if line.startswith("data: "))
    assert json.loads(event[len("data: "):])["may_vote"] is False
    assert room.facilitator.http.get("/api/f/state").json()["tally"]["eligible"] == 1
    room.facilitator.post("/api/f/back", {"step": None})  # cancels the vote
    room.facilitator.post("/api/f/open-vote", {"voters": "everyone"})
    assert cy.http.get("/api/me").json()["public"]["may_vote"] is True
    assert room.facilitator.http.get("/api/f/state").json()["tally"]["eligible"] == 2
