"""Where a session stands: the node reached by a list of branches, its state, and what may come next.

Steps apply the same compiled transitions the walker uses, so a played path is
exactly one of the scenario's paths and its state matches the analyses' keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scenarios.engine.core.expr import EvalError
from scenarios.engine.core.runtime import CHANCE, DECISION, KIND_NAMES, OUTCOME, CBranch, State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.text.i18n import _, language
from scenarios.engine.text.names import in_sentence
from scenarios.engine.text.wording import branch_weight

from .errors import WorkshopError


@dataclass(frozen=True)
class Spot:
    """A node reached along a path, in the state the path left it."""

    node: int
    state: State

    def kind(self, scenario: Scenario) -> str:
        return KIND_NAMES[scenario.runtime.nodes[self.node].kind]


def start(scenario: Scenario) -> Spot:
    rt = scenario.runtime
    return Spot(rt.start, rt.initial)


def follow(scenario: Scenario, moves: Sequence[tuple[str, int]]) -> Spot:
    """The spot reached by (node id, branch position) moves from the start; a move that doesn't fit is an error."""
    spot = start(scenario)
    for node_id, k in moves:
        spot = take(spot, follow_one(scenario, spot, node_id, k))
    return spot


def effects_along(scenario: Scenario, moves: Sequence[tuple[str, int]]) -> list[list[str]]:
    """What each of the (node id, branch position) moves from the start changed, in the reader's words (`changes`)."""
    spot, said = start(scenario), []
    for node_id, k in moves:
        branch = follow_one(scenario, spot, node_id, k)
        said.append(changes(scenario, spot, branch))
        spot = take(spot, branch)
    return said


def follow_one(scenario: Scenario, spot: Spot, node_id: str, k: int) -> CBranch:
    """The branch at position `k` of the node at `spot`, which must be `node_id`."""
    node = scenario.runtime.nodes[spot.node]
    if node.id != node_id or not 0 <= k < len(node.branches):
        raise WorkshopError(_("the stored path no longer fits the scenario at node '{node}' (was the file edited "
                              "since the session started?)").format(node=node_id), "conflict")
    return node.branches[k]


def take(spot: Spot, branch: CBranch) -> Spot:
    return Spot(branch.to, branch.apply(spot.state) if branch.apply else spot.state)


def available(scenario: Scenario, spot: Spot, a: Sequence[float]) -> tuple[CBranch, ...]:
    """The branches whose `when` holds here (all of them at an outcome: none)."""
    node = scenario.runtime.nodes[spot.node]
    try:
        return tuple(b for b in node.branches if b.when is None or b.when.fn(spot.state, a))
    except EvalError as exc:
        raise WorkshopError(_("at node '{node}': a 'when' failed: {exc}").format(
            node=node.id, exc=exc), "conflict") from None


def shares(scenario: Scenario, spot: Spot, branches: Sequence[CBranch], a: Sequence[float]) -> list[float] | None:
    """Normalized weights of the available branches of a chance node under assumption vector `a` (None: unweighted)."""
    node = scenario.runtime.nodes[spot.node]
    if node.kind != CHANCE or not node.weighted or not branches:
        return None
    try:
        values = [b.weight.fn(spot.state, a) for b in branches]  # type: ignore[union-attr]
    except EvalError as exc:
        raise WorkshopError(_("at node '{node}': a weight failed: {exc}").format(
            node=node.id, exc=exc), "conflict") from None
    if any(v < 0 for v in values) or sum(values) <= 0:
        raise WorkshopError(_("at node '{node}': the weights can't be normalized under these assumptions").format(
            node=node.id),
                            "conflict")
    total = sum(values)
    return [v / total for v in values]


def describe(scenario: Scenario, spot: Spot, a: Sequence[float]) -> dict[str, Any]:
    """The node as a participant sees it: label, actor, sources, and each available branch with its effects."""
    rt = scenario.runtime
    node = rt.nodes[spot.node]
    spec = scenario.spec.nodes[node.id]
    avail = available(scenario, spot, a) if node.kind != OUTCOME else ()
    weights = shares(scenario, spot, avail, a)
    branches = []
    for i, b in enumerate(avail):
        written = (spec.branches or [])[b.index]
        branches.append({
            "index": b.index, "label": b.label, "to": rt.nodes[b.to].id, "effects": changes(scenario, spot, b),
            "sources": _sources(scenario, written.sources or []),
            "weight": None if weights is None else weights[i],
            "weight_text": None if weights is None else branch_weight(weights[i])})
    actor = scenario.spec.actors.get(node.actor) if node.actor else None
    return {
        "id": node.id, "kind": KIND_NAMES[node.kind], "label": node.label,
        "description": spec.description or "", "actor": node.actor,
        "actor_name": actor.name if actor else None,
        "actor_said": in_sentence(actor.name, language()) if actor else None,  # inside a sentence ("el Gobierno …")
        "sources": _sources(scenario, spec.sources or []), "branches": branches,
        # Each indicator by id; a level as the file labels it (in the session's language).
        "indicators": scenario.shown_values(spot.state),
        "decision": node.kind == DECISION, "chance": node.kind == CHANCE, "outcome": node.kind == OUTCOME,
    }


def changes(scenario: Scenario, spot: Spot, branch: CBranch) -> list[str]:
    """What taking `branch` at `spot` changes, in the reader's words: "Flow of drugs into the US: high → moderate".

    Each indicator by its label, each value as the file labels its levels (in the scenario's
    language), in the file's order; an effect that leaves the shown value as it was is left out.
    """
    before = scenario.shown_values(spot.state)
    after = scenario.shown_values(take(spot, branch).state)
    return [_("{indicator}: {before} → {after}").format(indicator=scenario.spec.indicators[k].label or k,
                                                      before=before[k], after=after[k])
            for k in before if after[k] != before[k]]


def _sources(scenario: Scenario, ids: Sequence[str]) -> list[dict[str, str]]:
    found = []
    for sid in ids:
        src = scenario.spec.sources.get(sid)
        if src is not None:
            found.append({"id": sid, "title": src.title, "publisher": src.publisher or "",
                          "date": str(src.date or "")})
    return found
