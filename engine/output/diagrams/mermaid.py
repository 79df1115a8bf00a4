"""Mermaid flowchart text of a diagram, for Markdown pages, wikis and slides that render Mermaid.

Node ids are generated (`n0`, `n1`, …) so a scenario id that is a Mermaid keyword
(`end`, `graph`, `subgraph`) or starts like an arrow head (`o`, `x`) can't break the
grammar; all user text goes through `text.mermaid_text`.
"""

from __future__ import annotations

from scenarios.engine import stamps
from scenarios.engine.output.diagrams import style
from scenarios.engine.text.dates import date_in_words
from scenarios.engine.text.i18n import _

from .diagram import DEdge, Diagram, DNode
from .text import mermaid_text

MARK = stamps.FIRST_LINES[1]
_SHAPES = {"decision": ('["', '"]'), "chance": ('(["', '"])'), "outcome": ('[["', '"]]'), "stub": ('["', '"]')}


def _node_style(d: Diagram, n: DNode) -> str:
    if n.faded:
        return f"fill:#fafafa,stroke:{style.FADED},color:{style.FADED_INK}"
    if n.kind == "decision":
        s = d.actors.get(n.actor or "")
        fill, line = (s.fill, s.line) if s else ("#ffffff", style.INK)
        base = f"fill:{fill},stroke:{line},stroke-width:2px,color:{style.INK}"
    elif n.kind == "chance":
        base = f"fill:{style.CHANCE_FILL},stroke:#555555,color:{style.INK}"
    elif n.kind == "outcome":
        base = f"fill:{style.OUTCOME_FILL},stroke:{style.OUTCOME_LINE},color:{style.INK}"
    else:
        base = "fill:#ffffff,stroke:#888888,stroke-dasharray:4 3,color:#555555"
    if n.emphasized:
        base = base.replace("stroke-width:2px,", "") + f",stroke:{style.EMPHASIS},stroke-width:3.5px"
    return base


def _label(n: DNode) -> str:
    text = f"<b>{mermaid_text(n.label)}</b>" if n.kind != "stub" else f"<i>{mermaid_text(n.label)}</i>"
    if n.actor_name:
        text += f"<br><i>{mermaid_text(n.actor_name)}</i>"
    if n.note:
        text += f"<br><small>{mermaid_text(n.note)}</small>"
    if n.sources:
        text += f"<br><small><i>{mermaid_text(n.sources)}</i></small>"
    return text


def _edge_label(e: DEdge) -> str:
    parts = [mermaid_text(e.label)]
    detail = " · ".join(p for p in (e.share, e.guard) if p)
    if detail:
        parts.append(f"<small>{mermaid_text(detail)}</small>")
    if e.effects:
        parts.append(f"<small><i>{mermaid_text(e.effects)}</i></small>")
    if e.signposts:
        parts.append(f"<small>{mermaid_text(e.signposts)}</small>")
    if e.sources:
        parts.append(f"<small><i>{mermaid_text(e.sources)}</i></small>")
    return "<br>".join(parts)


class _Writer:
    def __init__(self, d: Diagram):
        self.d = d
        self.ids: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self.lines: list[str] = []

    def node(self, n: DNode, indent: str = "    ") -> None:
        mid = self.ids.setdefault(n.id, f"n{len(self.ids)}")
        css = _node_style(self.d, n)
        cls = self.classes.setdefault(css, f"c{len(self.classes)}")
        left, right = _SHAPES[n.kind]
        self.lines.append(f"{indent}{mid}{left}{_label(n)}{right}:::{cls}")


def mermaid_source(d: Diagram, legend: bool = True) -> str:
    w = _Writer(d)
    # The title goes in a node, not front matter: Mermaid passes a front-matter title through an
    # HTML sanitizer that would eat `<title>`-like text, while node labels decode entities exactly.
    out = [MARK, f"flowchart {d.direction}"]
    heading = [f"<b>{mermaid_text(d.title)}</b>"]
    if d.as_of:
        heading.append(mermaid_text(_("As of {date}").format(date=date_in_words(d.as_of))))
    info = "<br>".join([*heading, f"<i>{mermaid_text(d.disclaimer)}</i>", *(mermaid_text(n) for n in d.notes)])
    out.append(f'    info["{info}"]:::info')
    for n in d.nodes:
        if not n.phase:
            w.node(n)
    for i, phase in enumerate(d.phases):
        w.lines.append(f'    subgraph p{i}["{mermaid_text(phase)}"]')
        for n in d.nodes:
            if n.phase == phase:
                w.node(n, "        ")
        w.lines.append("    end")
    links = []
    for e in d.edges:
        w.lines.append(f'    {w.ids[e.source]} -->|"{_edge_label(e)}"| {w.ids[e.target]}')
        if e.emphasized:
            links.append(f"stroke:{style.EMPHASIS},stroke-width:3px")
        elif e.faded:
            links.append(f"stroke:{style.FADED}")
        else:
            links.append("")
    # Invisible links from the title block to each first node anchor it at the head of the flow
    # (left in LR, top in TB); they come after the edges so linkStyle numbers stay as they are.
    targets = {e.target for e in d.edges}
    roots = [w.ids[n.id] for n in d.nodes if n.id not in targets][:8] or [w.ids[n.id] for n in d.nodes[:1]]
    w.lines.extend(f"    info ~~~ {root}" for root in roots)
    if legend:
        _legend(w)
    out.extend(w.lines)
    out.append("    classDef info fill:#ffffff,stroke:#ffffff,color:#333333,text-align:left")
    out.extend(f"    classDef {cls} {css}" for css, cls in w.classes.items())
    out.extend(f"    linkStyle {i} {css}" for i, css in enumerate(links) if css)
    return "\n".join(out) + "\n"


def _legend(w: _Writer) -> None:
    title = mermaid_text(_("Legend"))
    w.lines.append(f'    subgraph legend["{title}"]')
    w.lines.append("        direction TB")  # unlinked nodes share a rank: a row across the page
    for n in w.d.legend_samples():
        w.node(n, "        ")
    w.lines.append("    end")
