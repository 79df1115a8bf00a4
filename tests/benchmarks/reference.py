"""The reference `analyze` is measured against (issue 24): a plain memoized rollback.

It rolls a compiled scenario back under the expected rule from its compiled runtime (the
same closures the engine walks), memoizing each actor's expected score on (node, state),
with no unfolded graph, no play, no paths and no table: the least work that finds every
actor's value at the start and each decision's choice. `analyze` should cost no more.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scenarios.engine.core.runtime import CHANCE, DECISION, OUTCOME
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import row_at, score_terms

TIE = 1e-9


def memoized_rollback(scenario: Scenario, overrides: dict[str, float] | None = None) -> dict[str, float]:
    """Each actor's expected score at the start under the expected rule (ties: an even mix)."""
    rt = scenario.runtime
    a: Sequence[float] = rt.assumption_vector(overrides)
    terms = score_terms(scenario)
    actor_of = {x: k for k, x in enumerate(scenario.spec.actors)}
    memo: dict[tuple[int, Any], tuple[float, ...]] = {}
    nodes = rt.nodes

    def value(n: int, s: Any) -> tuple[float, ...]:
        key = (n, s)
        found = memo.get(key)
        if found is not None:
            return found
        node = nodes[n]
        if node.kind == OUTCOME:
            found = row_at(terms, node, s, a)
        else:
            branches = [b for b in node.branches if b.when is None or b.when.fn(s, a)]
            kids = [value(b.to, b.apply(s) if b.apply else s) for b in branches]
            if node.kind == DECISION:
                d = actor_of[node.actor]  # type: ignore[index]
                best = max(v[d] for v in kids)
                tied = [v for v in kids if v[d] >= best - TIE * max(1.0, abs(best))]
                found = tuple(sum(col) / len(tied) for col in zip(*tied, strict=True))
            else:
                assert node.kind == CHANCE
                w = [b.weight.fn(s, a) if b.weight is not None else 1.0 for b in branches]
                total = sum(w)
                found = tuple(sum(p * x for p, x in zip(w, col, strict=True)) / total
                              for col in zip(*kids, strict=True))
        memo[key] = found
        return found

    return dict(zip(scenario.spec.actors, value(rt.start, rt.initial), strict=True))
