"""The workshop's pages: its templates over the shared base and environment (cli/http/pages.py), the
decision rules the settings offer, the handout's number filters, and the words its scripts show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scenarios.cli.http.pages import Pages, environment
from scenarios.engine.analysis.facts import rule_choices

from .words import SCRIPT

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"  # the workshop's own scripts and styles, at /static/workshop/


def num(value: Any) -> str:
    """A number in a handout table: three significant digits for a float."""
    return "" if value is None else f"{value:.3g}" if isinstance(value, float) else str(value)


def pct(value: float | None) -> str:
    """A share in a handout table, as a whole percentage."""
    return "" if value is None else f"{100 * value:.0f}%"


PAGES = Pages(environment([TEMPLATES], globals={"rules": rule_choices()}, filters={"num": num, "pct": pct}),
              words=SCRIPT)
