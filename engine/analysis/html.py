"""HTML tables for analysis records, so a notebook shows a result as a table, not a dataclass repr.

Every record with `to_dict()` gets `_repr_html_` from HtmlView: mappings become two-column
tables, lists of like mappings become tables with a header row, long lists are cut with
a count of what is left out; all text is escaped.
"""

from __future__ import annotations

import html
from typing import Any

ROWS = 200  # rows shown per list before "… N more"


def html_table(value: Any) -> str:
    """`value` (the JSON shape of a record) as HTML."""
    if isinstance(value, dict):
        rows = "".join(f"<tr><th style='text-align:left'>{html.escape(str(k))}</th><td>{html_table(v)}</td></tr>"
                       for k, v in value.items())
        return f"<table>{rows}</table>"
    if isinstance(value, list | tuple):
        shown, more = list(value[:ROWS]), len(value) - ROWS
        tail = f"<p>… {more:,} more</p>" if more > 0 else ""
        if shown and all(isinstance(v, dict) for v in shown):
            keys = list(dict.fromkeys(k for v in shown for k in v))
            head = "".join(f"<th>{html.escape(str(k))}</th>" for k in keys)
            body = "".join("<tr>" + "".join(f"<td>{html_table(v.get(k, ''))}</td>" for k in keys) + "</tr>"
                           for v in shown)
            return f"<table><tr>{head}</tr>{body}</table>{tail}"
        return html.escape(", ".join(_scalar(v) for v in shown)) + tail
    return html.escape(_scalar(value))


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, dict | list | tuple):
        return str(value)
    return str(value)


class HtmlView:
    """Gives a record with `to_dict()` an HTML table view in Jupyter."""

    def _repr_html_(self) -> str:
        return html_table(self.to_dict())  # type: ignore[attr-defined]
