"""One-way sensitivity: sweep each assumption over low..high, find where any decision flips.

The scenario is unfolded once (unless a guard reads the swept assumption) and only
the rollback is repeated per value: under the expected rule every sweep point of every
assumption in one vectorized batch (`uncertainty.bulk.solve_many`), then each round of
the bisections' midpoints in one more, several levels of each bisection ahead.  A flip
between two sweep points is located by bisection to 1e-6; a flip and flip back within
one step is missed, so `steps` sets the resolution.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from scenarios.engine.core.runtime import DECISION, State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded, unfold
from scenarios.engine.errors import UsageError, did_you_mean
from scenarios.engine.text.i18n import _

from .analyze import trails
from .records import Sensitivity, Sweep, Threshold, Trail, choice_text, is_tie, labels
from .rollback import Solution, check_rule, play, solve
from .rules import RULES
from .uncertainty.bulk import Many, groups, solve_many, subset

PRECISION = 1e-6
Key = tuple[int, State]


class Point:
    """The rollback at one assumption vector as a sweep reads it: each actor's value, every choice, and
    (when asked) the play; from a per-point `Solution`, or one set (`row`) of a batch (`Many`)."""

    def __init__(self, unfolded: Unfolded, solution: Solution | None, many: Many | None = None, row: int = 0):
        self.unfolded = unfolded
        self.solution = solution
        self.many, self.row = many, row
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
        if self.many is None:
            assert self.solution is not None
            return self.solution.best.get(i)
        found = self.many.choice.get(i)
        if found is None or isinstance(found, tuple):
            return found
        memo = self.many.memo
        listed = memo.get(("best", i))  # every set's bit mask as a Python list, and each mask decoded once per batch
        if listed is None:
            listed = memo[("best", i)] = [found.tolist(), {}]
        masks, seen = listed
        mask = masks[self.row]
        best = seen.get(mask)
        if best is None:
            best = seen[mask] = tuple(k for k in range(len(self.unfolded.kids[i])) if mask >> k & 1)
        return best  # type: ignore[no-any-return]

    def _decisions(self) -> Iterable[int]:
        return self.many.choice if self.many is not None else self.solution.best  # type: ignore[union-attr]

    def choice(self, key: Key) -> str | None:
        """The choice at a decision point as choice_text (a tie reads "indifferent between …"); None if not reached."""
        u = self.unfolded
        i = u.index.get(key)
        best = None if i is None else self.best(i)
        if best is None:
            return None
        if self.many is None:
            return choice_text([u.kids[i][k][0].label for k in best])  # type: ignore[index]
        texts: Any = self.many.memo.setdefault(("texts",), {})  # type: ignore[arg-type]  # shared by a batch's sets
        text = texts.get((i, best))
        if text is None:
            text = texts[(i, best)] = choice_text([u.kids[i][k][0].label for k in best])  # type: ignore[index]
        return text  # type: ignore[no-any-return]

    def flips(self, other: Point) -> list[tuple[Key, str]]:
        """Decision points whose set of best branches differs at `other`, with the choice here."""
        u = self.unfolded
        if self.many is not None and other.many is self.many:  # one batch: only the choices that vary can differ
            varying = self.many.memo.get(("varying",))  # the choices that vary, as one (vertices, sets) matrix
            if varying is None:
                listed = [i for i, c in self.many.choice.items() if not isinstance(c, tuple)]
                masks = np.stack([self.many.choice[i].astype(np.uint64) for i in listed]) if listed else None
                varying = self.many.memo[("varying",)] = [listed, masks]
            listed, masks = varying
            vertices: Iterable[int] = [] if masks is None else [
                listed[k] for k in np.flatnonzero(masks[:, self.row] != masks[:, other.row]).tolist()]
        elif self.many is None and other.many is None and other.unfolded is u and (
                self.solution.best is other.solution.best  # type: ignore[union-attr]
                or self.solution.best == other.solution.best):  # type: ignore[union-attr]
            return []
        else:
            vertices = self._decisions()
        result = []
        for i in vertices:
            key = u.keys[i]
            here = choice_text([u.kids[i][k][0].label for k in self.best(i)])  # type: ignore[union-attr]
            there = other.choice(key)
            if there is not None and there != here:
                result.append((key, here))
        return result

    @property
    def on_play(self) -> dict[Key, Trail | None]:
        """Decision points the play reaches → their history."""
        if self._on_play is None:
            u = self.unfolded
            solution = self.solution or Solution([], _Best(self))
            order = play(u, solution)
            found = trails(u, order)
            self._on_play = {u.keys[i]: found[i] for i, _ in order if u.kind[i] == DECISION}
        return self._on_play


class _Best(dict[int, tuple[int, ...]]):
    """A batch set's best positions, decoded as the play reaches each decision (not all of them up front)."""

    def __init__(self, point: Point):
        super().__init__()
        self.point = point

    def __missing__(self, i: int) -> tuple[int, ...]:
        found = self.point.best(i)
        assert found is not None  # the play asks only at decisions
        self[i] = found
        return found


