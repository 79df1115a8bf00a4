"""DOT text of a diagram: pure data, built with the graphviz package, no `dot` program needed.

Labels are HTML-like so one node can carry a bold label and a small coloured actor line;
all user text goes through `text.dot_html`.  Long labels wrap at spaces (words are never
cut), so a slide stays compact without changing what the author wrote.
"""

from __future__ import annotations

import textwrap
from typing import Any

from scenarios.engine import stamps
from scenarios.engine.output.diagrams import style
from scenarios.engine.text.dates import date_in_words
from scenarios.engine.text.i18n import _

from .diagram import DEdge, Diagram, DNode
from .text import dot_html

NODE_WIDTH = 26   # characters per line before a node label wraps
EDGE_WIDTH = 24
MARK = stamps.FIRST_LINES[0]


def _wrap(text: str, width: int) -> str:
    lines = []
    for line in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""])
    return "\n".join(lines)


def _small(text: str, color: str, italic: bool = False, width: int = EDGE_WIDTH + 6) -> str:
    body = dot_html(_wrap(text, width))
    if italic:
        body = f"<I>{body}</I>"
    return f'<FONT POINT-SIZE="10" COLOR="{color}">{body}</FONT>'


def _node_attrs(d: Diagram, n: DNode) -> dict[str, str]:
    ink = style.FADED_INK if n.faded else style.INK
    label = f"<B>{dot_html(_wrap(n.label, NODE_WIDTH))}</B>" if n.kind != "stub" else \
        f"<I>{dot_html(n.label)}</I>"
    attrs = {"fontcolor": ink}
    if n.kind == "decision":
        s = d.actors.get(n.actor or "")
        line, fill, actor_ink = (s.line, s.fill, s.ink) if s else (style.INK, "#ffffff", style.INK)
        if n.actor_name:
            label += "<BR/>" + _small(n.actor_name, style.FADED_INK if n.faded else actor_ink)
        attrs.update(shape="box", style="filled", fillcolor="#fafafa" if n.faded else fill,
                     color=style.FADED if n.faded else line, penwidth="2")
    elif n.kind == "chance":
        if n.actor_name:
            s = d.actors.get(n.actor or "")
            label += "<BR/>" + _small(n.actor_name, style.FADED_INK if n.faded or not s else s.ink)
        attrs.update(shape="ellipse", style="filled", fillcolor="#fafafa" if n.faded else style.CHANCE_FILL,
                     color=style.FADED if n.faded else "#555555", penwidth="1.2")
    elif n.kind == "outcome":
        attrs.update(shape="box", style="rounded,filled", peripheries="2",
                     fillcolor="#fafafa" if n.faded else style.OUTCOME_FILL,
                     color=style.FADED if n.faded else style.OUTCOME_LINE, penwidth="1.2")
    else:
        attrs.update(shape="box", style="dashed,rounded", color=style.FADED if n.faded else "#888888",
                     fontcolor=style.FADED_INK if n.faded else "#555555")
    if n.note:
        label += "<BR/>" + _small(n.note, style.FADED_INK if n.faded else "#555555")
    if n.sources:
        label += "<BR/>" + _small(n.sources, style.FADED_INK if n.faded else "#555555", italic=True)
    if n.emphasized:
        attrs.update(penwidth="3.5", color=style.EMPHASIS)
    attrs["label"] = f"<{label}>"
    attrs["id"] = f"n:{n.id}"  # stable SVG ids, so a page can find and highlight a node
    return attrs


def edge_detail(e: DEdge) -> str:
    """The small line under a branch label: its weight and guard."""
    return " · ".join(p for p in (e.share, e.guard) if p)


def detail_lines(e: DEdge) -> list[str]:
    """The detail as the drawing wraps it, one entry per drawn line (so a page can update it in place)."""
    detail = edge_detail(e)
    return _wrap(detail, EDGE_WIDTH + 6).splitlines() if detail else []


def _edge_text(e: DEdge, bullet: bool = False) -> str:
    grey = style.FADED_INK if e.faded else "#555555"
    label = dot_html(_wrap(e.label, EDGE_WIDTH))
    if bullet:
        ink = style.EMPHASIS if e.emphasized else (style.FADED_INK if e.faded else style.INK)
        label = f'<FONT COLOR="{ink}">• {label}</FONT>'
    parts = [label]
    detail = edge_detail(e)
    if detail:
        parts.append(_small(detail, grey))
    if e.effects:
        parts.append(_small(e.effects, grey, italic=True))
    if e.signposts:
        parts.append(_small(e.signposts, style.SIGNPOST_INK if not e.faded else grey))
    if e.sources:
        parts.append(_small(e.sources, grey, italic=True))
    return "<BR/>".join(parts)


