"""The library browser's app: its routes over the shared app factory (cli/http), the served library, live updates."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence

from starlette.applications import Starlette

from scenarios.cli import http

from .live import Live
from .pages import PAGES, STATIC, Web
from .routes import ROUTES
from .served import Served


def create_app(sources: Served | Sequence[str] = (), *, watch: bool = False, lang: str | None = None,
               hosts: http.Hosts | None = None) -> Starlette:
    """A Starlette app serving `sources` (a Served, or NAME|FILE|FOLDER arguments; none: the library).

    With `watch`, saved files are pushed to open pages by server-sent events. `lang` is the
    language of pages whose URL asks for none (`?lang=CODE` asks; see cli/http/language.py).
    `hosts` is the Host allow-list (cli/http/hosts.py; the server always gives one).
    """

    served = sources if isinstance(sources, Served) else Served(sources)
    live = Live(served) if watch else None

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if live is not None:
            await live.start()
        try:
            yield
        finally:
            if live is not None:
                await live.stop()

    app = http.create_app(ROUTES, PAGES, static={"web": STATIC}, lang=lang, lifespan=lifespan, hosts=hosts)
    app.state.web = Web(served, live)
    return app
