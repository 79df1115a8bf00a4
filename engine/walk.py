"""Walking the compiled scenario: streamed paths, memoized summaries, dead-end search.

Never recursive over the scenario (a 10,000-deep chain works).  Enumeration is a
generator whose memory grows with depth, not with the number of paths; summaries
memoize on (node, state), so a lattice with 2^41 paths is counted without listing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .expr import EvalError
from .runtime import CHANCE, OUTCOME, CBranch, Runtime, State


class Path:
    """One path from start to an outcome: number (1-based, depth-first order), branches, final state."""

    __slots__ = ("branches", "number", "outcome", "state", "weight")

    def __init__(self, number: int, branches: tuple[CBranch, ...], outcome: int, state: State,
                 weight: float | None):
        self.number = number
        self.branches = branches
        self.outcome = outcome
        self.state = state
        self.weight = weight

    def __repr__(self) -> str:
        return f"Path(number={self.number}, steps={len(self.branches)}, weight={self.weight})"


class WalkError(Exception):
    """The model fails on some path: a dead end, or weights that can't be normalized."""

    def __init__(self, node: int, branches: tuple[CBranch, ...], message: str):
        super().__init__(message)
        self.node = node
        self.branches = branches
        self.message = message


def _available(node_branches: tuple[CBranch, ...], s: State, a: Sequence[float], guarded: bool,
               n: int, steps: tuple[CBranch, ...]) -> tuple[CBranch, ...]:
    if not guarded:
        return node_branches
    try:
        return tuple(b for b in node_branches if b.when is None or b.when.fn(s, a))
    except EvalError as exc:
        raise WalkError(n, steps, f"a 'when' failed: {exc}") from None


def _weights(avail: tuple[CBranch, ...], s: State, a: Sequence[float], n: int,
             steps: tuple[CBranch, ...]) -> list[float]:
    try:
        values = [b.weight.fn(s, a) for b in avail]  # type: ignore[union-attr]
    except EvalError as exc:
        raise WalkError(n, steps, f"a weight failed: {exc}") from None
    for b, v in zip(avail, values, strict=True):
        if v < 0:
            raise WalkError(n, steps, f"weight of branch '{b.label}' is negative ({v:g})")
    total = sum(values)
    if total <= 0:
        raise WalkError(n, steps, "the weights of the available branches sum to 0")
    return [v / total for v in values]


def _unlink(link: Any) -> tuple[CBranch, ...]:
    steps = []
    while link is not None:
        b, link = link
        steps.append(b)
    steps.reverse()
    return tuple(steps)


def iter_paths(rt: Runtime, assumptions: Sequence[float] | None = None) -> Iterator[Path]:
    """Every path, depth-first in the order branches are written, numbered from 1.

    The hot loop of the program: branches are pre-reversed per node, steps are
    built as tuples on the way down (C-speed concatenation), and nodes without
    guards skip the availability test.
    """
    a = rt.assumption_values if assumptions is None else assumptions
    nodes = rt.nodes
    kinds = [node.kind for node in nodes]
    guarded = [node.guarded for node in nodes]
    weighted = [node.weighted for node in nodes]
    reversed_children = [tuple((b.to, b.apply, b) for b in reversed(node.branches)) for node in nodes]
    stack: list[tuple[int, State, tuple[CBranch, ...], float | None]] = [(rt.start, rt.initial, (), 1.0)]
    pop, push = stack.pop, stack.append
    number = 0
    while stack:
        n, s, steps, w = pop()
        kind = kinds[n]
        if kind == OUTCOME:
            number += 1
            yield Path(number, steps, n, s, w)
            continue
        if guarded[n] or (kind == CHANCE and w is not None):
            avail = _available(nodes[n].branches, s, a, guarded[n], n, steps)
            if not avail:
                raise WalkError(n, steps, "no branch is available here (every 'when' is false)")
            if kind == CHANCE and w is not None and weighted[n]:
                shares = _weights(avail, s, a, n, steps)
                for k in range(len(avail) - 1, -1, -1):
                    b = avail[k]
                    push((b.to, b.apply(s) if b.apply else s, (*steps, b), w * shares[k]))
                continue
            if kind == CHANCE:
                w = None
            for k in range(len(avail) - 1, -1, -1):
                b = avail[k]
                push((b.to, b.apply(s) if b.apply else s, (*steps, b), w))
            continue
        for to, apply, b in reversed_children[n]:
            push((to, apply(s) if apply else s, (*steps, b), w))


