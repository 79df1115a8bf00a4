"""`matrix --suggest`: 2x2s a scenario-planning room would accept.

An axis is an upstream driver: a chance event or a decision none of whose branches ends the story
(an event next to an outcome is the outcome, not a driver), cut into two poles (its branches split so
the paths divide as evenly as they can). A pair is offered only when all four quadrants hold paths;
pairs rank by coverage (the share of all paths that meet both drivers, so few fall outside the grid),
then by balance (the smallest quadrant against an even quarter), then by how much the quadrant tells
about the outcome (normalized mutual information, 0 to 1).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import _

SUGGEST_LIMIT = 1_000_000  # paths walked by suggest: beyond this, name the axes yourself


@dataclass(frozen=True)
class Driver:
    """A node cut into two poles: the branch indices (0-based) of the first pole; the rest is the second."""

    node: str
    first: frozenset[int]
    branches: int

    @property
    def spec(self) -> str:
        """As --axes takes it: the node alone when it has two branches, else NODE:1+3 (1-based)."""
        if self.branches == 2:
            return self.node
        return f"{self.node}:" + "+".join(str(k + 1) for k in sorted(self.first))

    def pole(self, branch: int) -> int:
        return 0 if branch in self.first else 1


@dataclass(frozen=True)
class Suggestion:
    rows: Driver
    columns: Driver
    coverage: float        # share of all paths that meet both drivers
    separation: float      # normalized mutual information between quadrant and outcome, 0..1
    paths: int             # paths that meet both drivers
    quadrants: tuple[int, int, int, int]  # paths per quadrant: (1,1), (1,2), (2,1), (2,2)

    @property
    def balance(self) -> float:
        """The smallest quadrant against an even share (1: four equal quadrants)."""
        return min(self.quadrants) * 4 / self.paths


def drivers(scenario: Any) -> list[str]:
    """Chance and decision nodes with two or more branches, none of which goes straight to an outcome."""
    nodes = scenario.spec.nodes
    return [nid for nid, node in nodes.items() if node.type != "outcome" and len(node.branches or []) >= 2
            and all(nodes[b.to].type != "outcome" for b in node.branches or [])]


def _poles(counts: Counter[int], branches: int) -> frozenset[int]:
    """The split of a node's branches into two groups whose paths are closest to even (ties: fewer in the first)."""
    best: tuple[float, int, tuple[int, ...]] | None = None
    for size in range(1, branches // 2 + 1):
        for first in combinations(range(branches), size):
            if size * 2 == branches and 0 not in first:
                continue  # the same split seen from the other side
            a = sum(counts[k] for k in first)
            key = (-min(a, sum(counts.values()) - a), size, first)
            if best is None or key < best:
                best = key
    assert best is not None
    return frozenset(best[2])


def suggest(scenario: Any, assumptions: Mapping[str, float] | None = None) -> list[Suggestion]:
    """Every pair of drivers whose four quadrants all hold paths, best first (see the module's note)."""
    rt = scenario.runtime
    ids = drivers(scenario)
    index = {rt.index[nid]: nid for nid in ids}
    seen: list[tuple[dict[str, int], int]] = []
    for path in scenario.paths(assumptions):
        if path.number > SUGGEST_LIMIT:
            raise UsageError(_("--suggest walks at most {limit} paths; this scenario has more: name the axes "
                               "with --axes A,B").format(limit=f"{SUGGEST_LIMIT:,}"))
        seen.append(({index[b.node]: int(b.index) for b in path.branches if b.node in index}, path.outcome))
    total = len(seen)
    by_node = {nid: Counter(taken[nid] for taken, _o in seen if nid in taken) for nid in ids}
    cut = {nid: Driver(nid, _poles(by_node[nid], len(scenario.spec.nodes[nid].branches)),
                       len(scenario.spec.nodes[nid].branches)) for nid in ids if by_node[nid]}
    out = []
    for a, b in combinations(list(cut), 2):
        table: Counter[tuple[int, int, int]] = Counter()
        for taken, outcome in seen:
            if a in taken and b in taken:
                table[(cut[a].pole(taken[a]), cut[b].pole(taken[b]), outcome)] += 1
        quadrants = Counter[tuple[int, int]]()
        for (x, y, _o), n in table.items():
            quadrants[(x, y)] += n
        if len(quadrants) < 4:
            continue  # an empty quadrant: the drivers depend on each other
        met = sum(quadrants.values())
        out.append(Suggestion(cut[a], cut[b], met / total, _separation(table, quadrants, met), met,
                              (quadrants[(0, 0)], quadrants[(0, 1)], quadrants[(1, 0)], quadrants[(1, 1)])))
    out.sort(key=lambda s: (-round(s.coverage, 2), -round(s.balance, 1), -round(s.separation, 6),
                            s.rows.node, s.columns.node))
    return out


def _separation(table: Counter[tuple[int, int, int]], quadrants: Counter[tuple[int, int]], met: int) -> float:
    outcomes = Counter[int]()
    for (_x, _y, o), n in table.items():
        outcomes[o] += n
    h_outcome = -sum(n / met * math.log(n / met) for n in outcomes.values())
    h_given = -sum(n / met * math.log(n / quadrants[(x, y)]) for (x, y, _o), n in table.items())
    return max(0.0, min(1.0, (h_outcome - h_given) / h_outcome)) if h_outcome > 1e-12 else 0.0
