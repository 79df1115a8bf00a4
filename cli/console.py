"""The terminal: rich when it is a terminal, plain text when piped, no colour under NO_COLOR.

One width for everything printed: COLUMNS when set, else the terminal's (piped output keeps the
width of the terminal it is piped from), else 80.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from scenarios.cli.i18n import _
from scenarios.engine.text.numbers import percent
from scenarios.engine.text.wording import WEIGHT_MEANS

PIPED_WIDTH = 80


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    plain = not stream.isatty()
    return Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")) or plain,
                   highlight=False, soft_wrap=False, width=width(),
                   force_terminal=None if not plain else False, emoji=False)


def width() -> int:
    """The width to draw at: COLUMNS, else the terminal's (stdout, stderr or stdin), else 80."""
    columns = _columns()
    if columns:
        return columns
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            return max(20, os.get_terminal_size(stream.fileno()).columns)
        except (AttributeError, ValueError, OSError):
            continue
    return PIPED_WIDTH


def weight_text(weight: float | None) -> str:
    """A path weight as a percentage, or — where the path has none (see engine/numbers.py)."""

    return percent(weight)


def weight_note() -> str:
    """What a path weight is, in words a class reads right: under every table that shows one."""
    return _("Share of weight: {means}").format(means=_(WEIGHT_MEANS))


def _columns() -> int | None:
    """COLUMNS, when it is set to a usable width: piped output (a handout) then fits it too."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return columns if columns >= 20 else None
