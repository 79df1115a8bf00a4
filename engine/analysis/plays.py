"""Many assumption sets' analyses at once: what `compare` shows for each set, from one vectorized rollback.

`compare` of a room (hundreds of sets of the same scenario) rolled each set back on its own,
one Python pass over every vertex per set. Here the sets are grouped by the DAG they unfold to
(`uncertainty.bulk.groups`), each group is rolled back in one `bulk.solve_many` (sets as
columns), and each set's record is read off the arrays: its values, the choices its play
reaches (with each branch's value to the deciding actor), its paths with their weights and
scores, and the expected final indicators along its play. Every number is computed with the
per-set route's operations in its order (the expectations along the plays bottom-up over the
vertices any set's play reaches, an unreached branch adding an exact 0.0), so each record equals
`analyze_at(..., table=False)` of that set, difference 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from scenarios.engine.core.runtime import DECISION, State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded

from .analyze import PATH_LIMIT, trails
from .records import Analysis, Choice, PlayPath, Trail, choice_text
from .rollback import base_solution, walk
from .uncertainty.bulk import Many, groups, many_shares, sample_vector, solve_many, subset
from .uncertainty.levels import positions

Key = tuple[int, State]
Order = list[tuple[int, tuple[int, ...] | None]]
Path = tuple[int, tuple[tuple[str, str], ...], str, list[tuple[int, int]]]  # end vertex, steps, its id, chances


class Played:
    """One set's rollback as `compare` reads it: the choice at any decision point and where its play goes."""

    def __init__(self, unfolded: Unfolded, best: Callable[[int], tuple[int, ...]], on_play: dict[Key, Trail | None],
                 texts: dict[tuple[int, tuple[int, ...]], str]):
        self.unfolded = unfolded
        self._best = best
        self.on_play = on_play
        self._texts = texts  # (vertex, best positions) → choice_text, shared by the sets of one batch
        self._said: dict[Key, str | None] = {}  # what `choice` answered (a room asks again at each change)

    def choice(self, key: Key) -> str | None:
        """The choice at a decision point as choice_text; None where this set's DAG has no such point."""
        if key in self._said:
            return self._said[key]
        u = self.unfolded
        i = u.index.get(key)
        text = None
        if i is not None and u.kind[i] == DECISION and u.kids[i]:
            best = self._best(i)
            text = self._texts.get((i, best))
            if text is None:
                text = self._texts[(i, best)] = choice_text([u.kids[i][k][0].label for k in best])
        self._said[key] = text
        return text


def analyses(scenario: Scenario, vectors: Sequence[Sequence[float]], rule: str, alpha: float,
             actor_index: dict[str, int]) -> list[tuple[Analysis, Played]]:
    """Each assumption vector's Analysis (without the table of every rule) and its Played, in the order given."""
    n = len(vectors)
    width = len(vectors[0])
    columns: list[Any] = [np.array([float(v[j]) for v in vectors]) for j in range(width)]
    for j, c in enumerate(columns):  # an assumption every set shares stays one number (the rollback skips it)
        if n and np.all(c == c[0]):
            columns[j] = float(c[0])
    out: list[Any] = [None] * n
    for u, rows in groups(scenario, columns, n):
        sub = subset(columns, rows)
        batch = _Batch(scenario, u, sub, len(rows), rule, alpha, actor_index)
        for r, k in enumerate(rows.tolist()):
            out[k] = batch.record(r)
        batch.release()
    return out


