"""The node graph view: each node once, every branch an edge; optionally a part of it, or a path emphasized."""

from __future__ import annotations

from typing import Any

from scenarios.engine.core.graph import Successors, reachable
from scenarios.engine.output.diagrams import labels
from scenarios.engine.text.i18n import _, ngettext

from .diagram import DEdge, Diagram, DNode, scenario_diagram
from .space import Space, reach
from .view import View, nothing_chosen


def _visible(scenario: Any, view: View) -> set[str]:
    """Nodes within `depth` steps of the focus (or start), less the folded subtrees; every node when nothing is cut."""
    root = view.focus or scenario.spec.start
    if view.focus is None and view.depth is None:
        shown = set(scenario.spec.nodes)
    else:
        shown = set(reachable(scenario.successors, root, depth=view.depth))
    return shown - _folded(scenario.successors, root, view.fold)


def _folded(adj: Successors, root: str, fold: tuple[str, ...]) -> set[str]:
    """Nodes reached from `root` only through a folded node: its subtree, which its stubs stand for."""
    if not fold:
        return set()
    reach = set(reachable(adj, root))
    still = set(reachable(adj, root, removed=fold))
    return reach - still - set(fold)


def _hidden_counts(space: Space, root: int, shown: set[int]) -> dict[int, int]:
    """Paths whose first node outside the view is n: arrivals through shown nodes × completions."""
    flow: dict[int, dict[Any, int]] = {root: dict(space.arrivals.get(root, {}))}
    hidden: dict[int, int] = {}
    for n in space.order:
        if n not in flow:
            continue
        if n not in shown:
            hidden[n] = sum(c * space.completions[(n, s)] for s, c in flow[n].items())
            continue
        for s, count in flow[n].items():
            for b, s2, _share in space.options(n, s):
                bucket = flow.setdefault(b.to, {})
                bucket[s2] = bucket.get(s2, 0) + count
    return hidden


def emphasized_branches(scenario: Any, view: View) -> tuple[set[tuple[str, int]], int] | None:
    """(node id, branch index) on the chosen paths, and how many paths were chosen."""
    if view.highlight is None and view.where is None:
        return None
    chosen: set[tuple[str, int]] = set()
    count = 0
    ids = [n.id for n in scenario.runtime.nodes]
    for path in scenario.paths(view.assumptions, view.where):
        if view.highlight is not None and path.number != view.highlight:
            continue
        chosen.update((ids[b.node], b.index) for b in path.branches)
        chosen.add((ids[path.outcome], -1))
        count += 1
        if view.highlight is not None:
            break
    return chosen, count


def graph_diagram(scenario: Any, view: View) -> Diagram:
    spec, rt = scenario.spec, scenario.runtime
    space = reach(scenario, scenario.assumption_values(view.assumptions))
    shown = _visible(scenario, view)
    marked = emphasized_branches(scenario, view)
    if marked is not None and marked[1] == 0:
        raise nothing_chosen(scenario, view, space.completions[(rt.start, rt.initial)])
    on_path = {nid for nid, _ in marked[0]} if marked else set()
    nodes: list[DNode] = []
    edges: list[DEdge] = []
    stubs: dict[str, bool] = {}  # node beyond the view → whether an emphasized branch leads there
    node_labels = {k: v.label for k, v in spec.nodes.items()}
    for nid, node in spec.nodes.items():
        if nid not in shown:
            continue
        actor = spec.actors.get(node.actor) if node.actor else None
        note = labels.effects(scenario, node.effects) if view.effects and node.effects else None
        note = labels.with_signposts(note, node.signposts, view.signposts)
        nodes.append(DNode(nid, node.type, node.label, node.actor if actor else None,
                           actor.name if actor else None, note, node.phase,
                           faded=bool(marked) and nid not in on_path, emphasized=nid in on_path,
                           sources=labels.cited(scenario, view, node.sources)))
        n = rt.index[nid]
        for k, b in enumerate(node.branches or []):
            on = marked is not None and (nid, k) in marked[0]
            share = space.shares.get((n, k))
            target = b.to
            if b.to not in shown:
                target = f"more-{b.to}"
                stubs[b.to] = stubs.get(b.to, False) or on
            edges.append(DEdge(nid, target, b.label,
                               labels.share_range(*share) if share else None, labels.guard(b.when, node_labels),
                               labels.effects(scenario, b.effects) if view.effects else None,
                               labels.signposts(b.signposts) if view.signposts else None,
                               faded=bool(marked) and not on, emphasized=on,
                               sources=labels.cited(scenario, view, b.sources)))
    if stubs:
        hidden = _hidden_counts(space, rt.index[view.focus or spec.start], {rt.index[i] for i in shown})
        for nid in sorted(stubs, key=rt.index.__getitem__):
            lit = stubs[nid]
            nodes.append(DNode(f"more-{nid}", "stub", labels.more_paths(hidden.get(rt.index[nid], 0)),
                               faded=bool(marked) and not lit, emphasized=lit))
    return scenario_diagram(scenario, view.direction, nodes, edges, _notes(scenario, view, marked),
                            dict.fromkeys(n.phase for n in nodes if n.phase))


def _notes(scenario: Any, view: View, marked: tuple[set, int] | None) -> tuple[str, ...]:
    first = []
    if view.focus or view.depth:
        start = (_("from '{node}'").format(node=scenario.spec.nodes[view.focus].label) if view.focus
                 else _("from the start"))
        deep = (ngettext(", {count} step deep", ", {count} steps deep", view.depth).format(count=view.depth)
                if view.depth else "")
        first.append(_("Part of the model: {start}{depth}").format(start=start, depth=deep))
    return labels.notes(scenario, view, first, marked[1] if marked else 0)