def _edge_attrs(edges: list[DEdge]) -> dict[str, str]:
    """One DOT edge per pair of nodes: Graphviz overlaps the labels of parallel edges, so they are stacked."""
    faded = all(e.faded for e in edges)
    label = _edge_text(edges[0]) if len(edges) == 1 else '<BR/>'.join(_edge_text(e, True) for e in edges)
    attrs = {"label": f"<{label}>", "fontcolor": style.FADED_INK if faded else style.INK,
             "color": style.FADED if faded else "#444444"}
    if any(e.emphasized for e in edges):
        attrs.update(color=style.EMPHASIS, penwidth="3", fontcolor=style.EMPHASIS)
    attrs["id"] = f"e:{edges[0].source}:{edges[0].target}"
    return attrs


def _title(d: Diagram) -> str:
    rows = [f'<FONT POINT-SIZE="20"><B>{dot_html(d.title, "LEFT")}</B></FONT>']
    if d.as_of:
        as_of = _("As of {date}").format(date=date_in_words(d.as_of))
        rows.append(f'<FONT POINT-SIZE="11">{dot_html(as_of, "LEFT")}</FONT>')
    rows.append(f'<FONT POINT-SIZE="11"><I>{dot_html(d.disclaimer, "LEFT")}</I></FONT>')
    rows.extend(f'<FONT POINT-SIZE="11" COLOR="#555555">{dot_html(note, "LEFT")}</FONT>' for note in d.notes)
    return "<" + "".join(f'{row}<BR ALIGN="LEFT"/>' for row in rows) + ">"


def _legend(g: Any, d: Diagram, fixed: bool = False) -> None:
    """A row of real sample nodes, so each shape and colour is learned from the thing itself.

    With `fixed` (the engine's layered layout), the row is placed above the map's first column."""
    samples = [(sample.id, _node_attrs(d, sample)) for sample in d.legend_samples()]
    if any(e.emphasized for e in d.edges):
        highlighted = dot_html("━━ " + _("highlighted"))
        samples.append(("legend-highlight", {"shape": "plaintext", "label": f"<{highlighted}>",
                                              "fontcolor": style.EMPHASIS}))
    with g.subgraph(name="cluster_legend") as legend:
        title = dot_html(_("Legend"))
        legend.attr(label=f"<<B>{title}</B>>", labeljust="l", style="rounded", color="#bbbbbb",
                    fontcolor="#555555", fontsize="11")
        for i, (node_id, attrs) in enumerate(samples):
            at = {"pos": f"{80 + 170 * i},90!"} if fixed else {}
            legend.node(node_id, **{**attrs, "fontsize": "10", "margin": "0.06,0.03", **at})
        legend.attr(rank="same")  # one rank: a column beside the start in LR, a row above it in TB


def dot_source(d: Diagram, name: str = "scenario", legend: bool = True,
               positions: dict[str, tuple[float, float]] | None = None) -> str:
    """The DOT text; with `positions` (points, from layered.positions) every node is pinned for `neato -n2`."""
    import graphviz

    g = graphviz.Digraph(name, comment=None)
    g.attr(rankdir=d.direction, label=_title(d), labelloc="t", labeljust="l", fontname=style.FONT,
           newrank="true", nodesep="0.25", ranksep="0.45", pad="0.3", charset="UTF-8")
    g.attr("node", fontname=style.FONT, fontsize="12", margin="0.12,0.06")
    g.attr("edge", fontname=style.FONT, fontsize="11", arrowsize="0.7")
    if positions is not None:  # laid out here: Graphviz only draws, with straight edges
        g.attr(splines="line", outputorder="edgesfirst")

    def node(sub: Any, n: DNode) -> None:
        at = {"pos": "{:.0f},{:.0f}!".format(*positions[n.id])} if positions is not None else {}
        sub.node(n.id, **_node_attrs(d, n), **at)
    by_phase: dict[str, list[DNode]] = {}
    for n in d.nodes:
        if n.phase:
            by_phase.setdefault(n.phase, []).append(n)
        else:
            node(g, n)
    for i, phase in enumerate(d.phases):
        with g.subgraph(name=f"cluster_{i}") as c:
            c.attr(label=f"<<B>{dot_html(phase)}</B>>", labeljust="l", style="rounded,dashed", id=f"phase:{i}",
                   color="#b0b0b0", fontcolor="#555555", fontsize="12")
            for n in by_phase.get(phase, []):
                node(c, n)
    outcomes = [n.id for n in d.nodes if n.kind == "outcome"]
    if len(outcomes) > 1:  # every end of the story in the last column (row, in TB), as in a decision tree
        with g.subgraph() as ends:
            ends.attr(rank="max")
            for nid in outcomes:
                ends.node(nid)
    pairs: dict[tuple[str, str], list[DEdge]] = {}
    for e in d.edges:
        pairs.setdefault((e.source, e.target), []).append(e)
    for (source, target), edges in pairs.items():
        g.edge(source, target, **_edge_attrs(edges))
    if legend:
        _legend(g, d, positions is not None)
    return MARK + "\n" + g.source
