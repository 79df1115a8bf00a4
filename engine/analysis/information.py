"""Value of information: how much an actor's value would rise if it learned a chance node's branch first.

For each chance node and each actor: the expected value of perfect information (EVPI),
by moving the node ahead of the actor's decisions.  The actor is told at the start
which branch the node will take; every other uncertain event is re-weighted by Bayes'
rule given that branch (an event that bears on it, such as a test's result, becomes
more or less likely); the actor re-optimizes its own decisions; the other actors keep
the choices they make without the information.  EVPI = the value so obtained, averaged
over what it might learn, minus its value without it.

This is well defined when the actor cannot change the node's odds by its own choices;
where it can (the node is reached with different weights depending on what the actor
chose), no number is given and the reason is stated.  Under rules without weights
(laplace: equal weights; maximin, maximax, hurwicz: only which branches remain
possible) the same construction applies with that rule's view of chance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scenarios.engine.core.runtime import CHANCE, DECISION
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded, shares, unfold

from .rollback import Solution, check_rule, solve
from .rules import RULES, certainty_equivalent, lottery

AGREE = 1e-9


@dataclass(frozen=True)
class Information:
    """What one actor would gain from learning one chance node's branch before its own decisions."""

    node: str
    label: str
    actor: str
    without: float  # the actor's value as things stand
    with_info: float | None  # its value if it learned the branch first (None: not defined here)
    reason: str = ""  # why no number, when with_info is None

    @property
    def evpi(self) -> float | None:
        if self.with_info is None:
            return None
        gain = self.with_info - self.without
        return 0.0 if abs(gain) <= 1e-9 * max(1.0, abs(self.without)) else gain

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "label": self.label, "actor": self.actor, "value": self.without,
                "value_with_information": self.with_info, "evpi": self.evpi, "reason": self.reason or None}


def value_of_information(scenario: Scenario, rule: str = "expected", alpha: float = 0.5,
                         assumptions: Mapping[str, float] | None = None) -> tuple[Information, ...]:
    """EVPI for every (reachable chance node, actor), grouped by actor, largest first."""
    check_rule(rule, alpha)
    a = scenario.assumption_values(assumptions)
    u = unfold(scenario, a)
    rt = scenario.runtime
    actors = list(scenario.spec.actors)
    actor_index = {x: k for k, x in enumerate(actors)}
    solution = solve(u, rt, actor_index, a, rule, alpha)
    views = {i: _view(u, rt, i, a, rule) for i in range(len(u.keys)) if u.kind[i] == CHANCE and u.kids[i]}
    chance_nodes = sorted({u.keys[i][0] for i in views})
    found: list[Information] = []
    for x, actor in enumerate(actors):
        tolerance = u.risk[x] if u.risk else None
        without = solution.values[u.root][x]  # type: ignore[index]
        rows = []
        for c in chance_nodes:
            node = rt.nodes[c]
            with_info, reason = _with_information(u, rt, solution, views, c, x, actor, rule, alpha, tolerance)
            rows.append(Information(node.id, node.label, actor, without, with_info, reason))
        rows.sort(key=lambda r: -(r.evpi if r.evpi is not None else -1.0))
        found += rows
    return tuple(found)


def _view(u: Unfolded, rt: Any, i: int, a: Sequence[float], rule: str) -> list[float]:
    """How the rule sees the odds at chance vertex i: the stated weights, or equal ones."""
    if RULES[rule].needs_weights:
        found = shares(u, rt, i, a)
        assert found is not None
        return found
    return [1 / len(u.kids[i])] * len(u.kids[i])


