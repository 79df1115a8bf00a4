"""The library's routes (`scenarios serve`'s: sensitivity, paths, pages) are not part of a workshop server,
and its own heavy reads (the room's analysis, the handout) need the facilitator's cookie."""

from __future__ import annotations

import pytest

from scenarios.cli.web.routes import ROUTES
from tests.conftest import PORT

from .conftest import Room

SERVE_ONLY = [r.path.replace("{name}", PORT.stem) for r in ROUTES if r.path != "/"]  # "/" is the phone's page here


def test_the_library_routes_are_known_to_this_test() -> None:
    assert f"/api/s/{PORT.stem}/sensitivity" in SERVE_ONLY and len(SERVE_ONLY) >= 6


@pytest.mark.parametrize("path", SERVE_ONLY)
def test_a_workshop_does_not_answer_the_library_s_routes(room: Room, path: str) -> None:
    for who in (room.new(), room.join("ana"), room.facilitator):  # a stranger, a phone, the facilitator
        assert who.http.get(path).status_code == 404, path


@pytest.mark.parametrize("path", ["/api/f/analysis", "/facilitator/handout", "/api/f/state"])
@pytest.mark.big
def test_the_workshop_s_heavy_reads_need_the_facilitator_s_cookie(room: Room, path: str) -> None:
    for who in (room.new(), room.join("ana")):
        assert who.http.get(path).status_code in (401, 403), path


def test_the_big_screen_can_ask_for_the_choices_alone_and_nothing_else(room: Room) -> None:
    asked: list[bool] = []

    async def worker(sets: dict[str, object], rule: str, alpha: float, thresholds: bool) -> dict[str, object]:
        asked.append(thresholds)
        return {"comparison": None, "spread": [], "differs": False, "error": None, "swept": thresholds, "flips": []}

    room.server.analysis.analyst = worker
    choices = room.facilitator.http.get("/api/f/analysis?part=choices")
    assert choices.status_code == 200 and choices.json()["swept"] is False
    assert room.facilitator.http.get("/api/f/analysis").json()["swept"] is True
    wrong = room.facilitator.http.get("/api/f/analysis?part=thresholds")
    assert wrong.status_code == 400 and "unknown part 'thresholds'" in wrong.json()["error"]
    assert asked == [False, True]
