"""An outcome's scores: each actor's Σ weight × indicator plus the outcome's payoff, one rule in one place.

`row_at` is that rule; `scorer` is the same additions in the same order for many outcome states at
one assumption vector (the unfolding scores every outcome vertex with it), written out as one
Python expression of numbers so that no loop runs per term.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .runtime import CNode, State

if TYPE_CHECKING:
    from .scenario import Scenario


# each actor with its (state slot, weight, assumption position or -1) triples: the weight is the assumption's
# value where the file names one in `values`, else the number written
ScoreTerms = tuple[tuple[str, tuple[tuple[int, float, int], ...]], ...]


def score_terms(scenario: Scenario) -> ScoreTerms:
    """Each actor with its (state slot, weight, assumption) triples: the names looked up once."""
    rt = scenario.runtime
    index = rt.indicator_index
    where = {x: j for j, x in enumerate(rt.assumption_ids)}
    values = rt.assumption_values
    terms = []
    for aid, actor in scenario.spec.actors.items():
        row = []
        for ind, w in actor.values.items():
            ref = where[w] if isinstance(w, str) else -1
            row.append((index[ind], values[ref] if ref >= 0 else float(w), ref))
        terms.append((aid, tuple(row)))
    return tuple(terms)


def reads_assumptions(terms: ScoreTerms, node: CNode) -> bool:
    """Whether an outcome's scores read an assumption (a value or one of its payoffs names one)."""
    return bool(node.payoff_refs) or any(ref >= 0 for _, row in terms for _, _, ref in row)


def scorer(terms: ScoreTerms, nodes: Sequence[CNode], a: Sequence[float] | None
           ) -> Callable[[int, State], tuple[float, ...]]:
    """`row_at` for many outcome states at one `a`: each weight and payoff looked up once, then the same
    additions in the same order (the same numbers, bit for bit), written out as one expression (`_sums`)."""
    weights = [tuple((slot, weight if ref < 0 or a is None else a[ref]) for slot, weight, ref in row)
               for _, row in terms]
    pays: dict[int, tuple[float, ...]] = {}

    def payoffs(n: int) -> tuple[float, ...]:
        node = nodes[n]
        return tuple(node.payoffs.get(aid, 0.0) if node.payoff_refs.get(aid, -1) < 0 or a is None
                     else a[node.payoff_refs[aid]] for aid, _ in terms)
    sums = _sums(weights)
    if sums is not None:
        def row(n: int, state: State) -> tuple[float, ...]:
            found = pays.get(n)
            if found is None:
                found = pays[n] = payoffs(n)
            return sums(state, found)  # type: ignore[no-any-return]
        return row

    def looped(n: int, state: State) -> tuple[float, ...]:
        found = pays.get(n)
        if found is None:
            found = pays[n] = payoffs(n)
        out = []
        for actor_terms, payoff in zip(weights, found, strict=True):
            total = 0.0
            for slot, w in actor_terms:
                total += w * state[slot]  # a flag counts 1 or 0: True * w == w
            out.append(total + payoff)
        return tuple(out)
    return looped


SUMS_LIMIT = 400  # terms written out as one expression at most (longer ones are added in a loop)


def _sums(weights: Sequence[tuple[tuple[int, float], ...]]) -> Callable[[State, tuple[float, ...]], Any] | None:
    """One function (state, payoffs) → each actor's `row_at` sum: 0.0 + w₁ × state[slot₁] + … + payoff, left to
    right as `row_at` adds them, with no loop to run (a third of the time an outcome takes to score).

    It is written from numbers alone (each weight's `repr`, each slot's position): nothing from a file is
    copied into it. None when a weight is not a finite float or there are too many terms.
    """
    if sum(map(len, weights)) > SUMS_LIMIT or not all(
            type(w) is float and math.isfinite(w) and type(slot) is int for row in weights for slot, w in row):
        return None
    actors = [" + ".join(["0.0", *(f"({w!r} * s[{slot}])" for slot, w in row), f"p[{k}]"])
              for k, row in enumerate(weights)]
    try:
        return eval("lambda s, p: (" + "".join(f"{x}, " for x in actors) + ")",  # the text holds numbers only
                    {"__builtins__": {}})
    except (RecursionError, MemoryError, SyntaxError):
        return None


def score_row(scenario: Scenario, terms: ScoreTerms, outcome: int, state: tuple[Any, ...],
              a: Sequence[float] | None = None) -> tuple[float, ...]:
    """Each actor's score (in actor order) at outcome node number `outcome` reached in `state`:
    Σ values × indicator, plus the outcome's payoffs. The analyses score every outcome state this way."""
    return row_at(terms, scenario.runtime.nodes[outcome], state, a)


def row_at(terms: ScoreTerms, node: CNode, state: tuple[Any, ...], a: Sequence[float] | None) -> tuple[float, ...]:
    """The one rule for a score: Σ weight × indicator, then + payoff; a weight or payoff that names an
    assumption reads it from `a` (its default when `a` is None)."""
    payoffs, refs = node.payoffs, node.payoff_refs
    row = []
    for aid, actor_terms in terms:
        total = 0.0
        for slot, weight, ref in actor_terms:
            w = weight if ref < 0 or a is None else a[ref]
            total += w * state[slot]  # a flag counts 1 or 0: True * w == w
        ref = refs.get(aid, -1)
        row.append(total + (payoffs.get(aid, 0.0) if ref < 0 or a is None else a[ref]))
    return tuple(row)
