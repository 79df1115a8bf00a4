"""The tree of paths: the node graph unfolded so that every path is its own branch.

Built depth-first in the order the engine numbers paths, so leaf k is path k even
where a stub stands for a collapsed subtree (its paths are counted, not listed).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from scenarios.engine.core.runtime import CHANCE, OUTCOME
from scenarios.engine.core.walk import Path
from scenarios.engine.errors import UsageError
from scenarios.engine.output.diagrams import labels
from scenarios.engine.text.i18n import _
from scenarios.engine.text.numbers import slide_percent

from .diagram import DEdge, Diagram, DNode, scenario_diagram
from .space import explore, through
from .view import TREE_LIMIT, View, nothing_chosen


def tree_diagram(scenario: Any, view: View) -> Diagram:
    spec, rt = scenario.spec, scenario.runtime
    vector = scenario.assumption_values(view.assumptions)
    space = explore(rt, vector)
    focus = rt.index[view.focus] if view.focus else None
    via = through(space, focus) if focus is not None else None
    keep = scenario.condition(view.where, vector) if view.where else None
    nodes: list[DNode] = []
    edges: list[DEdge] = []
    chosen: set[str] = set()           # tree ids on an emphasized path
    leaves = 0
    number = 0
    # (tree id, node, state, parent id, branch, weight, depth below focus or None, chain of branches)
    stack: list[tuple[str, int, Any, str | None, Any, float | None, int | None, tuple]] = [
        ("t0", rt.start, rt.initial, None, None, 1.0, 0 if focus in (None, rt.start) else None, ())]
    counter = 1
    parents: dict[str, str | None] = {}
    while stack:
        tid, n, s, parent, branch, weight, depth, chain = stack.pop()
        node = rt.nodes[n]
        parents[tid] = parent
        if parent is not None:
            edges.append(_edge(parent, tid, branch, scenario, view))
        cut = (view.depth is not None and depth is not None and depth > view.depth)
        off_focus = via is not None and depth is None and via[(n, s)] == 0  # not yet at the focus
        if (cut or off_focus) and node.kind != OUTCOME:
            count = space.completions[(n, s)]
            nodes.append(DNode(tid, "stub", labels.more_paths(count)))
            if view.highlight is not None and number < view.highlight <= number + count:
                chosen.add(tid)
            number += count
            leaves += 1
        else:
            spec_node = spec.nodes[node.id]
            actor = spec.actors.get(spec_node.actor) if spec_node.actor else None
            note = None
            if node.kind == OUTCOME:
                number += 1
                leaves += 1
                note = labels.path_note(number, weight)
                if view.highlight == number or (keep is not None and keep(Path(number, chain, n, s, weight))):
                    chosen.add(tid)
                if view.effects and spec_node.effects:
                    note += "\n" + (labels.effects(scenario, spec_node.effects) or "")
            note = labels.with_signposts(note, spec_node.signposts, view.signposts)
            nodes.append(DNode(tid, spec_node.type, spec_node.label, spec_node.actor if actor else None,
                               actor.name if actor else None, note,
                               sources=labels.cited(scenario, view, spec_node.sources)))
            children = []
            for b, s2, share in space.options(n, s) if node.kind != OUTCOME else ():
                w = None if weight is None or (node.kind == CHANCE and share is None) else weight * (share or 1.0)
                below = 0 if b.to == focus else (None if depth is None else depth + 1)
                children.append((f"t{counter}", b.to, s2, tid, (node.id, b, share), w, below, (*chain, b)))
                counter += 1
            stack.extend(reversed(children))
        if leaves > TREE_LIMIT:
            total = space.completions[(rt.start, rt.initial)]
            raise UsageError(f"the tree of {scenario.name} has more than {TREE_LIMIT} leaves ({total:,} paths in all), "
                             "too many for a page; draw the node graph (leave out --tree), or cut the tree "
                             "with --depth K or --focus NODE")
    return _finish(scenario, view, nodes, edges, chosen, parents, number)


def _edge(parent: str, tid: str, branch: Any, scenario: Any, view: View) -> DEdge:
    node_id, b, share = branch
    spec = scenario.spec
    written = spec.nodes[node_id].branches[b.index]
    return DEdge(parent, tid, b.label, None if share is None else slide_percent(share),
                 labels.guard(written.when, {k: v.label for k, v in spec.nodes.items()}),
                 labels.effects(scenario, written.effects) if view.effects else None,
                 labels.signposts(written.signposts) if view.signposts else None,
                 sources=labels.cited(scenario, view, written.sources))


def _finish(scenario: Any, view: View, nodes: list[DNode], edges: list[DEdge], chosen: set[str],
            parents: dict[str, str | None], total: int) -> Diagram:
    if (view.highlight is not None or view.where is not None) and not chosen:
        raise nothing_chosen(scenario, view, total)
    marked = bool(chosen)
    lit: set[str] = set()
    for tid in chosen:
        at: str | None = tid
        while at is not None and at not in lit:
            lit.add(at)
            at = parents[at]
    nodes = [_mark(n, marked, n.id in lit) for n in nodes]
    edges = [_mark(e, marked, e.target in lit) for e in edges]
    first = [_("Tree of paths: each path is its own branch, numbered as `scenarios explore` numbers them")]
    if view.focus:
        first.append(_("Only paths through '{node}'; the others are collapsed").format(
            node=scenario.spec.nodes[view.focus].label))
    return scenario_diagram(scenario, view.direction, nodes, edges, labels.notes(scenario, view, first, len(chosen)))


def _mark(item: Any, marked: bool, on: bool) -> Any:
    return replace(item, faded=marked and not on, emphasized=marked and on)
