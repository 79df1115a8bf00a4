"""Many assumption sets' analyses at once: what `compare` shows for each set, from one vectorized rollback.

`compare` of a room (hundreds of sets of the same scenario) rolled each set back on its own,
one Python pass over every vertex per set. Here the sets are grouped by the DAG they unfold to
(`uncertainty.bulk.groups`), each group is rolled back in one `bulk.solve_many` (sets as
columns), and the sets are then grouped again by their play: the sets whose best branches agree
at every decision their play reaches follow the same play (300 random sets of `mexico` follow
about 50), so its walk, histories, choices' labels, paths and count are worked out once per play
(`_Play`), and only the numbers (values, each branch's value to the deciding actor, the paths'
weights and scores) are read per set, a column of the arrays at a time. Every number is computed
with the per-set route's operations in its order (the expectations along the plays bottom-up over
the vertices any set's play reaches, an unreached branch adding an exact 0.0; a path's weight the
product of its shares from the start down), so each record equals `analyze_at(..., table=False)`
of that set, difference 0.

What `compare` reads of a set's rollback beside its record (its choice at any decision point,
and which points its play reaches) is its `Played`; the sets of one batch share a `Board`, which
answers for many sets at once. Without records (`each_set=False`: the room's screen and handout
read none of them) only the plays are found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from scenarios.engine.core.runtime import DECISION, State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded

from .analyze import PATH_LIMIT, trails
from .records import Analysis, Choice, PlayPath, Trail
from .rollback import base_solution, walk
from .sweep import best_text
from .uncertainty.bulk import Many, groups, many_shares, sample_vector, solve_many, subset
from .uncertainty.levels import positions

Key = tuple[int, State]
Order = list[tuple[int, tuple[int, ...] | None]]
Path = tuple[int, tuple[tuple[str, str], ...], str, list[tuple[int, int]]]  # end vertex, steps, its id, chances


class Board:
    """The best branches of one batch's sets at every decision vertex, as `compare` reads them: one set's choice,
    or many sets' at once (a column of bit masks read as text once per distinct mask)."""

    def __init__(self, u: Unfolded, choice: dict[int, Any]):
        self.u = u
        self.choice = choice  # decision vertex → one tuple of best positions for every set, or each set's bit mask
        self._texts: dict[tuple[int, Any], str] = {}  # (vertex, positions or bit mask) → choice_text (best_text)
        self._best: dict[tuple[int, int], tuple[int, ...]] = {}  # (vertex, set) → positions, as the walks ask
        self._columns: dict[int, list[str]] = {}  # vertex → every set's choice_text there, once asked

    def best(self, i: int, r: int) -> tuple[int, ...]:
        """Set r's best branch positions at decision vertex i."""
        found = self.choice[i]
        if isinstance(found, tuple):
            return found
        at = self._best.get((i, r))
        if at is None:
            at = self._best[(i, r)] = positions(int(found[r]), len(self.u.kids[i]))
        return at

    def text(self, i: int, best: tuple[int, ...] | int) -> str:
        return best_text(self._texts, self.u, i, best)

    def vertex(self, key: Key) -> int | None:
        """The decision vertex of a decision point in this batch's DAG (None where it has no such point)."""
        u = self.u
        i = u.index.get(key)
        return i if i is not None and u.kind[i] == DECISION and u.kids[i] else None

    def column(self, key: Key, rows: np.ndarray) -> list[str | None]:
        """The choice at a decision point, as choice_text, of each set in `rows` (None where the DAG has no such
        point): the same as each set's `Played.choice`. Each vertex's column is read once (a room asks again at
        each change of the room, mostly of sets it kept)."""
        i = self.vertex(key)
        if i is None:
            return [None] * len(rows)
        found = self.choice[i]
        if isinstance(found, tuple):
            return [self.text(i, found)] * len(rows)
        column = self._columns.get(i)
        if column is None:
            column = self._columns[i] = [self.text(i, mask) for mask in found.tolist()]
        return [column[r] for r in rows.tolist()]


class Played:
    """One set's rollback as `compare` reads it: the choice at any decision point and where its play goes (the sets
    of one play share their `on_play`)."""

    def __init__(self, board: Board, row: int, on_play: dict[Key, Trail | None]):
        self.board, self.row, self.on_play = board, row, on_play

    def choice(self, key: Key) -> str | None:
        """The choice at a decision point as choice_text; None where this set's DAG has no such point."""
        i = self.board.vertex(key)
        return None if i is None else self.board.text(i, self.board.best(i, self.row))


