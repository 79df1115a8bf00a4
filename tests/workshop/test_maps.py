"""The facilitator's maps (issue 18): the whole map is the phases, an outcome shows the path played, and the page
never waits on a layout (issue 24)."""

from __future__ import annotations

import itertools
import re
import threading
import time

import pytest

from scenarios.cli.http import maps
from scenarios.cli.workshop import diagram
from tests.workshop.conftest import Room


def _ids(svg: str, kind: str) -> set[str]:
    return set(re.findall(rf'<g id="{kind}:([^"]+)" class="(?:node|edge)', svg))


def _map(room: Room, view: str, limit: float = 60.0) -> str:
    """The facilitator's map `view`, once laid out (a loaded machine can take longer than the page's moment)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        answer = room.facilitator.http.get(f"/api/f/map?view={view}").json()
        if answer["svg"] is not None or not answer["again"]:
            assert answer["svg"] is not None, answer["why"]
            return answer["svg"]  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError(f"the {view} map was not laid out within {limit} s")


def _play_to_an_outcome(room: Room) -> list[str]:
    """Take the first branch everywhere until an outcome; the nodes passed, start first."""
    passed = []
    for _turn in range(50):
        position = room.facilitator.http.get("/api/f/state").json()["position"]
        passed.append(position["id"])
        if not position["branches"]:
            return passed
        r = room.facilitator.post("/api/f/choose", {"branch": position["branches"][0]["index"]})
        assert r.status_code == 200, r.text
    raise AssertionError("no outcome within 50 steps")


def test_the_whole_map_is_the_phases_not_the_tree(room: Room) -> None:
    page = room.facilitator.http.get("/facilitator").text
    svg = _map(room, "overview")
    assert 'id="phase:0"' in svg and not _ids(svg, "n")  # boxes of phases, no node of the tree
    assert 'id="phase:0"' in page.split('id="diagram"', 1)[1]  # and that is what the page opens with
    tree = _map(room, "tree")
    assert _ids(tree, "n") >= set(room.w.scenario.spec.nodes)  # the play is followed on the tree


@pytest.mark.big
def test_at_an_outcome_the_map_is_the_path_that_led_there(room: Room) -> None:
    passed = _play_to_an_outcome(room)
    svg = _map(room, "path")
    assert _ids(svg, "n") == set(passed)  # every step played, nothing else (no other outcome)
    assert _ids(svg, "e") == {f"{a}:{b}" for a, b in itertools.pairwise(passed)}


def test_an_unknown_map_is_refused(room: Room) -> None:
    assert room.facilitator.http.get("/api/f/map?view=everything").status_code == 400
    assert room.new().http.get("/api/f/map?view=overview").status_code in (401, 403)


@pytest.mark.big
def test_the_page_never_waits_on_a_layout(room: Room, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def slow(scenario: object) -> str:
        release.wait(20)
        return "<svg>late</svg>"

    monkeypatch.setattr(diagram, "overview_svg", slow)
    monkeypatch.setattr(maps, "_LATER", maps.Later(4))  # no layout kept from another test
    try:
        began = time.monotonic()
        page = room.facilitator.http.get("/facilitator")
        assert time.monotonic() - began < 3
        assert page.status_code == 200
        assert "folded-view" in page.text and "still being laid out" in page.text
        assert re.search(r"\d+ paths? enters? it", page.text)  # the folded view: the phases as words
        waiting = room.facilitator.http.get("/api/f/map?view=overview").json()
        assert waiting["svg"] is None and waiting["again"] is True
    finally:
        release.set()
    for _try in range(50):
        if room.facilitator.http.get("/api/f/map?view=overview").json()["svg"] == "<svg>late</svg>":
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the map never arrived")


@pytest.mark.big
def test_the_handout_opens_its_map_with_the_phases(room: Room) -> None:
    # The handout's map now stands in its appendix (the handout branch); the phases open it there.
    text = room.facilitator.http.get("/facilitator/handout?appendix=1").text
    assert '<div class="overview">' in text and 'id="phase:0"' in text
