"""The hub that wakes the event streams (a burst of changes is a few pushes, the last never held back), and the
room's analysis (computed once per state, one at a time)."""

from __future__ import annotations

import asyncio
import json

from scenarios.cli.workshop.hub import Hub
from scenarios.cli.workshop.views import screen_view
from tests.workshop.conftest import Room


async def watch(hub: Hub, audience: str, told: list[int], stop: asyncio.Event) -> None:
    seen = hub.published[audience]
    while not stop.is_set():
        now = await hub.wait(audience, seen, 0.05)
        if now != seen:
            told.append(now)
        seen = now


def test_a_burst_of_votes_is_a_few_pushes_ending_with_the_last_vote() -> None:
    async def main() -> tuple[list[int], list[int], float]:
        hub = Hub(every=0.1)
        screen: list[int] = []
        phones: list[int] = []
        stop = asyncio.Event()
        tasks = [asyncio.create_task(watch(hub, "screen", screen, stop)),
                 asyncio.create_task(watch(hub, "everyone", phones, stop))]
        await asyncio.sleep(0)
        began = asyncio.get_running_loop().time()
        for _ in range(300):  # 300 votes over about 0.45 s (longer on a busy machine)
            hub.notify("tally")
            await asyncio.sleep(0.0015)
        await asyncio.sleep(0.25)
        took = asyncio.get_running_loop().time() - began
        stop.set()
        await asyncio.gather(*tasks)
        return screen, phones, took

    screen, phones, took = asyncio.run(main())
    assert screen[-1] == 300  # the final tally reached the big screen
    # at most one push per 100 ms, not 300: 12 in the 0.7 s the burst takes, more only if the machine made it longer
    assert 2 <= len(screen) <= max(12, int(took / 0.1) + 2)
    assert phones == []  # votes are the big screen's news only


def test_a_change_after_a_quiet_moment_is_told_at_once() -> None:
    async def main() -> tuple[float, dict[str, int]]:
        hub = Hub(every=10.0)
        hub.notify("state")  # the first change: published on the next turn of the loop
        began = asyncio.get_running_loop().time()
        await hub.wait("everyone", 0, 5.0)
        return asyncio.get_running_loop().time() - began, dict(hub.published)

    waited, published = asyncio.run(main())
    assert waited < 1.0
    assert published == {"everyone": 1, "screen": 1}


def test_outside_an_event_loop_a_change_is_told_at_once() -> None:
    hub = Hub()
    hub.notify("assumptions")
    assert hub.published == {"everyone": 1, "screen": 1}


def test_the_rooms_analysis_runs_once_per_state_one_at_a_time_skipping_overtaken_states(room: Room) -> None:
    computed: list[int] = []

    async def slow(sets: dict[str, object], rule: str, alpha: float, thresholds: bool) -> dict[str, object]:
        await asyncio.sleep(0.2)  # a large scenario takes seconds (in the analysis worker)
        computed.append(len(sets))
        return {"sets": len(sets)}

    room.server.analysis.analyst = slow
    people = [room.join(f"P{i}").http for i in range(3)]
    ids = [p.id for p in room.w.record.participants()]
    assert len(people) == 3

    async def main() -> list[dict[str, object]]:
        server = room.server
        first = [server.analysis.ask(room.w.settings) for _ in range(3)]  # three screens, one state
        await asyncio.sleep(0.05)  # it is being computed
        room.w.set_assumptions(ids[0], {"p_talks_succeed": 0.3})
        overtaken = server.analysis.ask(room.w.settings)  # asked while the first is computed
        room.w.set_assumptions(ids[1], {"p_talks_succeed": 0.4})
        latest = server.analysis.ask(room.w.settings)
        return list(await asyncio.gather(*first, overtaken, latest))

    answers = asyncio.run(main())
    assert computed == [0, 2]  # the first state, then straight to the latest
    assert answers == [{"sets": 0}] * 3 + [{"sets": 2}] * 2


