"""How both apps render pages: one Jinja2 environment over an app's templates and the shared base, and a
renderer that gives every page its nonce, language and the words its scripts show.

Templates `{% extends "base.html" %}` (blocks: title, head, body_class, header, disclaimer, main,
scripts). Data for a script goes in `<script type="application/json" nonce="{{ nonce }}">` through
Jinja's own `tojson` filter, the one JSON path into a page: it escapes `<`, `>`, `&` and `'`, so
`</script>` in a label can't end the block.

A template compiled once is kept by Jinja's bytecode cache, in a folder of the user's own in the
system's temporary folder (Jinja checks that no one else can write to it), and read again by later
commands while its text is the same: compiling the handout's templates took about 0.035-0.045 s of each
`workshop report`. A cache that cannot be made, read or written is left aside.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from scenarios.engine.text.i18n import _

from .language import page_context
from .security import nonce
from .words import script_words

if TYPE_CHECKING:  # Starlette is imported by the pages served, not by a handout rendered from the command line
    from starlette.requests import Request
    from starlette.responses import HTMLResponse

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"  # base.html and error.html
STATIC = HERE / "static"  # app.css, favicon.svg, dom.js (the one DOM helper), diagram.js: at /static/


# how every template is compiled (part of the key of a compiled template kept)
OPTIONS: dict[str, Any] = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                           "undefined": jinja2.StrictUndefined}


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, in its own folder for this user in the system's temporary folder: keyed
    by the template's file, Jinja's version and the options it is compiled with, checked against its text. A file
    that cannot be read or written is passed over."""

    def __init__(self) -> None:
        kind = hashlib.sha256(f"{jinja2.__version__} {sorted(OPTIONS.items())!r}".encode()).hexdigest()[:16]
        super().__init__(pattern=f"scenarios-{kind}-%s.cache")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a file cut short or not of this Jinja: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_templates() -> CompiledTemplates | None:
    """The cache of compiled templates, or None when its folder cannot be made or is not the user's alone."""
    try:
        return CompiledTemplates()
    except (OSError, RuntimeError):
        return None


def environment(folders: Sequence[Path] = (), *, globals: Mapping[str, Any] | None = None,
                filters: Mapping[str, Callable[..., Any]] | None = None) -> jinja2.Environment:
    """An app's Jinja2 environment: its `folders`, then the shared templates; autoescape on, undefined
    names an error, `t()` for the program's words, and the app's own `globals` and `filters`."""

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*map(str, folders), str(TEMPLATES)]), bytecode_cache=compiled_templates(),
        **OPTIONS)
    env.globals.update(t=_, **(globals or {}))
    env.filters.update(filters or {})
    return env


class Pages:
    """An app's pages: its environment, and the words its scripts show (beside the shared scripts')."""

    def __init__(self, env: jinja2.Environment, words: Iterable[str] = ()):
        self.env = env
        self.words = tuple(words)

    def render(self, template: str, context: Mapping[str, Any]) -> str:
        return self.env.get_template(template).render(**context)

    def page(self, request: Request, template: str, context: Mapping[str, Any] | None = None,
             status_code: int = 200) -> HTMLResponse:
        """An HTML page with the request's CSP nonce, its language (base.html's switch) and its scripts' words.

        A page that shows a scenario passes its overview as `s` (the language switch offers the
        file's languages too); `context` may override any of these (`languages=[]`: no switch).
        """
        from starlette.responses import HTMLResponse

        context = context or {}
        shown = context.get("s")
        full = {"request": request, "nonce": nonce(request.scope), "words": script_words(self.words),
                **page_context(request.scope, request.url, shown if isinstance(shown, Mapping) else None), **context}
        return HTMLResponse(self.render(template, full), status_code=status_code)


def pages(request: Request) -> Pages:
    """The pages of the app serving `request` (set by create_app)."""
    return request.app.state.pages  # type: ignore[no-any-return]
