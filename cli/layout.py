"""Tables that reflow to the terminal instead of cutting names.

A table is printed as columns when every column fits its longest word; otherwise each
row becomes a small block of "Header: value" lines, wrapped to the width. Rows can
carry a plain-text mark (e.g. "*"), which survives piping to a file or a handout,
unlike bold or dim.

`wrap` is the one way text is wrapped to the width: at spaces only, and where the text is a list of
items ("Label value · Label value"), between items, so that each item that fits a line stays whole.
"""

from __future__ import annotations

import textwrap
from typing import Any

ITEMS = " · "
_GLUE = "\x1f"  # stands in for a space that must not break while wrapping


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """`text` wrapped to `width` at spaces, never splitting a word; a list "A · B" breaks between its items
    (each item that fits a line kept whole, the dot ending the line before)."""
    room = width - max(len(initial_indent), len(subsequent_indent)) - len(ITEMS)
    items = [item.replace(" ", _GLUE) if len(item) <= room else item for item in text.split(ITEMS)]
    glued = f"{_GLUE}· ".join(items)
    return [line.replace(_GLUE, " ") for line in
            textwrap.wrap(glued, width, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                          break_long_words=False, break_on_hyphens=False)]


def whole(text: str) -> str:
    """`text` kept on one line by `wrap` (a command to type, a count with its words)."""
    return text.replace(" ", _GLUE)


def spaced(text: str) -> str:
    """Text from `whole` with its spaces back, for a line printed without `wrap`."""
    return text.replace(_GLUE, " ")


class Grid:
    """Rows under headers, printed as a table or, when too wide, as stacked records."""

    def __init__(self, title: str, headers: list[str], right: tuple[str, ...] = ()):
        self.title = title
        self.headers = headers
        self.right = right
        self.rows: list[tuple[str, list[str]]] = []

    def add(self, *cells: str, mark: str = "") -> None:
        self.rows.append((mark, [str(c) for c in cells]))

    def print(self, out: Any) -> None:
        """Print to a rich console: columns if they fit its width, else one block per row."""
        if self._fits(out.width):
            self._table(out)
        else:
            self._stacked(out)

    def _columns(self) -> list[tuple[str, list[str]]]:
        marks = [mark for mark, _ in self.rows]
        columns = [(h, [cells[k] for _, cells in self.rows]) for k, h in enumerate(self.headers)]
        return ([("", marks)] if any(marks) else []) + columns

    def _fits(self, width: int) -> bool:
        from rich.cells import cell_len

        def longest_word(texts: list[str]) -> int:
            return max((cell_len(w) for t in texts for w in t.split()), default=0)

        columns = self._columns()
        frame = 3 * len(columns) + 1
        needed = sum(max(1, longest_word([h, *cells])) for h, cells in columns)
        natural = sum(max(cell_len(t) for t in [h, *cells]) for h, cells in columns)
        # many columns squeezed into a narrow terminal read worse than stacked records
        return needed + frame <= width and (len(columns) <= 4 or natural + frame <= width * 1.5)

    def _table(self, out: Any) -> None:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(self.title), title_justify="left", min_width=min(len(self.title), out.width))
        for header, _ in self._columns():
            table.add_column(Text(header), justify="right" if header in self.right else "left", overflow="fold")
        marked = any(mark for mark, _ in self.rows)
        for mark, cells in self.rows:
            table.add_row(*(Text(c) for c in ([mark] if marked else []) + cells))
        out.print(table)

    def _stacked(self, out: Any) -> None:
        from rich.text import Text

        width = max(20, out.width)
        lines = [*textwrap.wrap(self.title, width), ""]
        for mark, cells in self.rows:
            first = f"{mark or ' '} "
            head = f"{self.headers[0]}: {cells[0]}" if self.headers[0] else cells[0]
            lines += wrap(head, width, initial_indent=first, subsequent_indent="    ")
            for header, cell in zip(self.headers[1:], cells[1:], strict=True):
                lines += wrap(f"{header}: {cell}", width, initial_indent="    ", subsequent_indent="      ")
        for line in lines:
            out.print(Text(line))
