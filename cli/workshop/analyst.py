"""The room's analysis in a process of its own: computing that must not slow the votes.

On a large scenario the analysis of everyone's assumption sets takes a second or more (mexico
with 300 sets; see docs/development.md). In the server's event loop it would hold up every
vote for that long; in a thread of the server it still shares the interpreter lock with the
loop.  A worker process (started with the server, one for the session, ended with the
server or when the server is killed, and a little below the server's priority so that a vote
arriving meanwhile comes first) loads the session's own scenario text as it starts, computes
the analysis when asked, and keeps what it computed for the next state of the room
(`RoomMemo`): one person moving one slider recomputes only what that moves.  `RoomAnalysis`
asks it once per state of the room, one question at a time, skipping states overtaken while
it waits.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from scenarios.engine.format.loader import load_text
from scenarios.engine.text.i18n import language, set_language
from scenarios.engine.workshop import Workshop, group_analysis
from scenarios.engine.workshop.findings import flips, path_decisions, ranked
from scenarios.engine.workshop.spread import RoomMemo

from .hub import Hub
from .views import with_svg

_LOADED: dict[tuple[str, str, str | None, str | None], Any] = {}  # in the worker: the scenario, loaded once, and
# what its last analysis computed (a RoomMemo: one person moving one slider recomputes what that changes)


NICE = 2  # a little below the server, so a vote arriving meanwhile comes first; at 10 a machine at load 5 starved
# the worker (mexico's analysis of 300 sets took 89 s to answer, against 14 s at the server's priority)


def _start(text: str, file: str, name: str | None, lang: str | None) -> None:
    """The worker, as it starts: a little below the server's priority, its scenario loaded before it is asked."""
    if hasattr(os, "nice"):
        os.nice(NICE)
    _loaded(text, file, name, lang)


def _loaded(text: str, file: str, name: str | None, lang: str | None) -> tuple[Any, RoomMemo]:
    key = (text, file, name, lang)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = (load_text(text, file, name=name, lang=lang), RoomMemo())
    return _LOADED[key]  # type: ignore[no-any-return]


def _analyse(text: str, file: str, name: str | None, lang: str | None, words: str | None,
             sets: dict[str, dict[str, float]], rule: str, alpha: float, thresholds: bool = True) -> dict[str, Any]:
    """The room's analysis as the server's event loop wants it (see `group_analysis`; without `thresholds`, the
    choices alone)."""
    set_language(words)
    scenario, memo = _loaded(text, file, name, lang)
    found = group_analysis(scenario, sets, rule, alpha, memo=memo, each_set=False,  # the screen reads no set's play
                           thresholds=thresholds)
    if found.get("comparison"):
        comparison = found["comparison"]
        found["comparison"] = {**{k: v for k, v in comparison.items() if k not in ("groups", "decisions")},
                               **_packed(comparison["decisions"])}
    # each row's dot plot drawn here, so its thresholds (thousands on mexico: a megabyte and more of pickle) stay here
    # and the server's event loop draws nothing; the thresholds the room straddles go as its findings, each flip
    # once with the places it holds in (`flips`), which the server ranks for the path played
    found["flips"] = flips(found)
    found["spread"] = [{k: v for k, v in with_svg(row).items() if k not in ("thresholds", "crossed")}
                       for row in found["spread"]]
    return found


def _packed(decisions: list[dict[str, Any]]) -> dict[str, Any]:
    """The compared decisions as the worker sends them: the sets' names once, and per decision its distinct choices
    with one byte per set (which choice; whether its play reaches the point). Each set's choice at each of mexico's
    311 decision points, as dicts, was 1.1 MB of pickle that the server's event loop unpickled whole (a few rows
    are shown); `shown` spells out the rows the screen shows."""
    names = list(decisions[0]["by_group"]) if decisions else []
    rows = []
    for d in decisions:
        choices = list(dict.fromkeys(d["by_group"].values()))
        at = {c: k for k, c in enumerate(choices)}
        which = [at[d["by_group"][g]] for g in names]
        reached = [1 if d["on_play"][g] else 0 for g in names]
        rows.append({"node": d["node"], "history": d["history"], "actor": d["actor"], "choices": choices,
                     "by": bytes(which) if len(choices) < 256 else which, "on": bytes(reached)})
    return {"names": names, "decisions": rows}


def shown(result: Mapping[str, Any], played: list[str], at_decision: bool) -> dict[str, Any]:
    """The worker's answer as the big screen reads it, for the path played: the findings ranked for it, and the
    compared decisions on it and the next one spelled out (each set's choice there, and whether its play reaches
    it), as `group_analysis` gives them."""
    out = {k: v for k, v in result.items() if k != "flips"}
    out["findings"] = ranked(result.get("flips") or (), played)  # each once, the strongest first
    comparison = result.get("comparison")
    if comparison:
        names = comparison["names"]
        rows = [{"node": d["node"], "history": d["history"], "actor": d["actor"],
                 "by_group": dict(zip(names, [d["choices"][k] for k in d["by"]], strict=True)),
                 "on_play": dict(zip(names, [k == 1 for k in d["on"]], strict=True))}
                for d in path_decisions(result, played, at_decision)]
        out["comparison"] = {**{k: v for k, v in comparison.items() if k != "names"}, "decisions": rows}
    return out


