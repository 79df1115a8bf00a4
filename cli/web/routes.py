"""Every route of `scenarios serve`: read-only pages and JSON over the served scenarios.

No route writes a file.  A scenario is found only by its served name (anything else, such
as `../../etc/passwd`, is a 404); bad parameters are a 400 with the engine's message.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import hashlib
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from scenarios import engine
from scenarios.cli.http.headers import attachment
from scenarios.cli.web import facts
from scenarios.engine.analysis.facts import rule_choices
from scenarios.engine.errors import RuntimeFailure, ScenarioError, UsageError
from scenarios.engine.text.i18n import _, language

from . import maps
from .cache import Results
from .pages import page, web
from .query import Query, parse
from .served import Entry, Served, error_lines

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def bad_input(func: Handler) -> Handler:
    """Turn the engine's usage errors into 400s with its message, and a failing Graphviz into a 503."""

    @functools.wraps(func)
    async def wrapper(request: Request) -> Response:
        try:
            return await func(request)
        except UsageError as exc:
            raise HTTPException(400, exc.message) from None
        except RuntimeFailure as exc:
            raise HTTPException(503, str(exc)) from None
    return wrapper


async def served_entry(request: Request) -> Entry:
    """The served entry the URL names, loaded (or reloaded) off the event loop; a 404 for any other name."""
    entry = await web(request).served.load(request.path_params["name"])
    if entry is None:
        raise HTTPException(404, _("no scenario named '{name}' is served here").format(
            name=request.path_params["name"]))
    return entry


def usable(entry: Entry) -> Any:
    """The last good scenario, or a 409 listing the file's errors when it never loaded."""
    if entry.scenario is None:
        raise HTTPException(409, "\n".join(str(d) for d in entry.errors))
    return entry.scenario


async def asked(request: Request) -> tuple[Entry, Any, Query]:
    """The served entry, its last good scenario and the checked query of a request."""
    entry = await served_entry(request)
    s = usable(entry)
    return entry, s, parse(s, request.query_params)


# Answers computed for one scenario as loaded (a reload makes a new Scenario object, so nothing stale
# is ever served) and one question: the assumption vector and what else the answer depends on.
_RESULTS = Results(120)  # about 24 assumption vectors of five parts each
# Drawings laid out by Graphviz, by scenario, folds, direction and shape (which edges, stubs and how
# many lines each): any assumption vector with the same shape reuses the layout with its own words.
_LAYOUTS = Results(16)


def _cached(kind: str, s: Any, q: Query, parts: tuple[Any, ...], compute: Callable[[Any, Query], Any]) -> Any:
    """compute(s, q), kept per scenario as loaded, assumption vector, program language and `parts`."""

    key = (kind, s, s.assumption_values(q.assumptions), language(), *parts)
    return _RESULTS.get(key, lambda: compute(s, q))


def drawn_texts(s: Any, q: Query) -> dict[str, Any]:
    return _cached("texts", s, q, (q.fold, q.direction), facts.drawn_texts)  # type: ignore[no-any-return]


def layout_key(entry: Entry, q: Query, texts: dict[str, Any]) -> str:
    """A short name for one layout (file version, view, shape), so a page that has it isn't sent it again."""
    shape = facts.layout_shape(texts)
    key = (entry.name, entry.version, language(), q.fold, q.direction, shape)
    return hashlib.sha1(repr(key).encode()).hexdigest()[:16]


def drawing(entry: Entry, q: Query, texts: dict[str, Any] | None = None, exact: bool = False) -> tuple[str, Any]:
    """(SVG, the texts it shows): the cached layout for this view and shape, drawn by Graphviz only when new.

    The SVG comes from the same renderer as `scenarios render`; with `exact` it shows this
    query's words (redrawn if the cached one was drawn for other assumptions).
    """


    s = entry.scenario
    texts = texts if texts is not None else drawn_texts(s, q)
    key = (s, language(), q.fold, q.direction, facts.layout_shape(texts))

    def draw() -> tuple[str, Any]:
        data = engine.render(s, "svg", assumptions=q.assumptions, fold=q.fold, direction=q.direction)
        svg = data.decode("utf-8")
        return svg[svg.index("<svg"):], texts  # no XML prolog or DOCTYPE: it is embedded in a page

    found = _LAYOUTS.get(key, draw)
    if exact and found[1] != texts:
        found = _LAYOUTS.put(key, draw())
    return found  # type: ignore[no-any-return]


