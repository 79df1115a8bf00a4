"""What moves when only some assumptions vary: the dirty vertices of an unfolded DAG for those assumptions.

`Unfolded.dirty` lists every vertex whose value can depend on some assumption. A sweep of one
assumption (sensitivity), or the room's median moving on one assumption, varies only that one:
an outcome whose score names another assumption, or a chance event whose weights read another,
keeps the value it has at the base set. `moving` narrows `dirty` to the vertices that read a
varying assumption, and their ancestors, so the rollback recomputes only what depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.engine.core.cache import Memo
from scenarios.engine.core.runtime import Runtime
from scenarios.engine.core.unfold import Unfolded


@dataclass(frozen=True)
class Moving:
    dirty: list[int]  # children first, as `Unfolded.dirty`
    scored: tuple[int, ...]  # outcome vertices whose scores read a varying assumption
    uses: dict[int, int]  # vertex → how many dirty parents read it (its array can go after the last)
    live: int = 0  # the most vertices' arrays alive at once in a rollback that drops each after its last use


_MOVING: Memo[Moving] = Memo()


def moving(u: Unfolded, rt: Runtime, varying: frozenset[int]) -> Moving:
    """The part of `u.dirty` that depends on the assumptions at positions `varying` (cached per DAG)."""
    return _MOVING.get(u, varying, lambda: _moving(u, rt, varying))


def _moving(u: Unfolded, rt: Runtime, varying: frozenset[int]) -> Moving:
    if len(varying) == len(rt.assumption_ids):
        dirty, scored = list(u.dirty), u.scored
    else:
        names = {rt.assumption_ids[k] for k in varying}
        values_vary = any(ref in varying for _, row in u.terms for _, _, ref in row)
        scored = tuple(i for i in u.scored if values_vary
                       or any(ref in varying for ref in rt.nodes[u.keys[i][0]].payoff_refs.values()))
        weights = {i for i in u.dynamic
                   if any(b.weight is not None and b.weight.names & names for b, _ in u.kids[i])}
        moved = set(scored) | weights
        dirty = []
        for i in u.dirty:  # children first, so one pass finds every ancestor
            if i in moved or any(c in moved for _, c in u.kids[i]):
                moved.add(i)
                dirty.append(i)
    uses: dict[int, int] = {}
    for i in dirty:
        for _, c in u.kids[i]:
            uses[c] = uses.get(c, 0) + 1
    return Moving(dirty, scored, uses, _live(u, dirty, scored, uses))


def _live(u: Unfolded, dirty: list[int], scored: tuple[int, ...], uses: dict[int, int]) -> int:
    """Replays `bulk.solve_many`'s bookkeeping: an inner vertex's array lives from its visit, an outcome's from its
    first use, each until its last dirty parent is done."""
    inner = {i for i in dirty if u.kids[i]}
    stored = inner | set(scored)
    left = dict(uses)
    alive = peak = 0
    touched: set[int] = set()
    for i in dirty:
        if i not in inner:
            continue
        for _, c in u.kids[i]:
            if c in stored and c not in inner and c not in touched:
                touched.add(c)
                alive += 1
        alive += 1
        peak = max(peak, alive)
        for _, c in u.kids[i]:
            left[c] -= 1
            if left[c] == 0 and c in stored:
                alive -= 1
    return peak