class Analyst:
    """One worker process computing `group_analysis` for a session's scenario."""

    def __init__(self, text: str, file: str, name: str | None, lang: str | None):
        self.scenario = (text, file, name, lang)
        self.pool: Any = None

    async def __call__(self, sets: Mapping[str, Mapping[str, float]], rule: str, alpha: float,
                       thresholds: bool = True) -> dict[str, Any]:

        self.start()
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[dict[str, Any]] = loop.create_future()

        def settle(result: Any = None, error: BaseException | None = None) -> None:
            if answer.done():
                return
            if error is not None:
                answer.set_exception(error)
            else:
                answer.set_result(result)

        args = (*self.scenario, language(), {k: dict(v) for k, v in sets.items()}, rule, alpha, thresholds)
        self.pool.apply_async(_analyse, args, callback=lambda r: loop.call_soon_threadsafe(settle, r),
                              error_callback=lambda e: loop.call_soon_threadsafe(settle, None, e))
        return await answer

    def start(self) -> None:
        """Start the worker, if not yet started: it loads the scenario at once, so the first question finds it ready.
        Its worker is ended when the server ends, and runs a little below the server's priority."""
        if self.pool is None:
            self.pool = multiprocessing.get_context("spawn").Pool(1, initializer=_start, initargs=self.scenario)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None


class RoomAnalysis:
    """The room's analysis, computed by the `Analyst` once per change, one at a time.

    The big screen asks for it each time the room's assumptions settle, in two parts: the
    choices (a tenth of the work) and then the whole, with the thresholds. Every screen
    asking about the same state shares one computation of each part, and while one runs,
    only the latest state asked about is computed next.
    """

    def __init__(self, workshop: Workshop, hub: Hub):
        self.w = workshop
        self.hub = hub
        # (the room's moves, rule, alpha, with thresholds) → its answer; only the latest state's are kept
        self.jobs: dict[tuple[int, str, float, bool], asyncio.Future[dict[str, Any]]] = {}
        self.lock: tuple[object, asyncio.Lock] = (None, asyncio.Lock())  # (its event loop, the lock)
        self.analyst: Callable[..., Awaitable[dict[str, Any]]] | None = None  # started on first use

    def ask(self, settings: dict[str, Any], thresholds: bool = True) -> Awaitable[dict[str, Any]]:
        """The analysis of the room as it stands, under the rule in `settings`; without `thresholds`, the choices
        alone (unless the whole is already there)."""
        state = (self.hub.moves, settings["rule"], settings["alpha"])
        loop = asyncio.get_running_loop()
        whole = self.jobs.get((*state, True))
        if not thresholds and whole is not None and whole.get_loop() is loop and whole.done() \
                and whole.exception() is None:
            return asyncio.shield(whole)
        key = (*state, thresholds)
        job = self.jobs.get(key)
        if job is None or job.get_loop() is not loop or (job.done() and job.exception() is not None):
            if self.lock[0] is not loop:
                self.lock = (loop, asyncio.Lock())
            job = asyncio.ensure_future(self._compute(key, settings))
            self.jobs = {k: j for k, j in self.jobs.items() if k[:3] == state}  # the latest state's only
            self.jobs[key] = job
        return asyncio.shield(job)  # a page that goes away doesn't cancel it for the others

    async def _compute(self, key: tuple[int, str, float, bool], settings: dict[str, Any]) -> dict[str, Any]:
        async with self.lock[1]:
            newer = [k for k in self.jobs if k[:3] != key[:3]]
            if not newer:
                self.start()
                assert self.analyst is not None
                return await self.analyst(self.w.record.assumption_sets(), settings["rule"], settings["alpha"],
                                          key[3])
            latest = next((k for k in newer if k[3] == key[3]), newer[0])
        return await asyncio.shield(self.jobs[latest])  # overtaken while waiting: the latest state's answer

    def start(self) -> None:
        """Start the worker (the server does as it starts), so the first question does not wait for its start-up."""
        if self.analyst is None:
            started = self.w.started
            self.analyst = Analyst(started.text, started.file, started.scenario, self.w.scenario.language)
        if hasattr(self.analyst, "start"):
            self.analyst.start()

    def close(self) -> None:
        """End the analysis worker, if one was started."""
        if self.analyst is not None and hasattr(self.analyst, "close"):
            self.analyst.close()
