"""The workshop server: the facilitator's big screen and the participants' phone pages over one session.

Participants hold an HttpOnly, SameSite=Strict cookie from joining with the code;
the facilitator holds one from the login link the terminal prints.  Every state
change must come from this server's own page (Origin) and carry the page's CSRF
token; bodies are size-limited and participants rate-limited.  The server
computes; the pages display.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from scenarios.cli.web import create_app
from scenarios.cli.web.pages import web
from scenarios.cli.web.served import Served
from scenarios.cli.workshop import guard
from scenarios.engine.errors import ScenarioError, UsageError
from scenarios.engine.text.i18n import _
from scenarios.engine.workshop import Participant, Workshop
from scenarios.engine.workshop.identity import csrf_token

from .analyst import Analyst
from .diagram import diagram_svg
from .guard import Limiter, Refused, error_response, json_body, same_origin
from .handout import handout_html
from .hub import Hub
from .qr import qr_svg
from .templating import script_json
from .views import NOTE, my_view, public_view, screen_view, with_svg

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
KEEPALIVE = 15.0  # seconds between comments on an idle event stream
Handler = Callable[[Request], Awaitable[Response]]


class Server:
    """The routes of one session; `login_token` is the secret in the facilitator's link."""

    def __init__(self, workshop: Workshop, login_token: str, join_url: str, lang: str | None = None):
        self.w = workshop
        self.lang = lang  # the program's words on every page (the scenario's text was loaded in it)
        self.login_token = login_token
        self.login_used = False  # the link opens the facilitator's screen once; a restart prints a new one
        self.join_url = join_url
        self.hub = Hub()
        workshop.listeners.append(self.hub.notify)
        self.p_cookie = f"wsp_{workshop.id}"
        self.f_cookie = f"wsf_{workshop.id}"
        self.limits = Limiter(rate=5, burst=20)  # per participant
        self.joins = Limiter(rate=50, burst=400)  # per client address: a whole room joins at once
        self.wrong_codes = Limiter(rate=0.2, burst=20)  # per client address: guessing the code is slow
        self.cache: dict[str, tuple[int, Any, str | None]] = {}  # audience → (version, view, its event text)
        self.before: tuple[int, Any] | None = None  # (hub.moves, the big screen's view then)
        self.analyses: dict[tuple[int, str, float], asyncio.Future[dict[str, Any]]] = {}
        self.analysis_lock: tuple[object, asyncio.Lock] = (None, asyncio.Lock())  # (its event loop, the lock)
        self.analyst: Callable[..., Awaitable[dict[str, Any]]] | None = None  # started on first use
        self.diagram: str | None = None  # the big screen's map, drawn once

    # -- helpers -----------------------------------------------------------------------------------------

    def page(self, request: Request, template: str, **context: Any) -> HTMLResponse:
        """A page on the browser app's base template (its CSP nonce, stylesheet and disclaimer bar)."""

        # One language per session (the scenario was loaded in it): no language switch on these pages.
        return web(request).page(request, template, {"title": self.w.title, "disclaimer": self.w.scenario.disclaimer,
                                                     "note": _(NOTE), "languages": [], **context})

    def participant(self, request: Request) -> tuple[Participant, str]:
        token = request.cookies.get(self.p_cookie)
        return self.w.people.by_token(token), token or ""

    def facilitator(self, request: Request) -> str:
        key = request.cookies.get(self.f_cookie)
        if not self.w.people.is_facilitator(key):
            raise Refused(403, _("this needs the facilitator's screen (open the link the terminal printed)"))
        return key or ""

    def check_csrf(self, request: Request, holder: str) -> None:
        same_origin(request)
        sent = request.headers.get("x-csrf-token", "")
        if not secrets.compare_digest(sent, csrf_token(self.w.csrf_key, holder)):
            raise Refused(403, _("the page's security token is missing or stale: reload the page"))

    def cached(self, audience: str, build: Callable[[], Any]) -> Any:
        """The audience's view, built once per change however many pages ask for it."""
        version = self.hub.versions[audience]
        hit = self.cache.get(audience)
        if hit is None or hit[0] != version:
            hit = self.cache[audience] = (version, build(), None)
        return hit[1]

    def event(self, audience: str, build: Callable[[], Any]) -> str:
        """The audience's view as one server-sent event, encoded once for all its streams."""
        view = self.cached(audience, build)
        version, _, text = self.cache[audience]
        if text is None:
            text = f"event: state\ndata: {json.dumps(view, separators=(',', ':'))}\n\n"
            self.cache[audience] = (version, view, text)
        return text

    def public(self) -> Any:
        return self.cached("everyone", lambda: public_view(self.w))

    def build_screen(self) -> Any:
        """The big screen's view; while only votes arrive, just its tally is recounted."""
        if self.before is not None and self.before[0] == self.hub.moves:
            return screen_view(self.w, self.before[1])
        view = screen_view(self.w)
        self.before = (self.hub.moves, view)
        return view

    def group_analysis(self, settings: dict[str, Any]) -> Awaitable[dict[str, Any]]:
        """The room's analysis, computed in a worker process (see analyst.py), once per change, one at a time.

        The big screen asks for it each time the room's assumptions settle: every screen
        asking about the same state shares one computation, and while one runs, only the
        latest state asked about is computed next.
        """
        key = (self.hub.moves, settings["rule"], settings["alpha"])
        loop = asyncio.get_running_loop()
        job = self.analyses.get(key)
        if job is None or job.get_loop() is not loop or (job.done() and job.exception() is not None):
            if self.analysis_lock[0] is not loop:
                self.analysis_lock = (loop, asyncio.Lock())
            job = asyncio.ensure_future(self._analyse(key, settings))
            self.analyses = {key: job}  # only the latest is kept
        return asyncio.shield(job)  # a page that goes away doesn't cancel it for the others

    async def _analyse(self, key: tuple[int, str, float], settings: dict[str, Any]) -> dict[str, Any]:
        async with self.analysis_lock[1]:
            latest = next(iter(self.analyses), key)
            if latest == key:
                if self.analyst is None:
                    started = self.w.started
                    self.analyst = Analyst(started.text, started.file, started.scenario, self.w.scenario.language)
                return await self.analyst(self.w.record.assumption_sets(), settings["rule"], settings["alpha"])
        return await asyncio.shield(self.analyses[latest])  # overtaken while waiting: the latest one's answer

    def close(self) -> None:
        """End the analysis worker, if one was started."""
        if self.analyst is not None and hasattr(self.analyst, "close"):
            self.analyst.close()

    # -- participants ------------------------------------------------------------------------------------

    async def phone(self, request: Request) -> Response:
        code = request.query_params.get("code", "")[:12]
        roles = [{"id": k, "name": a.name} for k, a in self.w.scenario.spec.actors.items()]
        return self.page(request, "workshop_phone.html", code=code, roles=roles)

    async def join(self, request: Request) -> Response:
        client = request.client.host if request.client else "?"
        same_origin(request)
        self.joins.check(client, "people joining from this address")
        data = await json_body(request, {"code", "name", "role"})
        try:
            me, token = self.w.join(data.get("code", ""), data.get("name", ""), data.get("role") or None)
        except UsageError as exc:
            if "wrong join code" in exc.message:
                self.wrong_codes.check(client, "wrong codes")
            raise
        response = JSONResponse(my_view(self.w, me, csrf_token(self.w.csrf_key, token), self.public()))
        response.set_cookie(self.p_cookie, token, httponly=True, samesite="strict", max_age=7 * 24 * 3600)
        return response

    async def me(self, request: Request) -> Response:
        me, token = self.participant(request)
        return JSONResponse(my_view(self.w, me, csrf_token(self.w.csrf_key, token), self.public()))

    async def vote(self, request: Request) -> Response:
        me, token = self.participant(request)
        self.limits.check(me.id)
        self.check_csrf(request, token)
        data = await json_body(request, {"round", "branch", "key"})
        counted_round, counted = self.w.vote(me.id, data.get("branch"), data.get("key"),  # type: ignore[arg-type]
                                             data.get("round"))
        return JSONResponse({"round": counted_round.id, "counted": counted,
                             "branch": self.w.record.my_vote(me.id, counted_round.id)})

    async def assumptions(self, request: Request) -> Response:
        me, token = self.participant(request)
        self.limits.check(me.id)
        self.check_csrf(request, token)
        data = await json_body(request, {"values"})
        return JSONResponse({"values": self.w.set_assumptions(me.id, data.get("values"))})  # type: ignore[arg-type]

    async def note(self, request: Request) -> Response:
        me, token = self.participant(request)
        self.limits.check(me.id)
        self.check_csrf(request, token)
        data = await json_body(request, {"text"})
        return JSONResponse(self.w.add_note(me.id, data.get("text")).to_dict())  # type: ignore[arg-type]

    async def phone_events(self, request: Request) -> Response:
        self.participant(request)
        return self.stream("everyone", lambda: public_view(self.w))

    # -- facilitator -------------------------------------------------------------------------------------

    async def login(self, request: Request) -> Response:
        """The facilitator's link: exchanged, once, for the facilitator's cookie."""
        if self.w.people.is_facilitator(request.cookies.get(self.f_cookie)):
            return RedirectResponse("/facilitator", status_code=303)  # this browser is the facilitator's already
        given = request.query_params.get("token", "")
        problem = None
        if not secrets.compare_digest(given, self.login_token):
            problem = _("this facilitator link is not valid for this server (use the one the terminal printed)")
        elif self.login_used:
            problem = _("this facilitator link has been used already: it works once, in one browser. Use the "
                        "browser that opened it, or restart the server with --resume for a new link")
        if problem is not None:  # a link opened in a browser: a page that says why, not JSON
            refused = self.page(request, "workshop_not_facilitator.html", join_url=self.join_url, problem=problem)
            refused.status_code = 403
            return refused
        self.login_used = True  # a link seen on a projector, in a chat or in a history opens nothing more
        response = RedirectResponse("/facilitator", status_code=303)
        response.set_cookie(self.f_cookie, self.w.people.add_facilitator_key(), httponly=True, samesite="strict",
                            max_age=30 * 24 * 3600)
        return response

    async def screen(self, request: Request) -> Response:
        try:
            key = self.facilitator(request)
        except Refused:
            return self.page(request, "workshop_not_facilitator.html", join_url=self.join_url)

        try:
            if self.diagram is None:  # Graphviz takes a while on a large scenario: once, off the event loop
                self.diagram = await run_in_threadpool(diagram_svg, self.w.scenario)
            svg = self.diagram
        except Exception as exc:  # Graphviz missing: the screen works without the map
            svg = '<p class="muted">' + _escape(_("The diagram is left out: {reason}").format(reason=exc)) + "</p>"
        return self.page(request, "workshop_screen.html", csrf=csrf_token(self.w.csrf_key, key), code=self.w.code,
                         join_url=self.join_url, qr=qr_svg(f"{self.join_url}?code={self.w.code}"), svg=svg,
                         state=self.cached("screen", self.build_screen))

    async def screen_state(self, request: Request) -> Response:
        self.facilitator(request)
        return JSONResponse(self.cached("screen", self.build_screen))

    async def screen_events(self, request: Request) -> Response:
        self.facilitator(request)
        return self.stream("screen", self.build_screen)

    async def analysis(self, request: Request) -> Response:
        self.facilitator(request)
        settings = self.w.settings
        result = dict(await self.group_analysis(settings))
        show = settings["show_names"]
        labels = {"median": _("median set"), **{p.id: p.label(show) for p in self.w.record.participants()}}
        nodes = {k: n.label for k, n in self.w.scenario.spec.nodes.items()}
        result["spread"] = [with_svg(row) for row in result["spread"]]
        return JSONResponse({**result, "labels": labels, "node_labels": nodes, "rule": settings["rule"]})

    async def act(self, request: Request) -> Response:
        key = self.facilitator(request)
        self.check_csrf(request, key)
        action = request.path_params["action"]
        fields = ACTIONS.get(action)
        if fields is None:
            raise Refused(404, f"unknown action '{action}' (actions: {', '.join(ACTIONS)})")
        data = await json_body(request, fields)
        w = self.w
        result: Any = None
        if action == "open-vote":
            result = w.open_vote(data.get("voters"))
        elif action == "close-vote":
            result = w.close_vote(data.get("branch"))
        elif action == "choose":
            result = w.choose(data.get("branch"))  # type: ignore[arg-type]
        elif action == "draw":
            result = w.draw()
        elif action == "undo":
            result = w.undo()
        elif action == "back":
            step = data.get("step")
            if step is not None and (isinstance(step, bool) or not isinstance(step, int)):
                raise Refused(400, "step is a step number, or null for the start")
            w.go_back(step)
        elif action == "note":
            result = w.add_note("facilitator", data.get("text"), data.get("node"))  # type: ignore[arg-type]
        elif action == "settings":
            result = w.update_settings(data)
        elif action == "end":
            w.end()
        return JSONResponse({"ok": True, "result": result.to_dict() if hasattr(result, "to_dict") else result})

    async def handout(self, request: Request) -> Response:
        self.facilitator(request)

        name = f"workshop-{self.w.id}.html"
        page = await run_in_threadpool(handout_html, self.w)  # seconds on a large scenario: off the event loop
        return HTMLResponse(page, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    # -- server-sent events ------------------------------------------------------------------------------

    def stream(self, audience: str, build: Callable[[], Any]) -> StreamingResponse:
        async def events() -> AsyncIterator[str]:
            yield "retry: 1000\n\n"
            seen = -1
            while True:  # Starlette ends the stream when the page goes away
                version = self.hub.published[audience]
                if version != seen:  # the hub publishes at most every COALESCE seconds
                    seen = version
                    yield self.event(audience, build)
                    continue
                after = await self.hub.wait(audience, seen, KEEPALIVE)
                if after == seen:
                    yield ": keep-alive\n\n"
        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    def app(self) -> Starlette:
        def safe(handler: Handler) -> Handler:
            async def run(request: Request) -> Response:
                try:
                    return await handler(request)
                except (Refused, UsageError) as exc:
                    return error_response(exc)
            return run

        routes = [
            Route("/", safe(self.phone)), Route("/join", safe(self.phone)),
            Route("/api/join", safe(self.join), methods=["POST"]), Route("/api/me", safe(self.me)),
            Route("/api/vote", safe(self.vote), methods=["POST"]),
            Route("/api/assumptions", safe(self.assumptions), methods=["POST"]),
            Route("/api/note", safe(self.note), methods=["POST"]), Route("/api/events", safe(self.phone_events)),
            Route("/facilitator/login", safe(self.login)), Route("/facilitator", safe(self.screen)),
            Route("/facilitator/handout", safe(self.handout)),
            Route("/api/f/state", safe(self.screen_state)), Route("/api/f/events", safe(self.screen_events)),
            Route("/api/f/analysis", safe(self.analysis)),
            Route("/api/f/{action}", safe(self.act), methods=["POST"]),
        ]
        app = create_app(self.served(), routes=routes, templates=[TEMPLATES], static={"workshop": STATIC},
                         lang=self.lang)
        app.state.web.env.filters["script_json"] = script_json
        app.add_middleware(guard.BodyLimit)
        return app

    def served(self) -> Any:
        """The session's scenario, for the browser app's own pages (the library if its file is gone or broken)."""

        try:
            return Served([self.w.file]) if Path(self.w.file).is_file() else Served(())
        except ScenarioError:
            return Served(())


ACTIONS: dict[str, set[str]] = {
    "open-vote": {"voters"}, "close-vote": {"branch"}, "choose": {"branch"}, "draw": set(), "undo": set(),
    "back": {"step"}, "note": {"text", "node"}, "settings": {"voters", "show_values", "show_names",
                                                             "participant_notes", "rule", "alpha"}, "end": set(),
}


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
