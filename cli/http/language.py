"""The language of each request: `?lang=CODE` in the URL, else the server's `--lang` (or $SCENARIOS_LANG).

One middleware reads it and sets it for the whole request (engine.i18n.in_language), so the
program's words (templates, scripts, JSON messages, the diagram's legend) and the scenario's
text (Served.entry loads a file in the language) follow it, while another request may speak
another language at the same moment.  A malformed code is a 400; a language with no catalogue
or no text in a file falls back (English words; the file's default text), and the page says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import parse_qs

from scenarios.engine.text.i18n import LANGUAGE_PATTERN, LOCALE_DIR, _, in_language, language

from .security import ASGIApp, Receive, Scope, Send

ENDONYMS = {"en": "English", "es": "Español"}  # each language's name in itself, for the switch's tooltips


@cache
def catalogue_languages() -> tuple[str, ...]:
    """English and every language the program's words have a compiled catalogue for."""
    found = sorted(p.parent.parent.name.replace("_", "-") for p in LOCALE_DIR.glob("*/LC_MESSAGES/scenarios.mo"))
    return ("en", *[code for code in found if code != "en"])


def words_language() -> str:
    """The language of the program's words on a page: the current one where it has a catalogue, else English."""
    lang = language()
    return lang if lang in catalogue_languages() else "en"


def asked(scope: Mapping[str, Any]) -> str | None:
    """The language in the request's URL (`?lang=es`), or None."""
    state = scope.get("state") or {}
    return state.get("asked_lang")  # type: ignore[no-any-return]


def chosen(scope: Scope, default: str | None) -> tuple[str | None, str | None]:
    """The request's language (its `?lang=`, else `default`) and None, or None and why its `?lang=` is refused; noted
    in the scope's state (`asked`). The middleware's and the crowd's lane's (lane.py) one rule."""
    raw = scope.get("query_string", b"")
    given = (parse_qs(raw.decode("latin-1")).get("lang") or [""])[-1].strip() if raw else ""  # most ask none
    if given and not re.fullmatch(LANGUAGE_PATTERN, given):
        with in_language(default):
            return None, _("lang: '{code}' is not a language code; use a code such as en or es").format(code=given[:40])
    scope.setdefault("state", {})["asked_lang"] = given or None
    return given or default, None


class Language:
    """Pure ASGI middleware: each HTTP request runs in its language (see the module docstring)."""

    def __init__(self, app: ASGIApp, default: str | None = None):
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang, refused = chosen(scope, self.default)
        if refused is not None:
            await refuse(scope, send, refused)
            return
        with in_language(lang):
            await self.app(scope, receive, send)


async def refuse(scope: Scope, send: Send, message: str) -> None:
    """A 400 with `message`: JSON under /api/, else one line."""
    wants_json = str(scope.get("path", "")).startswith("/api/")
    body = json.dumps({"error": message}).encode() if wants_json else message.encode()
    kind = b"application/json" if wants_json else b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": 400,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def page_context(scope: Mapping[str, Any], url: Any, scenario: Mapping[str, Any] | None) -> dict[str, Any]:
    """What base.html needs: <html lang>, the switch's links, the ?lang= to keep in links, a fallback note.

    `url` is the request's URL (links switch its `lang` and keep the rest); `scenario` the page's
    scenario overview (facts.overview) if it shows one.
    """
    words = words_language()
    declared = tuple(scenario.get("languages") or ()) if scenario else ()
    shown = scenario.get("language") if scenario else None
    current = language() or shown or "en"
    codes = list(dict.fromkeys([*catalogue_languages(), *declared]))
    switch = [{"code": code, "name": ENDONYMS.get(code, code), "current": code == current,
               "href": str(url.include_query_params(lang=code))} for code in codes]
    note = None
    if declared and language() and language() not in declared:
        note = _("This scenario has no text in '{lang}'; it is shown in '{shown}'.").format(lang=language(),
                                                                                          shown=shown)
    given = asked(scope)
    return {"page_lang": shown or words, "languages": switch, "lang_query": f"?lang={given}" if given else "",
            "lang_note": note}
