"""Every scored outcome's scores in n assumption sets at once: one array operation per term.

An outcome whose actors' values or payoffs name assumptions is scored again for each set.
Scoring them one outcome at a time cost a Python loop per outcome and per rollback (the
rebuilt mexico has thousands of such outcome states and a sensitivity sweep rolls back
dozens of times); here the outcomes' states are laid out once per unfolded DAG as a matrix,
and each actor's scores for all outcomes and all sets are built term by term in the
per-point order (`row_at`: 0 + Σ weight × indicator, then + payoff), so every number
agrees bit for bit with the per-point rollback. Outcomes that one actor cannot tell apart (the same
indicators under that actor's weights, the same payoff) share one row: the rebuilt mexico's 6,827
scored outcomes are 126 to 1,413 distinct rows per actor, so each term is computed on those and
the rows are then copied out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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
    named: tuple[dict[int, np.ndarray], ...]  # per actor: assumption position → the distinct rows whose payoff names it
    distinct: tuple[np.ndarray, ...]  # per actor: one outcome per distinct row (indices into the outcomes)
    where: np.ndarray  # (outcomes, actors): each outcome's row per actor among all actors' distinct rows


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
    states = states.reshape(len(nodes), -1)
    distinct, inverse, kept, offset = [], [], [], 0
    for x, (_, row) in enumerate(u.terms):
        marks = [np.isin(np.arange(len(nodes)), ks).astype(float)[:, None] for ks in named[x].values()]
        seen = np.hstack([states[:, sorted({slot for slot, _, _ in row})], payoffs[x][:, None], *marks])
        _, first, back = np.unique(seen, axis=0, return_index=True, return_inverse=True)
        distinct.append(first)
        inverse.append(back.reshape(-1) + offset)
        offset += len(first)
        where = np.full(len(nodes), -1)
        where[first] = np.arange(len(first))
        kept.append({ref: where[ks][where[ks] >= 0] for ref, ks in named[x].items()})
    return Layout(states, payoffs, tuple(kept), tuple(distinct), np.stack(inverse, axis=1))


def distinct_rows(u: Unfolded, rt: Runtime, outcomes: tuple[int, ...]) -> int:
    """How many rows of n numbers `scored_columns` computes for `outcomes`."""
    if not outcomes:
        return 0
    return sum(len(first) for first in _LAYOUTS.get(u, outcomes, lambda: _layout(u, rt, outcomes)).distinct)


class Scored(Mapping[int, np.ndarray]):
    """Outcome vertex → its (actors, n) scores, gathered from the distinct rows when asked for (a chunk's scores for
    all the rebuilt mexico's outcomes at once would be 6,827 × 4 × n numbers; its distinct rows are 2,297 × n)."""

    def __init__(self, rows: np.ndarray, at: dict[int, np.ndarray], rest: dict[int, np.ndarray],
                 outcomes: tuple[int, ...] = (), where: np.ndarray | None = None):
        self._rows, self._at, self._rest = rows, at, rest  # rest: outcomes that keep their base scores
        self._outcomes, self._where = outcomes, where  # `at` as laid out: outcomes in order, (outcomes, actors) rows

    @property
    def rows(self) -> np.ndarray:
        """(distinct rows, n): the rows the outcomes' scores are gathered from."""
        return self._rows

    def at(self, outcomes: tuple[int, ...]) -> np.ndarray:
        """(outcomes, actors): each of `outcomes`' row per actor in `rows` (each must be one computed here)."""
        if outcomes == self._outcomes and self._where is not None:
            return self._where
        return np.array([self._at[i] for i in outcomes], dtype=np.intp).reshape(len(outcomes), -1)

    def __getitem__(self, i: int) -> np.ndarray:
        where = self._at.get(i)
        return self._rows[where] if where is not None else self._rest[i]

    def __contains__(self, i: object) -> bool:
        return i in self._at or i in self._rest

    def __iter__(self) -> Iterator[int]:
        yield from self._at
        yield from self._rest

    def __len__(self) -> int:
        return len(self._at) + len(self._rest)


def scored_columns(u: Unfolded, rt: Runtime, outcomes: tuple[int, ...], columns: Columns, n: int,
                   rest: dict[int, np.ndarray]) -> Scored:
    """Each of `outcomes` (scored outcome vertices of u) → its (actors, n) scores under the n sets in `columns`;
    each of `rest` → the scores given there."""
    if not outcomes:
        return Scored(np.empty((0, n)), {}, rest)
    layout = _LAYOUTS.get(u, outcomes, lambda: _layout(u, rt, outcomes))
    rows = np.empty((sum(len(first) for first in layout.distinct), n))
    offset = 0
    for x, (_, row) in enumerate(u.terms):
        first = layout.distinct[x]
        states = layout.states[first]
        total = rows[offset:offset + len(first)]
        total[:] = 0.0
        for slot, weight, ref in row:
            w: Any = weight if ref < 0 else columns[ref]
            total += states[:, slot, None] * w
        total += layout.payoffs[x][first][:, None]
        for ref, ks in layout.named[x].items():
            total[ks] += columns[ref]
        offset += len(first)
    return Scored(rows, dict(zip(outcomes, layout.where, strict=True)), rest, outcomes, layout.where)
