"""The node graph view: each node once, every branch an edge; optionally a part of it, or a path emphasized."""

from __future__ import annotations

from collections import deque
from typing import Any

from ..errors import UsageError
from ..expr import readable
from . import labels
from .diagram import DEdge, Diagram, DNode
from .space import Space, explore
from .view import View


def _visible(scenario: Any, view: View) -> set[str]:
    """Nodes within `depth` steps of the focus (or start); every node when nothing is cut."""
    spec = scenario.spec
    if view.focus is None and view.depth is None:
        return set(spec.nodes)
    root = view.focus or spec.start
    seen = {root: 0}
    queue = deque([root])
    while queue:
        nid = queue.popleft()
        if view.depth is not None and seen[nid] >= view.depth:
            continue
        for b in spec.nodes[nid].branches or []:
            if b.to not in seen:
                seen[b.to] = seen[nid] + 1
                queue.append(b.to)
    return set(seen)


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
            for b, s2, _ in space.options(n, s):
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
    if count == 0 and view.highlight is not None:
        total = scenario.summarize(view.assumptions).path_count
        raise UsageError(f"--highlight {view.highlight}: {scenario.name} has {total} "
                         f"path{'s' if total != 1 else ''} (numbered from 1)")
    if count == 0:
        raise UsageError(f"--where {view.where!r}: no path ends in a state where it holds, so nothing to highlight")
    return chosen, count


def graph_diagram(scenario: Any, view: View) -> Diagram:
    spec, rt = scenario.spec, scenario.runtime
    space = explore(rt, scenario.assumption_values(view.assumptions))
    shown = _visible(scenario, view)
    marked = emphasized_branches(scenario, view)
    on_path = {nid for nid, _ in marked[0]} if marked else set()
    styles = _actor_styles(scenario)
    nodes: list[DNode] = []
    edges: list[DEdge] = []
    for nid, node in spec.nodes.items():
        if nid not in shown:
            continue
        actor = spec.actors.get(node.actor) if node.actor else None
        note = labels.effects(node.effects) if view.effects and node.effects else None
        nodes.append(DNode(nid, node.type, node.label, node.actor if actor else None,
                           actor.name if actor else None, note, node.phase,
                           faded=bool(marked) and nid not in on_path, emphasized=nid in on_path))
        n = rt.index[nid]
        for k, b in enumerate(node.branches or []):
            on = marked is not None and (nid, k) in marked[0]
            share = space.shares.get((n, k))
            target = b.to if b.to in shown else f"more-{b.to}"
            edges.append(DEdge(nid, target, b.label,
                               labels.share_range(*share) if share else None, labels.guard(b.when),
                               labels.effects(b.effects) if view.effects else None,
                               faded=bool(marked) and not on, emphasized=on))
    root = rt.index[view.focus or spec.start]
    hidden = _hidden_counts(space, root, {rt.index[i] for i in shown}) if shown != set(spec.nodes) else {}
    stubs = sorted({e.target for e in edges if e.target.startswith("more-")},
                   key=lambda t: list(spec.nodes).index(t[5:]))
    for stub in stubs:
        count = hidden.get(rt.index[stub[5:]], 0)
        lit = any(e.emphasized for e in edges if e.target == stub)
        text = f"… {count:,} more path{'s' if count != 1 else ''}" if count else "… no path goes on here"
        nodes.append(DNode(stub, "stub", text,
                           faded=bool(marked) and not lit, emphasized=lit))
    return Diagram(scenario.title, _as_of(spec), scenario.disclaimer, view.direction, tuple(nodes), tuple(edges),
                   {a: s for a, s in styles.items() if any(n.actor == a for n in nodes)},
                   {a: spec.actors[a].name for a in spec.actors}, _notes(scenario, view, marked),
                   tuple(dict.fromkeys(n.phase for n in nodes if n.phase)))


def _as_of(spec: Any) -> str | None:
    return str(spec.as_of) if spec.as_of is not None else None


def _actor_styles(scenario: Any) -> dict[str, Any]:
    from .style import actor_styles

    return actor_styles({a: actor.color for a, actor in scenario.spec.actors.items()})


def _notes(scenario: Any, view: View, marked: tuple[set, int] | None) -> tuple[str, ...]:
    notes = []
    if view.focus or view.depth:
        start = f"from '{scenario.spec.nodes[view.focus].label}'" if view.focus else "from the start"
        deep = f", {view.depth} step{'s' if view.depth != 1 else ''} deep" if view.depth else ""
        notes.append(f"Part of the model: {start}{deep}")
    if marked and view.highlight is not None:
        notes.append(f"Highlighted: path {view.highlight}")
    elif marked:
        count = marked[1]
        where = readable(view.where or "")
        notes.append(f"Highlighted: {count:,} path{'s' if count != 1 else ''} ending where {where}")
    weights = labels.weight_note(scenario, view.assumptions)
    if weights:
        notes.append(weights)
    return tuple(notes)
