"""Escaping user text for each diagram language, so anything a person types shows literally.

DOT labels here are HTML-like (they let one node mix a bold label and a small actor
line); Graphviz expands `\\N`, `\\G`, `\\L` even inside those, so backslashes are doubled
after the HTML escape.  Mermaid decodes `#name;` entity codes, so `#` itself is encoded
first and every character its grammar cares about is written as an entity.
"""

from __future__ import annotations

import html


def dot_html(text: str, align: str = "CENTER") -> str:
    """User text inside a DOT HTML-like label: entities for `<>&"'`, doubled backslashes, <BR/> for newlines."""
    escaped = html.escape(text, quote=True).replace("\\", "\\\\")
    lines = escaped.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return f'<BR ALIGN="{align}"/>'.join(lines)


# Inside a quoted Mermaid label only these can act as syntax: `#` starts an entity code,
# `"` ends the string, `<>&` would be read as HTML, and a leading backtick makes a
# Markdown string.  Everything else (`; % | [] {} -->`) is literal between the quotes.
_MERMAID = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}


def mermaid_text(text: str) -> str:
    """User text inside a Mermaid quoted label: entity codes for syntax characters, <br> for newlines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join("".join(_MERMAID.get(ch, ch) for ch in line) for line in lines)
