"""The room's analysis in the workshop's own worker process, timed by the wall clock with the machine loaded to
about 5 by busy loops: part of issue 24's figures (`room` in figures.py)."""

from __future__ import annotations

import os
import statistics
import subprocess
import time

from tests.benchmarks.figures import MOVES, PY, ROWS, Row, loadavg, moves, say

LOAD = 5.0  # the load the room's worker is timed at, made up with busy loops


def running_now() -> float:
    """Tasks running or waiting for a core right now, besides this one: the mean of ten looks at /proc/loadavg's
    fourth field over half a second (the load average itself lags by a minute: right after another benchmark it
    still counts that one's tasks). 0 where there is no /proc."""
    try:
        looks = []
        for _ in range(10):
            with open("/proc/loadavg", encoding="ascii") as f:
                looks.append(int(f.read().split()[3].split("/")[0]) - 1)
            time.sleep(0.05)
    except (OSError, ValueError, IndexError):
        return 0.0
    return statistics.mean(looks)


def room_worker(sets: dict[str, dict[str, float]], quick: bool) -> None:
    """Wall-clock seconds of the room's analysis in the workshop's own worker process (two nice levels below this
    one), from the question to the answer back in this process's event loop, with busy loops (`while True: pass`,
    at this process's priority) started so that, with the worker and what else runs, about LOAD tasks want the
    machine's cores (`running_now`; the load average lags too much to go by): the first analysis of
    300 sets, then one person's slider moves. The worker's CPU time is printed beside it."""
    import asyncio

    from scenarios import engine
    from scenarios.cli.workshop.analyst import Analyst
    from scenarios.engine.format.library import resolve

    path = resolve("mexico")
    scenario = engine.load("mexico")
    others = running_now()
    loops = max(0, min(6, round(LOAD - 1 - others)))  # with the worker itself, about LOAD tasks want a core
    busy = [subprocess.Popen([PY, "-c", "while True: pass"]) for _ in range(loops)]
    analyst = Analyst(path.read_text(encoding="utf-8"), str(path), None, None)
    try:
        analyst.start()
        deadline = time.monotonic() + 30  # the 1-minute load average catches up slowly: up to 30 s
        while busy and os.getloadavg()[0] < LOAD - 0.5 and time.monotonic() < deadline:
            time.sleep(1)
        say(f"the room's worker at load: {loops} busy loops started beside {others:.1f} other running tasks "
            "(the load average below lags by a minute)")

        async def timed(room: dict[str, dict[str, float]], thresholds: bool = True) -> tuple[float, float]:
            cpu_before = analyst.pool.apply(time.process_time)
            start = time.perf_counter()
            await analyst(room, "expected", 0.5, thresholds)
            return time.perf_counter() - start, analyst.pool.apply(time.process_time) - cpu_before

        async def run() -> None:
            # as the big screen asks: the choices first, then the whole (its thresholds)
            wall, used = await timed(sets, False)
            say(f"the room's choices, 300 sets, in the worker: {wall:.2f} s wall, {used:.2f} s of its CPU")
            ROWS.append(Row("room's choices, 300 sets, in the worker at load ~5", f"{wall:.2f} s wall",
                            f"{used:.2f} s CPU; {loadavg()}", "< 1 s", wall < 1))
            more, more_used = await timed(sets)
            wall, used = wall + more, used + more_used
            say(f"the room's analysis of 300 sets in the worker, the thresholds after the choices: {wall:.2f} s "
                f"wall, {used:.2f} s of its CPU")
            ROWS.append(Row("room's whole analysis, 300 sets, in the worker at load ~5", f"{wall:.2f} s wall",
                            f"{used:.2f} s CPU; {loadavg()}", "< 1 s", wall < 1))
            got: dict[str, list[tuple[float, float]]] = {kind: [] for kind in MOVES}
            first: list[float] = []
            for after, kind in moves(scenario, sets, 6 if quick else 12):
                choices = await timed(after, False)
                first.append(choices[0])
                whole = await timed(after)
                got[kind].append((choices[0] + whole[0], choices[1] + whole[1]))
            if first:
                say(f"one slider moved in the worker, the room's choices: {statistics.median(first):.2f} s wall "
                    f"(median of {len(first)}), at most {max(first):.2f} s")
                ROWS.append(Row("one slider moved, the room's choices, in the worker at load ~5",
                                f"{statistics.median(first):.2f} s wall", f"at most {max(first):.2f} s; {loadavg()}",
                                "< 1 s", max(first) < 1))
            for what, times in got.items():
                if times:
                    wall = statistics.median(w for w, _ in times)
                    used = statistics.median(c for _, c in times)
                    say(f"one slider moved in the worker, {what}: {wall:.2f} s wall, {used:.2f} s CPU "
                        f"(medians of {len(times)})")
                    ROWS.append(Row(f"one slider moved, {what}, in the worker at load ~5", f"{wall:.2f} s wall",
                                    f"{used:.2f} s CPU; {loadavg()}", "< 1 s", wall < 1))

        asyncio.run(run())
    finally:
        analyst.close()
        for loop in busy:
            loop.kill()
            loop.wait()
