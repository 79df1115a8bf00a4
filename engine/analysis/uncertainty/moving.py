"""What moves when only some assumptions vary: the dirty vertices of an unfolded DAG for those assumptions.

`Unfolded.dirty` lists every vertex whose value can depend on some assumption. A sweep of one
assumption (sensitivity), or the room's median moving on one assumption, varies only that one:
an outcome whose score names another assumption, or a chance event whose weights read another,
keeps the value it has at the base set. `moving` narrows `dirty` to the vertices that read a
varying assumption, and their ancestors, so the rollback recomputes only what depends on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scenarios.engine.core.cache import Memo
from scenarios.engine.core.runtime import Runtime
from scenarios.engine.core.unfold import Unfolded


@dataclass(frozen=True)
class Moving:
    dirty: list[int]  # children first, as `Unfolded.dirty`
    scored: tuple[int, ...]  # outcome vertices whose scores read a varying assumption


_MOVING: Memo[Moving] = Memo()
_READS: Memo[list[int]] = Memo()


def moving(u: Unfolded, rt: Runtime, varying: frozenset[int]) -> Moving:
    """The part of `u.dirty` that depends on the assumptions at positions `varying` (cached per DAG)."""
    return _MOVING.get(u, varying, lambda: _moving(u, rt, varying))


def reads(u: Unfolded, rt: Runtime) -> list[int]:
    """Per vertex, the assumptions its value can depend on, as a bit mask over their positions (cached per DAG)."""
    return _READS.get(u, None, lambda: _reads(u, rt))


def _moving(u: Unfolded, rt: Runtime, varying: frozenset[int]) -> Moving:
    if len(varying) == len(rt.assumption_ids):
        return Moving(list(u.dirty), u.scored)
    found = reads(u, rt)
    mask = _bits(varying)
    return Moving([i for i in u.dirty if found[i] & mask], tuple(i for i in u.scored if found[i] & mask))


def _reads(u: Unfolded, rt: Runtime) -> list[int]:
    """Per vertex, the assumptions its value can depend on, as a bit mask over their positions: an outcome's those
    its scores name, a chance vertex's those its weights name, and every vertex's its children's."""
    where = {name: k for k, name in enumerate(rt.assumption_ids)}
    values = _bits({ref for _, row in u.terms for _, _, ref in row if ref >= 0})
    reads = [0] * len(u.keys)
    for i in u.scored:
        reads[i] = values | _bits(set(rt.nodes[u.keys[i][0]].payoff_refs.values()))
    for i in u.dynamic:
        reads[i] = _bits({where[x] for b, _ in u.kids[i] if b.weight is not None for x in b.weight.names if x in where})
    for i in u.dirty:  # children first
        for _, c in u.kids[i]:
            reads[i] |= reads[c]
    return reads


def _bits(positions: Iterable[int]) -> int:
    """Assumption positions as one bit mask."""
    mask = 0
    for k in positions:
        mask |= 1 << k
    return mask
