"""The reachable (node, state) pairs of a scenario, with path counts, found without listing paths.

Views need numbers the node graph alone can't give: how many paths a collapsed stub
hides, and the range of a chance branch's normalized weight over the states that reach
it.  One forward pass in topological order and one backward pass give both, with memory
proportional to the reachable states, never to the number of paths.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.core.cache import Memo
from scenarios.engine.core.runtime import CHANCE, OUTCOME, CBranch, Runtime, State
from scenarios.engine.core.unfold import arrivals as ways_to
from scenarios.engine.core.unfold import shares, unfold
from scenarios.engine.core.walk import WalkError, _available, _weights
from scenarios.engine.errors import UsageError


@dataclass
class Space:
    rt: Runtime
    a: Sequence[float]
    order: list[int]                                                 # node numbers, topologically
    arrivals: dict[int, dict[State, int]] = field(default_factory=dict)  # prefixes reaching (n, s)
    completions: dict[tuple[int, State], int] = field(default_factory=dict)
    shares: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)  # (n, k) → low, high

    def options(self, n: int, s: State) -> list[tuple[CBranch, State, float | None]]:
        """The branches available at (n, s), the state each leads to, and its normalized weight."""
        node = self.rt.nodes[n]
        try:
            avail = _available(node.branches, s, self.a, node.guarded, n, ())
            shares: list[float | None] = [None] * len(avail)
            if node.kind == CHANCE and node.weighted and avail:
                shares = list(_weights(avail, s, self.a, n, ()))
        except WalkError as exc:
            raise UsageError(f"at node '{node.id}': {exc.message}") from None
        return [(b, b.apply(s) if b.apply else s, w) for b, w in zip(avail, shares, strict=True)]


def _topological(rt: Runtime) -> list[int]:
    indegree = [0] * len(rt.nodes)
    for node in rt.nodes:
        for b in node.branches:
            indegree[b.to] += 1
    ready = [i for i, d in enumerate(indegree) if d == 0]
    order = []
    while ready:
        n = ready.pop()
        order.append(n)
        for b in rt.nodes[n].branches:
            indegree[b.to] -= 1
            if indegree[b.to] == 0:
                ready.append(b.to)
    return order


def explore(rt: Runtime, a: Sequence[float]) -> Space:
    """Arrival counts and weight ranges (forward), then completion counts (backward)."""
    space = Space(rt, a, _topological(rt))
    arrivals: dict[int, dict[State, int]] = defaultdict(lambda: defaultdict(int))
    arrivals[rt.start][rt.initial] = 1
    for n in space.order:
        for s, count in arrivals.get(n, {}).items():
            for b, s2, share in space.options(n, s):
                arrivals[b.to][s2] += count
                if share is not None:
                    low, high = space.shares.get((n, b.index), (share, share))
                    space.shares[(n, b.index)] = (min(low, share), max(high, share))
    space.arrivals = {n: dict(states) for n, states in arrivals.items()}
    for n in reversed(space.order):
        is_outcome = rt.nodes[n].kind == OUTCOME
        for s in space.arrivals.get(n, {}):
            space.completions[(n, s)] = 1 if is_outcome else sum(
                space.completions[(b.to, s2)] for b, s2, _ in space.options(n, s))
    return space


# per unfolded DAG (one per compiled scenario and values of the assumptions its guards read):
# the order, arrival and completion counts, and the share ranges of chance nodes whose weights read no assumption
_COUNTS: Memo[tuple[list[int], dict[int, dict[State, int]], dict[tuple[int, State], int],
                    dict[tuple[int, int], tuple[float, float]]]] = Memo()

# per unfolded DAG: the last assumption vector's share ranges (a page asks for them twice per move)
_LAST: Memo[dict[tuple[int, int], tuple[float, float]]] = Memo(limit=1)


def reach(scenario: Any, a: Sequence[float]) -> Space:
    """The same Space as `explore(scenario.runtime, a)`, built from the engine's cached unfolded DAG.

    Counts depend only on the guards, so they are kept per DAG; a new assumption vector then
    costs only the weights of the chance states whose weights read an assumption.  Where the
    DAG can't be had or a weight fails, `explore` runs, so results and messages are its own.
    """

    rt = scenario.runtime
    try:
        u = unfold(scenario, a)
        order, arrivals, completions, fixed = _COUNTS.get(u, None, lambda: _counted(u, rt, a))

        def shares() -> dict[tuple[int, int], tuple[float, float]]:
            share_ranges = dict(fixed)
            seen: set[tuple[int, ...]] = set()
            for i in u.dynamic:
                group = u.share_groups.get(i)  # weights that read no indicator: same shares as its group's
                if group is not None:
                    if group in seen:
                        continue
                    seen.add(group)
                _add_shares(share_ranges, u, rt, i, a)
            return share_ranges

        share_ranges = _LAST.get(u, tuple(a), shares)
    except UsageError:
        return explore(rt, a)
    return Space(rt, a, order, arrivals, completions, dict(share_ranges))


def _counted(u: Any, rt: Runtime, a: Sequence[float]) -> tuple[Any, ...]:
    """Order, arrivals and completions of an unfolded DAG, and the share ranges that never move."""

    keys, kids = u.keys, u.kids
    done = [0] * len(keys)
    for i, children in enumerate(kids):  # children first
        done[i] = 1 if rt.nodes[keys[i][0]].kind == OUTCOME else sum(done[c] for _, c in children)
    came = ways_to(u)
    arrivals: dict[int, dict[State, int]] = {}
    for i, (n, s) in enumerate(keys):
        arrivals.setdefault(n, {})[s] = came[i]
    completions = {key: done[i] for i, key in enumerate(keys)}
    moving = set(u.dynamic)
    fixed: dict[tuple[int, int], tuple[float, float]] = {}
    for i in u.fixed:
        if i not in moving:
            _add_shares(fixed, u, rt, i, a)
    return _topological(rt), arrivals, completions, fixed


def _add_shares(out: dict[tuple[int, int], tuple[float, float]], u: Any, rt: Runtime, i: int,
                a: Sequence[float]) -> None:

    got = shares(u, rt, i, a)
    if got is None:
        return
    n = u.keys[i][0]
    for (b, _), share in zip(u.kids[i], got, strict=True):
        low, high = out.get((n, b.index), (share, share))
        out[(n, b.index)] = (min(low, share), max(high, share))


def through(space: Space, focus: int) -> dict[tuple[int, State], int]:
    """For each reachable (n, s), how many of its completions pass through node `focus`."""
    rt = space.rt
    counts: dict[tuple[int, State], int] = {}
    for n in reversed(space.order):
        for s in space.arrivals.get(n, {}):
            if n == focus:
                counts[(n, s)] = space.completions[(n, s)]
            elif rt.nodes[n].kind == OUTCOME:
                counts[(n, s)] = 0
            else:
                counts[(n, s)] = sum(counts[(b.to, s2)] for b, s2, _ in space.options(n, s))
    return counts