@dataclass(frozen=True)
class OutcomeSummary:
    """How many paths end at one outcome, and the range of each indicator there."""

    node: str
    label: str
    paths: int
    low: State
    high: State


@dataclass(frozen=True)
class Summary:
    path_count: int
    outcomes: tuple[OutcomeSummary, ...]


def summarize(rt: Runtime, assumptions: Sequence[float] | None = None) -> Summary:
    """Count paths per outcome and the min/max of each indicator, by memoizing on (node, state)."""
    a = rt.assumption_values if assumptions is None else assumptions
    nodes = rt.nodes
    width = len(rt.indicator_ids)
    memo: dict[tuple[int, State], dict[int, list[Any]]] = {}
    stack: list[tuple[int, State, list[tuple[int, State]] | None]] = [(rt.start, rt.initial, None)]
    while stack:
        n, s, children = stack.pop()
        key = (n, s)
        if children is None and key in memo:
            continue
        node = nodes[n]
        if node.kind == OUTCOME:
            values = s[:width]
            memo[key] = {n: [1, values, values]}
            continue
        if children is None:
            avail = _available(node.branches, s, a, node.guarded, n, ())
            if not avail:
                raise WalkError(n, (), "no branch is available here (every 'when' is false)")
            kids = [(b.to, b.apply(s) if b.apply else s) for b in avail]
            stack.append((n, s, kids))
            stack.extend((c[0], c[1], None) for c in reversed(kids) if c not in memo)
            continue
        table: dict[int, list[Any]] = {}
        for child in children:
            for outcome, (count, low, high) in memo[child].items():
                merge_outcome(table, outcome, count, low, high)
        memo[key] = table
    return summary_of(rt, memo[(rt.start, rt.initial)])


def merge_outcome(table: dict[int, list[Any]], outcome: int, count: int, low: State, high: State) -> None:
    """Add `count` paths ending at `outcome` with indicator ranges low..high to a tally."""
    mine = table.get(outcome)
    if mine is None:
        table[outcome] = [count, low, high]
        return
    mine[0] += count
    if low != mine[1]:
        mine[1] = tuple(map(min, mine[1], low))
    if high != mine[2]:
        mine[2] = tuple(map(max, mine[2], high))


def summary_of(rt: Runtime, table: dict[int, list[Any]]) -> Summary:
    """A tally keyed by outcome number as a Summary, outcomes in file order."""
    outcomes = tuple(OutcomeSummary(rt.nodes[o].id, rt.nodes[o].label, c, lo, hi)
                     for o, (c, lo, hi) in sorted(table.items()))
    return Summary(sum(o.paths for o in outcomes), outcomes)


def find_problems(rt: Runtime, assumptions: Sequence[float] | None = None,
                  limit: int = 200_000) -> tuple[list[WalkError], bool]:
    """Visit each reachable (node, state) once, breadth-first, to find dead ends and bad weights.

    Returns the problems (one per node, each with a shortest path to it) and whether
    every state was visited (False when `limit` was reached).
    """
    a = rt.assumption_values if assumptions is None else assumptions
    nodes = rt.nodes
    parent: dict[tuple[int, State], tuple[tuple[int, State], CBranch] | None] = {(rt.start, rt.initial): None}
    queue = deque([(rt.start, rt.initial)])
    problems: dict[int, WalkError] = {}

    def path_to(key: tuple[int, State]) -> Any:
        link: Any = None
        chain = []
        while parent[key] is not None:
            prev, b = parent[key]  # type: ignore[misc]
            chain.append(b)
            key = prev
        for b in reversed(chain):
            link = (b, link)
        return link

    while queue:
        key = queue.popleft()
        n, s = key
        node = nodes[n]
        if node.kind == OUTCOME or n in problems:
            continue
        try:
            avail = _available(node.branches, s, a, node.guarded, n, ())
            if not avail:
                raise WalkError(n, (), "no branch is available here (every 'when' is false)")
            if node.kind == CHANCE and node.weighted:
                _weights(avail, s, a, n, ())
        except WalkError as exc:
            problems[n] = WalkError(n, _unlink(path_to(key)), exc.message)
            continue
        for b in avail:
            child = (b.to, b.apply(s) if b.apply else s)
            if child not in parent:
                if len(parent) >= limit:
                    return list(problems.values()), False
                parent[child] = (key, b)
                queue.append(child)
    return list(problems.values()), True
