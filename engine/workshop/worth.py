"""What each branch of the current decision is worth to the deciding actor, under the session's rule.

Shown to voters only when the facilitator turns it on; it is the rollback value
(`analyze`) at this very node and state, under the group's current assumptions,
so it follows from those assumptions and is not a forecast.
"""

from __future__ import annotations

from collections.abc import Sequence

from scenarios.engine.analysis.sweep import Point
from scenarios.engine.core.runtime import DECISION
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import UsageError

from .play import Spot


def branch_values(scenario: Scenario, spot: Spot, a: Sequence[float], rule: str,
                  alpha: float) -> tuple[dict[int, float], str | None]:
    """Branch position → value to the deciding actor; or ({}, why not) when the rule can't be applied."""
    node = scenario.runtime.nodes[spot.node]
    if node.kind != DECISION or node.actor is None:
        return {}, None
    actor_index = {x: k for k, x in enumerate(scenario.spec.actors)}
    try:
        point = Point.at(scenario, a, rule, alpha, actor_index)
    except UsageError as exc:
        return {}, exc.message
    u = point.unfolded
    i = u.index.get((spot.node, spot.state))
    if i is None:
        return {}, "this point is not reached under the current assumptions"
    k = actor_index[node.actor]
    values = {}
    for branch, child in u.kids[i]:
        v = point.solution.values[child]
        if v is not None:
            values[branch.index] = v[k]
    return values, None
