"""The rollback over many assumption sets at once, with NumPy arrays instead of a loop per set.

Samples are grouped by the unfolded scenario they lead to (it changes only where a
`when` guard reads an assumption, and then only through the guard's true/false
answers), so each distinct DAG is built once.  Within a group, vertices whose value
cannot depend on the assumptions keep the per-point solution's numbers; only the
`dirty` ones are recomputed as (actors × samples) arrays, with the per-point
arithmetic in the same order, so choices and ties agree with `solve` set by set.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scenarios.engine.analysis.rollback import base_solution
from scenarios.engine.analysis.rules import RULES
from scenarios.engine.core.cache import Memo
from scenarios.engine.core.expr import EvalError
from scenarios.engine.core.runtime import CHANCE, DECISION, OUTCOME, CBranch, Runtime, State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded, shares, unfold
from scenarios.engine.errors import UsageError

from .judged import certainty_equivalent, judged, judged_among
from .moving import moving
from .scores import scored_columns
from .vector import Columns, evaluate

Guards = list[tuple[CBranch, State, bool]]
_GUARDS: Memo[Guards] = Memo()


def sample_vector(columns: Columns, k: int) -> list[float]:
    """Assumption set number k as the per-point engine takes it."""
    return [float(c[k]) if isinstance(c, np.ndarray) else c for c in columns]


def subset(columns: Columns, rows: np.ndarray) -> list[Any]:
    return [c[rows] if isinstance(c, np.ndarray) else c for c in columns]


def groups(scenario: Scenario, columns: Columns, n: int) -> Iterator[tuple[Unfolded, np.ndarray]]:
    """(unfolded scenario, sample positions) for each distinct DAG the n assumption sets lead to."""
    rt = scenario.runtime
    if not scenario.guard_slots:
        yield unfold(scenario, sample_vector(columns, 0)), np.arange(n)
        return
    ctx = scenario.compiled.context
    remaining = np.arange(n)
    while remaining.size:
        u = unfold(scenario, sample_vector(columns, int(remaining[0])))
        same = np.ones(remaining.size, dtype=bool)
        sub = subset(columns, remaining)
        for branch, state, taken in _guard_tests(u, rt):
            assert branch.when is not None
            same &= evaluate(branch.when, ctx, state, sub, remaining.size) == taken
        same[0] = True
        yield u, remaining[same]
        remaining = remaining[~same]


def _guard_tests(u: Unfolded, rt: Runtime) -> Guards:
    """Every guard that reads an assumption, at each state where building `u` asked it, with its answer."""
    def tests() -> Guards:
        found: Guards = []
        for i, (n, s) in enumerate(u.keys):
            node = rt.nodes[n]
            if node.kind == OUTCOME or not node.guarded:
                continue
            taken = {id(b) for b, _ in u.kids[i]}
            found += [(b, s, id(b) in taken) for b in node.branches
                      if b.when is not None and b.when.uses_assumptions]
        return found

    return _GUARDS.get(u, None, tests)


def many_shares(scenario: Scenario, u: Unfolded, i: int, columns: Columns, n: int,
                memo: dict[Any, list[Any]] | None = None) -> list[Any] | None:
    """Normalized weights of chance vertex i for n sets: floats where fixed, arrays where they move.

    Weights that read no indicator are the same at every vertex of a node offering the same
    branches, so with `memo` (one per group of sets) they are computed, and held, once.
    """
    fixed = u.fixed.get(i)
    if fixed is not None:
        return fixed
    rt = scenario.runtime
    n_id, s = u.keys[i]
    if not rt.nodes[n_id].weighted:
        return None
    key = u.share_groups.get(i) if memo is not None else None  # weights that read no state: one per group
    if key is not None and memo is not None:
        found = memo.get(key)
        if found is not None:
            return found
    computed = _shares(scenario, u, i, s, columns, n)
    if key is not None and memo is not None:
        memo[key] = computed
    return computed


def _shares(scenario: Scenario, u: Unfolded, i: int, s: State, columns: Columns, n: int) -> list[Any]:
    ctx = scenario.compiled.context
    try:
        raw = [evaluate(b.weight, ctx, s, columns, n) for b, _ in u.kids[i]]  # type: ignore[arg-type]
    except EvalError as exc:
        _fail(scenario, u, i, columns, getattr(exc, "sample", 0))
    bad = functools.reduce(np.logical_or, [w < 0 for w in raw])
    total: Any = 0
    for w in raw:
        total = total + w
    bad = bad | (total <= 0)
    if bad.any():
        _fail(scenario, u, i, columns, int(np.argmax(bad)))
    return [w / total for w in raw]


def _fail(scenario: Scenario, u: Unfolded, i: int, columns: Columns, k: int) -> Any:
    """Raise the per-point engine's own message for the first assumption set that fails."""
    shares(u, scenario.runtime, i, sample_vector(columns, k))
    raise UsageError(f"at node '{scenario.runtime.nodes[u.keys[i][0]].id}': the weights fail for assumption set {k}")


