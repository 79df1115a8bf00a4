"""The terminal: rich when it is a terminal, plain text when piped, no colour under NO_COLOR."""

from __future__ import annotations

import os
import sys
from typing import Any

from scenarios.engine.text.numbers import percent


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    plain = not stream.isatty()
    return Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")) or plain,
                   highlight=False, soft_wrap=False, width=_columns() or (None if not plain else 120),
                   force_terminal=None if not plain else False, emoji=False)


def weight_text(weight: float | None) -> str:
    """A path weight as a percentage, or — where the path has none (see engine/numbers.py)."""

    return percent(weight)


def _columns() -> int | None:
    """COLUMNS, when it is set to a usable width: piped output (a handout) then fits it too."""
    try:
        width = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return width if width >= 20 else None
