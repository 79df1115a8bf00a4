"""The crowd's lane: the few routes a whole room asks at one instant, answered ahead of Starlette's router.

When a vote opens, 300 phones are told at once and 300 votes arrive within milliseconds.
Through the app's middleware, Starlette's error and exception layers and its router (a list
of routes tried in turn), each vote cost the server about a third more than its own checks
and write.  A lane route is answered here instead, by the very endpoint the router would
call, after the very checks every other request goes through, in the same order and each
the one function its middleware calls (so a rule is written once): the security headers
(security.secured), the Host allow-list (hosts.foreign_host, 421), the request's language
(language.chosen, 400 on a malformed `?lang=`) and the app's own guards (the workshop's
body limit, 413).  An unexpected failure is answered as the app answers one (errors.py,
500) and raised on to the server's log.  Every other request, and every other method on a
lane's path, goes to the app.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from scenarios.engine.text.i18n import in_language

from .errors import server_error
from .hosts import foreign_host
from .language import chosen, refuse
from .security import Receive, Scope, Send, secured

Endpoint = Callable[[Request], Awaitable[Response]]


class Lane:
    """Pure ASGI in front of `app` (made by create_app, whose Host list, language and guards it reads): `routes`
    maps (method, path) to the endpoint the app's router has for it (`lane_routes`)."""

    def __init__(self, app: Starlette, routes: Mapping[tuple[str, str], Endpoint]):
        self.app = app
        self.routes = dict(routes)
        self.state = app.state  # what the app's pages and checks read (its Host list, its pages)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self.routes.get((scope.get("method", ""), scope.get("path", ""))) if scope["type"] == "http" \
            else None
        if endpoint is None:
            await self.app(scope, receive, send)
            return
        send = secured(scope, send)
        hosts = self.app.state.hosts
        if hosts is not None and (refused := foreign_host(hosts, scope)) is not None:
            await refused(scope, receive, send)
            return
        lang, why = chosen(scope, self.app.state.lang)
        if why is not None:
            await refuse(scope, send, why)
            return
        for guard in self.app.state.guards:
            stopped, receive = guard(scope, receive)
            if stopped is not None:
                await stopped(scope, receive, send)
                return
        scope["app"] = self.app  # as Starlette sets it: request.app.state is the app's
        with in_language(lang):
            request = Request(scope, receive)
            try:
                response = await endpoint(request)
            except Exception as exc:  # as Starlette's outermost layer does: the app's 500, then the log
                await (await server_error(request, exc))(scope, receive, send)
                raise
            await response(scope, receive, send)


def lane_routes(routes: Sequence[BaseRoute], paths: Sequence[str]) -> dict[tuple[str, str], Endpoint]:
    """The endpoints the app's `routes` give `paths`, by (method, path); HEAD is left to the app."""
    found = {(method, route.path): route.endpoint for route in routes
             if isinstance(route, Route) and route.path in paths
             for method in route.methods or () if method != "HEAD"}
    missing = set(paths) - {path for _, path in found}
    if missing:
        raise ValueError(f"no route for {sorted(missing)}")
    return found
