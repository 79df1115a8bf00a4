"""The library browser's pages: its templates over the shared base (cli/http), and what its routes share:
the served scenarios and the live-update hub."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from scenarios.cli.http.pages import Pages, environment, pages

from .live import Live
from .served import Served
from .words import SCRIPT, meta_line

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"  # the browser's own scripts, at /static/web/

PAGES = Pages(environment([TEMPLATES], globals={"meta": meta_line}), words=SCRIPT)


class Web:
    """What routes share: the served scenarios, and the live-update hub when files are watched."""

    def __init__(self, served: Served, live: Live | None = None):
        self.served = served
        self.live = live


def web(request: Request) -> Web:
    return request.app.state.web  # type: ignore[no-any-return]


def page(request: Request, template: str, context: Mapping[str, Any] | None = None,
         status_code: int = 200) -> HTMLResponse:
    """A page of the browser (see cli/http/pages.py), told whether saved files reach open pages."""
    return pages(request).page(request, template, {"live": web(request).live is not None, **(context or {})},
                               status_code)
