"""The matrix as a slide: one Graphviz HTML table, drawn to SVG or PNG like every diagram."""

from __future__ import annotations

import textwrap
from typing import Any

from scenarios.engine.analysis.matrix import cell_lines, weight_note
from scenarios.engine.output.diagrams import style
from scenarios.engine.text.i18n import _, ngettext

from .dot import MARK
from .text import dot_html

WRAP = 46          # characters per line in a cell: a slide of 3-4 columns stays readable
WIDE = 160         # the title and notes above and below the grid
MAX_OUTCOMES = 6   # outcomes listed per cell on a slide; the table and JSON list all
_CELL_FILLS = ("#eef4fb", "#fbf3e6", "#eef7ee", "#f7eef6", "#f3f3f3", "#fdf9e3")


def matrix_dot(matrix: Any, disclaimer: str) -> str:
    """DOT source of a slide: title, the grid (row labels left, column labels on top), notes below."""

    def text(value: str, size: int = 12, bold: bool = False, color: str = style.INK, wrap: int = WRAP) -> str:
        body = dot_html("\n".join(textwrap.wrap(value, wrap, break_on_hyphens=False)) or value, "LEFT")
        body = f"<B>{body}</B>" if bold else body
        return f'<FONT POINT-SIZE="{size}" COLOR="{color}">{body}</FONT>'

    ncols = len(matrix.columns.categories)
    heading = _("Matrix: {rows} × {columns}").format(rows=matrix.rows.title, columns=matrix.columns.title)
    wide = f'<TD COLSPAN="{ncols + 1}" ALIGN="LEFT" BALIGN="LEFT" BORDER="0">'
    rows = [f"<TR>{wide}{text(matrix.title, 20, True, wrap=WIDE)}</TD></TR>",
            f"<TR>{wide}{text(heading, 13, wrap=WIDE)}</TD></TR>"]
    header = [f'<TD BORDER="0" ALIGN="RIGHT" VALIGN="BOTTOM">{text(matrix.rows.title + " ↓", 11, color="#555555")}'
              f'<BR ALIGN="RIGHT"/>{text(matrix.columns.title + " →", 11, color="#555555")}</TD>']
    header += [f'<TD BGCOLOR="#e6e6e6" CELLPADDING="8">{text(c.label, 13, True)}</TD>'
               for c in matrix.columns.categories]
    rows.append("<TR>" + "".join(header) + "</TR>")
    for i, category in enumerate(matrix.rows.categories):
        cells = [f'<TD BGCOLOR="#e6e6e6" CELLPADDING="8">{text(category.label, 13, True)}</TD>']
        for j, cell in enumerate(matrix.cells[i]):
            fill = _CELL_FILLS[(i * ncols + j) % len(_CELL_FILLS)] if cell.paths else "#fafafa"
            lines = cell_lines(matrix, i, j)
            if len(lines) > MAX_OUTCOMES + 2:  # paths line, outcomes, ranges line
                hidden = len(lines) - MAX_OUTCOMES - 2
                lines = [*lines[:MAX_OUTCOMES + 1],
                         ngettext("… {count} more outcome", "… {count} more outcomes", hidden).format(count=hidden),
                         lines[-1]]
            body = text(cell.name, 12, True) + '<BR ALIGN="LEFT"/>' + text(lines[0], 11)
            body += "".join('<BR ALIGN="LEFT"/>' + text(line, 10, color="#333333") for line in lines[1:-1])
            if len(lines) > 1:
                body += '<BR ALIGN="LEFT"/>' + text(lines[-1], 9, color="#666666")
            cells.append(f'<TD BGCOLOR="{fill}" ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP" CELLPADDING="10">{body}'
                         '<BR ALIGN="LEFT"/></TD>')
        rows.append("<TR>" + "".join(cells) + "</TR>")
    for note in (disclaimer, weight_note(matrix)):
        rows.append(f'<TR>{wide}{text(note, 10, color="#555555", wrap=WIDE)}</TD></TR>')
    table = f'<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="4" COLOR="#bbbbbb">{"".join(rows)}</TABLE>'
    return (MARK + "\n" + f'digraph matrix {{\n  graph [pad="0.3" fontname="{style.FONT}" charset="UTF-8"]\n'
            f'  node [fontname="{style.FONT}"]\n  m [shape=plaintext label=<{table}>]\n}}\n')
