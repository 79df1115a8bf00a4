"""An outcome's scores: each actor's Σ weight × indicator plus the outcome's payoff, one rule in one place.

`row_at` is that rule; `scorer` is the same additions in the same order for many outcome states at
one assumption vector (the unfolding scores every outcome vertex with it).
"""

from __future__ import annotations

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
    additions in the same order (the same numbers, bit for bit)."""
    weights = [tuple((slot, weight if ref < 0 or a is None else a[ref]) for slot, weight, ref in row)
               for _, row in terms]
    pays: dict[int, list[tuple[tuple[tuple[int, float], ...], float]]] = {}

    def payoffs(n: int) -> list[tuple[tuple[tuple[int, float], ...], float]]:
        node = nodes[n]
        return [(w, node.payoffs.get(aid, 0.0) if node.payoff_refs.get(aid, -1) < 0 or a is None
                 else a[node.payoff_refs[aid]]) for w, (aid, _) in zip(weights, terms, strict=True)]

    def row(n: int, state: State) -> tuple[float, ...]:
        actors = pays.get(n)
        if actors is None:
            actors = pays[n] = payoffs(n)
        out = []
        for actor_terms, payoff in actors:
            total = 0.0
            for slot, w in actor_terms:
                total += w * state[slot]  # a flag counts 1 or 0: True * w == w
            out.append(total + payoff)
        return tuple(out)
    return row


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
