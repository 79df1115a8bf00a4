"""The first screen of an analysis: a few short sections of what a room should look at first,
each cut to a number of items with a line that says how many more there are and where they are.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from scenarios.cli.i18n import _
from scenarios.cli.layout import wrap

SCREEN = 40  # lines: the most a summary takes at 80 columns, frame included


class Brief:
    """Lines wrapped to the console's width, never cutting a word, printed at the end."""

    def __init__(self, out: Any):
        self.out = out
        self.width = max(40, out.width)
        self.lines: list[Text] = []

    def para(self, text: str, style: str = "") -> None:
        self.lines += [Text(line, style=style) for line in _wrap(text, self.width)]

    def items(self, title: str, items: list[str], most: int, more: str = "", total: int | None = None) -> None:
        """A title and its items as "- item" lines; past `most`, one line counting the rest (of `total` items, when
        only the first ones were written out)."""
        self.para(title, "bold")
        for item in items[:most]:
            self.lines += [Text(line) for line in _wrap(item, self.width, "  - ", "    ")]
        rest = (len(items) if total is None else total) - most
        if rest > 0:
            # under the items' dashes, not their text: the count is no part of the last item
            self.lines += [Text(line) for line in _wrap(more.format(count=rest), self.width, "  ", "    ")]

    def gap(self) -> None:
        self.lines.append(Text(""))

    def everything(self) -> None:
        self.para(_("Every table in full: the same command with --all"))

    def print(self) -> None:
        for line in self.lines:
            self.out.print(line)


def by_choice(picks: dict[str, str | None]) -> str:
    """ "A (expected, laplace); B (maximin)": each choice once, with the rules or groups that make it."""
    who: dict[str, list[str]] = {}
    for name, pick in picks.items():
        if pick is not None:
            who.setdefault(pick, []).append(name)
    return "; ".join(f"{pick} ({', '.join(names)})" for pick, names in who.items())


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    return wrap(text, width, initial_indent=first, subsequent_indent=rest or first) or [""]
