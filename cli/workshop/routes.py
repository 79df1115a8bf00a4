"""The workshop's routes: the pages and reads each URL answers, and the one list that maps URLs to them.

The phones' pages and reads need the participant's cookie (but joining), the big screen's
the facilitator's; the changes are the actions of actions.py.  Each handler calls the
session or a view and answers; a refusal is a 4xx with one line the page can show.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from scenarios.cli.http import maps
from scenarios.cli.http.headers import attachment
from scenarios.cli.http.language import asked
from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import _, in_language, language
from scenarios.engine.workshop import Participant, Workshop, WorkshopError, default_db_path
from scenarios.engine.workshop.notes import FACILITATOR

from .actions import ACTIONS, PARTICIPANT, Actions
from .analyst import RoomAnalysis, shown
from .auth import Auth
from .diagram import VIEWS, layout
from .events import Feed
from .guard import Refused, error_response
from .handout import handout_html
from .projector_routes import ProjectorPages
from .qr import qr_svg
from .switch import language_choices
from .views import my_view

Handler = Callable[[Request], Awaitable[Response]]
CROWD = ("/api/vote", "/api/events")  # every phone asks at one instant: answered in the crowd's lane (cli/http/lane.py)
Render = Callable[..., HTMLResponse]  # (request, template, **context): a page on the browser app's base template


class Pages:
    """The handlers of one session's pages and reads."""

    def __init__(self, workshop: Workshop, auth: Auth, feed: Feed, analysis: RoomAnalysis, render: Render,
                 join_url: str):
        self.w = workshop
        self.auth = auth
        self.feed = feed
        self.analysis = analysis
        self.render = render
        self.join_url = join_url
        self.projector = ProjectorPages(workshop, auth, feed, render, join_url)
        self.answered: dict[str | None, tuple[tuple[Any, ...], bytes]] = {}  # by part: the last analysis answer, and
        # what it depends on

    # -- participants ------------------------------------------------------------------------------------

    async def phone(self, request: Request) -> Response:
        """The join page, in the language its URL asks for (`?lang=`: remembered for a participant who has joined),
        else the participant's, else the session's; the scenario's text in it too."""
        code = request.query_params.get("code", "")[:12]
        lang = asked(request.scope)
        try:
            me: Participant | None = self.auth.participant(request)[0]
        except WorkshopError:  # not joined yet
            me = None
        if me is not None and lang and lang != me.lang:
            me = self.w.set_language(me.id, lang)
        shown = lang or (me.lang if me else None) or self.feed.lang
        voice = self.w.voice(shown)
        s = voice.scenario
        with in_language(shown):
            return self.render(request, "workshop_phone.html", code=code, title=s.title, disclaimer=s.disclaimer,
                               roles=[{"id": k, "name": a.name} for k, a in s.spec.actors.items()],
                               anonymous=self.w.settings["anonymous"], switch=True,
                               choices=language_choices(s, shown))

    async def join(self, request: Request) -> Response:
        me, token = await self.auth.join(request)
        return self.auth.admit(self.mine(me, token), token)

    async def me(self, request: Request) -> Response:
        return self.mine(*self.auth.participant(request))

    def mine(self, me: Participant, token: str) -> JSONResponse:
        """A participant's own view, in their language."""
        with in_language(me.lang or self.feed.lang):
            return JSONResponse(my_view(self.w, me, self.auth.csrf(token), self.feed.phone(me.role, me.lang)))

    async def phone_events(self, request: Request) -> Response:
        me, _token = self.auth.participant(request)
        return self.feed.phone_stream(me.role, request.client.host if request.client else "?", me.lang)

    # -- facilitator -------------------------------------------------------------------------------------

    async def login(self, request: Request) -> Response:
        """The facilitator's link: exchanged, once, for the facilitator's cookie."""
        if self.auth.is_facilitator(request):
            return RedirectResponse("/facilitator", status_code=303)  # this browser is the facilitator's already
        problem = self.auth.use_login(request.query_params.get("token", ""))
        if problem is not None:  # a link opened in a browser: a page that says why, not JSON
            refused = self.render(request, "workshop_not_facilitator.html", join_url=self.join_url, problem=problem)
            refused.status_code = 403
            return refused
        return self.auth.admit_facilitator(RedirectResponse("/facilitator", status_code=303))

    async def screen(self, request: Request) -> Response:
        try:
            key = self.auth.facilitator(request)
        except Refused:
            return self.render(request, "workshop_not_facilitator.html", join_url=self.join_url)
        try:
            state = self.feed.screen()
        except WorkshopError as exc:  # a path two servers wrote to: a page with the repair, not JSON in a browser
            if exc.kind != "conflict" or not self.w.repair(apply=False).needed:
                raise
            return self.misfit(request, key)
        w = self.w
        layout(w.scenario, "tree")  # the map the screen follows the play on: started now, fetched by the page
        map_view = await self.drawn(layout(w.scenario, "overview"))
        return self.render(request, "workshop_screen.html", csrf=self.auth.csrf(key), code=w.code,
                           choices=language_choices(w.scenario, language()),
                           join_url=self.join_url, qr=qr_svg(f"{self.join_url}?code={w.code}"), map=map_view,
                           state=state, projector=self.projector.link(),
                           anonymous=w.settings["anonymous"])

    def misfit(self, request: Request, key: str) -> Response:
        """The facilitator's page of a session whose stored path no longer fits: one button takes back the steps that
        don't (the facilitator's undo), and the terminal's `repair` is named."""
        w = self.w
        command = f"scenarios workshop repair {w.id}" + (f" --db {w.store.path}" if w.store.path != default_db_path()
                                                          else "")
        page = self.render(request, "workshop_repair.html", csrf=self.auth.csrf(key), command=command)
        page.status_code = 409
        return page

    async def drawn(self, future: Any) -> dict[str, Any]:
        """A map as the page shows it: its SVG when laid out within a moment, else the folded view and why."""
        try:
            svg, why = await maps.within(future)
        except Exception as exc:  # Graphviz missing or failing: the screen works without the map
            svg, why = None, _("The diagram is left out: {reason}").format(reason=exc)
        if svg is not None:
            return {"svg": svg}
        boxes = await asyncio.to_thread(maps.folded, self.w.scenario, {})
        return {"svg": None, "why": why, "boxes": boxes, "again": why == maps.pending_line()}

    async def screen_map(self, request: Request) -> Response:
        """One of the screen's maps (`?view=` overview, tree, or path: the path played to here), or the folded view."""
        self.auth.facilitator(request)
        view = request.query_params.get("view", "overview")
        if view not in VIEWS:
            raise UsageError(f"unknown map '{view}'")
        return JSONResponse(await self.drawn(layout(self.w.scenario, view, self.w.standing.path())))

    async def screen_state(self, request: Request) -> Response:
        self.auth.facilitator(request)
        return JSONResponse(self.feed.screen())

    async def screen_events(self, request: Request) -> Response:
        self.auth.facilitator(request)
        return self.feed.screen_stream(request.client.host if request.client else "?")

    def analysis_key(self) -> tuple[Any, ...]:
        """What the big screen's analysis answer depends on: the room's assumption sets (their generation), the rule,
        the names shown, who joined, the path played and the language."""
        w, settings = self.w, self.w.settings
        return (w.record.sets.generation, settings["rule"], settings["alpha"], settings["show_names"],
                tuple(p.id for p in w.record.participants()), tuple(st.id for st in w.standing.path()),
                bool(w.standing.position()["decision"]), language())

    async def room_analysis(self, request: Request) -> Response:
        """The room's analysis as the big screen draws it; `?part=choices` asks for the choices alone, which come in a
        tenth of the time (the thresholds follow with the whole answer). Asked again with nothing it depends on moved
        (a vote opened, a vote cast), the answer given last, at once: no question to the worker, nothing encoded while
        votes wait."""
        self.auth.facilitator(request)
        part = request.query_params.get("part")
        if part not in (None, "choices"):
            raise Refused(400, _("unknown part '{part}': ask for 'choices' or for the whole analysis").format(
                part=part))
        key = self.analysis_key()
        kept = self.answered.get(part)
        if kept is not None and kept[0] == key:
            return Response(kept[1], media_type="application/json")
        view = await self._room_analysis(part)
        answer = JSONResponse(view)
        if view.get("error") is None and self.analysis_key() == key:  # nothing moved while it was computed
            self.answered[part] = (key, bytes(answer.body))
        return answer

    async def _room_analysis(self, part: str | None) -> dict[str, Any]:
        settings = self.w.settings
        result = dict(await self.analysis.ask(settings, thresholds=part is None))
        show = settings["show_names"]
        labels = {"median": _("median set"), **{p.id: p.label(show) for p in self.w.record.participants()}}
        nodes = {k: n.label for k, n in self.w.scenario.spec.nodes.items()}
        played = [st.label for st in self.w.standing.path()]
        # each row comes with its dot plot drawn by the worker (analyst.py), which draws every threshold; the ones the
        # room straddles come once per flip and are ranked for the path here (`shown`); of the decisions, those on
        # the path played and the next one are spelled out (each set's whole play, 8 MB of JSON on mexico's 300
        # sets, is left in the worker): on mexico's 300 sets, megabytes of pickle and JSON spared the event loop
        result = shown(result, played, bool(self.w.standing.position()["decision"]))
        return {**result, "labels": labels, "node_labels": nodes, "rule": settings["rule"]}

    async def phone_handout(self, request: Request) -> Response:
        """A participant's download, once the session has ended, in their language (the facilitator's at any time, in
        the language the URL asks for)."""
        lang = language()
        if not self.auth.is_facilitator(request):
            me = self.auth.participant(request)[0]
            lang = asked(request.scope) or me.lang or lang
            if self.w.record.ended() is None:
                with in_language(lang):
                    raise Refused(409, _("the handout is ready when the facilitator ends the session"))
        return await self._handout(lang)

    async def handout(self, request: Request) -> Response:
        """The facilitator's download, in the language its form (or `?lang=`) asks for."""
        self.auth.facilitator(request)
        return await self._handout(language(), request.query_params.get("appendix") == "1")

    async def _handout(self, lang: str | None, appendix: bool = False) -> Response:
        voice = self.w.voice(lang)
        name = f"workshop-{self.w.id}{'' if voice is self.w else f'.{lang}'}.html"
        with in_language(lang):  # seconds on a large scenario: off the loop (the thread inherits the language)
            page = await run_in_threadpool(handout_html, voice, appendix)
        return HTMLResponse(page, headers={"Content-Disposition": attachment(name)})


