"""The projector's link: read-only, usable from any browser, showing no control, no setting and no name unless
names are shown, and stopped by the facilitator's "new link"."""

from __future__ import annotations

import re

from tests.workshop.conftest import Room


def projector_url(room: Room) -> str:
    page = room.facilitator.http.get("/facilitator").text
    found = re.search(r'id="projector-link" href="http://testserver(/projector\?key=[^"]+)"', page)
    assert found, "the facilitator's page shows the projector's link"
    return found.group(1).replace("&amp;", "&")


def test_the_projector_opens_in_another_browser_and_shows_no_control(room: Room) -> None:
    url = projector_url(room)
    other = room.new()  # a second computer: no facilitator cookie
    page = other.http.get(url)
    assert page.status_code == 200
    shown = re.sub(r"<script.*?</script>", "", page.text, flags=re.S)  # the page, without the scripts' word list
    assert room.w.code in shown
    for control in ("<button", "<input", "<form", "Settings", "Show names", "End the session", "csrf"):
        assert control not in shown, control
    state = other.http.get(url.replace("/projector?", "/api/p/state?")).json()
    assert state["code"] == room.w.code and state["label"]


def test_the_projector_shows_names_only_when_the_facilitator_does(room: Room) -> None:
    alice = room.join("Alice Example", "gov_a")
    assert room.facilitator.post("/api/f/open-vote", {"voters": "everyone"}).status_code == 200
    vote = {"branch": 0, "round": room.w.record.open_round().id, "key": "k1"}
    assert alice.post("/api/vote", vote).status_code == 200
    url = projector_url(room).replace("/projector?", "/api/p/state?")
    other = room.new()
    assert "Alice" not in other.http.get(url).text
    assert room.facilitator.post("/api/f/settings", {"show_names": True}).status_code == 200
    assert "Alice Example" in other.http.get(url).text


def test_a_new_projector_link_stops_the_old_one(room: Room) -> None:
    old = projector_url(room)
    answer = room.facilitator.post("/api/f/projector-link")
    assert answer.status_code == 200
    new = answer.json()["result"]["url"].removeprefix("http://testserver")
    other = room.new()
    assert other.http.get(old).status_code == 403
    assert "replaced" in other.http.get(old).text
    assert other.http.get(old.replace("/projector?", "/api/p/state?")).status_code == 403
    assert other.http.get(new).status_code == 200


def test_only_the_facilitator_renews_the_projector_link(room: Room) -> None:
    phone = room.join("Bo", "gov_a")
    assert phone.post("/api/f/projector-link").status_code == 403


def test_phones_download_the_handout_once_the_session_has_ended(room: Room) -> None:
    phone = room.join("Bo", "gov_a")
    assert phone.http.get("/handout").status_code == 409
    assert room.new().http.get("/handout").status_code == 403
    assert room.facilitator.post("/api/f/end").status_code == 200
    answer = phone.http.get("/handout")
    assert answer.status_code == 200 and "<html" in answer.text
