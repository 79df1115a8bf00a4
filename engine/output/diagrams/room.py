"""Maps for a room during play: the overview of the phases alone, and the path a group played.

The workshop's "whole map" is the overview (readable on a projector, unlike the whole tree
shrunk to a screen); at an outcome, its map is the path that led there: only the nodes played
and the branches taken, drawn to fill a 16:9 slide.  Both keep the renderer's ids (`n:NODE`,
`e:FROM:TO`; `phase:I` for a phase's box), so a page can mark the played path on them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from scenarios.engine.text.i18n import _

from .dot import dot_source
from .graph_view import graph_diagram
from .graphviz_run import run_dot
from .labels import weight_note, weights_legend
from .slides import NO_PHASE, best_direction, larger_type, overview_dot, phases, slide, smallest_text_px
from .view import make_view


def _svg_text(svg: bytes) -> str:
    text = svg.decode("utf-8")
    return re.sub(r"<title>[^<]*</title>\n?", "", text[text.index("<svg"):])  # Graphviz's tooltips: ids, not words


def overview_svg(scenario: Any, assumptions: Any = None) -> str:
    """The overview of the phases as SVG text to embed in a page, fitted to a 16:9 slide."""
    return _svg_text(run_dot(slide(overview_dot(scenario, assumptions)), "svg"))


def phase_numbers(scenario: Any) -> dict[str, int]:
    """Each node's phase as the number of its box on the overview (`phase:I`)."""
    index = {name: i for i, name in enumerate(phases(scenario) or [NO_PHASE])}
    return {k: index.get(n.phase or NO_PHASE, 0) for k, n in scenario.spec.nodes.items()}


def path_svg(scenario: Any, steps: Sequence[tuple[str, int]], assumptions: Any = None) -> str:
    """The path a group played, as SVG text fitted to a 16:9 slide: each node reached and the branch taken from it
    (`steps` are (node, branch index) pairs from the start), nothing else."""
    spec = scenario.spec
    taken = [(node, spec.nodes[node].branches[k]) for node, k in steps]
    inside = {spec.start, *(b.to for _node, b in taken)}
    inside.update(node for node, _b in taken)
    wanted = {(node, b.to, b.label) for node, b in taken}
    whole = graph_diagram(scenario, make_view(scenario, {"assumptions": dict(assumptions or {})}))
    nodes = tuple(replace(n, phase=None) for n in whole.nodes if n.id in inside)
    edges = tuple(e for e in whole.edges if (e.source, e.target, e.label) in wanted)
    title = whole.title + " · " + _("The path played")
    weights = weight_note(scenario, dict(assumptions or {})) if any(e.share for e in edges) else None
    # the weights' lines, then two blank ones: Graphviz sets a first branch label drawn beside its row (the rows
    # layout) right under the title, where it touched the last line (a label of two lines reached above it)
    notes = (weights, weights_legend(), "", "") if weights else ()
    drawn = replace(whole, title=title, nodes=nodes, edges=edges, phases=(), notes=notes)
    order = [spec.start, *(b.to for _node, b in taken)]
    tried = [slide(best_direction(drawn, scenario.name))]
    tried += [slide(_rows(larger_type(dot_source(replace(drawn, direction="TB"), scenario.name, legend=False)),
                          order, per_row)) for per_row in ROWS if per_row < len(order)]
    drawings = [run_dot(source, "svg") for source in tried]
    return _svg_text(max(drawings, key=smallest_text_px))


ROWS = (3, 4, 5)  # nodes a row when a long path is drawn as rows read left to right, top to bottom


def _rows(source: str, order: list[str], per_row: int) -> str:
    """DOT drawn top to bottom with the path's nodes in rows of `per_row`, each row read left to right: the rows
    stacked by invisible edges between their first nodes, the step from one row to the next not pulling them apart."""
    starts = order[::per_row]
    rows = ["graph [ranksep=1.1]"] + ["{rank=same; " + "; ".join(f'"{n}"' for n in order[i:i + per_row]) + "}"
            for i in range(0, len(order), per_row)]
    rows += [f'"{a}" -> "{b}" [style=invis]' for a, b in itertools.pairwise(starts)]
    for i in range(per_row, len(order), per_row):  # the step into a new row
        source = re.sub(rf"^(\t{re.escape(order[i - 1])} -> {re.escape(order[i])} \[)", r"\1constraint=false ",
                        source, flags=re.M)
    end = source.rstrip().rindex("}")
    return source[:end] + "\n".join(rows) + "\n}\n"