def test_the_big_screen_asking_again_with_nothing_moved_is_answered_without_the_worker(room: Room) -> None:
    """A vote opened or cast moves nothing the analysis shows: the last answer, at once (votes never wait on it)."""
    asked: list[int] = []

    async def analyst(sets: dict[str, object], rule: str, alpha: float, thresholds: bool = True) -> dict[str, object]:
        asked.append(len(sets))
        return {"error": None, "spread": [], "comparison": None, "sets": len(sets)}

    room.server.analysis.analyst = analyst
    ana = room.join("Ana")
    first = room.facilitator.http.get("/api/f/analysis")
    assert first.status_code == 200 and first.json()["sets"] == 0 and asked == [0]
    assert room.facilitator.post("/api/f/open-vote", {"voters": "everyone"}).status_code == 200
    assert ana.post("/api/vote", {"round": 1, "branch": 0, "key": "k"}).json()["counted"] is True
    again = room.facilitator.http.get("/api/f/analysis")
    assert again.status_code == 200 and again.content == first.content and asked == [0]
    assert "content-security-policy" in again.headers
    assert ana.post("/api/assumptions", {"values": {"p_talks_succeed": 0.3}}).status_code == 200
    moved = room.facilitator.http.get("/api/f/analysis")
    assert moved.json()["sets"] == 1 and asked == [0, 1]  # the room's assumptions moved: asked again
    assert room.facilitator.post("/api/f/settings", {"show_names": True}).status_code == 200
    named = room.facilitator.http.get("/api/f/analysis").json()["labels"]  # the names shown moved the answer
    assert named[room.w.record.participants()[0].id] == "Ana"
    before = len(asked)
    choices = [room.facilitator.http.get("/api/f/analysis?part=choices") for _ in range(2)]  # each part kept apart
    assert choices[0].content == choices[1].content and len(asked) <= before + 1


def test_the_big_screens_pushes_during_a_vote_are_its_whole_view_with_the_tally_recounted(room: Room) -> None:
    """Only the tally is encoded again at each push of a vote (cli/workshop/events.py): the whole view arrives."""
    phones = [room.join(f"P{i}") for i in range(4)]
    assert room.facilitator.post("/api/f/open-vote", {"voters": "everyone"}).status_code == 200
    feed = room.server.feed
    pushed = []
    for n, phone in enumerate(phones):
        feed.hub.versions["screen"] += 1  # as each vote's change does
        pushed.append(json.loads(feed.event("screen", feed._build_screen).decode().split("data: ", 1)[1]))
        assert phone.post("/api/vote", {"round": 1, "branch": n % 2, "key": f"k{n}"}).status_code == 200
    feed.hub.versions["screen"] += 1
    pushed.append(json.loads(feed.event("screen", feed._build_screen).decode().split("data: ", 1)[1]))
    assert [p["tally"]["voted"] for p in pushed] == [0, 1, 2, 3, 4]
    fresh = json.loads(json.dumps(screen_view(room.w)))
    assert pushed[-1] == {**fresh, "version": pushed[-1]["version"]}
    assert len(pushed[-1]["participants"]) == 4 and pushed[-1]["tally"]["branches"] == fresh["tally"]["branches"]


def test_the_big_screen_gets_the_choices_first_then_the_whole_and_each_part_once_per_state(room: Room) -> None:
    asked: list[tuple[int, bool]] = []

    async def worker(sets: dict[str, object], rule: str, alpha: float, thresholds: bool) -> dict[str, object]:
        await asyncio.sleep(0.05)
        asked.append((len(sets), thresholds))
        return {"sets": len(sets), "swept": thresholds}

    room.server.analysis.analyst = worker
    room.join("P0")
    ids = [p.id for p in room.w.record.participants()]
    room.w.set_assumptions(ids[0], {"p_talks_succeed": 0.3})

    async def main() -> list[dict[str, object]]:
        analysis, settings = room.server.analysis, room.w.settings
        choices = await asyncio.gather(*(analysis.ask(settings, thresholds=False) for _ in range(2)))  # two screens
        whole = await analysis.ask(settings)
        again = await analysis.ask(settings, thresholds=False)  # the whole is there: it serves
        room.w.set_assumptions(ids[0], {"p_talks_succeed": 0.4})
        moved = await analysis.ask(settings, thresholds=False)
        return [*choices, whole, again, moved]

    answers = asyncio.run(main())
    assert asked == [(1, False), (1, True), (1, False)]
    assert answers == [{"sets": 1, "swept": False}] * 2 + [{"sets": 1, "swept": True}] * 2 + [
        {"sets": 1, "swept": False}]
