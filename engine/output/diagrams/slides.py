"""Maps a room can read: the overview of a scenario's phases, one 16:9 slide per phase, and the readable-size rule.

A whole map shrunk to a slide has 2-pixel text.  The overview folds the scenario into its phases
(each a box naming its decisions and events and counting the paths that enter it); each phase
slide draws only that phase's nodes, with a stub naming where each branch leaving it goes.
READABLE_PX is the one rule: text smaller than that on a 1920x1080 slide is not readable.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from typing import Any

from scenarios.engine import stamps
from scenarios.engine.text.i18n import _, ngettext

from . import style
from .diagram import Diagram, DNode
from .dot import MARK, dot_source
from .graph_view import graph_diagram
from .graphviz_run import run_dot
from .labels import weights_legend
from .space import reach
from .text import dot_html
from .view import make_view

SLIDE = (1920, 1080)   # pixels of a projector slide (16:9)
READABLE_PX = 18       # smallest text a room reads on it
SLIDE_PX = 20          # what a slide aims at, so a page's frame (a caption, the disclaimer) still leaves READABLE_PX
SMALLEST_PT = 10       # the smallest font the drawings use
LISTED = 4             # decisions or events named per box before "and N more"
NO_PHASE = "—"


def phases(scenario: Any) -> list[str]:
    """The scenario's phases in file order; nodes with none form one more group at the end."""
    found = list(dict.fromkeys(n.phase for n in scenario.spec.nodes.values() if n.phase))
    if any(not n.phase for n in scenario.spec.nodes.values()) and found:
        found.append(NO_PHASE)
    return found


def _phase_of(node: Any) -> str:
    return node.phase or NO_PHASE


def entries(scenario: Any, assumptions: Any = None) -> dict[str, int]:
    """How many paths enter each phase (from the start or from another phase)."""
    rt, spec = scenario.runtime, scenario.spec
    space = reach(scenario, scenario.assumption_values(assumptions or {}))
    phase = [_phase_of(spec.nodes[node.id]) for node in rt.nodes]
    out: dict[str, int] = {p: 0 for p in phases(scenario)}
    out[phase[rt.start]] = out.get(phase[rt.start], 0) + space.completions.get((rt.start, rt.initial), 0)
    for n, states in space.arrivals.items():
        for s, count in states.items():
            for b, after, _w in space.options(n, s):
                if phase[b.to] != phase[n]:
                    out[phase[b.to]] = out.get(phase[b.to], 0) + count * space.completions.get((b.to, after), 0)
    return out


def _names(items: list[str]) -> str:
    shown = items[:LISTED]
    more = len(items) - len(shown)
    text = "; ".join(shown)
    return text + (" " + _("and {count} more").format(count=more) if more else "")


def _row(text: str, size: int, width: int = 34, bold: bool = False, color: str = style.INK) -> str:
    lines = textwrap.wrap(text, width, break_long_words=False) or [""]
    body = "<BR/>".join(dot_html(line) for line in lines)
    body = f"<B>{body}</B>" if bold else body
    return f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{size}" COLOR="{color}">{body}</FONT></TD></TR>'


def overview_boxes(scenario: Any, assumptions: Any = None) -> list[dict[str, Any]]:
    """The overview as words, one box per phase: its title, what it holds (decisions, events, outcomes), the paths
    entering it.  The drawn overview and the folded view a page shows while no map can be laid out both read it."""
    spec = scenario.spec
    counts = entries(scenario, assumptions)
    boxes = []
    for name in phases(scenario) or [NO_PHASE]:
        members = [n for n in spec.nodes.values() if _phase_of(n) == name]
        decisions = [n.label + (f" ({spec.actors[n.actor].name})" if n.actor in spec.actors else "")
                     for n in members if n.type == "decision"]
        events = [n.label for n in members if n.type == "chance"]
        ends = [n for n in members if n.type == "outcome"]
        lines = []
        if decisions:
            lines.append(_("Decisions: {names}").format(names=_names(decisions)))
        if events:
            lines.append(_("Events: {names}").format(names=_names(events)))
        if ends:
            lines.append(ngettext("{count} outcome", "{count} outcomes", len(ends)).format(count=len(ends)))
        paths = counts.get(name, 0)
        boxes.append({"title": phase_title(name), "lines": lines,
                      "paths": ngettext("{count} path enters it", "{count} paths enter it", paths).format(
                          count=f"{paths:,}")})
    return boxes


