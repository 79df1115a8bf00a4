"""A stand-in for Graphviz's `dot -Tsvg`, for tests on machines without Graphviz.

It reads the DOT the renderers write and draws a plain SVG shaped like dot's own: the
graph's label lines as `<text>` under the top group, then one `<g id=… class="cluster|node|edge">`
per cluster, node and edge, each with its `<title>` and its label lines as `<text>`, escaped as
dot escapes them (`-` as `&#45;`).  No layout: boxes stacked in a column.  Assertions on ids,
words and escaping hold; assertions on positions, fonts or sizes need the real `dot`
(mark those tests `graphviz`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from itertools import pairwise

from scenarios.engine.errors import RuntimeFailure

_TOKEN = re.compile(r"""
    (?P<space>\s+|//[^\n]*|/\*.*?\*/|^\#[^\n]*)
  | (?P<quoted>"(?:[^"\\]|\\.)*")
  | (?P<arrow>->|--)
  | (?P<punct>[{}\[\]=;,:])
  | (?P<word>[^\W\d]\w*|-?(?:\.\d+|\d+(?:\.\d*)?))
  | (?P<html><)
""", re.X | re.S | re.M)


@dataclass
class _Item:
    kind: str  # "node", "edge" or "cluster"
    name: str  # an edge's is its SVG title, `A&#45;&gt;B`
    attrs: dict[str, str] = field(default_factory=dict)


def _tokens(source: str) -> list[tuple[str, str]]:
    """(kind, text) pairs; an HTML-like label `<...>` (balanced angle brackets) is one token."""
    out: list[tuple[str, str]] = []
    at = 0
    while at < len(source):
        found = _TOKEN.match(source, at)
        if not found:
            raise ValueError(f"stand-in dot: cannot read DOT at {source[at:at + 30]!r}")
        kind = found.lastgroup or ""
        if kind == "html":
            depth, end = 0, at
            while True:
                depth += {"<": 1, ">": -1}.get(source[end], 0)
                end += 1
                if depth == 0:
                    break
            out.append(("html", source[at + 1:end - 1]))
            at = end
            continue
        if kind != "space":
            text = found.group(kind)
            out.append((kind, text[1:-1].replace('\\"', '"') if kind == "quoted" else text))
        at = found.end()
    return out


def _parse(source: str) -> tuple[str, dict[str, str], list[_Item]]:
    """The graph's name, its own attributes and its clusters, nodes and edges in order."""
    tokens = _tokens(source)
    items: list[_Item] = []
    nodes: dict[str, _Item] = {}
    graph: dict[str, str] = {}
    stack: list[dict[str, str]] = []
    name = ""
    i = 0

    def attrs(i: int) -> tuple[dict[str, str], int]:
        found: dict[str, str] = {}
        while i < len(tokens) and tokens[i][1] == "[":
            i += 1
            while tokens[i][1] != "]":
                if tokens[i][1] in (",", ";"):
                    i += 1
                    continue
                key = tokens[i][1]
                value = tokens[i + 2]
                found[key] = value[1] if value[0] != "html" else "<" + value[1] + ">"
                i += 3
            i += 1
        return found, i

    while i < len(tokens):
        kind, text = tokens[i]
        if text in ("digraph", "graph", "strict") and not stack and kind == "word":
            i += 1
            if tokens[i][1] in ("digraph", "graph"):
                i += 1
            if tokens[i][1] != "{":
                name = tokens[i][1]
                i += 1
            continue
        if text == "subgraph":
            sub = tokens[i + 1][1] if tokens[i + 1][1] != "{" else ""
            cluster = _Item("cluster", sub)
            if sub.startswith("cluster"):
                items.append(cluster)
            stack.append(cluster.attrs)
            i += 3 if sub else 2
            continue
        if text == "{":
            stack.append(graph if not stack else {})
            i += 1
            continue
        if text == "}":
            stack.pop()
            i += 1
            continue
        if text in (";", ","):
            i += 1
            continue
        if text in ("node", "edge") and kind == "word" and tokens[i + 1][1] == "[":
            _, i = attrs(i + 1)
            continue
        if text == "graph" and kind == "word" and tokens[i + 1][1] == "[":
            found, i = attrs(i + 1)
            stack[-1].update(found)
            continue
        if i + 1 < len(tokens) and tokens[i + 1][1] == "=":
            value = tokens[i + 2]
            stack[-1][text] = value[1] if value[0] != "html" else "<" + value[1] + ">"
            i += 3
            continue
        chain = [text]
        i += 1
        while i < len(tokens) and tokens[i][0] == "arrow":
            chain.append(tokens[i + 1][1])
            i += 2
        found, i = attrs(i)
        if len(chain) == 1:
            if chain[0] in nodes:
                nodes[chain[0]].attrs.update(found)
            else:
                nodes[chain[0]] = _Item("node", chain[0], found)
                items.append(nodes[chain[0]])
            continue
        for a, b in pairwise(chain):
            for end in (a, b):
                if end not in nodes:
                    nodes[end] = _Item("node", end)
                    items.append(nodes[end])
            items.append(_Item("edge", f"{_esc(a)}&#45;&gt;{_esc(b)}", dict(found)))
    return name, graph, items


