"""Walking the compiled scenario: streamed paths, memoized summaries, dead-end search.

Never recursive over the scenario (a 10,000-deep chain works).  Enumeration is a
generator whose memory grows with depth, not with the number of paths; summaries
memoize on (node, state), so a lattice with 2^41 paths is counted without listing.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from scenarios.engine.text.i18n import _

from .expr import EvalError
from .runtime import CHANCE, OUTCOME, CBranch, CNode, Runtime, State


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
    """The model fails on some path: a dead end, or weights that can't be normalized.

    `branch` and `key` name the expression at fault ("when" or "weight" of that branch)
    when there is one, so the error can point at its line.
    """

    def __init__(self, node: int, branches: tuple[CBranch, ...], message: str,
                 branch: CBranch | None = None, key: str | None = None):
        super().__init__(message)
        self.node = node
        self.branches = branches
        self.message = message
        self.branch = branch
        self.key = key


def _available(node_branches: tuple[CBranch, ...], s: State, a: Sequence[float], guarded: bool,
               n: int, steps: tuple[CBranch, ...]) -> tuple[CBranch, ...]:
    if not guarded:
        return node_branches
    try:
        return tuple([b for b in node_branches if b.when is None or b.when.fn(s, a)])
    except EvalError:
        pass
    for b in node_branches:  # only on failure: find the guard at fault
        try:
            if b.when is not None:
                b.when.fn(s, a)
        except EvalError as exc:
            raise WalkError(n, steps, _("the 'when' of branch '{label}' failed: {problem}").format(
                label=b.label, problem=exc), b, "when") from None
    raise AssertionError("a guard failed once and not again")


def _weights(avail: tuple[CBranch, ...], s: State, a: Sequence[float], n: int,
             steps: tuple[CBranch, ...]) -> list[float]:
    values = []
    for b in avail:
        try:
            v = b.weight.fn(s, a)  # type: ignore[union-attr]
        except EvalError as exc:
            raise WalkError(n, steps, _("the weight of branch '{label}' failed: {problem}").format(
                label=b.label, problem=exc), b, "weight") from None
        if not v >= 0:
            raise WalkError(n, steps, _("the weight of branch '{label}' is negative ({value})").format(
                label=b.label, value=f"{v:g}"), b, "weight")
        values.append(v)
    shares = normalize(values)
    if shares is None:
        raise WalkError(n, steps, _("the weights of the available branches sum to 0"))
    return shares


def normalize(values: Sequence[float]) -> list[float] | None:
    """Finite weights ≥ 0 as shares summing to 1 (None when they sum to 0); 1e308 and 1e308 are ½ each."""
    total = sum(values)
    if total == math.inf:  # each is finite, the sum overflows: scale down first
        top = max(values)
        values = [v / top for v in values]
        total = sum(values)
    if total <= 0:
        return None
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
                raise WalkError(n, steps, _("no branch is available here (every 'when' is false)"))
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
    """How many paths end at one outcome, the range of each indicator there, and of the paths' weights.

    The weights are path weights given the decisions on each path (None where no path
    there has a weight); they move with the assumptions, while counts do not.
    """

    node: str
    label: str
    paths: int
    low: State
    high: State
    weight_low: float | None = None
    weight_high: float | None = None


@dataclass(frozen=True)
class Summary:
    path_count: int
    outcomes: tuple[OutcomeSummary, ...]


def summarize(rt: Runtime, assumptions: Sequence[float] | None = None) -> Summary:
    """Count paths per outcome, the min/max of each indicator and of the path weights, memoizing on (node, state).

    A memo entry maps outcome → [count, low state, high state, lowest weight, highest
    weight] for the paths from (node, state) on; weights there are the products of the
    shares still to come (inf/-inf where no path has a weight).
    """
    a = rt.assumption_values if assumptions is None else assumptions
    nodes = rt.nodes
    width = len(rt.indicator_ids)
    memo: dict[tuple[int, State], dict[int, list[Any]]] = {}
    shares: dict[tuple[int, State], Sequence[float] | None] = {}  # () at decisions, None: chance without weights
    stack: list[tuple[int, State, list[tuple[int, State]] | None]] = [(rt.start, rt.initial, None)]
    while stack:
        n, s, children = stack.pop()
        key = (n, s)
        if children is None and key in memo:
            continue
        node = nodes[n]
        if node.kind == OUTCOME:
            values = s[:width]
            memo[key] = {n: [1, values, values, 1.0, 1.0]}
            continue
        if children is None:
            avail = _available(node.branches, s, a, node.guarded, n, ())
            if not avail:
                raise WalkError(n, (), _("no branch is available here (every 'when' is false)"))
            kids = [(b.to, b.apply(s) if b.apply else s) for b in avail]
            stack.append((n, s, kids))
            shares[key] = (_weights(avail, s, a, n, ()) if node.weighted else None) if node.kind == CHANCE else ()
            stack.extend((c[0], c[1], None) for c in reversed(kids) if c not in memo)
            continue
        table: dict[int, list[Any]] = {}
        share = shares.pop(key)
        for k, child in enumerate(children):
            for outcome, (count, low, high, wlo, whi) in memo[child].items():
                if share is None:
                    wlo, whi = _NONE
                elif share:
                    wlo, whi = wlo * share[k], whi * share[k]
                merge_outcome(table, outcome, count, low, high, wlo, whi)
        memo[key] = table
    return summary_of(rt, memo[(rt.start, rt.initial)])


_NONE = (float("inf"), float("-inf"))  # the weight range of paths that have no weight


def merge_outcome(table: dict[int, list[Any]], outcome: int, count: int, low: State, high: State,
                  weight_low: float = _NONE[0], weight_high: float = _NONE[1]) -> None:
    """Add `count` paths ending at `outcome` with indicator ranges low..high (and weights) to a tally."""
    mine = table.get(outcome)
    if mine is None:
        table[outcome] = [count, low, high, weight_low, weight_high]
        return
    mine[0] += count
    if low != mine[1]:
        mine[1] = tuple(map(min, mine[1], low))
    if high != mine[2]:
        mine[2] = tuple(map(max, mine[2], high))
    if weight_low < mine[3]:
        mine[3] = weight_low
    if weight_high > mine[4]:
        mine[4] = weight_high


def summary_of(rt: Runtime, table: dict[int, list[Any]]) -> Summary:
    """A tally keyed by outcome number as a Summary, outcomes in file order."""
    outcomes = tuple(OutcomeSummary(rt.nodes[o].id, rt.nodes[o].label, c, lo, hi,
                                    None if wlo > whi else wlo, None if wlo > whi else whi)
                     for o, (c, lo, hi, wlo, whi) in sorted(table.items()))
    return Summary(sum(o.paths for o in outcomes), outcomes)


def find_problems(rt: Runtime, assumptions: Sequence[float] | None = None,
                  limit: int = 200_000, taken: set[int] | None = None,
                  chances: list[tuple[int, State, tuple[CBranch, ...]]] | None = None) -> tuple[list[WalkError], bool]:
    """Visit each reachable (node, state) once, breadth-first, to find dead ends and bad weights.

    Returns the problems (one per node, each with a shortest path to it) and whether
    every state was visited (False when `limit` was reached). `taken`, when given,
    collects id() of every branch available in some reachable state; `chances` each
    weighted chance state visited, with its available branches, in the order visited.
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
                raise WalkError(n, (), _("no branch is available here (every 'when' is false)"))
            if node.kind == CHANCE and node.weighted:
                _weights(avail, s, a, n, ())
                if chances is not None:
                    chances.append((n, s, avail))
        except WalkError as exc:
            problems[n] = WalkError(n, _unlink(path_to(key)), exc.message, exc.branch, exc.key)
            continue
        if taken is not None:
            taken.update(map(id, avail))
        for b in avail:
            child = (b.to, b.apply(s) if b.apply else s)
            if child not in parent:
                if len(parent) >= limit:
                    return list(problems.values()), False
                parent[child] = (key, b)
                queue.append(child)
    return list(problems.values()), True


def walk_message(name: str, nodes: Sequence[CNode], exc: WalkError) -> str:
    """A walk's failure as the user reads it: the scenario, the node, what went wrong there."""
    return f"{name}: " + _("at node '{id}': {problem}").format(id=nodes[exc.node].id, problem=exc.message)
