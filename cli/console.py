"""The terminal: rich when it is a terminal, plain text when piped, no colour under NO_COLOR."""

from __future__ import annotations

import os
import sys
from typing import Any


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    plain = not stream.isatty()
    return Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")) or plain,
                   highlight=False, soft_wrap=False, width=None if not plain else 120,
                   force_terminal=None if not plain else False, emoji=False)


def weight_text(weight: float | None) -> str:
    """A path weight as a percentage, or — where the path has none."""
    if weight is None:
        return "—"
    return f"{weight:.1%}" if weight >= 0.001 else f"{weight:.2e}"