def analyses(scenario: Scenario, vectors: Sequence[Sequence[float]], rule: str, alpha: float,
             actor_index: dict[str, int], *, each_set: bool = True) -> list[tuple[Analysis | None, Played]]:
    """Each assumption vector's Analysis (without the table of every rule; None with `each_set=False`) and its
    Played, in the order given."""
    n = len(vectors)
    width = len(vectors[0])
    columns: list[Any] = [np.array([float(v[j]) for v in vectors]) for j in range(width)]
    for j, c in enumerate(columns):  # an assumption every set shares stays one number (the rollback skips it)
        if n and np.all(c == c[0]):
            columns[j] = float(c[0])
    out: list[Any] = [None] * n
    for u, rows in groups(scenario, columns, n):
        batch = _Batch(scenario, u, subset(columns, rows), len(rows), rule, alpha, actor_index)
        for r, rolled in enumerate(batch.records(each_set)):
            out[int(rows[r])] = rolled
    return out


class _Play:
    """One play, and the sets (rows of the batch) that follow it: its order, histories and what `Played` shares."""

    def __init__(self, u: Unfolded, rows: np.ndarray, order: Order):
        self.rows, self.order = rows, order
        self.trails = trails(u, order)
        self.decisions = [i for i, _ in order if u.kind[i] == DECISION]
        self.on_play = {u.keys[i]: self.trails[i] for i in self.decisions}


