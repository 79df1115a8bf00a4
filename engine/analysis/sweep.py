"""The rollbacks a sensitivity sweep reads: one assumption at chosen values, the others at their stated values.

`Runner` rolls back every value asked for in a few batches (`uncertainty.bulk.solve_many`,
one per cluster of assumptions that move nearly the same vertices, grouped by unfolded DAG),
or one at a time (`batch=False`, the per-point route kept as the reference), and keeps each as
a `Point`: each actor's value, every choice, the play when asked, and, at the decision points a
search watches, each branch's value to the deciding actor.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from scenarios.engine.core.runtime import DECISION, State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded, unfold

from .analyze import trails
from .records import Trail, choice_text
from .rollback import Solution, play, solve
from .uncertainty.bulk import Many, groups, solve_many, subset
from .uncertainty.levels import positions
from .uncertainty.moving import reads

Key = tuple[int, State]
# assumptions share a batch where the vertices they move together are at most CLUSTER times each one's own, or
# SLACK more (a batch's fixed cost is that of rolling back a few hundred vertices)
CLUSTER, SLACK = 1.7, 256


def best_text(texts: dict[tuple[int, Any], str], u: Unfolded, i: int, best: tuple[int, ...] | int) -> str:
    """The choice at decision vertex i of `u` as choice_text, from its best branches as positions or as one set's bit
    mask (see bulk.solve_many), kept in `texts` by (vertex, best)."""
    found = texts.get((i, best))
    if found is None:
        kids = u.kids[i]
        if isinstance(best, int) and best and not best & (best - 1):  # one best branch: its label
            found = texts[(i, best)] = kids[best.bit_length() - 1][0].label
            return found
        at = best if isinstance(best, tuple) else positions(best, len(kids))
        found = texts[(i, best)] = choice_text([kids[k][0].label for k in at])
    return found


class Shared:
    """What the points of one unfolded DAG share: each choice's text by (vertex, best branches), each batch's
    varying choices as one matrix (`Point.flips`), and the branch values watched (`Point.watched`)."""

    def __init__(self) -> None:
        self.texts: dict[tuple[int, Any], str] = {}
        self.masks: dict[int, tuple[list[int], Any]] = {}  # id of a batch → (its vertices, their masks by set)
        self.rows: dict[int, dict[int, int]] = {}  # id of a batch → vertex → its row in the masks
        # (id of a batch, vertex) → the sets it was watched at (sorted), and each one's branch values (a row each)
        self.watched: dict[tuple[int, int], tuple[list[int], np.ndarray]] = {}


def _bits(best: tuple[int, ...] | int | None) -> int:
    """Best branch positions (or a bit mask already) as a bit mask; 0 off decisions."""
    if best is None:
        return 0
    if isinstance(best, tuple):
        return sum(1 << k for k in best)
    return int(best)


class _Best(dict[int, Any]):
    """A point's best branches, worked out at the decisions a play asks for."""

    def __init__(self, point: Point):
        super().__init__()
        self.point = point

    def __missing__(self, i: int) -> Any:
        found = self[i] = self.point.best(i)
        return found


