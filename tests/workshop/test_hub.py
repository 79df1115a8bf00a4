"""The hub that wakes the event streams: a burst of changes is a few pushes, and the last one is never held back."""

from __future__ import annotations

import asyncio

from scenarios.cli.workshop.hub import Hub


async def watch(hub: Hub, audience: str, told: list[int], stop: asyncio.Event) -> None:
    seen = hub.published[audience]
    while not stop.is_set():
        now = await hub.wait(audience, seen, 0.05)
        if now != seen:
            told.append(now)
        seen = now


def test_a_burst_of_votes_is_a_few_pushes_ending_with_the_last_vote() -> None:
    async def main() -> tuple[list[int], list[int]]:
        hub = Hub(every=0.1)
        screen: list[int] = []
        phones: list[int] = []
        stop = asyncio.Event()
        tasks = [asyncio.create_task(watch(hub, "screen", screen, stop)),
                 asyncio.create_task(watch(hub, "everyone", phones, stop))]
        await asyncio.sleep(0)
        for _ in range(300):  # 300 votes over about 0.45 s
            hub.notify("tally")
            await asyncio.sleep(0.0015)
        await asyncio.sleep(0.25)
        stop.set()
        await asyncio.gather(*tasks)
        return screen, phones

    screen, phones = asyncio.run(main())
    assert screen[-1] == 300  # the final tally reached the big screen
    assert 2 <= len(screen) <= 12  # at most one push per 100 ms, not 300
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
