"""The scenario's maps for the big screen and the handout, with the paths a session played marked.

The "whole map" is the overview of the phases (readable on a projector, not the whole tree
shrunk to it); the screen follows the play on the tree, and at an outcome shows the path that
led there.  The facilitator's page never waits on a layout: maps are drawn in the background
(cli/http/maps.py) and the folded view stands in until they are ready.

The SVG comes from the same renderer as `scenarios render`, whose groups carry stable ids
(`n:NODE` for a node, `e:FROM:TO` for the edges between two nodes); those are what get marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from scenarios.engine.text.i18n import _, language
from scenarios.engine.workshop import Step

_GROUP = re.compile(r'<g id="([ne]:[^"]*)" class="(node|edge)">')


FULL_MAP = 12  # nodes: a scenario this small fits a printed page whole


def diagram_svg(scenario: Any, **options: Any) -> str:
    """The diagram as inline SVG text, drawn with `render`'s options (raises RuntimeFailure without Graphviz)."""

    from scenarios.engine import render

    svg = render(scenario, "svg", **options).decode("utf-8")
    return svg[svg.index("<svg"):]


def overview_svg(scenario: Any) -> str:
    """The overview of the phases (the renderer is imported here, not by the handout's core, which draws no map)."""
    from scenarios.engine.output.diagrams import overview_svg as draw

    return draw(scenario)


def path_svg(scenario: Any, played: Sequence[tuple[str, int]]) -> str:
    """The map of the path `played` (see overview_svg)."""
    from scenarios.engine.output.diagrams import path_svg as draw

    return draw(scenario, played)


VIEWS = ("overview", "tree", "path")


def layout(scenario: Any, view: str, steps: Sequence[Step] = ()) -> Any:
    """The map `view` laid out in the background: the overview, the tree (followed during play), or the path
    `steps` (at an outcome); a Future of its SVG text."""
    from scenarios.cli.http import maps  # the server's worker threads: imported where a map is laid out

    if view == "overview":
        return maps.later(("overview", scenario, language()), lambda: overview_svg(scenario))
    if view == "path":
        played = tuple((st.node, st.branch) for st in steps)
        return maps.later(("path", scenario, played, language()), lambda: path_svg(scenario, played))
    return maps.later(("tree", scenario, language()), lambda: diagram_svg(scenario))


def played_map(scenario: Any, paths: Sequence[Sequence[Step]]) -> str:
    """The handout's map with the played paths marked, as HTML.

    A small scenario is drawn whole.  A larger one (`mexico` has 30 nodes and 18,000 paths,
    unreadable on a page) is folded to what the group played: every node it reached and,
    one step beyond, each branch it did not take, whose subtree becomes "… N more paths";
    drawn top to bottom, the shape of a page.
    """
    from html import escape

    found = marks(scenario, paths)
    overview = f'<div class="overview">{overview_svg(scenario)}</div>'
    if len(scenario.spec.nodes) <= FULL_MAP:
        return overview + mark(diagram_svg(scenario), found)
    reached = set(found["played_nodes"])
    nodes = scenario.spec.nodes
    beyond = sorted({b.to for n in reached for b in nodes[n].branches or []} - reached)
    svg = mark(diagram_svg(scenario, fold=tuple(beyond), direction="TB"), found)
    caption = _("The map is folded to the paths played: each node the group reached and, one step beyond, the "
                "branches it did not take; “… N more paths” stands for what lies behind them. The command "
                "“scenarios render {name}” draws the whole map.").format(name=scenario.name)
    return f'{overview}{svg}<p class="muted">{escape(caption)}</p>'


def marks(scenario: Any, paths: Iterable[Sequence[Step]], current: Sequence[Step] = ()) -> dict[str, list[str]]:
    """Node ids and `from:to` edges on any played path (`played_*`) and on the current one (`here_*`)."""
    spec = scenario.spec

    def of(chains: Iterable[Sequence[Step]]) -> tuple[set[str], set[str]]:
        nodes, edges = {spec.start}, set()
        for chain in chains:
            for st in chain:
                to = spec.nodes[st.node].branches[st.branch].to
                nodes.update((st.node, to))
                edges.add(f"{st.node}:{to}")
        return nodes, edges

    played_nodes, played_edges = of(paths)
    here_nodes, here_edges = of([current])
    return {"played_nodes": sorted(played_nodes | here_nodes), "played_edges": sorted(played_edges | here_edges),
            "here_nodes": sorted(here_nodes), "here_edges": sorted(here_edges)}


def mark(svg: str, found: dict[str, list[str]]) -> str:
    """Add class `played` (and `here`, for the current path) to the marked nodes and edges of a diagram."""
    sets = {k: set(v) for k, v in found.items()}

    def add_class(match: re.Match[str]) -> str:
        ident, kind = match.group(1), match.group(2)
        name = ident[2:]
        extra = (" played" if name in sets[f"played_{kind}s"] else "") + \
                (" here" if name in sets[f"here_{kind}s"] else "")
        return match.group(0).replace(f'class="{kind}"', f'class="{kind}{extra}"', 1) if extra else match.group(0)

    return _GROUP.sub(add_class, svg)
