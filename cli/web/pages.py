"""What the routes share: the served scenarios, one Jinja2 environment, the live-update hub, and the
page renderer that gives every page its nonce, language and words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from scenarios.engine.text.i18n import _

from .language import page_context
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