class _Batch:
    """One group of sets on one DAG: the rollback, the plays its sets follow, then each set's record."""

    def __init__(self, scenario: Scenario, u: Unfolded, columns: list[Any], m: int, rule: str, alpha: float,
                 actor_index: dict[str, int]):
        self.scenario, self.u, self.columns, self.m = scenario, u, columns, m
        self.rule, self.alpha, self.actor_index = rule, alpha, actor_index
        decisions = frozenset(i for i, k in enumerate(u.kind) if k == DECISION and u.kids[i])
        self.many: Many = solve_many(scenario, u, columns, m, rule, alpha, actor_index, decisions)
        self.base = self.many.base or base_solution(u, scenario.runtime, actor_index, sample_vector(columns, 0), rule,
                                                    alpha)
        self.board = Board(u, self.many.choice)
        self._tables: dict[Any, np.ndarray] = {}  # what the records read per set, a table per vertex (see _table)
        self.plays = self._plays()

    def _plays(self) -> list[_Play]:
        """The distinct plays of the batch's sets: walk one set's play, then take every set whose bit masks equal
        its own at each decision vertex that play reaches (the walk reads nothing else), and so on."""
        u, choice, board = self.u, self.many.choice, self.board
        found = []
        remaining = np.arange(self.m)
        while remaining.size:
            r = int(remaining[0])
            order = walk(u, lambda i: board.best(i, r))  # noqa: B023 (used at once)
            same = np.ones(remaining.size, dtype=bool)
            for i, _ in order:
                masks = choice.get(i)
                if masks is not None and not isinstance(masks, tuple):
                    same &= masks[remaining] == masks[r]
            found.append(_Play(u, remaining[same], order))
            remaining = remaining[~same]
        return found

    def records(self, each_set: bool) -> list[tuple[Analysis | None, Played]]:
        """Each set's (Analysis, Played) in the batch's order; the Analysis None without `each_set`."""
        out: list[Any] = [None] * self.m
        if not each_set:
            for play in self.plays:
                for r in play.rows.tolist():
                    out[r] = (None, Played(self.board, r, play.on_play))
            return out
        rt, u = self.scenario.runtime, self.u
        reached = sorted({i for play in self.plays for i, _ in play.order})
        ind = len(rt.indicator_ids)
        indicators = self._expect(reached, lambda i: np.array([float(v) for v in u.keys[i][1][:ind]]), ind)
        expected = self._expect(reached, self._scores, len(self.actor_index)) if u.risk else None
        for play in self.plays:
            rows = play.rows.tolist()
            for r, analysis in zip(rows, self._records(play, indicators, expected), strict=True):
                out[r] = (analysis, Played(self.board, r, play.on_play))
        return out

    def _records(self, play: _Play, indicators: list[Any], expected: list[Any] | None) -> list[Analysis]:
        """analyze_at(..., table=False) of each set following `play`: what is the play's worked out once, the
        numbers read per set from the arrays."""
        scenario, u, rows = self.scenario, self.u, play.rows
        rt = scenario.runtime
        actors = list(self.actor_index)
        best = self._best(int(rows[0]))
        count = self._count(play.order, best)
        assumptions = [self._gather(c, rows) for c in self.columns]
        roots = np.asarray(self.many.root, dtype=float)[:, rows].T.tolist()
        choices = list(zip(*[self._choices(i, best(i), play.trails[i], rows) for i in play.decisions],
                           strict=True)) if play.decisions else [()] * len(rows)
        paths = list(zip(*self._paths(best, actors, rows), strict=True)) or [()] * len(rows)
        out = []
        for j, r in enumerate(rows.tolist()):
            ind, exp = indicators[r], expected[r] if expected is not None else None
            out.append(Analysis(
                scenario=scenario.name, title=scenario.title, rule=self.rule, alpha=self.alpha,
                assumptions=dict(zip(rt.assumption_ids, [a[j] for a in assumptions], strict=True)),
                values=dict(zip(actors, roots[j], strict=True)), choices=tuple(choices[j]), paths=tuple(paths[j]),
                path_count=count,
                indicators={x: None if ind is None else ind[k] for k, x in enumerate(rt.indicator_ids)},
                unweighted=u.unweighted, rules=(),
                expected_values=None if not u.risk else {x: None if exp is None else exp[k]
                                                         for k, x in enumerate(actors)}))
        return out

    def _gather(self, array: Any, rows: np.ndarray) -> list[float]:
        """A (sets,) or (1,) array, or one number, as one Python float per set in `rows`."""
        flat = np.broadcast_to(np.asarray(array, dtype=float).reshape(-1), (self.m,))
        return flat[rows].tolist()  # type: ignore[no-any-return]

    def _best(self, r: int) -> Callable[[int], tuple[int, ...]]:
        board = self.board
        return lambda i: board.best(i, r)

    def _choices(self, i: int, best: tuple[int, ...], trail: Trail | None, rows: np.ndarray) -> list[Choice]:
        """The Choice at decision vertex i of each set in `rows` (their play reaches it, with the same best)."""
        u = self.u
        node = self.scenario.runtime.nodes[u.keys[i][0]]
        d = self.actor_index[node.actor]  # type: ignore[index]
        kids = u.kids[i]
        labels = [b.label for b, _ in kids]
        taken = tuple(labels[k] for k in best)
        watched = self.many.watched.get(i)
        if watched is None:
            values = [self.base.values[c][d] for _, c in kids]  # type: ignore[index]
            return [Choice(node.id, node.label, node.actor or "", taken, dict(zip(labels, values, strict=True)),
                           trail) for _ in range(len(rows))]
        per_set = self._table(("value", i), watched)[:, rows].T.tolist()
        return [Choice(node.id, node.label, node.actor or "", taken, dict(zip(labels, values, strict=True)), trail)
                for values in per_set]

    def _table(self, key: Any, arrays: Sequence[Any]) -> np.ndarray:
        """(sets,) or (1,) arrays, or numbers, as one (len(arrays), sets) table of floats, made once per key."""
        found = self._tables.get(key)
        if found is None:
            found = self._tables[key] = np.stack([np.broadcast_to(np.asarray(a, dtype=float).reshape(-1), (self.m,))
                                                  for a in arrays])
        return found

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

    def _paths(self, best: Callable[[int], tuple[int, ...]], actors: list[str],
               rows: np.ndarray) -> list[list[PlayPath]]:
        """analyze._paths of the sets in `rows` (one play), path by path: the first PATH_LIMIT paths, depth-first;
        each weight the product of the shares along the path from the start down, as analyze._paths multiplies
        them (1.0 times the first share, and so on: the same numbers elementwise)."""
        result = []
        m = self.m
        for i, steps, outcome, chances in self._skeleton(best):
            w: Any = np.ones(len(rows))
            for c, k in chances:
                p = self.shares(c)
                if p is None:
                    w = None
                    break
                w = w * self._table(("share", c), p)[k, rows]
            weights = [None] * len(rows) if w is None else w.tolist()
            scores = self._tables.get(("score", i))
            if scores is None:
                scores = self._tables[("score", i)] = np.broadcast_to(self._scores(i), (len(actors), m))
            result.append([PlayPath(steps, outcome, weight, dict(zip(actors, row, strict=True)))
                           for weight, row in zip(weights, scores[:, rows].T.tolist(), strict=True)])
        return result

    def _skeleton(self, best: Callable[[int], tuple[int, ...]]) -> list[Path]:
        """The paths of a play: each end vertex, the steps to it (node id, branch label), its node's id, and the
        chance branches on the way (vertex, position), from the start down."""
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
