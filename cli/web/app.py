"""The app factory: the served library, templates, static files, security headers and routes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from scenarios.engine.text.i18n import _

from .language import Language, page_context
from .live import Live
from .routes import ROUTES, not_found, server_error
from .security import SecurityHeaders
from .served import Served
from .words import meta_line, script_words

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


class Web:
    """What routes share: the served scenarios, the template environment, the live-update hub."""

    def __init__(self, served: Served, template_dirs: Sequence[Path] = (), live: Any = None):
        self.served = served
        self.env = environment(template_dirs)
        self.live = live

    def render(self, template: str, context: Mapping[str, Any]) -> str:
        return self.env.get_template(template).render(**context)

    def page(self, request: Request, template: str, context: Mapping[str, Any] | None = None,
             status_code: int = 200) -> HTMLResponse:
        """An HTML page with the request's CSP nonce, the list of served scenarios, and its language's words."""
        context = context or {}
        shown = context.get("s")
        full = {"request": request, "nonce": request.scope["state"]["nonce"], "served": self.served.names(),
                "live": self.live is not None, "words": script_words(),
                **page_context(request.scope, request.url, shown if isinstance(shown, Mapping) else None), **context}
        return HTMLResponse(self.render(template, full), status_code=status_code)


def environment(template_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """The pages' Jinja2 environment: autoescape on, and `t()` / `meta()` for the program's words."""

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*map(str, template_dirs), str(TEMPLATES)]),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals.update(t=_, meta=meta_line)
    return env


def web(request: Request) -> Web:
    return request.app.state.web  # type: ignore[no-any-return]


def create_app(sources: Served | Sequence[str] = (), *, routes: Iterable[BaseRoute] = (),
               templates: Sequence[Path] = (), static: Mapping[str, Path] | None = None,
               watch: bool = False, lang: str | None = None) -> Starlette:
    """A Starlette app serving `sources` (a Served, or NAME|FILE|FOLDER arguments; none: the library).

    `routes`, `templates` and `static` let another front end add its own pages (see the package
    docstring). With `watch`, saved files are pushed to open pages by server-sent events. `lang` is
    the language of pages whose URL asks for none (`?lang=CODE` asks; see language.py).
    """

    served = sources if isinstance(sources, Served) else Served(sources)
    live = Live(served) if watch else None
    mounts: list[BaseRoute] = [Mount(f"/static/{prefix}", StaticFiles(directory=str(folder)), name=f"static-{prefix}")
                               for prefix, folder in (static or {}).items()]
    mounts.append(Mount("/static", StaticFiles(directory=str(STATIC)), name="static"))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if live is not None:
            await live.start()
        try:
            yield
        finally:
            if live is not None:
                await live.stop()

    app = Starlette(routes=[*routes, *ROUTES, *mounts], lifespan=lifespan,
                    exception_handlers={HTTPException: not_found, Exception: server_error})
    app.state.web = Web(served, templates, live)
    app.add_middleware(Language, default=lang)
    app.add_middleware(SecurityHeaders)  # outermost: every answer carries the headers, a refused ?lang= too
    return app
