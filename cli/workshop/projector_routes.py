"""The projector's routes: its page, state and event stream (by the projector's key), and the facilitator's renewal
of its link; the routes themselves are listed in routes.py with the others."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from scenarios.cli.http.language import asked
from scenarios.engine.text.i18n import language
from scenarios.engine.workshop import Workshop

from .auth import Auth
from .events import Feed
from .guard import Refused
from .qr import qr_svg
from .switch import language_choices


class ProjectorPages:
    """The handlers of one session's projector."""

    def __init__(self, workshop: Workshop, auth: Auth, feed: Feed, render: Callable[..., HTMLResponse], join_url: str):
        self.w = workshop
        self.auth = auth
        self.feed = feed
        self.render = render
        self.join_url = join_url

    def link(self) -> dict[str, str]:
        url = f"{self.join_url.removesuffix('/join')}/projector?key={self.auth.projector_key}"
        return {"url": url, "qr": qr_svg(url)}

    async def page(self, request: Request) -> Response:
        try:
            self.auth.projector(request)
        except Refused as exc:
            page = self.render(request, "workshop_projector_gone.html", problem=exc.message)
            page.status_code = 403
            return page
        s = self.w.voice(language()).scenario  # the page's language (its switch, `?lang=`), the scenario's text too
        return self.render(request, "workshop_projector.html", key=self.auth.projector_key, lang=asked(request.scope),
                           title=s.title, disclaimer=s.disclaimer, room_langs=[
                               {**c, "href": str(request.url.include_query_params(lang=c["code"]))}
                               for c in language_choices(s, language())],
                           qr=qr_svg(f"{self.join_url}?code={self.w.code}"),
                           state=self.feed.projector(self.join_url, language()))

    async def state(self, request: Request) -> Response:
        self.auth.projector(request)
        return JSONResponse(self.feed.projector(self.join_url, language()))

    async def events(self, request: Request) -> Response:
        self.auth.projector(request)
        key = request.query_params.get("key", "")
        return self.feed.projector_stream(self.join_url, lambda: self.auth.projector_valid(key),
                                          request.client.host if request.client else "?", language())

    async def renew(self, request: Request) -> Response:
        """The facilitator's: a new projector link; the old one, and any screen showing it, stops."""
        holder = self.auth.facilitator(request)
        self.auth.check_csrf(request, holder)
        self.auth.renew_projector()
        self.feed.hub.notify("people")  # wake the projector's stream, which then ends
        return JSONResponse({"ok": True, "result": self.link()})