def _answers(s: Any, q: Query) -> dict[str, Any]:
    """The parts of a page's state besides the drawing, each kept per scenario version and question."""
    return {"shares": _cached("shares", s, q, (), facts.shares),
            "paths": _cached("paths", s, q, (q.where, q.page), facts.paths),
            "pathRow": _cached("path", s, q, (q.path,), facts.path_row),
            "summary": _summary(s, q),
            "phases": _phases(s, q),
            "analysis": _cached("analysis", s, q, (q.rule, q.alpha), facts.analysis)}


def _summary(s: Any, q: Query) -> dict[str, Any]:
    """The outcome summary, kept per values of the assumptions that guards read: nothing else moves it."""

    guards = s.guard_key(s.assumption_values(q.assumptions))
    return _RESULTS.get(("summary", s, guards, language()), lambda: facts.summary(s, q))  # type: ignore[no-any-return]


def _phases(s: Any, q: Query) -> list[dict[str, Any]]:
    """The map's phases as words (the folded view's boxes), which the page shows beside the part of the map it
    draws at a readable size; their path counts move only with the assumptions guards read."""

    guards = s.guard_key(s.assumption_values(q.assumptions))
    return _RESULTS.get(("phases", s, guards, language()),  # type: ignore[no-any-return]
                        lambda: maps.folded(s, q.assumptions))


def warm(served: Served) -> None:
    """Load each served file and work out its page at the file's values, so the first visit is quick.

    Run in the background when the server starts; a page asked for meanwhile waits for
    the parts being computed rather than computing them twice.
    """
    for name in served.names():
        entry = served.entry(name)
        if entry is None or entry.scenario is None:
            continue
        s = entry.scenario
        try:
            q = parse(s, {})
            texts = drawn_texts(s, q)
            # Graphviz lays it out while the rest is computed, under the key a page's request uses: a page
            # asking meanwhile finds it running, and a layout refused as too big is not tried again.
            layout = maps.later(("drawing", s, layout_key(entry, q, texts)),
                                functools.partial(drawing, entry, q, texts))
            _answers(s, q)
            with contextlib.suppress(Exception):
                layout.result()  # a refusal is shown when a page asks for the map, not here
            maps.slides(s, {})  # presentation mode's slides, laid out in the background
        except (ScenarioError, UsageError, RuntimeFailure):
            continue  # the page shows the message when it is asked for


def _status(entry: Entry) -> dict[str, Any]:
    return {"version": entry.version, "stale": entry.stale, "errors": error_lines(entry)}


async def index(request: Request) -> Response:
    w = web(request)
    rows = []
    for name in w.served.names():
        entry = await w.served.load(name)
        assert entry is not None
        row: dict[str, Any] = {"name": name, "origin": entry.origin, "errors": error_lines(entry)}
        if entry.scenario is not None and not entry.errors:
            try:
                row.update(facts.overview(entry.scenario))
            except ScenarioError as exc:
                row["errors"] = [{"message": str(d), "text": None} for d in exc.diagnostics]
        rows.append(row)
    return page(request, "index.html", {"rows": rows})


@bad_input
async def scenario_page(request: Request) -> Response:
    entry = await served_entry(request)
    if entry.scenario is None:
        return page(request, "broken.html", {"name": entry.name, "status": _status(entry)})
    s = entry.scenario
    params = dict(request.query_params.items())
    where = params.pop("where", "")
    where_error = None
    q = parse(s, params)
    if where:  # checked apart: a link with a bad condition opens the page, the message under the box
        try:
            s.condition(where)  # what parse() checks of a where, once
            q = dataclasses.replace(q, where=where)
        except UsageError as exc:
            where_error = {"text": where, "message": exc.message}
    state = await _state(entry, q, {"v": str(entry.version)})  # the node details go once, in "nodes"
    data = {"name": entry.name, "nodes": facts.nodes(s), "state": state, "live": web(request).live is not None,
            "rules": rule_choices()}
    return page(request, "scenario.html", {"s": facts.overview(s), "data": data, "q": q,
                                            "assumptions": facts.assumptions(s, q), "where_error": where_error})


