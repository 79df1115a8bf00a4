"""The Jinja2 environment of the workshop's pages: autoescape on, so every name and note shows literally."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from scenarios.engine.text.i18n import _


def script_json(value: Any) -> Markup:
    """Data for a <script type="application/json"> block: `<`, `>` and `&` escaped, so `</script>` can't end it."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("scenarios.cli.workshop", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["script_json"] = script_json
    env.filters["num"] = lambda v: "" if v is None else f"{v:.3g}" if isinstance(v, float) else str(v)
    env.filters["pct"] = lambda v: "" if v is None else f"{100 * v:.0f}%"
    env.globals["t"] = _  # the program's words in the current language, as on the browser pages
    return env
