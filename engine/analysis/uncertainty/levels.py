"""The bulk rollback's arithmetic: the dirty vertices solved height by height, each height at once.

A vertex's height in the DAG is one more than its highest dirty child's (outcomes, and vertices that
keep their base values, count 0), so every vertex of one height reads only lower ones. The vertices
of one height, one kind and one number of branches are one `Step`: their children's values are
gathered from one table (a row per actor and vertex, a column per assumption set) into (branches,
actors, vertices × sets) arrays, and each branch position is one array operation over all of
them, in the per-point order: a chance vertex's 0 + p₁·v₁ + p₂·v₂ …, a decision's best branches
within the rollback's tolerance, an indifferent actor's tie as the rule values an even lottery. So
a batch costs a few operations per height rather than a Python loop over every dirty vertex, and
every number is the per-point rollback's, bit for bit. Wide batches go through the table a slice
of sets at a time, so its memory stays near TABLE bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.engine.core.cache import Memo
from scenarios.engine.core.runtime import CHANCE, DECISION, Runtime
from scenarios.engine.core.unfold import Unfolded

from .judged import certainty_equivalent, judged, judged_among
from .moving import Moving

TABLE = 32 * 2**20  # bytes the table of values (and one step's gathered children) may take at once


@dataclass(frozen=True)
class Step:
    """Vertices of one height, one kind and one number of branches; vertex j's actor x is table row first + x·m + j."""

    kind: int
    vertices: tuple[int, ...]
    kids: np.ndarray  # (branches, m): each branch's child, as a slot (see Plan)
    pick: np.ndarray  # (m,): each decision vertex's row among its gathered (actors × m) rows: its deciding actor's
    first: int  # the step's first row among the inner vertices' rows


@dataclass(frozen=True)
class Plan:
    """The steps for one DAG and one set of varying assumptions. A slot is a vertex whose values the steps read: first
    the varying scored outcomes (`scored`), then the vertices that keep their base values (`kept`), then the steps'."""

    steps: tuple[Step, ...]
    scored: tuple[int, ...]
    kept: tuple[int, ...]
    inner: np.ndarray  # (inner vertices, actors): each step vertex's rows, counted from the inner rows' start
    slot: dict[int, int]  # vertex → slot
    rows: int  # the inner vertices' rows
    widest: int  # the most numbers per set one step gathers

    @functools.cached_property
    def place(self) -> dict[int, tuple[int, int]]:
        """Step vertex → (its step, its position there)."""
        return {i: (s, j) for s, step in enumerate(self.steps) for j, i in enumerate(step.vertices)}


_PLANS: Memo[Plan] = Memo()


def plan(u: Unfolded, rt: Runtime, move: Moving, actor_index: dict[str, int]) -> Plan:
    """The steps rolling back `move.dirty` (cached per DAG, vertices and actor order: assumptions that move the same
    vertices, as every one named in the actors' values does, share one)."""
    return _PLANS.get(u, (tuple(move.dirty), move.scored, tuple(actor_index)), lambda: _plan(u, rt, move, actor_index))


def _plan(u: Unfolded, rt: Runtime, move: Moving, actor_index: dict[str, int]) -> Plan:
    inner = [i for i in move.dirty if u.kids[i]]
    solved = set(inner)
    scored = set(move.scored)
    height: dict[int, int] = {}
    for i in inner:  # children first
        height[i] = 1 + max(height.get(c, 0) for _, c in u.kids[i])
    kept = sorted({c for i in inner for _, c in u.kids[i] if c not in solved and c not in scored})
    slot = {c: s for s, c in enumerate((*move.scored, *kept))}
    bunches: dict[tuple[int, int, int], list[int]] = {}
    for i in inner:
        bunches.setdefault((height[i], u.kind[i], len(u.kids[i])), []).append(i)
    width = len(actor_index)
    order = sorted(bunches)
    for key in order:
        for i in bunches[key]:
            slot[i] = len(slot)
    steps, rows, first, widest = [], [], 0, 0
    for key in order:
        vertices = bunches[key]
        m = len(vertices)
        kids = np.array([[slot[c] for _, c in u.kids[i]] for i in vertices], dtype=np.intp).T.copy()
        actors = np.array([actor_index[rt.nodes[u.keys[i][0]].actor] if key[1] == DECISION else 0  # type: ignore[index]
                           for i in vertices], dtype=np.intp)
        steps.append(Step(key[1], tuple(vertices), kids, actors * m + np.arange(m), first))
        rows.append(first + np.arange(m)[:, None] + m * np.arange(width)[None, :])
        first += width * m
        widest = max(widest, key[2] * width * m)
    table = np.concatenate(rows) if rows else np.empty((0, width), dtype=np.intp)
    return Plan(tuple(steps), move.scored, tuple(kept), table, slot, first, widest)


Shares = Callable[[int], list[Any]]  # a weighted chance vertex's normalized weights: floats, or arrays of n


