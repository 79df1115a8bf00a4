"""Every route of `scenarios serve`: read-only pages and JSON over the served scenarios.

No route writes a file.  A scenario is found only by its served name (anything else, such
as `../../etc/passwd`, is a 404); bad parameters are a 400 with the engine's message.
"""

from __future__ import annotations

import asyncio
import functools
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from scenarios.engine.errors import RuntimeFailure, ScenarioError, UsageError
from scenarios.engine.i18n import _
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from . import facts
from .app import web
from .query import Query, parse
from .served import Entry, error_lines

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
_DIAGRAMS: OrderedDict[tuple[Any, ...], str] = OrderedDict()
DIAGRAM_CACHE = 64


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def not_found(request: Request, exc: Exception) -> Response:
    detail = getattr(exc, "detail", None) or _("not found")
    if detail == "Not Found":  # Starlette's own, for a URL no route has
        detail = _("not found")
    status = getattr(exc, "status_code", 404)
    if wants_json(request):
        return JSONResponse({"error": detail}, status_code=status)
    return web(request).page(request, "error.html", {"status": status, "message": detail}, status_code=status)


async def server_error(request: Request, exc: Exception) -> Response:
    message = _("the server failed on this request; the terminal running scenarios serve has the details")
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=500)
    return PlainTextResponse(message, status_code=500)


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


def served_entry(request: Request) -> Entry:
    entry = web(request).served.entry(request.path_params["name"])
    if entry is None:
        raise HTTPException(404, _("no scenario named '{name}' is served here").format(
            name=request.path_params["name"]))
    return entry


def usable(entry: Entry) -> Any:
    """The last good scenario, or a 409 listing the file's errors when it never loaded."""
    if entry.scenario is None:
        raise HTTPException(409, "\n".join(str(d) for d in entry.errors))
    return entry.scenario


def asked(request: Request) -> tuple[Entry, Any, Query]:
    """The served entry, its last good scenario and the checked query of a request."""
    entry = served_entry(request)
    s = usable(entry)
    return entry, s, parse(s, request.query_params)


def diagram_key(entry: Entry, q: Query) -> str:
    """A short name for one drawing (file version and view), so a page that has it isn't sent it again."""
    import hashlib

    return hashlib.sha1(repr((entry.name, entry.version, *q.key())).encode()).hexdigest()[:16]


def diagram(entry: Entry, q: Query) -> str:
    """The SVG drawn by the same renderer as `scenarios render`, cached per file version and view."""
    from scenarios import engine

    key = (entry.name, entry.version, *q.key())
    svg = _DIAGRAMS.get(key)
    if svg is None:
        data = engine.render(entry.scenario, "svg", assumptions=q.assumptions, fold=q.fold, direction=q.direction)
        svg = data.decode("utf-8")
        svg = svg[svg.index("<svg"):]  # drop the XML prolog and DOCTYPE: it is embedded in a page
        _DIAGRAMS[key] = svg
        while len(_DIAGRAMS) > DIAGRAM_CACHE:
            _DIAGRAMS.popitem(last=False)
    else:
        _DIAGRAMS.move_to_end(key)
    return svg


def _status(entry: Entry) -> dict[str, Any]:
    return {"version": entry.version, "stale": entry.stale, "errors": error_lines(entry)}


async def index(request: Request) -> Response:
    w = web(request)
    rows = []
    for name in w.served.names():
        entry = w.served.entry(name)
        assert entry is not None
        row: dict[str, Any] = {"name": name, "origin": entry.origin, "errors": error_lines(entry)}
        if entry.scenario is not None and not entry.errors:
            try:
                row.update(facts.overview(entry.scenario))
            except ScenarioError as exc:
                row["errors"] = [{"message": str(d), "text": None} for d in exc.diagnostics]
        rows.append(row)
    return w.page(request, "index.html", {"rows": rows})


@bad_input
async def scenario_page(request: Request) -> Response:
    entry = served_entry(request)
    if entry.scenario is None:
        return web(request).page(request, "broken.html", {"name": entry.name, "status": _status(entry)})
    s = entry.scenario
    q = parse(s, request.query_params)
    data = {"name": entry.name, "nodes": facts.nodes(s), "state": await _state(entry, q), "live": web(request).live
            is not None, "rules": ["expected", "laplace", "maximin", "maximax", "hurwicz"]}
    return web(request).page(request, "scenario.html", {"s": facts.overview(s), "data": data,
                                                        "assumptions": facts.assumptions(s, q), "q": q})


async def _state(entry: Entry, q: Query, have: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything a slider move changes: diagram, weights, a page of paths, summary, analysis.

    `have` is what the page already holds (`svg`: its drawing's key, `v`: the file version):
    those parts are left out when unchanged.
    """
    s = entry.scenario
    have = have or {}
    key = diagram_key(entry, q)
    same = have.get("svg") == key
    light = have.get("light") == "1"  # a slider moving: update the drawing's weights in place, redraw later

    async def svg() -> str | None:
        if same or light:
            return None
        return await asyncio.to_thread(diagram, entry, q)  # Graphviz runs while the rest is computed

    rest = asyncio.to_thread(lambda: {"shares": facts.shares(s, q), "paths": facts.paths(s, q),
                                      "pathRow": facts.path_row(s, q),
                                      "edges": facts.edge_details(s, q),
                                      "summary": facts.summary(s, q), "analysis": facts.analysis(s, q)})
    drawing, out = await asyncio.gather(svg(), rest)
    fresh = have.get("v") != str(entry.version)
    return {"svg": drawing, "svgKey": key, "sameSvg": same, "light": light and not same, **out, **_status(entry),
            "query": _query_dict(q), "nodes": facts.nodes(s) if fresh else None}


def _query_dict(q: Query) -> dict[str, Any]:
    return {"assumptions": q.assumptions, "rule": q.rule, "alpha": q.alpha, "path": q.path, "where": q.where,
            "page": q.page, "fold": list(q.fold), "dir": q.direction}


@bad_input
async def api_state(request: Request) -> Response:
    entry = served_entry(request)
    if entry.scenario is None:
        return JSONResponse({"svg": None, **_status(entry)})
    q = parse(entry.scenario, request.query_params)
    params = request.query_params
    return JSONResponse(await _state(entry, q, {"svg": params.get("have", ""), "v": params.get("v", ""),
                                                "light": params.get("light", "")}))


@bad_input
async def api_paths(request: Request) -> Response:
    _, s, q = asked(request)
    return JSONResponse(await asyncio.to_thread(facts.paths, s, q))


@bad_input
async def api_sensitivity(request: Request) -> Response:
    _, s, q = asked(request)
    return JSONResponse(await asyncio.to_thread(facts.sensitivity, s, q))


@bad_input
async def assumptions_file(request: Request) -> Response:
    entry, s, q = asked(request)
    return PlainTextResponse(facts.assumptions_yaml(s, q), media_type="application/yaml",
                             headers={"content-disposition": f'attachment; filename="{entry.name}-assumptions.yaml"'})


@bad_input
async def present_page(request: Request) -> Response:
    entry, s, q = asked(request)
    phases = list(dict.fromkeys(n.phase for n in s.spec.nodes.values() if n.phase))
    data = {"name": entry.name, "phases": phases, "path": facts.path_row(s, q), "nodes": facts.nodes(s)}
    svg = await asyncio.to_thread(diagram, entry, q)
    return web(request).page(request, "present.html", {"s": facts.overview(s), "svg": svg, "data": data})


async def events(request: Request) -> Response:
    entry = served_entry(request)
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
    Route("/events/{name}", events, name="events"),
]