def overview_dot(scenario: Any, assumptions: Any = None) -> str:
    """DOT of the overview: one box per phase, in order, with arrows where branches cross between phases."""
    import graphviz

    spec = scenario.spec
    groups = phases(scenario) or [NO_PHASE]  # no phases: the whole scenario is one group
    g = graphviz.Digraph(scenario.name)
    folded = _("The map folded into its phases: each box names its decisions and events.")
    title = (f'<<FONT POINT-SIZE="30"><B>{dot_html(scenario.title)}</B></FONT><BR ALIGN="LEFT"/>'
             f'<FONT POINT-SIZE="18"><I>{dot_html(scenario.disclaimer)}</I></FONT><BR ALIGN="LEFT"/>'
             f'<FONT POINT-SIZE="18" COLOR="#444444">{dot_html(folded)}</FONT><BR ALIGN="LEFT"/>>')
    g.attr(rankdir="LR" if len(groups) <= 4 else "TB", label=title, labelloc="t", labeljust="l",
           fontname=style.FONT, pad="0.4", nodesep="0.5", ranksep="0.6", charset="UTF-8")
    g.attr("node", fontname=style.FONT, shape="box", style="rounded,filled", fillcolor="#f7f7f7",
           color="#777777", penwidth="2", margin="0.2,0.12")
    g.attr("edge", color="#666666", penwidth="2.5", arrowsize="1.2")
    if len(groups) > 4:  # rows of three, read left to right, top to bottom
        for i in range(0, len(groups), 3):
            with g.subgraph() as row:
                row.attr(rank="same")
                for j in range(i, min(i + 3, len(groups))):
                    row.node(f"p{j}")
        for i in range(len(groups) - 3):
            g.edge(f"p{i}", f"p{i + 3}", style="invis")
    for i, box in enumerate(overview_boxes(scenario, assumptions)):
        rows = [_row(box["title"], 26, 28, bold=True)]
        rows.extend(_row(line, 18) for line in box["lines"])
        rows.append(_row(box["paths"], 18, color="#444444"))
        g.node(f"p{i}", label=f'<<TABLE BORDER="0" CELLSPACING="2">{"".join(rows)}</TABLE>>', id=f"phase:{i}")
    index = {name: i for i, name in enumerate(groups)}
    crossings = {(index[_phase_of(n)], index[_phase_of(spec.nodes[b.to])])
                 for n in spec.nodes.values() for b in n.branches or []}
    for a, b in sorted(crossings):
        if a != b:
            g.edge(f"p{a}", f"p{b}", id=f"cross:{a}:{b}",
                   **({"constraint": "false"} if len(groups) > 4 and b != a + 1 else {}))
    return MARK + "\n" + g.source


def phase_diagram(scenario: Any, phase: str, assumptions: Any = None, only: Any = None, part: str = "") -> Diagram:
    """The node graph of one phase (or of the nodes `only`, a part of it); each branch leaving it ends in a stub
    naming the node it goes to."""
    spec = scenario.spec
    whole = graph_diagram(scenario, make_view(scenario, {"assumptions": dict(assumptions or {})}))
    inside = set(only) if only is not None else {n.id for n in whole.nodes if _phase_of(spec.nodes[n.id]) == phase}
    nodes = [replace(n, phase=None) for n in whole.nodes if n.id in inside]
    edges, stubs = [], {}
    for e in whole.edges:
        if e.source not in inside:
            continue
        if e.target not in inside:
            target = spec.nodes[e.target]
            stubs[e.target] = DNode(f"more-{e.target}", "stub", "→ " + target.label,
                                    note=_phase_of(target) if _phase_of(target) != NO_PHASE else None)
            e = replace(e, target=f"more-{e.target}")
        edges.append(e)
    title = f"{whole.title} · {phase_title(phase)}{part}"
    legend = (weights_legend(),) if any(e.share for e in edges) else ()
    return replace(whole, title=title, nodes=tuple(nodes + list(stubs.values())), edges=tuple(edges),
                   phases=(), direction="LR", notes=legend)


def phase_title(phase: str) -> str:
    return phase if phase != NO_PHASE else _("Other steps")


def phase_slides(scenario: Any, phase: str, assumptions: Any = None) -> list[tuple[str, str]]:
    """(title, DOT) of one phase's slides: the phase on one slide, or, when its text would be smaller than
    SLIDE_PX there, split in two by file order (again and again, down to one node a slide)."""
    members = [k for k, n in scenario.spec.nodes.items() if _phase_of(n) == phase]

    def drawn(ids: list[str]) -> list[tuple[list[str], str]]:
        source = best_direction(phase_diagram(scenario, phase, assumptions, ids), scenario.name)
        if len(ids) == 1 or smallest_text_px(run_dot(slide(source), "svg")) >= SLIDE_PX:
            return [(ids, source)]
        half = (len(ids) + 1) // 2
        return drawn(ids[:half]) + drawn(ids[half:])

    parts = drawn(members)
    if len(parts) == 1:
        return [(phase_title(phase), parts[0][1])]
    out = []
    for k, (ids, _source) in enumerate(parts, 1):
        part = " " + _("({number} of {count})").format(number=k, count=len(parts))
        d = phase_diagram(scenario, phase, assumptions, ids, part)
        out.append((phase_title(phase) + part, best_direction(d, scenario.name)))
    return out


