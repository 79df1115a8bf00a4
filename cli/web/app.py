"""The app factory: the served library, templates, static files, security headers and routes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from .language import Language
from .live import Live
from .pages import STATIC, Web
from .routes import ROUTES, not_found, server_error
from .security import SecurityHeaders
from .served import Served


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
