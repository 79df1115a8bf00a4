"""The workshop server: the facilitator's big screen and the participants' phone pages over one session.

Assembled from its parts: who is asking (auth.py), what each audience is sent and its
event streams (events.py), what may be changed and by whom (actions.py), the pages and
reads (routes.py) and the room's analysis (analyst.py).  Participants hold an HttpOnly,
SameSite=Strict cookie from joining with the code; the facilitator holds one from the
login link the terminal prints.  Every state change must come from this server's own
page (Origin) and carry the page's CSRF token; bodies are size-limited and participants
rate-limited.  The server computes; the pages display.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from scenarios.cli.http import create_app
from scenarios.cli.http.hosts import Hosts
from scenarios.cli.http.lane import Lane, lane_routes
from scenarios.cli.http.pages import pages
from scenarios.cli.http.streams import Streams
from scenarios.engine.text.i18n import _
from scenarios.engine.workshop import Workshop

from .actions import Actions
from .analyst import RoomAnalysis
from .auth import Auth
from .events import Feed
from .guard import Limiter, limited
from .routes import CROWD, Pages, route_list
from .templating import PAGES
from .views import NOTE

STATIC = Path(__file__).parent / "static"


class Server:
    """The routes of one session; `login_token` is the secret in the facilitator's link."""

    def __init__(self, workshop: Workshop, login_token: str, join_url: str, lang: str | None = None,
                 hosts: Hosts | None = None, say: Callable[[str], None] | None = None):
        self.w = workshop
        self.lang = lang  # the program's words on every page (the scenario's text was loaded in it)
        self.hosts = hosts  # the Host allow-list (None: an app in-process, as tests make it)
        self.auth = Auth(workshop, login_token)
        self.feed = Feed(workshop, Streams(say=say), lang)
        self.analysis = RoomAnalysis(workshop, self.feed.hub)
        self.limits = Limiter(rate=5, burst=20)  # per participant and action
        self.actions = Actions(workshop, self.auth, self.limits)
        self.pages = Pages(workshop, self.auth, self.feed, self.analysis, self.page, join_url)

    def page(self, request: Request, template: str, **context: Any) -> HTMLResponse:
        """A page on the browser app's base template (its CSP nonce, stylesheet and disclaimer bar).

        The phones and the projector switch language (`switch=True`: each reads the session in its own); the
        facilitator's screen speaks the session's language, with no switch.
        """
        switch: dict[str, Any] = {} if context.pop("switch", False) else {"languages": []}
        return pages(request).page(request, template, {"title": self.w.title, "disclaimer": self.w.scenario.disclaimer,
                                                     "note": _(NOTE), **switch, **context})

    def app(self) -> Lane:
        """The server's ASGI app: the routes over the shared app (cli/http), the body limit among its checks, and the
        routes a whole room asks at once (each vote, each phone's event stream) in the crowd's lane."""
        routes = route_list(self.pages, self.actions)
        app = create_app(routes, PAGES, static={"workshop": STATIC}, lang=self.lang, hosts=self.hosts, guards=[limited])
        return Lane(app, lane_routes(routes, CROWD))

    def close(self) -> None:
        """End the analysis worker, if one was started."""
        self.analysis.close()