class Point:
    """The rollback at one assumption vector as a sweep reads it: each actor's value, every choice, and
    (when asked) the play; from a per-point `Solution`, or one set (`row`) of a batch (`Many`)."""

    def __init__(self, unfolded: Unfolded, solution: Solution | None, many: Many | None = None, row: int = 0,
                 shared: Shared | None = None):
        self.unfolded = unfolded
        self.solution = solution
        self.many, self.row = many, row
        self.shared = shared or Shared()
        if solution is not None:
            self.values: tuple[float, ...] = solution.values[unfolded.root] or ()
        else:
            assert many is not None
            self.values = tuple(float(v) for v in many.root[:, row])
        self._on_play: dict[Key, Trail | None] | None = None

    @classmethod
    def at(cls, scenario: Scenario, a: Sequence[float], rule: str, alpha: float,
           actor_index: dict[str, int]) -> Point:
        """Unfold and roll back at assumption vector `a`."""
        u = unfold(scenario, a)
        return cls(u, solve(u, scenario.runtime, actor_index, a, rule, alpha))

    def best(self, i: int) -> tuple[int, ...] | None:
        """The positions of the best branches at decision vertex i (None off decisions)."""
        found = self._mask(i)
        if found is None or isinstance(found, tuple):
            return found
        return positions(found, len(self.unfolded.kids[i]))

    def _mask(self, i: int) -> tuple[int, ...] | int | None:
        """The best branches at vertex i as positions, or as this set's bit mask (see bulk.solve_many)."""
        if self.many is None:
            assert self.solution is not None
            return self.solution.best.get(i)
        found = self.many.choice.get(i)
        if found is None or isinstance(found, tuple):
            return found  # type: ignore[no-any-return]
        return int(found[self.row])

    def masks(self, vs: list[int], memo: dict[int, Any]) -> np.ndarray:
        """The best branches at decision vertices `vs` of this point's DAG as bit masks (uint64), in one array;
        `memo` (one per list `vs`) keeps where each one's masks are in a batch's matrix (see `_masks`)."""
        many = self.many
        if many is None:
            return np.array([_bits(self._mask(i)) for i in vs], dtype=np.uint64)
        found = memo.get(id(many))
        if found is None or found[0] is not many:
            vertices, matrix = self._masks()
            rows = self.shared.rows.get(id(many))
            if rows is None:
                rows = self.shared.rows[id(many)] = {i: k for k, i in enumerate(vertices)}
            where = [(k, rows[i]) for k, i in enumerate(vs) if i in rows]
            fixed = np.array([0 if i in rows else _bits(many.choice.get(i)) for i in vs], dtype=np.uint64)
            found = memo[id(many)] = (many, matrix, np.array([k for k, _ in where], dtype=np.intp),
                                      np.array([r for _, r in where], dtype=np.intp), fixed)
        _many, matrix, at, rows_at, fixed = found
        if not at.size:
            return fixed  # type: ignore[no-any-return]
        out = fixed.copy()
        out[at] = matrix[rows_at, self.row]
        return out  # type: ignore[no-any-return]

    def _decisions(self) -> Iterable[int]:
        return self.many.choice if self.many is not None else self.solution.best  # type: ignore[union-attr]

    def text(self, i: int) -> str | None:
        """The choice at decision vertex i as choice_text (a tie reads "indifferent between …"); None off decisions."""
        mask = self._mask(i)
        return None if mask is None else self._text(i, mask)

    def _text(self, i: int, mask: tuple[int, ...] | int) -> str:
        return best_text(self.shared.texts, self.unfolded, i, mask)

    def texts(self, vs: list[int], memo: dict[int, Any]) -> list[str]:
        """The choices at decision vertices `vs` of this point's DAG as choice_text (see `masks`)."""
        return [self._text(i, m) for i, m in zip(vs, self.masks(vs, memo).tolist(), strict=True)]

    def watched(self, i: int) -> list[float] | None:
        """Each branch's value to the deciding actor at decision vertex i, if it was watched here."""
        found = self.shared.watched.get((id(self.many), i)) if self.many is not None else None
        if found is None:
            return None
        sets, values = found
        k = bisect.bisect_left(sets, self.row)
        return values[k].tolist() if k < len(sets) and sets[k] == self.row else None  # type: ignore[no-any-return]

    def choice(self, key: Key) -> str | None:
        """The choice at a decision point as choice_text; None if not reached."""
        i = self.unfolded.index.get(key)
        return None if i is None else self.text(i)

    def flips(self, other: Point) -> list[tuple[Key, str]]:
        """Decision points whose set of best branches differs at `other`, with the choice here."""
        u = self.unfolded
        if self.many is not None and other.many is self.many:  # one batch: only the choices that vary can differ
            vertices, masks = self._masks()
            ks = np.flatnonzero(masks[:, self.row] != masks[:, other.row])
            result = []
            for k, here, there in zip(ks.tolist(), masks[ks, self.row].tolist(), masks[ks, other.row].tolist(),
                                      strict=True):
                i = vertices[k]
                text = self._text(i, here)
                if text != self._text(i, there):
                    result.append((u.keys[i], text))
            return result
        if self.many is None and other.many is None and other.unfolded is u and (
                self.solution.best is other.solution.best  # type: ignore[union-attr]
                or self.solution.best == other.solution.best):  # type: ignore[union-attr]
            return []
        result = []
        for i in self._decisions():
            key = u.keys[i]
            here = self.text(i)
            there = other.choice(key)
            if there is not None and there != here:
                result.append((key, here))
        return result  # type: ignore[return-value]

    def _masks(self) -> tuple[list[int], Any]:
        """The batch's decision vertices whose choice varies, and their masks as one (vertices × sets) matrix."""
        assert self.many is not None
        found = self.shared.masks.get(id(self.many))
        if found is None:
            vertices = [i for i, c in self.many.choice.items() if not isinstance(c, tuple)]
            masks = np.zeros((len(vertices), self.many.n), dtype=np.uint64)
            for k, i in enumerate(vertices):
                masks[k] = self.many.choice[i]
            found = self.shared.masks[id(self.many)] = (vertices, masks)
        return found

    @property
    def on_play(self) -> dict[Key, Trail | None]:
        """Decision points the play reaches → their history."""
        if self._on_play is None:
            u = self.unfolded
            order = play(u, self.solution or Solution([], _Best(self)))
            found = trails(u, order)
            self._on_play = {u.keys[i]: found[i] for i, _ in order if u.kind[i] == DECISION}
        return self._on_play


