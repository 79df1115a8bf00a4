"""`scenarios render NAME -f html`: one self-contained page to share, open from a USB stick offline.

The diagram (inline SVG), the node panel with sources, and the path table with a text and
outcome filter, all at the file's stated assumptions.  Styles, scripts and data are inline
(nothing is fetched), under a Content-Security-Policy whose only scripts carry this file's nonce.
The scenario's text is in the language it was loaded in and the program's words in the one
the command speaks (`--lang`, $SCENARIOS_LANG), the scripts' words included.
"""

from __future__ import annotations

import itertools
import secrets
from typing import Any

from scenarios import engine
from scenarios.cli.http.language import words_language
from scenarios.cli.http.pages import STATIC as SHARED
from scenarios.cli.http.words import script_words
from scenarios.engine.output.diagrams import overview_boxes
from scenarios.engine.output.diagrams.images import STAMP

from . import facts
from .pages import PAGES, STATIC
from .query import Query
from .words import SCRIPT

EXPORT_LIMIT = 5000  # paths listed in the file; beyond that it says how many more there are
SCRIPTS = (SHARED / "dom.js", SHARED / "diagram.js", STATIC / "export.js")


def html(scenario: Any, assumptions: dict[str, float] | None = None) -> bytes:
    """The page for `scenario` at its stated assumptions (with `assumptions` changed), as UTF-8 bytes."""

    q = Query(assumptions=dict(assumptions or {}))
    svg = engine.render(scenario, "svg", assumptions=q.assumptions).decode("utf-8")
    svg = svg[svg.index("<svg"):]
    summary = facts.summary(scenario, q)
    total = summary["path_count"]
    rows = [facts.row(scenario, p) for p in itertools.islice(scenario.paths(q.assumptions), EXPORT_LIMIT)]
    outcomes = [{"id": o["node"], "label": o["label"], "paths": o["paths"]} for o in summary["outcomes"]]
    data = {"name": scenario.name, "nodes": facts.nodes(scenario), "shares": facts.shares(scenario, q),
            "paths": rows, "total": total, "outcomes": outcomes, "phases": overview_boxes(scenario, q.assumptions)}
    page = PAGES.render("export.html", {
        "page_lang": scenario.language or words_language(), "words": script_words(SCRIPT), "lang_note": None,
        "s": facts.overview(scenario), "svg": svg, "data": data, "nonce": secrets.token_urlsafe(18), "stamp": STAMP,
        "css": (SHARED / "app.css").read_text(encoding="utf-8"),
        "scripts": [path.read_text(encoding="utf-8") for path in SCRIPTS],
        "changed": ", ".join(f"{k} = {v:g}" for k, v in q.assumptions.items()), "limit": EXPORT_LIMIT})
    return page.encode("utf-8")