def _lines(label: str | None, name: str) -> list[str]:
    """A label's lines as dot would print them: HTML-like labels split at <BR/>, tags dropped."""
    if not label:
        return [name] if name else []
    if label.startswith("<") and label.endswith(">"):
        parts = re.split(r"<BR[^>]*/?>", label[1:-1], flags=re.I)
        lines = [html.unescape(re.sub(r"<[^>]*>", "", part)) for part in parts]
    else:
        lines = re.split(r"\\[nlr]", label.replace("\\N", name))
    return [line for line in lines if line.strip()]


def _esc(text: str) -> str:
    """Text as dot escapes it in SVG: XML's five characters, and `-` as `&#45;`."""
    return html.escape(text, quote=True).replace("&#x27;", "&#39;").replace("-", "&#45;")


def svg(source: str) -> bytes:
    """A small valid SVG of the DOT text, in dot's shape (see the module's docstring)."""
    name, graph, items = _parse(source)
    out: list[str] = []
    y = 20

    def texts(lines: list[str], x: int, size: str) -> None:
        nonlocal y
        for line in lines:
            out.append(f'<text text-anchor="start" x="{x}" y="{y}" font-family="Helvetica,sans-Serif" '
                       f'font-size="{size}">{_esc(line)}</text>')
            y += 14

    texts(_lines(graph.get("label"), ""), 8, "11.00")
    counts = {"node": 0, "edge": 0, "cluster": 0}
    for item in items:
        counts[item.kind] += 1
        ident = item.attrs.get("id") or {"node": "node", "edge": "edge", "cluster": "clust"}[item.kind] + \
            str(counts[item.kind])
        title = item.name if item.kind == "edge" else _esc(item.name)  # an edge's name is escaped already
        out.append(f'<g id="{_esc(ident)}" class="{item.kind}">')
        out.append(f"<title>{title}</title>")
        top = y
        y += 6
        texts(_lines(item.attrs.get("label"), item.name if item.kind == "node" else ""), 16, "12.00")
        out.append(f'<polygon fill="none" stroke="black" points="8,{top} 400,{top} 400,{y} 8,{y} 8,{top}"/>')
        out.append("</g>")
        y += 8
    height = y + 20
    head = (f'<svg width="420pt" height="{height}pt" viewBox="0.00 0.00 420.00 {height}.00" '
            'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
            f'<g id="graph0" class="graph">\n<title>{_esc(name)}</title>\n')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Drawn by a stand-in for dot -->\n'
            + head + "\n".join(out) + "\n</g>\n</svg>\n").encode("utf-8")


def run_dot(source: str, fmt: str, layout: str = "dot") -> bytes:
    """The stand-in for `graphviz_run.run_dot`: SVG only; PNG and PDF fail as without Graphviz."""
    if fmt != "svg":
        raise RuntimeFailure(f"Graphviz is not installed, and {fmt.upper()} needs its `dot` program "
                             "(the tests' stand-in draws SVG only)")
    return svg(source)