@dataclass(eq=False)
class Many:
    """The rollback of one group of n sets: arrays where they vary, the per-point numbers elsewhere."""

    u: Unfolded
    n: int
    root: np.ndarray  # (actors, n): each actor's value
    choice: dict[int, Any]  # decision vertex → its best branch positions: one tuple for every set, or bit masks
    shares: dict[int, list[Any] | None]  # chance vertex → normalized weights, where computed
    memo: dict[Any, list[Any]] = field(default_factory=dict)  # weights shared by vertices (see many_shares)
    # outcome vertex → (actors, n) scores, where the values or payoffs name assumptions
    outcomes: Mapping[int, np.ndarray] = field(default_factory=dict)
    # decision vertex → each branch's value to the deciding actor, per set (only the vertices asked for in `watch`)
    watched: dict[int, list[Any]] = field(default_factory=dict)


def solve_many(scenario: Scenario, u: Unfolded, columns: Columns, n: int, rule: str, alpha: float,
               actor_index: dict[str, int], watch: frozenset[int] | Mapping[int, np.ndarray] = frozenset(),
               scores: Mapping[int, np.ndarray] | None = None) -> Many:
    """Roll `u` back under `rule` for n assumption sets at once (see the module docstring); the dirty decision
    vertices in `watch` keep each branch's value to their actor, per set (`Many.watched`), or, when `watch` maps
    them to set positions, a copy at those sets only (a sensitivity search asks for a few). `scores` are the
    outcomes' scores from a rollback of the same sets on a DAG `u` was cut from (a strategy's): not scored again."""
    rt = scenario.runtime
    # every vertex solved once; only the non-dirty ones' numbers are used
    base = base_solution(u, rt, actor_index, sample_vector(columns, 0), rule, alpha)
    width = len(actor_index)
    choice: dict[int, Any] = dict(base.best)
    computed: dict[int, list[Any] | None] = {}
    memo: dict[Any, list[Any]] = {}
    weighted = RULES[rule].needs_weights
    at = base.memo["at"]  # what varies: the arrays, and any number other than the base's
    move = moving(u, rt, frozenset(k for k, c in enumerate(columns) if isinstance(c, np.ndarray) or c != at[k]))
    if not move.dirty or not (weighted or u.scored):
        root = np.broadcast_to(np.asarray(base.values[u.root], dtype=float).reshape(width, 1), (width, n))
        return Many(u, n, root, choice, computed, memo)
    if scores is None:
        moved = set(move.scored)
        kept = {i: np.asarray(base.values[i], dtype=float).reshape(width, 1) for i in u.scored if i not in moved}
        scores = scored_columns(u, rt, move.scored, columns, n, kept)
    varying = frozenset(move.scored)
    values: dict[int, np.ndarray] = {}
    watched: dict[int, list[Any]] = {}
    pending = dict(move.uses)

    def value(c: int) -> np.ndarray:
        found = values.get(c)
        if found is None:
            if c in varying:  # gathered once, dropped after its last parent like any other vertex's values
                found = values[c] = scores[c]
                return found
            return np.asarray(base.values[c], dtype=float).reshape(width, 1)
        return found

    nodes = rt.nodes
    term = np.empty((width, n))
    for i in move.dirty:
        kids = u.kids[i]
        if not kids:
            continue
        child = [value(c) for _, c in kids]
        if u.kind[i] == DECISION:
            d = actor_index[nodes[u.keys[i][0]].actor]  # type: ignore[index]
            if i in watch:  # copies: a view would keep each child's whole array alive
                sets = watch[i] if isinstance(watch, Mapping) else None
                watched[i] = [np.array(v[d]) if sets is None else np.broadcast_to(v[d], (n,))[sets] for v in child]
            tied = _best([v[d] for v in child])
            same = _same_everywhere(tied)
            if same is not None and len(same) == 1:  # one best branch, the same in every set: its values
                choice[i] = same
                values[i] = child[same[0]]
            else:
                choice[i] = same if same is not None else _bits(tied, n)
                values[i] = _decision_value(tied, child, width, n, u.risk, rule, alpha)
        elif u.kind[i] == CHANCE and not weighted:
            values[i] = judged(rule, alpha, child, u.risk)
        elif u.kind[i] == CHANCE:
            p = computed[i] = many_shares(scenario, u, i, columns, n, memo)
            assert p is not None
            acc = np.zeros((width, n))  # 0 + p₁·v₁ + p₂·v₂ …: the per-point sum, term by term, in place
            for q, v in zip(p, child, strict=True):
                np.multiply(q, v, out=term)
                acc += term
            if u.risk:
                for x, tolerance in enumerate(u.risk):
                    if tolerance is not None:
                        acc[x] = certainty_equivalent([v[x] for v in child], p, tolerance)
            values[i] = acc
        for _, c in kids:
            pending[c] -= 1
            if pending[c] == 0 and c != u.root:
                values.pop(c, None)
    root = np.broadcast_to(value(u.root), (width, n))
    return Many(u, n, root, choice, computed, memo, scores, watched)


