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

from ..errors import UsageError
from ..runtime import CHANCE, OUTCOME, CBranch, Runtime, State
from ..walk import WalkError, _available, _weights


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
