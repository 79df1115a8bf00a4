"""The node graph, and the structural checks and lints it answers.

Cycles are errors (the format is a DAG); unreachable nodes and unused names are
warnings, so a half-finished file still explores while its author tidies it.

The checks walk a plain successor table: importing networkx costs about 0.3 s, more
than loading a scenario, so it is imported only to name the nodes of a cycle and
when code asks for `Scenario.graph` (the networkx DiGraph, built on first use).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from scenarios.engine.errors import Diagnostic
from scenarios.engine.format.compiler import LISTED, Compiled
from scenarios.engine.format.model import ScenarioFile
from scenarios.engine.format.yamlread import Document

from .walk import normalize

if TYPE_CHECKING:
    import networkx as nx

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


def cycle_errors(spec: ScenarioFile, adj: Successors, doc: Document) -> list[Diagnostic]:
    """One error per strongly connected knot, naming the nodes around one cycle in it."""
    if not has_cycle(adj):
        return []
    import networkx as nx

    graph = build_graph(spec)
    problems = []
    for component in nx.strongly_connected_components(graph):
        first = next(iter(component))
        if len(component) == 1 and not graph.has_edge(first, first):
            continue
        ordered = [n for n in spec.nodes if n in component]
        cycle = nx.find_cycle(graph.subgraph(component), source=ordered[0])
        names = [u for u, _ in cycle] + [cycle[0][0]]
        last_u, last_v = cycle[-1][0], cycle[-1][1]
        k = graph.edges[last_u, last_v]["branches"][0]
        problems.append(Diagnostic(
            "error", "cycle: " + " → ".join(names) + " (the node graph must not loop back; "
                     "end the story in an outcome instead)",
            doc.pos(("nodes", last_u, "branches", k, "to"))))
    return problems


def lint(spec: ScenarioFile, adj: Successors, compiled: Compiled, doc: Document) -> list[Diagnostic]:
    """The format page's warnings: unreachable, unused, one-branch decisions, weights not summing to 1."""
    out: list[Diagnostic] = []

    def warn(loc: tuple, message: str, key: bool = True) -> None:
        out.append(Diagnostic("warning", message, doc.pos(loc, key=key)))

    reached = reachable(adj, spec.start)
    for nid in spec.nodes:
        if nid not in reached:
            warn(("nodes", nid), f"node '{nid}' can't be reached from start '{spec.start}'")
    used_actors = {n.actor for n in spec.nodes.values()} | {a for n in spec.nodes.values() for a in n.payoffs}
    for aid, actor in spec.actors.items():
        if aid not in used_actors and not actor.values:
            warn(("actors", aid), f"actor '{aid}' is never used (no node, payoff or values names it)")
    for ind in spec.indicators:
        if ind not in compiled.indicators_changed and ind not in compiled.names_read:
            warn(("indicators", ind), f"indicator '{ind}' is never changed by an effect nor read by an expression")
    for aid in spec.assumptions:
        if aid not in compiled.names_read:
            warn(("assumptions", aid), f"assumption '{aid}' is never used by a weight or guard")
    cited = {s for n in spec.nodes.values() for s in n.sources}
    cited |= {s for n in spec.nodes.values() for b in n.branches or [] for s in b.sources}
    cited |= {s for n in spec.nodes.values() for p in n.signposts for s in p.sources}
    cited |= {s for n in spec.nodes.values() for b in n.branches or [] for p in b.signposts for s in p.sources}
    for sid in spec.sources:
        if sid not in cited:
            warn(("sources", sid), f"source '{sid}' is never cited by a node or branch")
    for nid, node in spec.nodes.items():
        branches = node.branches or []
        if node.type == "decision" and len(branches) == 1:
            warn(("nodes", nid, "branches"), f"decision '{nid}' has only one branch, so nothing is decided")
        if node.type != "chance" or not branches:
            continue
        exprs = [compiled.weights.get((nid, k)) for k in range(len(branches))]
        if any(b.when is not None for b in branches) or any(e is None or not e.constant for e in exprs):
            continue
        values = [e((), ()) for e in exprs if e is not None]
        total = sum(values)
        normalized = normalize(values)
        if normalized and not math.isclose(total, 1.0, rel_tol=1e-9, abs_tol=1e-12):
            said = f"{total:g}" if total < math.inf else "more than 1.8e308"
            shares = ", ".join(f"{v:.3g}" for v in normalized[:LISTED])
            if len(normalized) > LISTED:
                shares += f", … ({len(normalized) - LISTED:,} more)"
            warn(("nodes", nid, "branches"),
                 f"weights of chance '{nid}' sum to {said}, not 1; they are normalized to {shares}")
    return out