def slide(source: str) -> str:
    """DOT text made to fit a 16:9 slide: scaled up or down, the same in both directions, to 1920x1080 points.

    (No `ratio="fill"`: it stretches the positions, not the text, and the drawing is then scaled
    back down, text and all, to fit.)"""
    w, h = SLIDE
    return re.sub(r"^((?:di)?graph [^\n]*\{)", lambda m: m.group(1) + f'\n\tsize="{w / 72:.3f},{h / 72:.3f}!"',
                  source, count=1, flags=re.M)


def larger_type(source: str, factor: float = READABLE_PX / SMALLEST_PT) -> str:
    """The DOT with every font size multiplied by `factor`: the smallest becomes READABLE_PX at a slide's scale."""
    return re.sub(r'((?:fontsize|POINT-SIZE)="?)([\d.]+)', lambda m: f'{m.group(1)}{float(m.group(2)) * factor:g}',
                  source)


def best_direction(d: Diagram, name: str) -> str:
    """The phase's DOT with slide type, left to right or top to bottom: whichever leaves the larger text."""
    tried = [larger_type(dot_source(replace(d, direction=way), name, legend=False)) for way in ("LR", "TB")]
    return max(tried, key=lambda source: smallest_text_px(run_dot(source, "svg")))


def smallest_text_px(svg: bytes) -> float:
    """The smallest text of an SVG (or a PNG of a map) drawn by Graphviz, in pixels, fitted to a 1920x1080 slide."""
    if svg.startswith(b"\x89PNG"):  # Graphviz draws 96 pixels per inch: its smallest 10 pt text is 13.3 pixels
        width, height = int.from_bytes(svg[16:20], "big"), int.from_bytes(svg[20:24], "big")
        return SMALLEST_PT * 96 / 72 * min(SLIDE[0] / width, SLIDE[1] / height)
    head = svg[:3000].decode("utf-8", "replace")
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', head)
    if box is None:
        return float("inf")
    width, height = float(box.group(1)), float(box.group(2))
    sizes = [float(s) for s in re.findall(rb'font-size="([\d.]+)"', svg)]
    if not sizes:
        return float("inf")
    scale = re.search(r'<g id="graph0" class="graph" transform="scale\(([\d.]+)', head)  # Graphviz's own fit
    return min(sizes) * (float(scale.group(1)) if scale else 1.0) * min(SLIDE[0] / width, SLIDE[1] / height)


def slides(scenario: Any, fmt: str, assumptions: Any = None) -> list[tuple[str, bytes]]:
    """(file stem, bytes) of the overview, then one slide per phase (or per part of a crowded phase), each 16:9."""
    stamp = {"svg": stamps.svg, "png": stamps.png, "pdf": stamps.pdf}[fmt]
    return [(stem, stamp(run_dot(source, fmt), stamps.RENDER))
            for stem, _title, source in slide_sources(scenario, assumptions)]


def slide_sources(scenario: Any, assumptions: Any = None) -> list[tuple[str, str, str]]:
    """(file stem, title, DOT fitted to 1920x1080) of every slide: the overview, then the phases in order."""
    out = [("00-overview", _("The phases"), slide(overview_dot(scenario, assumptions)))]
    for i, phase in enumerate(phases(scenario) or [NO_PHASE], 1):
        stem = f"{i:02d}-{re.sub(r'[^a-z0-9]+', '-', phase.lower()).strip('-') or 'other'}"
        parts = phase_slides(scenario, phase, assumptions)
        for k, (title, source) in enumerate(parts, 1):
            out.append((stem + (f"-{k}" if len(parts) > 1 else ""), title, slide(source)))
    return out


def slide_svgs(scenario: Any, assumptions: Any = None) -> list[tuple[str, str]]:
    """(title, SVG text to embed in a page) of every slide, in order: what presentation mode steps through."""
    out = []
    for _stem, title, source in slide_sources(scenario, assumptions):
        svg = run_dot(source, "svg").decode("utf-8")
        svg = re.sub(r"<title>[^<]*</title>\n?", "", svg[svg.index("<svg"):])  # Graphviz's tooltips: ids, not words
        out.append((title, svg))
    return out