def _best(scores: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Per set, which branches are within the rollback's tolerance of the best (the actor is indifferent among them)."""
    best = functools.reduce(np.maximum, scores)
    floor = best - 1e-9 * np.maximum(1.0, np.abs(best))
    return [score >= floor for score in scores]


def _same_everywhere(tied: Sequence[np.ndarray]) -> tuple[int, ...] | None:
    """The best branch positions when they are the same in every set (the usual case), else None."""
    found = []
    for k, t in enumerate(tied):
        if t.all():
            found.append(k)
        elif t.any():
            return None
    return tuple(found)


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


def _decision_value(tied: Sequence[np.ndarray], child: Sequence[np.ndarray], width: int, n: int,
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

    if rule in ("maximin", "maximax", "hurwicz"):
        out = np.array(out)
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
    out = np.array(out)
    out[:, tie] = acc
    return out  # type: ignore[no-any-return]


@dataclass(eq=False)
class Reach:
    """Where the play goes in each set: decision vertices it reaches, and each end vertex's weight.

    `mass` is None where the play crosses a chance node without weights.
    """

    decisions: dict[int, Any]  # decision vertex → reached (bool array, or True for every set)
    ends: dict[int, tuple[Any, Any]]  # outcome vertex → (weight: float or array or None, reached)


def play_many(scenario: Scenario, many: Many, columns: Columns) -> Reach:
    """Follow the chosen branch at decisions and every branch at chance nodes, for every set at once."""
    u, n = many.u, many.n
    weighted = not u.unweighted
    mass: dict[int, Any] = {u.root: 1.0 if weighted else None}
    hit: dict[int, Any] = {u.root: True}
    decisions: dict[int, Any] = {}
    ends: dict[int, tuple[Any, Any]] = {}

    def add(c: int, m: Any, h: Any) -> None:
        if c in hit:
            hit[c] = hit[c] | h
            if m is not None:
                mass[c] = mass[c] + m
        else:
            hit[c] = h
            mass[c] = m

    for i in range(len(u.keys) - 1, -1, -1):
        if i not in hit:
            continue
        h, m = hit.pop(i), mass.pop(i)
        kids = u.kids[i]
        if not kids:
            ends[i] = (m, h)
        elif u.kind[i] == DECISION:  # where the actor is indifferent, its best branches share the weight evenly
            decisions[i] = h
            best = many.choice[i]
            if isinstance(best, np.ndarray):
                count = np.zeros(n, dtype=np.int64)
                for pos in range(len(kids)):
                    count += (best >> pos) & 1
                for pos, (_, c) in enumerate(kids):
                    sel = ((best >> pos) & 1).astype(bool)
                    if sel.any():
                        add(c, None if m is None else m * sel / count, h & sel)
            else:
                for k in best:
                    add(kids[k][1], None if m is None else m / len(best), h)
        else:
            p = many.shares.get(i) if i in many.shares else None
            if p is None and m is not None:
                p = many.shares[i] = many_shares(scenario, u, i, columns, n, many.memo)
            for pos, (_, c) in enumerate(kids):
                add(c, None if m is None or p is None else m * p[pos], h)
    return Reach(decisions, ends)
