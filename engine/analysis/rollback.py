"""Backward induction over the unfolded DAG: each actor's value at every vertex, and every choice.

At a chance vertex every actor values the branches by the rule from its own point
of view; at a decision the deciding actor takes the branch worth most to itself.
When several branches are worth the same to it (within a relative 1e-9), the actor
is indifferent: the choice is the set of best branches, never the first in file
order, and to every other actor the tie is an uncertain event among those
branches, each equally weighted, judged by the same rule.  One pass, children
first: no recursion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.core.cache import Memo
from scenarios.engine.core.runtime import CHANCE, DECISION, Runtime
from scenarios.engine.core.unfold import Unfolded, rescore, scores_at, shares
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
        _visit(u, rt, actor_index, a, rule, alpha, base, range(len(u.kids)))
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


def _visit(u: Unfolded, rt: Runtime, actor_index: dict[str, int], a: Sequence[float], rule: str, alpha: float,
           solution: Solution, vertices: Iterable[int]) -> None:
    spec = RULES[rule]
    combine = spec.combine
    nodes = rt.nodes
    values, best_of = solution.values, solution.best
    groups = u.share_groups  # chance vertices of one node whose weights read no state share their shares
    same: dict[tuple[int, ...], list[float] | None] = {}
    if u.risk:
        def mix(values: Sequence[Values], p: Sequence[float] | None) -> Values:
            return combine_with_risk(rule, values, p, alpha, u.risk)
    else:
        def mix(values: Sequence[Values], p: Sequence[float] | None) -> Values:
            return combine(values, p, alpha)
    kids_of, kind_of, keys = u.kids, u.kind, u.keys
    # the deciding actor's position at each decision node (-1 elsewhere)
    decider = [actor_index[node.actor] if node.kind == DECISION else -1 for node in nodes]  # type: ignore[index]
    for i in vertices:
        kids = kids_of[i]
        if not kids:
            continue
        kind = kind_of[i]
        child_values = [values[c] for _, c in kids]
        if kind == DECISION:
            d = decider[keys[i][0]]
            scores = [v[d] for v in child_values]  # type: ignore[index]
            best = max(scores)
            floor = best - tolerance(best)
            tied = tuple([k for k, x in enumerate(scores) if x >= floor])
            best_of[i] = tied
            if len(tied) == 1:
                values[i] = child_values[tied[0]]
            else:
                even = [1 / len(tied)] * len(tied)
                values[i] = mix([child_values[k] for k in tied], even)  # type: ignore[misc]
        elif kind == CHANCE:
            p = None
            if spec.needs_weights:
                group = groups.get(i)
                if group is None:
                    p = shares(u, rt, i, a)
                else:
                    p = same.get(group)
                    if p is None:
                        p = same[group] = shares(u, rt, i, a)
            values[i] = mix(child_values, p)  # type: ignore[arg-type]


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
        kids = u.kids[i]
        if not kids:
            continue
        if u.kind[i] == DECISION:
            stack.extend((kids[k][1], (i, k)) for k in reversed(best(i)))
        else:
            stack.extend((kids[k][1], (i, k)) for k in range(len(kids) - 1, -1, -1))
    return order
