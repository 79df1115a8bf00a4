"""The rollback over many assumption sets at once, with NumPy arrays instead of a loop per set.

Samples are grouped by the unfolded scenario they lead to (it changes only where a
`when` guard reads an assumption, and then only through the guard's true/false
answers), so each distinct DAG is built once.  Within a group, vertices whose value
cannot depend on the assumptions keep the per-point solution's numbers; only the
`dirty` ones are recomputed as (actors × samples) arrays, height by height in the DAG
(levels.py), with the per-point arithmetic in the same order, so values, choices and ties
equal `solve`'s set by set, bit for bit.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scenarios.engine.analysis.rollback import Solution, base_solution, solve
from scenarios.engine.analysis.rules import RULES
from scenarios.engine.core.cache import Memo
from scenarios.engine.core.expr import EvalError
from scenarios.engine.core.runtime import DECISION, OUTCOME, CBranch, Runtime, State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded, shares, unfold
from scenarios.engine.errors import UsageError

from .levels import plan, roll
from .moving import moving
from .scores import Scored, scored_columns
from .vector import Columns, evaluate

Guards = list[tuple[CBranch, State, bool]]
_GUARDS: Memo[Guards] = Memo()
_BASES: Memo[Solution] = Memo(limit=4)  # per DAG: rollbacks at other numbers held fixed (see `_base`)


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
    base: Solution | None = None  # the rollback the other vertices' numbers and choices are from


def solve_many(scenario: Scenario, u: Unfolded, columns: Columns, n: int, rule: str, alpha: float,
               actor_index: dict[str, int], watch: frozenset[int] | Mapping[int, np.ndarray] = frozenset(),
               scores: Mapping[int, np.ndarray] | None = None) -> Many:
    """Roll `u` back under `rule` for n assumption sets at once (see the module docstring); the dirty decision
    vertices in `watch` keep each branch's value to their actor, per set (`Many.watched`), or, when `watch` maps
    them to set positions, a copy at those sets only (a sensitivity search asks for a few). `scores` are the
    outcomes' scores from a rollback of the same sets on a DAG `u` was cut from (a strategy's): not scored again.
    The dirty vertices are solved height by height (levels.py): a few array operations per height."""
    rt = scenario.runtime
    base, varying = _base(u, rt, actor_index, columns, rule, alpha)  # only the non-dirty vertices' numbers are used
    width = len(actor_index)
    choice: dict[int, Any] = dict(base.best)
    computed: dict[int, list[Any] | None] = {}
    memo: dict[Any, list[Any]] = {}
    weighted = RULES[rule].needs_weights
    move = moving(u, rt, varying)
    if not move.dirty or not (weighted or u.scored):
        root = np.broadcast_to(np.asarray(base.values[u.root], dtype=float).reshape(width, 1), (width, n))
        return Many(u, n, root, choice, computed, memo, base=base)
    steps = plan(u, rt, move, actor_index)
    if scores is None:
        scores = scored_columns(u, rt, move.scored, columns, n, {})
    elif steps.scored and not isinstance(scores, Scored):
        scores = Scored(np.concatenate([scores[i] for i in steps.scored]), {}, {}, steps.scored,
                        np.arange(width * len(steps.scored), dtype=np.intp).reshape(-1, width))
    found = base.memo.get(("kept", id(steps)))  # the kept slots' values, laid out once per base
    if found is None or found[0] is not steps:
        found = base.memo[("kept", id(steps))] = (steps, np.array([base.values[c] for c in steps.kept],
                                                                   dtype=float).reshape(-1, width))
    kept = found[1]

    def weights(i: int) -> list[Any]:
        found = computed[i] = many_shares(scenario, u, i, columns, n, memo)
        assert found is not None
        return found

    rolled = roll(u, steps, n, rule, alpha, weighted, scores, kept, weights, watch)
    choice.update(rolled.choice)
    return Many(u, n, rolled.root, choice, computed, memo, scores, rolled.watched, base)


def _base(u: Unfolded, rt: Runtime, actor_index: dict[str, int], columns: Columns, rule: str,
          alpha: float) -> tuple[Solution, frozenset[int]]:
    """The rollback the batch starts from, and the assumptions that vary from it: the arrays, and any number other
    than the base's. The first base of `u` (every vertex solved once) serves when the numbers held fixed are its own;
    when they are not (a sweep at another set, one assumption at a time), and the vertices those numbers move
    outnumber the arrays' own, a base at them (a per-point rollback of the dirty vertices, kept) keeps the
    batch to what its arrays move."""
    base = base_solution(u, rt, actor_index, sample_vector(columns, 0), rule, alpha)
    at = base.memo["at"]
    arrays = frozenset(k for k, c in enumerate(columns) if isinstance(c, np.ndarray))
    varying = arrays | {k for k, c in enumerate(columns) if k not in arrays and c != at[k]}
    if varying == arrays or 2 * len(moving(u, rt, arrays).dirty) > len(moving(u, rt, varying).dirty):
        return base, varying

    def rolled() -> Solution:
        a = sample_vector(columns, 0)
        found = solve(u, rt, actor_index, a, rule, alpha)
        found.memo["at"] = tuple(a)
        return found

    key = (rule, alpha, tuple(None if k in arrays else c for k, c in enumerate(columns)))
    return _BASES.get(u, key, rolled), arrays


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