class Runner:
    """Rollbacks with one assumption (number j) at chosen values and the others at `base`, memoized by (j, value).

    `run` rolls back every vector not yet known: in a batch per cluster of assumptions (`bulk.solve_many`, grouped
    by unfolded DAG; see `_cluster`), or one at a time with `batch=False` (the per-point route, kept as the reference).
    """

    def __init__(self, scenario: Scenario, base: Sequence[float], rule: str, alpha: float,
                 actor_index: dict[str, int], batch: bool = True):
        self.scenario = scenario
        self.base, self.rule, self.alpha, self.actor_index = list(base), rule, alpha, actor_index
        self.batch = batch
        self.cache: dict[tuple[int, float], Point] = {}
        self.shared: dict[int, Shared] = {}  # by id of the unfolded DAG (its points hold it)
        self.clusters: dict[int, int] | None = None  # assumption → the first of its batch's (see `_cluster`)

    def vector(self, j: int, x: float) -> list[float]:
        a = self.base.copy()
        a[j] = x
        return a

    def run(self, wanted: Iterable[tuple[int, float]],
            watch: Iterable[tuple[Key, int, Sequence[float]]] = ()) -> None:
        """Roll back every (assumption, value) wanted and not yet known. In a batch, each (decision point,
        assumption, values) in `watch` keeps the point's branch values at those values (`Point.watched`);
        the groups of one step pass the same values (one tuple), worked out once."""
        todo = [w for w in dict.fromkeys(wanted) if w not in self.cache]
        if not todo:
            return
        if not self.batch:
            for j, x in todo:
                self.cache[(j, x)] = Point.at(self.scenario, self.vector(j, x), self.rule, self.alpha,
                                              self.actor_index)
            return
        by: dict[int, list[tuple[int, float]]] = {}
        for j, x in todo:  # one batch per cluster of assumptions: it moves only the vertices that depend on them
            by.setdefault(self._cluster(j), []).append((j, x))
        watched: dict[int, list[tuple[Key, int, Sequence[float]]]] = {}
        for w in watch:
            watched.setdefault(self._cluster(w[1]), []).append(w)
        for c, part in by.items():
            columns: list[Any] = [float(v) for v in self.base]
            for j in dict.fromkeys(j for j, _x in part):
                columns[j] = np.array([x if i == j else columns[j] for i, x in part])
            self._batch(columns, part, watched.get(c, []))

    def _cluster(self, j: int) -> int:
        """The batch assumption j's values are rolled back in: the assumptions are put together, largest first, where
        the vertices they move together are not many more than each one's own (see CLUSTER), so a round of bisections
        is a few batches rather than one per assumption, and no batch rolls back much that it need not."""
        if self.clusters is None:
            u = unfold(self.scenario, self.base)
            found = reads(u, self.scenario.runtime)
            own: dict[int, np.ndarray] = {}  # the vertices each one moves
            for c in range(0, len(self.base), 62):  # 62 assumptions' bits at a time fit a NumPy integer
                bits = np.array([(found[i] >> c) & ((1 << 62) - 1) for i in u.dirty], dtype=np.int64)
                own.update((k, (bits >> (k - c)) & 1 == 1) for k in range(c, min(c + 62, len(self.base))))
            sizes = {k: int(v.sum()) for k, v in own.items()}
            found: list[tuple[int, np.ndarray]] = []
            self.clusters = {}
            for k in sorted(own, key=lambda k: -sizes[k]):
                for c, (first, together) in enumerate(found):
                    union = together | own[k]
                    size = int(union.sum())
                    if size <= CLUSTER * sizes[k] + SLACK and size <= CLUSTER * int(together.sum()) + SLACK:
                        found[c] = (first, union)
                        self.clusters[k] = first
                        break
                else:
                    found.append((k, own[k]))
                    self.clusters[k] = k
        return self.clusters[j]

    def _batch(self, columns: list[Any], todo: list[tuple[int, float]],
               watch: list[tuple[Key, int, Sequence[float]]]) -> None:
        for u, rows in groups(self.scenario, columns, len(todo)):
            sets = self._sets(u, [todo[k] for k in rows.tolist()], watch)
            many = solve_many(self.scenario, u, subset(columns, rows), len(rows), self.rule, self.alpha,
                              self.actor_index, sets)
            shared = self.shared.setdefault(id(u), Shared())
            for r, k in enumerate(rows.tolist()):
                self.cache[todo[k]] = Point(u, None, many, r, shared)
            for i, found in sets.items():
                branches = many.watched.get(i)
                if branches is not None:  # watched where the vertex moves with the assumptions
                    shared.watched[(id(many), i)] = (found.tolist(), np.stack(branches, axis=1))

    @staticmethod
    def _sets(u: Unfolded, solved: list[tuple[int, float]],
              watch: list[tuple[Key, int, Sequence[float]]]) -> dict[int, np.ndarray]:
        """Vertex watched → the sets (positions among `solved`, sorted) it is watched at."""
        if not watch:
            return {}
        local = {w: r for r, w in enumerate(solved)}
        memo: dict[tuple[int, int], list[int]] = {}
        parts: dict[int, list[list[int]]] = {}
        for key, j, xs in watch:
            i = u.index.get(key)
            if i is None:
                continue
            rs = memo.get((j, id(xs)))
            if rs is None:
                rs = memo[(j, id(xs))] = [r for r in (local.get((j, x)) for x in xs) if r is not None]
            if rs:
                parts.setdefault(i, []).append(rs)
        return {i: np.unique(np.concatenate(ps)) for i, ps in parts.items()}

    def at(self, j: int, x: float) -> Point:
        found = self.cache.get((j, x))
        if found is None:
            self.run([(j, x)])
            found = self.cache[(j, x)]
        return found
