"""The node graph: successors, reachability, cycles, and the networkx DiGraph on demand.

The load-time checks built on it (cycles are errors, unreachable nodes warnings) are in
format/checks.py. They walk a plain successor table: importing networkx costs about 0.3 s, more
than loading a scenario, so it is imported only to name the nodes of a cycle and
when code asks for `Scenario.graph` (the networkx DiGraph, built on first use).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from scenarios.engine.format.model import ScenarioFile

Successors = Mapping[str, Sequence[str]]


def successors(spec: ScenarioFile) -> dict[str, list[str]]:
    """Each node's distinct targets in branch order (targets that aren't nodes are left out)."""
    out: dict[str, list[str]] = {}
    for nid, node in spec.nodes.items():
        out[nid] = list(dict.fromkeys(b.to for b in node.branches or [] if b.to in spec.nodes))
    return out


def reachable(adj: Successors, root: str, depth: int | None = None, removed: Iterable[str] = ()) -> dict[str, int]:
    """Nodes reached from `root` (itself included) with their distance, within `depth` steps, not through `removed`."""
    skip = set(removed)
    if root not in adj or root in skip:
        return {}
    seen = {root: 0}
    queue = deque([root])
    while queue:
        n = queue.popleft()
        d = seen[n]
        if depth is not None and d >= depth:
            continue
        for m in adj[n]:
            if m not in seen and m not in skip:
                seen[m] = d + 1
                queue.append(m)
    return seen


def has_cycle(adj: Successors) -> bool:
    """Kahn's algorithm: True when some nodes can never be ordered, i.e. they loop."""
    waiting = dict.fromkeys(adj, 0)
    for targets in adj.values():
        for m in targets:
            waiting[m] += 1
    ready = [n for n, k in waiting.items() if k == 0]
    done = 0
    while ready:
        n = ready.pop()
        done += 1
        for m in adj[n]:
            waiting[m] -= 1
            if waiting[m] == 0:
                ready.append(m)
    return done < len(adj)


def build_graph(spec: ScenarioFile) -> nx.DiGraph:
    """One node per scenario node; one edge per (node, target) with the branch indices on it."""
    import networkx as nx

    graph = nx.DiGraph()
    for nid, node in spec.nodes.items():
        graph.add_node(nid, type=node.type, label=node.label, actor=node.actor, phase=node.phase)
    for nid, node in spec.nodes.items():
        for k, b in enumerate(node.branches or []):
            if b.to not in spec.nodes:
                continue
            if graph.has_edge(nid, b.to):
                graph.edges[nid, b.to]["branches"].append(k)
            else:
                graph.add_edge(nid, b.to, branches=[k])
    return graph