@dataclass
class Rolled:
    root: np.ndarray  # (actors, n)
    choice: dict[int, Any]  # decision vertex → best positions (the same in every set) or each set's bit mask
    watched: dict[int, list[Any]]


def roll(u: Unfolded, p: Plan, n: int, rule: str, alpha: float, weighted: bool, scores: Any, kept: np.ndarray,
         shares: Shares, watch: frozenset[int] | Mapping[int, np.ndarray]) -> Rolled:
    """Every step of `p` for n sets: `scores` holds the scored slots' rows (`rows`, and `at(outcomes)`: each outcome's
    row per actor), `kept` the kept slots' values (kept, actors); `shares(i)` a chance vertex's weights."""
    width = p.inner.shape[1]
    score_rows: np.ndarray = scores.rows if p.scored else np.empty((0, n))
    start = len(score_rows) + kept.size
    where = np.concatenate([scores.at(p.scored) if p.scored else np.empty((0, width), dtype=np.intp),
                            len(score_rows) + np.arange(kept.size, dtype=np.intp).reshape(-1, width),
                            start + p.inner]).astype(np.intp)
    total = start + p.rows
    span = max(1, min(n, TABLE // (8 * (total + 3 * p.widest))))  # sets per slice of the table
    table = np.empty((total, span))
    table[len(score_rows):start] = kept.reshape(-1, 1)
    masks: list[np.ndarray | None] = []
    weights: list[np.ndarray | None] = []
    seen: list[tuple[np.ndarray, np.ndarray | None]] = []  # per step: the watched vertices' positions, their values
    watched: dict[int, list[int]] = {}
    for i in watch:
        found = p.place.get(i)
        if found is not None:
            watched.setdefault(found[0], []).append(found[1])
    for s, step in enumerate(p.steps):
        m = len(step.vertices)
        masks.append(np.empty((m, n), dtype=mask_type(len(step.kids))) if step.kind == DECISION else None)
        weights.append(_weights(step, shares, n) if step.kind == CHANCE and weighted else None)
        mine = np.array(sorted(watched.get(s, ())), dtype=np.intp)
        seen.append((mine, np.empty((len(step.kids), len(mine), n)) if mine.size and step.kind == DECISION else None))
    root = np.empty((width, n))
    for lo in range(0, n, span):
        hi = min(n, lo + span)
        c = hi - lo
        cut = table[:, :c]
        cut[:len(score_rows)] = score_rows[:, lo:hi]
        for step, mask, weight, (mine, branch_values) in zip(p.steps, masks, weights, seen, strict=True):
            m = len(step.vertices)
            gathered = cut[where[step.kids].transpose(0, 2, 1)]  # (branches, actors, m, c)
            child = [g.reshape(width, m * c) for g in gathered]
            if step.kind == DECISION:
                mine_scores = [g.reshape(width * m, c)[step.pick] for g in gathered]  # (m, c): to the deciding actor
                if branch_values is not None:
                    for k, s in enumerate(mine_scores):
                        branch_values[k, :, lo:hi] = s[mine]
                tied = _best([s.reshape(-1) for s in mine_scores])
                assert mask is not None
                mask[:, lo:hi] = _bits(tied, m * c).reshape(m, c)
                out = decision_value(tied, child, width, m * c, u.risk, rule, alpha)
            elif weight is not None:
                out = _expected([weight[k, :, lo:hi].reshape(-1) for k in range(len(child))], child, u.risk)
            else:
                out = judged(rule, alpha, child, u.risk)
            cut[start + step.first:start + step.first + width * m] = np.reshape(out, (width * m, c))
        root[:, lo:hi] = cut[where[p.slot[u.root]]]
    return Rolled(root, _choices(p, masks), _watched(p, seen, watch))


def _weights(step: Step, shares: Shares, n: int) -> np.ndarray:
    """(branches, m, n): each vertex's normalized weights; vertices sharing one list of weights are filled at once."""
    out = np.empty((len(step.kids), len(step.vertices), n))
    alike: dict[int, tuple[list[Any], list[int]]] = {}
    for j, i in enumerate(step.vertices):
        found = shares(i)
        alike.setdefault(id(found), (found, []))[1].append(j)
    for found, js in alike.values():
        for k, q in enumerate(found):
            out[k, js] = q
    return out


def _expected(p: Sequence[np.ndarray], child: Sequence[np.ndarray], risk: Sequence[float | None]) -> np.ndarray:
    """A chance vertex's value under the expected rule: 0 + p₁·v₁ + p₂·v₂ …, the per-point sum term by term."""
    acc = np.zeros(child[0].shape)
    term = np.empty(child[0].shape)
    for q, v in zip(p, child, strict=True):
        np.multiply(q, v, out=term)
        acc += term
    for x, tolerance in enumerate(risk):
        if tolerance is not None:
            acc[x] = certainty_equivalent([v[x] for v in child], p, tolerance)
    return acc


def _choices(p: Plan, masks: Sequence[np.ndarray | None]) -> dict[int, Any]:
    """Each decision vertex's best positions where they are the same in every set (the usual case), else its masks."""
    choice: dict[int, Any] = {}
    for step, mask in zip(p.steps, masks, strict=True):
        if mask is None:
            continue
        branches = len(step.kids)
        same = (mask == mask[:, :1]).all(axis=1)
        known: dict[int, tuple[int, ...]] = {}
        for i, alike, row, first in zip(step.vertices, same.tolist(), mask, mask[:, 0].tolist(), strict=True):
            if alike:
                found = known.get(first)
                if found is None:
                    found = known[first] = positions(first, branches)
                choice[i] = found
            else:
                choice[i] = row
    return choice


def _watched(p: Plan, seen: Sequence[tuple[np.ndarray, np.ndarray | None]],
             watch: frozenset[int] | Mapping[int, np.ndarray]) -> dict[int, list[Any]]:
    """Watched decision vertex → each branch's value to its actor in every set, or at the sets `watch` maps it to."""
    out: dict[int, list[Any]] = {}
    for step, (mine, values) in zip(p.steps, seen, strict=True):
        if values is None:
            continue
        for j, jj in enumerate(mine.tolist()):
            i = step.vertices[jj]
            sets = watch[i] if isinstance(watch, Mapping) else None
            out[i] = [v[j] if sets is None else v[j, sets] for v in values]
    return out


def _best(scores: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Per set, which branches are within the rollback's tolerance of the best (the actor is indifferent among them)."""
    best = functools.reduce(np.maximum, scores)
    floor = np.abs(best)  # best - 1e-9 * max(1, |best|), as rollback.tolerance, in place
    np.maximum(floor, 1.0, out=floor)
    floor *= 1e-9
    np.subtract(best, floor, out=floor)
    return [score >= floor for score in scores]


def mask_type(width: int) -> Any:
    """The narrowest unsigned integer type holding a bit mask over `width` branch positions."""
    return np.uint8 if width <= 8 else np.uint16 if width <= 16 else np.uint32 if width <= 32 else np.uint64


def positions(mask: int, width: int) -> tuple[int, ...]:
    """One set's bit mask (see `_bits`) as the best branch positions it holds, of `width` branches."""
    return tuple(k for k in range(width) if mask >> k & 1)


def _bits(tied: Sequence[np.ndarray], n: int) -> np.ndarray:
    """The best branches of each set as a bit mask over branch positions (the narrowest unsigned type)."""
    kind = mask_type(len(tied))
    out: Any = np.zeros(n, dtype=kind)
    for k, t in enumerate(tied):
        out |= t.astype(kind) << kind(k)
    return out  # type: ignore[no-any-return]


def decision_value(tied: Sequence[np.ndarray], child: Sequence[np.ndarray], width: int, n: int,
                   risk: Sequence[float | None], rule: str = "expected", alpha: float = 0.5) -> np.ndarray:
    """The chosen branch's values; where the actor is indifferent, an even lottery over its best branches,
    valued by the rule as rollback.py values it (to every other actor the tie is an uncertain event).

    Under the expected rule the even lottery is the per-point sum Σ (1/c)·v in file order, under
    laplace the plain average (Σ v) / c; under maximin, maximax and hurwicz only the tied branches'
    worst and best count. A lone best branch keeps its values exactly.
    """
    count = np.zeros(n, dtype=np.int32)
    for t in tied:
        count += t
    out = np.broadcast_to(child[-1], (width, n))  # one best branch: its values, as they are
    for k in range(len(child) - 2, -1, -1):
        out = np.where(tied[k], child[k], out)
    tie = np.flatnonzero(count > 1)
    if not tie.size:
        return out  # type: ignore[no-any-return]

    def sub(a: np.ndarray) -> np.ndarray:  # the sets with a tie
        return a[..., tie] if np.shape(a)[-1] == n else a

    if not out.flags.writeable:  # a lone branch's own values: copied before the ties are written in
        out = np.array(out)
    if rule in ("maximin", "maximax", "hurwicz"):
        out[:, tie] = judged_among([sub(t) for t in tied], [sub(v) for v in child], rule, alpha, risk, width)
        return out  # type: ignore[no-any-return]
    share = 1 / count[tie]
    acc: Any = 0
    for t, v in zip(tied, child, strict=True):  # laplace: (Σ v) / c, as rules._laplace; expected: Σ (1/c)·v
        acc = acc + np.where(sub(t), sub(v) if rule == "laplace" else share * sub(v), 0.0)
    if rule == "laplace":
        acc = acc / count[tie]
    acc = np.array(np.broadcast_to(acc, (width, tie.size)))
    for x, tolerance in enumerate(risk):
        if tolerance is not None:
            acc[x] = certainty_equivalent([sub(v)[x] for v in child], [np.where(sub(t), share, 0.0) for t in tied],
                                           tolerance)
    out[:, tie] = acc
    return out  # type: ignore[no-any-return]
