"""Backward induction over the unfolded DAG: each actor's value at every vertex, and every choice.

At a chance vertex every actor values the branches by the rule from its own point
of view; at a decision the deciding actor takes the branch worth most to itself.
When several branches are worth the same to it (within a relative 1e-9), the actor
is indifferent: the choice is the set of best branches, never the first in file
order, and to every other actor the tie is an uncertain event among those
branches, each equally weighted, judged by the same rule.  One pass, children
first: no recursion.  The step at one vertex (`_settler`) is the one place the rule is
applied: over a DAG already built (`_visit`), or riding along the walk that builds it
(`unfold_solved`, what `analyze` on a freshly loaded scenario does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.core.cache import Memo
from scenarios.engine.core.runtime import DECISION, Runtime
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import (
    Key,
    Settle,
    Unfolded,
    branch_shares,
    reads_no_state,
    rescore,
    risk_of,
    scores_at,
    share_group,
    unfold,
    unfold_rolling,
)
from scenarios.engine.errors import UsageError, one_of
from scenarios.engine.text.i18n import _

from .rules import RULES, combine_with_risk

Values = tuple[float, ...]


@dataclass(eq=False)
class Solution:
    """Values per vertex (one number per actor, in file order) and, at decisions, the positions of the best branches.

    `best[i]` holds one position when the actor prefers one branch, several when it is indifferent.
    """

    values: list[Values | None]
    best: dict[int, tuple[int, ...]]
    # what follows from the solution alone (its play, its trails): a rule the assumptions don't move
    # keeps one Solution across slider moves, so these are worked out once
    memo: dict[str, Any] = field(default_factory=dict)


# per unfolded DAG and assumption vector: the scored outcomes' scores (`analyze` solves five rules at one vector)
_RESCORED: Memo[list[tuple[float, ...]]] = Memo(limit=8)


def tolerance(x: float) -> float:
    return 1e-9 * max(1.0, abs(x))


def check_rule(rule: str, alpha: float) -> None:
    if rule not in RULES:
        raise UsageError(_("unknown rule '{rule}' ({choices})").format(rule=rule, choices=one_of(RULES)))
    if not 0.0 <= alpha <= 1.0:
        raise UsageError(_("alpha = {alpha} is outside [0, 1] (0 judges by the worst branch, 1 by the best)").format(
            alpha=f"{alpha:g}"))


def missing_weights_message(rule: str, missing: Sequence[str]) -> str:
    others = ", ".join(r for r, d in RULES.items() if not d.needs_weights)
    return _("rule '{rule}' needs weights, but these chance nodes have none: {nodes} (give their branches weights, "
             "or use a rule that needs none: {others})").format(rule=rule, nodes=", ".join(missing), others=others)


def base_solution(u: Unfolded, rt: Runtime, actor_index: dict[str, int], a: Sequence[float], rule: str,
                  alpha: float) -> Solution:
    """Every vertex rolled back under `rule` once (at `a`) and kept on `u`: what later vectors start from.

    A rule that needs weights fails here, naming the chance nodes without them.
    """
    if RULES[rule].needs_weights and u.unweighted:
        raise UsageError(missing_weights_message(rule, u.unweighted))
    base = u.solved.get((rule, alpha))
    if base is None:
        base = Solution(list(scores_at(u, rt, a)), {})  # a copy: the rollback writes into it
        _visit(u, rt, actor_index, a, rule, alpha, base, range(len(u.keys)))
        base.memo["at"] = tuple(a)
        u.solved[(rule, alpha)] = base
    return base  # type: ignore[no-any-return]


def solve(u: Unfolded, rt: Runtime, actor_index: dict[str, int], a: Sequence[float], rule: str,
          alpha: float) -> Solution:
    """Roll the model back under `rule`; a rule that needs weights fails naming the nodes without them.

    The first rollback under a rule visits every vertex; later ones (a sweep) start
    from it and redo only the vertices whose value can depend on the assumptions.
    """
    base = base_solution(u, rt, actor_index, a, rule, alpha)
    if base.memo["at"] == tuple(a) or not (RULES[rule].needs_weights or u.scored) or not u.dirty:
        return base  # nothing moves with the assumptions, or the base was rolled back at `a` itself
    solution = Solution(base.values.copy(), base.best.copy())
    # outcomes whose values or payoffs name assumptions, scored under `a` once for every rule
    rows = _RESCORED.get(u, tuple(a), lambda: [rescore(u, rt, i, a) for i in u.scored])
    for i, row in zip(u.scored, rows, strict=True):
        solution.values[i] = row
    _visit(u, rt, actor_index, a, rule, alpha, solution, u.dirty)
    return solution


class _NoWeights(Exception):
    """A rule that needs weights met a chance node without them while riding along the walk."""


def unfold_solved(scenario: Scenario, a: Sequence[float], actor_index: dict[str, int], rule: str,
                  alpha: float) -> tuple[Unfolded, Solution]:
    """The unfolded DAG at `a` and its rollback under `rule` (`solve`'s answer).

    When the DAG is not built yet, the rollback rides along the walk that builds it: each
    vertex's values as its children finish, one pass in all (kept on the DAG as `base_solution`).
    """
    rt = scenario.runtime
    best: dict[int, tuple[int, ...]] = {}

    def rollback(keys: list[Key], branches: list[Any], values: list[Any]) -> Settle:
        return _settler(rt, scenario.name, actor_index, a, rule, alpha, risk_of(scenario), keys, branches, values,
                        best)
    try:
        u, values = unfold_rolling(scenario, a, rollback)
    except _NoWeights:  # walk again without it, so the message names every chance node without weights
        u, values = unfold(scenario, a), None
    if values is None:
        return u, solve(u, rt, actor_index, a, rule, alpha)
    base = Solution(values, best)
    base.memo["at"] = tuple(a)
    u.solved[(rule, alpha)] = base
    return u, base


def _visit(u: Unfolded, rt: Runtime, actor_index: dict[str, int], a: Sequence[float], rule: str, alpha: float,
           solution: Solution, vertices: Iterable[int]) -> None:
    values, children, kind = solution.values, u.children, u.kind
    settle = _settler(rt, u.name, actor_index, a, rule, alpha, u.risk, u.keys, u.branches, values, solution.best)
    for i in vertices:
        mine = children[i]
        if mine:
            values[i] = settle(i, kind[i], mine)


def _settler(rt: Runtime, name: str, actor_index: dict[str, int], a: Sequence[float], rule: str, alpha: float,
             risk: Sequence[float | None], keys: list[Key], branches: list[Any], values: list[Any],
             best_of: dict[int, tuple[int, ...]]) -> Settle:
    """The rollback's step at inner vertex i, whose children's values are in `values`: its own values, and at a
    decision the positions of the best branches (into `best_of`)."""
    spec = RULES[rule]
    combine = spec.combine
    nodes = rt.nodes
    decider = [actor_index[node.actor] if node.kind == DECISION else -1 for node in nodes]  # type: ignore[index]
    # chance nodes whose weights read no state: their vertices with the same branches share their shares
    stateless = [reads_no_state(node.branches) for node in nodes]
    same: dict[tuple[int, ...], list[float] | None] = {}
    alone = [(k,) for k in range(max((len(node.branches) for node in nodes), default=0))]
    if risk:
        def mix(values: Sequence[Values], p: Sequence[float] | None) -> Values:
            return combine_with_risk(rule, values, p, alpha, risk)
    else:
        def mix(values: Sequence[Values], p: Sequence[float] | None) -> Values:
            return combine(values, p, alpha)

    def settle(i: int, kind: int, kids: tuple[int, ...]) -> Values:
        child_values = [values[c] for c in kids]
        if kind == DECISION:
            d = decider[keys[i][0]]
            scores = [v[d] for v in child_values]
            best = max(scores)
            floor = best - tolerance(best)
            tied = tuple([k for k, x in enumerate(scores) if x >= floor])
            if len(tied) == 1:
                best_of[i] = alone[tied[0]]  # one tuple per position, kept
                return child_values[tied[0]]  # type: ignore[no-any-return]
            best_of[i] = tied
            return mix([child_values[k] for k in tied], [1 / len(tied)] * len(tied))
        p = None
        if spec.needs_weights:
            n, s = keys[i]
            if stateless[n]:
                group = share_group(n, branches[i])
                p = same.get(group)
                if p is None:
                    p = same[group] = branch_shares(rt, name, n, s, branches[i], a)
            else:
                p = branch_shares(rt, name, n, s, branches[i], a)
            if p is None:
                raise _NoWeights
        return mix(child_values, p)
    return settle


def played(u: Unfolded, solution: Solution) -> list[tuple[int, tuple[int, ...] | None]]:
    """`play`, kept on the solution (callers only read it)."""
    found = solution.memo.get("play")
    if found is None:
        found = solution.memo["play"] = play(u, solution)
    return found  # type: ignore[no-any-return]


def play(u: Unfolded, solution: Solution) -> list[tuple[int, tuple[int, ...] | None]]:
    """Vertices the play reaches, in depth-first order, each with the parent link of its first visit.

    The play follows the best branches at decisions (all of them where the actor is
    indifferent) and every branch at chance nodes.
    """
    return walk(u, solution.best.__getitem__)


def walk(u: Unfolded, best: Callable[[int], Sequence[int]]) -> list[tuple[int, tuple[int, ...] | None]]:
    """`play` with the best branches at each decision vertex read from `best` (a batch reads them per set)."""
    seen: set[int] = set()
    order: list[tuple[int, tuple[int, ...] | None]] = []
    stack: list[tuple[int, tuple[int, ...] | None]] = [(u.root, None)]
    while stack:
        i, link = stack.pop()
        if i in seen:
            continue
        seen.add(i)
        order.append((i, link))
        kids = u.children[i]
        if not kids:
            continue
        if u.kind[i] == DECISION:
            stack.extend((kids[k], (i, k)) for k in reversed(best(i)))
        else:
            stack.extend((kids[k], (i, k)) for k in range(len(kids) - 1, -1, -1))
    return order
