"""A layered layout computed here, for maps too big for Graphviz's `dot` to lay out in time.

`dot` minimises edge crossings, which on a model that branches out early (a ladder whose every
step has an exit to shared outcomes) takes minutes and gigabytes.  This layout is linear: each
node's column is its longest-path rank from the start (phases in their order, outcomes last),
each column's nodes are ordered by where their parents sit, and Graphviz only draws it
(`neato -n2`, positions fixed, straight edges).  Node sizes are estimated from their wrapped
labels, with room for the branch labels between columns.
"""

from __future__ import annotations

from collections import defaultdict

from .diagram import Diagram, DNode

LAYERED_FROM = 150      # drawn nodes: from here on the engine lays the map out, not dot
CHAR = 7.2              # points per character at the node font (12 pt), generously
LINE = 16.0             # points per line
EDGE_ROOM = 190.0       # points between columns, for a branch label of 24 characters
ROW_GAP = 24.0


def _size(n: DNode, wrap: int) -> tuple[float, float]:
    words = n.label.split()
    lines, width, line = 1, 0, 0
    for w in words:
        if line and line + 1 + len(w) > wrap:
            lines, width, line = lines + 1, max(width, line), len(w)
        else:
            line += (1 if line else 0) + len(w)
    width = max(width, line, len(n.actor_name or ""), len(n.note or ""))
    extra = (1 if n.actor_name else 0) + (1 if n.note else 0) + (1 if n.sources else 0)
    return width * CHAR + 30, (lines + extra) * LINE + 20


def ranks(d: Diagram) -> dict[str, int]:
    """Each node's column: its longest-path rank, phases kept in order, every outcome in the last column."""
    succ: dict[str, list[str]] = defaultdict(list)
    indegree = {n.id: 0 for n in d.nodes}
    for e in d.edges:
        if e.source in indegree and e.target in indegree and e.target not in succ[e.source]:
            succ[e.source].append(e.target)
            indegree[e.target] += 1
    rank = {n: 0 for n in indegree}
    ready = [n for n, k in indegree.items() if k == 0]
    phase_of = {n.id: d.phases.index(n.phase) if n.phase in d.phases else -1 for n in d.nodes}
    while ready:
        n = ready.pop()
        for m in succ[n]:
            step = 1 if phase_of[m] <= phase_of[n] or phase_of[m] < 0 else 2  # a gap marks a new phase
            rank[m] = max(rank[m], rank[n] + step)
            indegree[m] -= 1
            if indegree[m] == 0:
                ready.append(m)
    outcomes = [n.id for n in d.nodes if n.kind == "outcome"]
    last = max((rank[n] for n in rank if n not in outcomes), default=0) + 1
    for n in outcomes:
        rank[n] = last
    return rank


def positions(d: Diagram, wrap: int = 26) -> dict[str, tuple[float, float]]:
    """Node centres in points, left to right (columns) or top to bottom (rows) as the diagram's direction says."""
    rank = ranks(d)
    sizes = {n.id: _size(n, wrap) for n in d.nodes}
    columns: dict[int, list[str]] = defaultdict(list)
    for n in d.nodes:
        columns[rank[n.id]].append(n.id)
    parents: dict[str, list[str]] = defaultdict(list)
    for e in d.edges:
        parents[e.target].append(e.source)
    across: dict[str, float] = {}    # position along the column
    along: dict[str, float] = {}     # position of the column
    lr = d.direction == "LR"
    at = 0.0
    for r in sorted(columns):
        ids = columns[r]
        ids.sort(key=lambda i: min((across[p] for p in parents[i] if p in across), default=0.0))
        thick = max((sizes[i][0] if lr else sizes[i][1]) for i in ids)
        pos = 0.0
        for i in ids:
            extent = sizes[i][1] if lr else sizes[i][0]
            across[i] = pos + extent / 2
            pos += extent + (ROW_GAP if lr else EDGE_ROOM / 3)
        for i in ids:
            along[i] = at + thick / 2
        at += thick + (EDGE_ROOM if lr else EDGE_ROOM / 2)
    if lr:
        return {i: (along[i], -across[i]) for i in along}
    return {i: (across[i], -along[i]) for i in along}
