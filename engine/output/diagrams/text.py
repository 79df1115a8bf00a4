"""Escaping user text for each diagram language, so anything a person types shows literally.

DOT labels here are HTML-like (they let one node mix a bold label and a small actor
line); Graphviz expands `\\N`, `\\G`, `\\L` even inside those, so backslashes are doubled
after the HTML escape.  Mermaid decodes `#name;` entity codes, so `#` itself is encoded
first and every character its grammar cares about is written as an entity.
"""

from __future__ import annotations

import html

# Graphviz refuses an HTML-like label over 16,384 characters; titles and labels are at most
# 1,000 characters (refused at load), and any other piece of text (a guard, a list of
# effects, a note) is cut here with "…", so no label can reach that limit.
PIECE_LIMIT = 1000


def text_lines(text: str) -> list[str]:
    """User text as a drawing shows it: cut to PIECE_LIMIT characters (ending "…"), one item per line."""
    if len(text) > PIECE_LIMIT:
        text = text[:PIECE_LIMIT - 1] + "…"
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def dot_html(text: str, align: str = "CENTER") -> str:
    """User text inside a DOT HTML-like label: entities for `<>&"'`, doubled backslashes, <BR/> for newlines.

    Empty text becomes a no-break space: Graphviz rejects an empty `<B></B>`."""
    lines = text_lines(text)
    if not "".join(lines).strip():
        return "&#160;"
    return f'<BR ALIGN="{align}"/>'.join(html.escape(line, quote=True).replace("\\", "\\\\") for line in lines)


# Inside a quoted Mermaid label only these can act as syntax: `#` starts an entity code,
# `"` ends the string, `<>&` would be read as HTML, and a leading backtick makes a
# Markdown string; `%` too, since Mermaid strips `%%{...}%%` directives anywhere in the text
# before parsing.  Everything else (`; | [] {} -->`, `style`, `classDef`) is literal between the quotes.
_MERMAID = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;", "%": "#37;"}


def mermaid_text(text: str) -> str:
    """User text inside a Mermaid quoted label: entity codes for syntax characters, <br> for newlines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join("".join(_MERMAID.get(ch, ch) for ch in line) for line in lines)