class _Runner:
    """Rollbacks with one assumption (number j) at chosen values and the others at `base`, memoized by (j, value).

    `run` rolls back every vector not yet known: in one batch (`bulk.solve_many`, grouped by
    unfolded DAG), or one at a time with `batch=False` (the per-point route, kept as the reference).
    """

    def __init__(self, scenario: Scenario, base: Sequence[float], rule: str, alpha: float,
                 actor_index: dict[str, int], batch: bool = True):
        self.scenario = scenario
        self.base, self.rule, self.alpha, self.actor_index = list(base), rule, alpha, actor_index
        self.batch = batch
        self.cache: dict[tuple[int, float], Point] = {}

    def vector(self, j: int, x: float) -> list[float]:
        a = self.base.copy()
        a[j] = x
        return a

    def run(self, wanted: Iterable[tuple[int, float]]) -> None:
        todo = [w for w in dict.fromkeys(wanted) if w not in self.cache]
        if not todo:
            return
        if not self.batch:
            for j, x in todo:
                self.cache[(j, x)] = Point.at(self.scenario, self.vector(j, x), self.rule, self.alpha,
                                              self.actor_index)
            return
        n = len(todo)
        columns: list[Any] = [float(v) for v in self.base]
        for j in {j for j, _x in todo}:
            columns[j] = np.array([x if k == j else self.base[j] for k, x in todo])
        for u, rows in groups(self.scenario, columns, n):
            many = solve_many(self.scenario, u, subset(columns, rows), len(rows), self.rule, self.alpha,
                              self.actor_index)
            for r, k in enumerate(rows.tolist()):
                self.cache[todo[k]] = Point(u, None, many, r)

    def at(self, j: int, x: float) -> Point:
        found = self.cache.get((j, x))
        if found is None:
            self.run([(j, x)])
            found = self.cache[(j, x)]
        return found