async def _state(entry: Entry, q: Query, have: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything a slider move changes: the drawing's words, weights, a page of paths, summary, analysis.

    `have` is what the page already holds (`svg`: its layout's key, `v`: the file version):
    the SVG and the node details are left out when unchanged.  Graphviz runs only for a
    layout not seen before; otherwise the page swaps `texts` into the drawing it has.
    """
    s = entry.scenario
    have = have or {}

    def words_first() -> tuple[dict[str, Any], str, dict[str, Any] | None]:
        texts = drawn_texts(s, q)
        key = layout_key(entry, q, texts)
        return texts, key, (_answers(s, q) if have.get("svg") == key else None)  # one thread hop for a move

    texts, key, out = await asyncio.to_thread(words_first)
    drawn, why = None, None
    if out is None:  # a layout the page lacks: Graphviz (when new) runs in the background while the rest is computed
        layout = maps.later(("drawing", s, key), functools.partial(drawing, entry, q, texts))
        (drawn, why), out = await asyncio.gather(maps.within(layout), asyncio.to_thread(_answers, s, q))
    fresh = have.get("v") != str(entry.version)
    folded = None
    if why is not None:  # still running, or refused as too big: the phases as words, and the page asks again
        boxes = await asyncio.to_thread(maps.folded, s, q.assumptions)
        folded = {"why": why, "boxes": boxes, "again": why == maps.pending_line()}
    return {"svg": drawn[0] if drawn else None, "svgTexts": drawn[1] if drawn else None, "svgKey": key,
            "texts": texts, **out, **_status(entry), "query": _query_dict(q), "folded": folded,
            "nodes": facts.nodes(s) if fresh else None}


def _query_dict(q: Query) -> dict[str, Any]:
    return {"assumptions": q.assumptions, "rule": q.rule, "alpha": q.alpha, "path": q.path, "where": q.where,
            "page": q.page, "fold": list(q.fold), "dir": q.direction}


@bad_input
async def api_state(request: Request) -> Response:
    entry = await served_entry(request)
    if entry.scenario is None:
        return JSONResponse({"svg": None, **_status(entry)})
    q = parse(entry.scenario, request.query_params)
    params = request.query_params
    return JSONResponse(await _state(entry, q, {"svg": params.get("have", ""), "v": params.get("v", "")}))


@bad_input
async def api_paths(request: Request) -> Response:
    _, s, q = await asked(request)
    return JSONResponse(await asyncio.to_thread(_cached, "paths", s, q, (q.where, q.page), facts.paths))


@bad_input
async def api_sensitivity(request: Request) -> Response:
    _, s, q = await asked(request)
    return JSONResponse(await asyncio.to_thread(facts.sensitivity, s, q))


@bad_input
async def assumptions_file(request: Request) -> Response:
    entry, s, q = await asked(request)
    return PlainTextResponse(facts.assumptions_yaml(s, q), media_type="application/yaml",
                             headers={"content-disposition": attachment(f"{entry.name}-assumptions.yaml")})


@bad_input
async def present_page(request: Request) -> Response:
    """Presentation mode: the overview of the phases, then one slide per phase, each readable on a projector.

    The slides are laid out in the background; until they are ready (or when Graphviz refuses
    them) the page shows the folded view, which asks again and reloads when they are."""
    entry, s, q = await asked(request)
    made, why = await maps.within(maps.slides(s, q.assumptions))
    data = {"name": entry.name, "path": facts.path_row(s, q), "nodes": facts.nodes(s), "again": made is None
            and why == maps.pending_line(), "titles": [title for title, _svg in made or []]}
    boxes = await asyncio.to_thread(maps.folded, s, q.assumptions) if made is None else []
    return page(request, "present.html", {"s": facts.overview(s), "slides": made or [], "data": data,
                                           "why": why, "boxes": boxes})


@bad_input
async def api_slides(request: Request) -> Response:
    """Whether presentation mode's slides are ready (waits a moment for them): ready, why not, whether to ask again."""
    _entry, s, q = await asked(request)
    made, why = await maps.within(maps.slides(s, q.assumptions))
    return JSONResponse({"ready": made is not None, "why": why, "again": why == maps.pending_line()})


async def events(request: Request) -> Response:
    entry = await served_entry(request)
    live = web(request).live
    if live is None:
        raise HTTPException(404, _("live updates are on only when scenarios serve watches files"))
    return StreamingResponse(live.stream(entry.name), media_type="text/event-stream",
                             headers={"cache-control": "no-store", "x-accel-buffering": "no"})


ROUTES = [
    Route("/", index, name="index"),
    Route("/s/{name}", scenario_page, name="scenario"),
    Route("/s/{name}/present", present_page, name="present"),
    Route("/s/{name}/assumptions.yaml", assumptions_file, name="assumptions"),
    Route("/api/s/{name}/state", api_state, name="api-state"),
    Route("/api/s/{name}/paths", api_paths, name="api-paths"),
    Route("/api/s/{name}/sensitivity", api_sensitivity, name="api-sensitivity"),
    Route("/api/s/{name}/slides", api_slides, name="api-slides"),
    Route("/events/{name}", events, name="events"),
]