class _Batch:
    """One group of sets on one DAG: the rollback, the expectations along the plays, then each set's record."""

    def __init__(self, scenario: Scenario, u: Unfolded, columns: list[Any], m: int, rule: str, alpha: float,
                 actor_index: dict[str, int]):
        self.scenario, self.u, self.columns, self.m = scenario, u, columns, m
        self.rule, self.alpha, self.actor_index = rule, alpha, actor_index
        rt = scenario.runtime
        decisions = frozenset(i for i, k in enumerate(u.kind) if k == DECISION and u.kids[i])
        self.many: Many = solve_many(scenario, u, columns, m, rule, alpha, actor_index, decisions)
        self.base = self.many.base or base_solution(u, rt, actor_index, sample_vector(columns, 0), rule, alpha)
        self.texts: dict[tuple[int, tuple[int, ...]], str] = {}
        self._per_set: dict[Any, list[Any]] = {}  # lazily, per vertex: each set's choice, value, share or score
        self.orders = [self._play(r) for r in range(m)]
        self.trails: dict[tuple[Any, ...], dict[int, Trail | None]] = {}
        self.skeletons: dict[tuple[Any, ...], list[Path]] = {}  # the same, for the paths of each distinct play
        reached = sorted({i for order in self.orders for i, _ in order})
        ind = len(rt.indicator_ids)
        self.indicators = self._expect(reached, lambda i: np.array([float(v) for v in u.keys[i][1][:ind]]), ind)
        self.expected = self._expect(reached, self._scores, len(actor_index)) if u.risk else None

    def release(self) -> None:
        """Let go of what the records are built from; the sets' choices stay (each Played asks for them)."""
        many = self.many
        many.watched, many.outcomes, many.shares, many.memo = {}, {}, {}, {}
        for key in [k for k in self._per_set if not isinstance(k, int)]:  # the choices' closures hold this dict
            del self._per_set[key]
        self.trails.clear()
        self.skeletons.clear()
        self.orders, self.indicators, self.expected = [], [], None

    def best(self, r: int) -> Callable[[int], tuple[int, ...]]:
        """Set r's best branch positions at a decision vertex."""
        choice, per_set = self.many.choice, self._per_set

        def at(i: int) -> tuple[int, ...]:
            found = choice[i]
            if isinstance(found, tuple):
                return found
            listed = per_set.get(i)
            if listed is None:
                listed = per_set[i] = self._decode(i, found)
            return listed[r]  # type: ignore[no-any-return]
        return at

    def _decode(self, i: int, masks: np.ndarray) -> list[tuple[int, ...]]:
        """Each set's bit mask at decision vertex i as its best branch positions."""
        width = len(self.u.kids[i])
        seen: dict[int, tuple[int, ...]] = {}
        out = []
        for mask in masks.tolist():
            found = seen.get(mask)
            if found is None:
                found = seen[mask] = positions(mask, width)
            out.append(found)
        return out

    def column(self, key: Any, array: Any) -> list[float]:
        """A (sets,) or (1,) array as one Python float per set, listed once per key."""
        found = self._per_set.get(key)
        if found is None:
            flat = np.broadcast_to(np.asarray(array, dtype=float).reshape(-1), (self.m,))
            found = self._per_set[key] = flat.tolist()
        return found  # type: ignore[no-any-return]

    def _play(self, r: int) -> Order:
        """rollback.play for set r: depth-first, best branches at decisions, every branch at chance nodes."""
        return walk(self.u, self.best(r))

    def shares(self, i: int) -> list[Any] | None:
        """Chance vertex i's normalized weights for the batch's sets (floats where fixed; None without weights)."""
        many = self.many
        if i in many.shares:
            return many.shares[i]
        found = many.shares[i] = many_shares(self.scenario, self.u, i, self.columns, self.m, many.memo)
        return found

    def _scores(self, i: int) -> np.ndarray:
        """Outcome vertex i's scores: (actors, sets), or (actors, 1) where every set shares them."""
        found = self.many.outcomes.get(i)
        if found is not None:
            return found
        return np.asarray(self.base.values[i], dtype=float).reshape(-1, 1)

    def _expect(self, reached: list[int], leaf: Callable[[int], np.ndarray], width: int) -> list[Any]:
        """analyze._expect for every set at once, over the vertices some set's play reaches (children first): per set
        the same sums in the same order; a branch a set does not take adds an exact 0.0. None per set where a chance
        node on its play has no weights."""
        u, m = self.u, self.m
        shape = (width, m)
        value: dict[int, np.ndarray] = {}
        known: dict[int, Any] = {}
        for i in reached:
            kids = u.kids[i]
            if not kids:
                found = np.asarray(leaf(i), dtype=float).reshape(width, -1) if width else np.zeros((0, 1))
                value[i] = np.broadcast_to(found, shape)
                known[i] = True
                continue
            acc: Any = np.zeros(shape)
            ok: Any = True
            if u.kind[i] == DECISION:
                choice = self.many.choice[i]
                if isinstance(choice, tuple):
                    q = 1 / len(choice)
                    for k in choice:
                        acc = acc + q * value[kids[k][1]]
                        ok = ok & known[kids[k][1]]
                else:
                    bits = [(choice >> k & 1).astype(bool) for k in range(len(kids))]
                    q = 1 / np.sum(bits, axis=0)
                    for k, (_, c) in enumerate(kids):
                        if c in value:
                            acc = acc + np.where(bits[k], q * value[c], 0.0)
                            ok = ok & (~bits[k] | known[c])
                        else:  # no set's play goes there: no set reaching i takes it
                            ok = ok & ~bits[k]
            else:
                p = self.shares(i)
                if p is None:
                    value[i], known[i] = acc, False
                    continue
                for q, (_, c) in zip(p, kids, strict=True):
                    acc = acc + q * value[c]
                    ok = ok & known[c]
            value[i], known[i] = acc, ok
        root = value.get(u.root)
        if root is None:
            return [None] * m
        good = np.broadcast_to(known[u.root], (m,))
        return [tuple(float(x) for x in root[:, r]) if good[r] else None for r in range(m)]

    def record(self, r: int) -> tuple[Analysis, Played]:
        """Set r's Analysis (as analyze_at with table=False) and its Played."""
        scenario, u = self.scenario, self.u
        rt = scenario.runtime
        order = self.orders[r]
        signature = tuple(order)
        found = self.trails.get(signature)
        if found is None:
            found = self.trails[signature] = trails(u, order)
        best = self.best(r)
        actors = list(self.actor_index)
        choices = tuple(self._choice(i, r, best(i), found[i]) for i, _ in order if u.kind[i] == DECISION)
        a = sample_vector(self.columns, r)
        root = tuple(float(v) for v in self.many.root[:, r])
        indicators = self.indicators[r]
        expected = self.expected[r] if self.expected is not None else None
        analysis = Analysis(
            scenario=scenario.name, title=scenario.title, rule=self.rule, alpha=self.alpha,
            assumptions=dict(zip(rt.assumption_ids, a, strict=True)),
            values=dict(zip(actors, root, strict=True)), choices=choices,
            paths=tuple(self._paths(r, best, actors, signature)), path_count=self._count(order, best),
            indicators={ind: None if indicators is None else indicators[j] for j, ind in enumerate(rt.indicator_ids)},
            unweighted=u.unweighted, rules=(),
            expected_values=None if not u.risk else {x: None if expected is None else expected[j]
                                                     for j, x in enumerate(actors)})
        on_play = {u.keys[i]: found[i] for i, _ in order if u.kind[i] == DECISION}
        return analysis, Played(u, best, on_play, self.texts)

    def _choice(self, i: int, r: int, best: tuple[int, ...], trail: Trail | None) -> Choice:
        u = self.u
        node = self.scenario.runtime.nodes[u.keys[i][0]]
        d = self.actor_index[node.actor]  # type: ignore[index]
        kids = u.kids[i]
        watched = self.many.watched.get(i)
        if watched is None:
            values = {b.label: self.base.values[c][d] for b, c in kids}  # type: ignore[index]
        else:
            values = {b.label: self.column(("value", i, k), v)[r] for k, ((b, _), v) in enumerate(zip(kids, watched,
                                                                                                    strict=True))}
        return Choice(node.id, node.label, node.actor or "", tuple(kids[k][0].label for k in best), values, trail)

    def _paths(self, r: int, best: Callable[[int], tuple[int, ...]], actors: list[str],
               signature: tuple[Any, ...]) -> list[PlayPath]:
        """analyze._paths for set r: the first PATH_LIMIT paths of its play, depth-first; each weight the product of
        the shares along the path from the start down, as analyze._paths multiplies them."""
        skeleton = self.skeletons.get(signature)
        if skeleton is None:
            skeleton = self.skeletons[signature] = self._skeleton(best)
        result = []
        for i, steps, outcome, chances in skeleton:
            w: float | None = 1.0
            for c, k in chances:
                p = self.shares(c)
                share = None if p is None else p[k]
                if share is not None and not isinstance(share, float):
                    share = self.column(("share", c, k), share)[r]
                w = None if share is None or w is None else w * share
            score = self._scores(i)
            row = [self.column(("score", i, x), score[x])[r] for x in range(len(actors))]
            result.append(PlayPath(steps, outcome, w, dict(zip(actors, row, strict=True))))
        return result

    def _skeleton(self, best: Callable[[int], tuple[int, ...]]) -> list[Path]:
        """The paths of a play, shared by the sets whose plays go the same way: each end vertex, the steps to it
        (node id, branch label), its node's id, and the chance branches on the way (vertex, position), from the
        start down."""
        u, rt = self.u, self.scenario.runtime
        found: list[Path] = []
        stack: list[tuple[int, Any]] = [(u.root, None)]
        while stack and len(found) < PATH_LIMIT:
            i, link = stack.pop()
            kids = u.kids[i]
            if not kids:
                steps, chances = [], []
                while link is not None:
                    (p, k), link = link
                    steps.append((rt.nodes[u.keys[p][0]].id, u.kids[p][k][0].label))
                    if u.kind[p] != DECISION:
                        chances.append((p, k))
                found.append((i, tuple(reversed(steps)), rt.nodes[u.keys[i][0]].id, chances[::-1]))
                continue
            taken = best(i) if u.kind[i] == DECISION else range(len(kids))
            for k in reversed(taken):
                stack.append((kids[k][1], ((i, k), link)))
        return found

    def _count(self, order: Order, best: Callable[[int], tuple[int, ...]]) -> int:
        """analyze._count: the paths of the play, children first over the vertices it reaches."""
        u = self.u
        count: dict[int, int] = {}
        for i in sorted(i for i, _ in order):
            kids = u.kids[i]
            if not kids:
                count[i] = 1
            else:
                taken = best(i) if u.kind[i] == DECISION else range(len(kids))
                count[i] = sum(count[kids[k][1]] for k in taken)
        return count[u.root]