def sensitivity(scenario: Scenario, names: Iterable[str] | None = None, steps: int = 21,
                rule: str = "expected", alpha: float = 0.5,
                assumptions: Mapping[str, float] | None = None, *, batch: bool = True) -> Sensitivity:
    """Sweep each named assumption (default: every one with low and high) over `steps` evenly spaced values.

    Every sweep point of every assumption is rolled back in one batch, and the bisections
    run side by side, each round's midpoints in one batch; `batch=False` rolls back one
    vector at a time (the same points, the same answers: the reference route).
    """
    check_rule(rule, alpha)
    if steps < 2:
        raise UsageError(f"steps = {steps}: " + _("a sweep needs at least 2 points (low and high)"))
    spec = scenario.spec.assumptions
    wanted = list(dict.fromkeys(names)) if names else None
    for name in wanted or []:
        if name not in spec:
            known = ", ".join(spec) or _("none")
            raise UsageError(_("unknown assumption '{name}'").format(name=name) + did_you_mean(name, spec) + "; "
                             + _("this scenario has: {names}").format(names=known))
        if spec[name].low is None or spec[name].high is None:
            raise UsageError(_("assumption '{name}' has no low..high range to sweep; give it 'low' and 'high'").format(
                name=name))
    chosen = wanted or [n for n, x in spec.items() if x.low is not None and x.high is not None]
    skipped = () if wanted else tuple(n for n in spec if n not in chosen)
    base = scenario.assumption_values(assumptions)
    actors = list(scenario.spec.actors)
    actor_index = {x: k for k, x in enumerate(actors)}
    rt = scenario.runtime
    base_values = Point.at(scenario, base, rule, alpha, actor_index).values
    # the batch values a tie as the expected rule does (an even lottery); the rules without weights roll back
    # little that moves, one vector at a time
    runner = _Runner(scenario, base, rule, alpha, actor_index, batch and RULES[rule].needs_weights)
    sweeps = _sweeps(scenario, runner, [rt.assumption_ids.index(n) for n in chosen], steps)
    sweeps.sort(key=lambda s: -s.swing)
    return Sensitivity(scenario.name, scenario.title, rule, alpha, dict(zip(rt.assumption_ids, base, strict=True)),
                       dict(zip(actors, base_values, strict=True)), tuple(sweeps), skipped)


# a search that asks for the rollback at a value of its assumption (yield (x, lo, hi): x, inside the bracket lo..hi
# it is narrowing, receive the Point) and ends with the thresholds it found
Ask = tuple[float, float, float]
Search = Generator[Ask, Point, list[Threshold]]
AHEAD = 512  # a batch of the bisections' next midpoints, several levels deep, holds about this many points


def _sweeps(scenario: Scenario, runner: _Runner, js: list[int], steps: int) -> list[Sweep]:
    """Each assumption's sweep: all sweep points in one batch, then every flip's bisection side by side."""
    grids = {j: _grid(scenario, j, steps) for j in js}
    runner.run((j, x) for j in js for x in grids[j])
    points = {j: [runner.at(j, x) for x in grids[j]] for j in js}
    searches: list[tuple[int, Search]] = []
    for j in js:
        xs = points[j]
        for k in range(steps - 1):
            for key, choice in xs[k].flips(xs[k + 1]):
                searches.append((j, _locate(scenario, key, grids[j][k], grids[j][k + 1], choice,
                                            xs[k + 1].choice(key))))
    found = _drive(runner, searches)
    sweeps = []
    for j in js:
        thresholds = [t for (i, _), ts in zip(searches, found, strict=True) if i == j for t in ts]
        sweeps.append(_sweep(scenario, runner.base, j, grids[j], points[j], thresholds, runner.actor_index))
    return sweeps


def _grid(scenario: Scenario, j: int, steps: int) -> list[float]:
    spec = scenario.spec.assumptions[scenario.runtime.assumption_ids[j]]
    low, high = float(spec.low), float(spec.high)  # type: ignore[arg-type]
    xs = [low + (high - low) * k / (steps - 1) for k in range(steps)]
    xs[-1] = high
    return xs


def _drive(runner: _Runner, searches: list[tuple[int, Search]]) -> list[list[Threshold]]:
    """Run the searches side by side: each round, the values they ask for, and the midpoints their bisections
    will ask for next (`_ahead`), are rolled back in one batch; each search goes on while its points are known."""
    results: list[list[Threshold]] = [[] for _ in searches]
    asking: list[tuple[int, int, Ask]] = []  # (search, assumption, what it asks for)
    for n, (j, search) in enumerate(searches):
        asking.append((n, j, next(search)))
    while asking:
        runner.run(_ahead(runner, asking))
        going = []
        for n, j, ask in asking:
            search = searches[n][1]
            try:
                while True:
                    ask = search.send(runner.at(j, ask[0]))
                    if (j, ask[0]) not in runner.cache:
                        break
                going.append((n, j, ask))
            except StopIteration as done:
                results[n] = done.value
        asking = going
    return results


