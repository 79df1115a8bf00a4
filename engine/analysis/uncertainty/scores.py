"""Every scored outcome's scores in n assumption sets at once: one array operation per term.

An outcome whose actors' values or payoffs name assumptions is scored again for each set.
Scoring them one outcome at a time cost a Python loop per outcome and per rollback (the
rebuilt mexico has thousands of such outcome states and a sensitivity sweep rolls back
dozens of times); here the outcomes' states are laid out once per unfolded DAG as a matrix,
and each actor's scores for all outcomes and all sets are built term by term in the
per-point order (`row_at`: 0 + Σ weight × indicator, then + payoff), so every number
agrees bit for bit with the per-point rollback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.engine.core.cache import Memo
from scenarios.engine.core.runtime import Runtime
from scenarios.engine.core.unfold import Unfolded

from .vector import Columns


@dataclass(frozen=True)
class Layout:
    """The scored outcomes' states and payoffs, laid out once per unfolded DAG."""

    states: np.ndarray  # (outcomes, slots): each scored outcome's indicator values as floats
    payoffs: np.ndarray  # (actors, outcomes): the payoffs written as numbers (0 where one names an assumption)
    named: tuple[dict[int, np.ndarray], ...]  # per actor: assumption position → the outcomes whose payoff names it


_LAYOUTS: Memo[Layout] = Memo()


def _layout(u: Unfolded, rt: Runtime, outcomes: tuple[int, ...]) -> Layout:
    nodes = [rt.nodes[u.keys[i][0]] for i in outcomes]
    states = np.array([[float(x) for x in u.keys[i][1]] for i in outcomes], dtype=float)
    payoffs = np.zeros((len(u.terms), len(nodes)))
    named: list[dict[int, np.ndarray]] = []
    for x, (aid, _) in enumerate(u.terms):
        refs: dict[int, list[int]] = {}
        for k, node in enumerate(nodes):
            ref = node.payoff_refs.get(aid, -1)
            if ref < 0:
                payoffs[x, k] = node.payoffs.get(aid, 0.0)
            else:
                refs.setdefault(ref, []).append(k)
        named.append({ref: np.array(ks) for ref, ks in refs.items()})
    return Layout(states.reshape(len(nodes), -1), payoffs, tuple(named))


def scored_columns(u: Unfolded, rt: Runtime, outcomes: tuple[int, ...], columns: Columns,
                   n: int) -> dict[int, np.ndarray]:
    """Each of `outcomes` (scored outcome vertices of u) → its (actors, n) scores under the n sets in `columns`."""
    if not outcomes:
        return {}
    layout = _LAYOUTS.get(u, outcomes, lambda: _layout(u, rt, outcomes))
    out = np.empty((len(outcomes), len(u.terms), n))
    for x, (_, row) in enumerate(u.terms):
        total = np.zeros((len(outcomes), n))
        for slot, weight, ref in row:
            w: Any = weight if ref < 0 else columns[ref]
            total += layout.states[:, slot, None] * w
        total += layout.payoffs[x][:, None]
        for ref, ks in layout.named[x].items():
            total[ks] += columns[ref]
        out[:, x, :] = total
    return dict(zip(outcomes, out, strict=True))
