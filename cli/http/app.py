"""The app factory both front ends build on: their routes over the shared static files, security headers,
the request's language and error pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from .errors import not_found, server_error
from .hosts import AllowedHosts, Hosts
from .language import Language
from .pages import STATIC, Pages
from .security import ASGIApp, Receive, Scope, SecurityHeaders, Send

Lifespan = Callable[[Starlette], AbstractAsyncContextManager[None]]
Guard = Callable[[Scope, Receive], tuple[Response | None, Receive]]  # (a refusal or None, the receive to read with)


def create_app(routes: Iterable[BaseRoute], pages: Pages, *, static: Mapping[str, Path] | None = None,
               lang: str | None = None, lifespan: Lifespan | None = None, hosts: Hosts | None = None,
               guards: Sequence[Guard] = ()) -> Starlette:
    """A Starlette app serving `routes`, whose pages `pages` renders (`pages(request)` finds it).

    `static` maps a prefix to an app's own folder of scripts and styles, served at
    /static/<prefix>/...; the shared ones (app.css, favicon.svg, dom.js, diagram.js) are at
    /static/. `lang` is the language of pages whose URL asks for none (`?lang=CODE` asks; see
    language.py). Every answer carries the security headers, a refused ?lang= too. `hosts` is the
    Host allow-list (hosts.py; the servers always give one): other names are answered 421.
    `guards` are an app's own checks of each request (the workshop's body limit), run in turn
    after these, their refusals with the security headers too; a crowd's lane (lane.py) runs
    the same.
    """

    mounts: list[BaseRoute] = [Mount(f"/static/{prefix}", StaticFiles(directory=str(folder)), name=f"static-{prefix}")
                               for prefix, folder in (static or {}).items()]
    mounts.append(Mount("/static", StaticFiles(directory=str(STATIC)), name="static"))
    app = Starlette(routes=[*routes, *mounts], lifespan=lifespan,
                    exception_handlers={HTTPException: not_found, Exception: server_error})
    app.state.pages = pages
    app.state.hosts = hosts
    app.state.lang = lang
    app.state.guards = tuple(guards)
    for guard in reversed(app.state.guards):
        app.add_middleware(Guarded, guard=guard)
    app.add_middleware(Language, default=lang)
    if hosts is not None:
        app.add_middleware(AllowedHosts, hosts=hosts)
    app.add_middleware(SecurityHeaders)  # outermost: every answer carries the headers, a refused ?lang= too
    return app


class Guarded:
    """Pure ASGI middleware running one guard: its refusal, or the request with the receive it gives."""

    def __init__(self, app: ASGIApp, guard: Guard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refused, receive = self.guard(scope, receive)
            if refused is not None:
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)
