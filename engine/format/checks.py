"""Load-time structural checks and lints: cycles, unreachable nodes, and the library's signposts.

They read the file's model and positions (format) and the node graph (core), so they sit here,
above both, where the loader calls them.
"""

from __future__ import annotations

import math
from typing import Any

from scenarios.engine.core.graph import Successors, build_graph, has_cycle, reachable
from scenarios.engine.core.walk import normalize
from scenarios.engine.errors import Diagnostic
from scenarios.engine.text.i18n import _

from .compiler import LISTED, Compiled
from .model import ScenarioFile
from .worth import worth_names
from .yamlread import Document


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
        names = [u for u, _v in cycle] + [cycle[0][0]]
        last_u, last_v = cycle[-1][0], cycle[-1][1]
        k = graph.edges[last_u, last_v]["branches"][0]
        problems.append(Diagnostic(
            "error", _("cycle: {nodes} (the node graph must not loop back; end the story in an outcome "
                       "instead)").format(nodes=" → ".join(names)),
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
            warn(("nodes", nid), _("node '{id}' can't be reached from start '{start}'").format(
                id=nid, start=spec.start))
    used_actors = {n.actor for n in spec.nodes.values()} | {a for n in spec.nodes.values() for a in n.payoffs}
    for aid, actor in spec.actors.items():
        if aid not in used_actors and not actor.values:
            warn(("actors", aid), _("actor '{id}' is never used (no node, payoff or values names it)").format(id=aid))
    for ind in spec.indicators:
        if ind not in compiled.indicators_changed and ind not in compiled.names_read:
            warn(("indicators", ind),
                 _("indicator '{id}' is never changed by an effect nor read by an expression").format(id=ind))
    used = compiled.names_read | worth_names(spec)
    for aid in spec.assumptions:
        if aid not in used:
            warn(("assumptions", aid),
                 _("assumption '{id}' is never used by a weight, guard, value or payoff").format(id=aid))
    cited = {s for n in spec.nodes.values() for s in n.sources}
    cited |= {s for n in spec.nodes.values() for b in n.branches or [] for s in b.sources}
    cited |= {s for n in spec.nodes.values() for p in n.signposts for s in p.sources}
    cited |= {s for n in spec.nodes.values() for b in n.branches or [] for p in b.signposts for s in p.sources}
    for sid in spec.sources:
        if sid not in cited:
            warn(("sources", sid), _("source '{id}' is never cited by a node or branch").format(id=sid))
    for nid, node in spec.nodes.items():
        branches = node.branches or []
        if node.type == "decision" and len(branches) == 1:
            warn(("nodes", nid, "branches"),
                 _("decision '{id}' has only one branch, so nothing is decided").format(id=nid))
        if node.type != "chance" or not branches:
            continue
        exprs = [compiled.weights.get((nid, k)) for k in range(len(branches))]
        if any(b.when is not None for b in branches) or any(e is None or not e.constant for e in exprs):
            continue
        values = [e((), ()) for e in exprs if e is not None]
        total = sum(values)
        normalized = normalize(values)
        if normalized and not math.isclose(total, 1.0, rel_tol=1e-9, abs_tol=1e-12):
            said = f"{total:g}" if total < math.inf else _("more than 1.8e308")
            shares = ", ".join(f"{v:.3g}" for v in normalized[:LISTED])
            if len(normalized) > LISTED:
                shares += ", … " + _("({count} more)").format(count=f"{len(normalized) - LISTED:,}")
            warn(("nodes", nid, "branches"),
                 _("weights of chance '{id}' sum to {total}, not 1; they are normalized to {shares}").format(
                     id=nid, total=said, shares=shares))
    return out


def missing_signposts(spec: Any, doc: Any) -> list[Diagnostic]:
    """The bundled library's promise: a warning for each chance node with no signposts at all."""
    out = []
    for nid, node in spec.nodes.items():
        if node.type != "chance" or node.signposts or any(b.signposts for b in node.branches or []):
            continue
        out.append(Diagnostic("warning", _("chance '{id}' has no signposts: the bundled library lists, for each "
                                           "branch, what a group could watch for (signposts: [{{label, sources}}])")
                              .format(id=nid),
                              doc.pos(("nodes", nid), key=True)))
    return out