def _ahead(runner: _Runner, asking: list[tuple[int, int, Ask]]) -> list[tuple[int, float]]:
    """The values asked for and, in a batch, the midpoints the bisections ask for in the next few rounds whichever
    way they go: each level of a bisection's tree of midpoints, (lo + hi) / 2 of the same brackets, as deep as
    keeps the batch near AHEAD points (a batch costs about as much with 20 sets as with 200)."""
    wanted = [(j, ask[0]) for _, j, ask in asking]
    brackets = {(j, lo, hi) for _, j, (_x, lo, hi) in asking if hi - lo > PRECISION}
    if not runner.batch or not brackets:
        return wanted
    depth = 1
    while (2 ** (depth + 1) - 1) * len(brackets) <= AHEAD:
        depth += 1
    for j, lo, hi in brackets:
        level = [(lo, hi)]
        for _level in range(depth):
            deeper = []
            for a, b in level:
                if b - a > PRECISION:
                    mid = (a + b) / 2
                    wanted.append((j, mid))
                    deeper += [(a, mid), (mid, b)]
            level = deeper
    return wanted


def _sweep(scenario: Scenario, base: Sequence[float], j: int, xs: list[float], points: list[Point],
           thresholds: list[Threshold], actor_index: dict[str, int]) -> Sweep:
    name = scenario.runtime.assumption_ids[j]
    spec = scenario.spec.assumptions[name]
    thresholds.sort(key=lambda t: t.value)
    thresholds = _through_ties(thresholds)
    series = {actor: tuple(p.values[m] for p in points) for actor, m in actor_index.items()}
    return Sweep(name, spec.label or name, xs[0], xs[-1], base[j], tuple(xs), series, tuple(thresholds))


def _locate(scenario: Scenario, key: Key, lo: float, hi: float, choice: str, target: str | None) -> Search:
    """The flips at `key` between two sweep points (a tie at a sweep point can hide a second flip inside the
    same step: go on until the step's end)."""
    found = []
    while True:
        threshold, lo = yield from _bisect(scenario, key, lo, hi, choice)
        found.append(threshold)
        if threshold.after in (target, "(not reached)") or hi - lo <= PRECISION:
            return found
        choice = threshold.after


def _through_ties(thresholds: list[Threshold]) -> list[Threshold]:
    """A → "indifferent between A and B" → B at one value is one flip from A to B, indifferent at that value."""
    result: list[Threshold] = []
    for t in thresholds:
        last = result[-1] if result else None
        if (last is not None and last.node == t.node and last.history == t.history and last.after == t.before
                and is_tie(last.after) and abs(t.value - last.value) <= 2 * PRECISION):
            result[-1] = Threshold(t.value, t.node, t.history, t.actor, last.before, t.after,
                                   last.on_play or t.on_play)
        else:
            result.append(t)
    return result


def _bisect(scenario: Scenario, key: Key, lo: float, hi: float,
            choice: str) -> Generator[Ask, Point, tuple[Threshold, float]]:
    """Narrow [lo, hi] to PRECISION around the value where the choice at `key` stops being `choice`.

    Returns the threshold and the upper end of the final bracket (where the new choice holds).
    """
    while hi - lo > PRECISION:
        mid = (lo + hi) / 2
        if (yield mid, lo, hi).choice(key) == choice:
            lo = mid
        else:
            hi = mid
    below = yield lo, lo, lo
    above = yield hi, hi, hi
    after = above.choice(key) or "(not reached)"
    if key in below.on_play:
        hist = labels(below.on_play[key])
    elif key in above.on_play:
        hist = labels(above.on_play[key])
    else:
        u = below.unfolded
        hist = u.history(u.index[key])
    node = scenario.runtime.nodes[key[0]]
    return Threshold((lo + hi) / 2, node.id, hist, node.actor or "", choice, after,
                     key in below.on_play or key in above.on_play), hi