def route_list(pages: Pages, actions: Actions) -> list[Route]:
    """Every URL of the workshop server, each refusal answered as a 4xx with its message."""
    changes = [Route(f"/api/{name}", safe(actions.handler(who, name)), methods=["POST"])
               for who, name in ACTIONS if who == PARTICIPANT]
    return [
        Route("/", safe(pages.phone)), Route("/join", safe(pages.phone)),
        Route("/api/join", safe(pages.join), methods=["POST"]), Route("/api/me", safe(pages.me)),
        *changes, Route("/api/events", safe(pages.phone_events)),
        Route("/facilitator/login", safe(pages.login)), Route("/facilitator", safe(pages.screen)),
        Route("/facilitator/handout", safe(pages.handout)), Route("/handout", safe(pages.phone_handout)),
        Route("/api/f/state", safe(pages.screen_state)), Route("/api/f/events", safe(pages.screen_events)),
        Route("/api/f/analysis", safe(pages.room_analysis)), Route("/api/f/map", safe(pages.screen_map)),
        Route("/projector", safe(pages.projector.page)), Route("/api/p/state", safe(pages.projector.state)),
        Route("/api/p/events", safe(pages.projector.events)),
        Route("/api/f/projector-link", safe(pages.projector.renew), methods=["POST"]),
        Route("/api/f/{action}", safe(actions.handler(FACILITATOR)), methods=["POST"]),
    ]


def safe(handler: Callable[[Request], Awaitable[Response]]) -> Handler:
    """`handler`, with a refusal (by the server or by the session's rules) answered as a 4xx."""
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except (Refused, UsageError) as exc:
            return error_response(exc)
    return run