def _with_information(u: Unfolded, rt: Any, solution: Solution, views: dict[int, list[float]], c: int, x: int,
                      actor: str, rule: str, alpha: float, tolerance: float | None) -> tuple[float | None, str]:
    size = len(rt.nodes[c].branches)
    q: list[list[float] | None] = [None] * len(u.keys)
    uncertain = [False] * len(u.keys)  # an uncertain event lies ahead of the vertex
    for i in range(len(u.keys)):  # children first: the odds of each branch of c, seen from each vertex
        kids = u.kids[i]
        if not kids:
            continue
        uncertain[i] = u.kind[i] == CHANCE or any(uncertain[k] for _, k in kids)
        if u.kind[i] == CHANCE and u.keys[i][0] == c:
            dist = [0.0] * size
            for (b, _), p in zip(kids, views[i], strict=True):
                dist[b.index] += p
            q[i] = dist
        elif u.kind[i] == CHANCE:
            q[i] = _mix([q[k] for _, k in kids], views[i])
        elif rt.nodes[u.keys[i][0]].actor != actor:  # another actor's best branches, evenly where it is indifferent
            best = solution.best[i]
            q[i] = _mix([q[kids[k][1]] for k in best], [1 / len(best)] * len(best))
        else:
            defined = [q[k] for _, k in kids if q[k] is not None]
            if defined and any(q[k] is None and uncertain[k] for _, k in kids):
                # c is met only on some of the actor's own branches, and another holds uncertain events
                # the model does not tie to c: learning c's branch "for free" would keep their odds as
                # they are (a test's result that says nothing about the well when the test is not taken)
                node = rt.nodes[u.keys[i][0]]
                return None, (f"it is met only through {actor}'s own choice at '{node.id}' "
                              f"(reached after {' → '.join(u.history(i)) or 'the start'})")
            for other in defined[1:]:
                if any(abs(s - t) > AGREE for s, t in zip(defined[0], other, strict=True)):  # type: ignore[arg-type]
                    node = rt.nodes[u.keys[i][0]]
                    return None, (f"its odds depend on {actor}'s own choice at '{node.id}' "
                                  f"(reached after {' → '.join(u.history(i)) or 'the start'})")
            q[i] = defined[0] if defined else None
    prior = q[u.root]
    if prior is None:
        return solution.values[u.root][x], ""  # type: ignore[index]
    learned = [(branch, p) for branch, p in enumerate(prior) if p > 0]
    values = [_rollback_knowing(u, rt, solution, views, q, c, branch, x, actor, rule, alpha, tolerance)
              for branch, _ in learned]
    return _combine(rule, values, [p for _, p in learned], alpha, tolerance), ""


def _mix(parts: list[list[float] | None], weights: list[float]) -> list[float] | None:
    total = sum(w for part, w in zip(parts, weights, strict=True) if part is not None)
    if total <= 0:
        return None
    size = len(next(p for p in parts if p is not None))
    out = [0.0] * size
    for part, w in zip(parts, weights, strict=True):
        if part is not None:
            for k in range(size):
                out[k] += w * part[k] / total
    return out


def _rollback_knowing(u: Unfolded, rt: Any, solution: Solution, views: dict[int, list[float]],
                      q: list[list[float] | None], c: int, branch: int, x: int, actor: str, rule: str,
                      alpha: float, tolerance: float | None) -> float:
    """Actor x's value when it knows node c takes `branch`: Bayes-updated odds, its own choices re-made."""
    value: list[float] = [0.0] * len(u.keys)
    for i in range(len(u.keys)):
        kids = u.kids[i]
        if not kids:
            value[i] = solution.values[i][x]  # type: ignore[index]
            continue
        child = [value[k] for _, k in kids]
        if u.kind[i] == DECISION:
            mine = rt.nodes[u.keys[i][0]].actor == actor
            if mine:
                value[i] = max(child)
            else:
                best = solution.best[i]
                value[i] = _combine(rule, [child[k] for k in best], [1 / len(best)] * len(best), alpha, tolerance)
            continue
        p = views[i]
        if u.keys[i][0] == c:
            odds = [pk if b.index == branch else 0.0 for (b, _), pk in zip(kids, p, strict=True)]
        else:
            here = q[i]
            odds = [pk * (q[k][branch] if q[k] is not None else (here[branch] if here else 1.0))  # type: ignore[index]
                    for (_, k), pk in zip(kids, p, strict=True)]
        if sum(odds) <= 0:  # not reached once the branch is known; its value does not matter
            odds = p
        value[i] = _combine(rule, child, odds, alpha, tolerance)
    return value[u.root]


def _combine(rule: str, column: list[float], odds: list[float], alpha: float, tolerance: float | None) -> float:
    """One actor's value of an uncertain event, by the rule, over the branches still possible (odds > 0)."""
    live = [(v, w) for v, w in zip(column, odds, strict=True) if w > 0]
    values = [v for v, _ in live]
    total = sum(w for _, w in live)
    weights = [w / total for _, w in live] if rule in ("expected", "laplace") else None
    mix = lottery("expected" if weights is not None else rule, values, weights, alpha)
    if tolerance is not None:
        return certainty_equivalent(values, mix, tolerance)
    return sum(w * v for w, v in zip(mix, values, strict=True))
