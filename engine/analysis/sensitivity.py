"""One-way sensitivity: sweep each assumption over low..high, find where any decision flips.

The scenario is unfolded once (unless a guard reads the swept assumption) and only
the rollback is repeated per value: under every rule but laplace (see `sensitivity`) every
sweep point of every assumption in one vectorized batch (`uncertainty.bulk.solve_many`), then
the bisections side by side, each round's midpoints in one more batch.  A flip between two sweep points
is located by bisection to 1e-6; a flip and flip back within one step is missed, so
`steps` sets the resolution.

A round asks for more than the next midpoint: the midpoints of the next few halvings,
and, once the watched decision's branch values on both sides say where its margin
crosses zero, every midpoint the bisection will visit if that guess is right. Each
answer is checked as the bisection goes, so it visits exactly the midpoints it would
visit one at a time and finds the same thresholds; a wrong guess only costs a round.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import UsageError, did_you_mean
from scenarios.engine.text.i18n import _

from .records import Sensitivity, Sweep, Threshold, is_tie, labels
from .rollback import check_rule
from .sweep import Key, Point, Runner

PRECISION = 1e-6
# a search asks for the rollbacks at some values of its assumption (yields the values, receives value → Point)
# and ends with the thresholds it found
Search = Generator["Sequence[float] | _Want", dict[float, Point], list[Threshold]]
# the halvings a round looks ahead (every midpoint the bisection may visit next: 2^AHEAD - 1 of them) without a
# guess; beside a guessed path (so a wrong guess still moves the bracket on); and after a guess that missed
AHEAD, BESIDE, LAST = 3, 2, 8
# a guess is seldom exact (a margin that is not a straight line, a rounded value): the paths to a few values beside
# it as well, which part from its own only in the last few halvings
NEAR = (0.0, -PRECISION, PRECISION, -8 * PRECISION, 8 * PRECISION)


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
    # the batch rolls back as the per-point route does, bit for bit, except laplace's plain average (summed in
    # another order: the last bit of a value may differ), which keeps the per-point route
    runner = Runner(scenario, base, rule, alpha, actor_index, batch and rule != "laplace")
    sweeps = _sweeps(scenario, runner, [rt.assumption_ids.index(n) for n in chosen], steps)
    sweeps.sort(key=lambda s: -s.swing)
    return Sensitivity(scenario.name, scenario.title, rule, alpha, dict(zip(rt.assumption_ids, base, strict=True)),
                       dict(zip(actors, base_values, strict=True)), tuple(sweeps), skipped)


def _sweeps(scenario: Scenario, runner: Runner, js: list[int], steps: int) -> list[Sweep]:
    """Each assumption's sweep: all sweep points in one batch, then every flip's bisection side by side."""
    grids = {j: _grid(scenario, j, steps) for j in js}
    ahead = runner.batch  # one at a time, a midpoint asked for ahead would be rolled back for nothing
    runner.run((j, x) for j in js for x in grids[j])
    points = {j: [runner.at(j, x) for x in grids[j]] for j in js}
    searches: list[tuple[int, Key, Search]] = []
    for j in js:
        xs = points[j]
        for k in range(steps - 1):
            for key, choice in xs[k].flips(xs[k + 1]):
                searches.append((j, key, _locate(scenario, key, grids[j][k], grids[j][k + 1], choice,
                                                 xs[k + 1].choice(key), ahead)))
    found = _drive(runner, searches)
    sweeps = []
    for j in js:
        thresholds = [t for (i, _, _), ts in zip(searches, found, strict=True) if i == j for t in ts]
        sweeps.append(_sweep(scenario, runner.base, j, grids[j], points[j], thresholds, runner.actor_index))
    return sweeps


def _grid(scenario: Scenario, j: int, steps: int) -> list[float]:
    spec = scenario.spec.assumptions[scenario.runtime.assumption_ids[j]]
    low, high = float(spec.low), float(spec.high)  # type: ignore[arg-type]
    xs = [low + (high - low) * k / (steps - 1) for k in range(steps)]
    xs[-1] = high
    return xs


def _drive(runner: Runner, searches: list[tuple[int, Key, Search]]) -> list[list[Threshold]]:
    """Run the searches side by side: each round, the values they ask for are rolled back in one batch, each
    search's decision point watched at the values it asked for.

    A search that asks for its next midpoints (`_Want`) is given every midpoint its bisection would visit
    if the choice flipped at any of the places where the margins of this assumption's searches so far
    cross zero: a flip upstream of another often sits exactly where that one flips (the values above
    it jump there), which its own margin cannot see.
    """
    results: list[list[Threshold]] = [[] for _ in searches]
    asking: list[tuple[int, int, Sequence[float] | _Want]] = []  # (search, assumption, what it asks for)
    for n, (j, _key, search) in enumerate(searches):
        asking.append((n, j, next(search)))
    guesses: dict[int, set[float]] = {}  # assumption → where its searches' margins cross zero
    while asking:
        for _n, j, want in asking:
            if isinstance(want, _Want):
                guesses.setdefault(j, set()).update(round(x, 10) for x in want.guesses)
        near = {j: sorted(found) for j, found in guesses.items()}
        plans: dict[tuple[int, float, float, int], tuple[float, ...]] = {}
        wants: list[tuple[int, int, Sequence[float]]] = []
        watch: list[tuple[Key, int, Sequence[float]]] = []
        for n, j, want in asking:
            if isinstance(want, _Want):
                tries = min(want.tries, 2)
                xs = plans.get((j, want.lo, want.hi, tries))
                if xs is None:
                    within = near.get(j, [])
                    xs = plans[(j, want.lo, want.hi, tries)] = _plan(want.lo, want.hi, tuple(
                        within[bisect.bisect_left(within, want.lo):bisect.bisect_right(within, want.hi)]), tries)
                if tries != 1:
                    watch.append((searches[n][1], j, xs))
            else:
                xs = want
            wants.append((n, j, xs))
        asked = {(j, id(xs)): (j, xs) for _n, j, xs in wants}.values()
        runner.run(((j, x) for j, xs in asked for x in xs), watch)
        going = []
        cache = runner.cache
        answers: dict[tuple[int, int], dict[float, Point]] = {}  # searches given the same values share the answer
        for n, j, xs in wants:
            answer = answers.get((j, id(xs)))
            if answer is None:
                answer = answers[(j, id(xs))] = {x: cache[(j, x)] for x in xs}
            try:
                going.append((n, j, searches[n][2].send(answer)))
            except StopIteration as done:
                results[n] = done.value
        asking = going
    return results


def _sweep(scenario: Scenario, base: Sequence[float], j: int, xs: list[float], points: list[Point],
           thresholds: list[Threshold], actor_index: dict[str, int]) -> Sweep:
    name = scenario.runtime.assumption_ids[j]
    spec = scenario.spec.assumptions[name]
    thresholds.sort(key=lambda t: t.value)
    thresholds = _through_ties(thresholds)
    series = {actor: tuple(p.values[m] for p in points) for actor, m in actor_index.items()}
    return Sweep(name, spec.label or name, xs[0], xs[-1], base[j], tuple(xs), series, tuple(thresholds))


def _locate(scenario: Scenario, key: Key, lo: float, hi: float, choice: str, target: str | None,
            ahead: bool) -> Search:
    """The flips at `key` between two sweep points (a tie at a sweep point can hide a second flip inside the
    same step: go on until the step's end)."""
    found = []
    while True:
        threshold, lo = yield from _bisect(scenario, key, lo, hi, choice, ahead)
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


def _bisect(scenario: Scenario, key: Key, lo: float, hi: float, choice: str,
            ahead: bool) -> Generator[Sequence[float] | _Want, dict[float, Point], tuple[Threshold, float]]:
    """Narrow [lo, hi] to PRECISION around the value where the choice at `key` stops being `choice`.

    With `ahead`, each request (`_Want`) carries the bisection several halvings on (see `_drive`); it
    still visits the midpoints it would visit one at a time, in order, and reads each one's choice.
    Returns the threshold and the upper end of the final bracket (where the new choice holds).
    """
    got = yield _Want(lo, hi, (), 0) if ahead else (lo,)
    below, above = got[lo], None  # the points at the bracket's ends, once known
    margin = _Margin(below, key, choice)
    u, i, (held, fell) = margin.u, margin.i, margin.sides
    texts = below.shared.texts
    step = (lo, hi)  # a choice often flips at a sweep point itself (a tie there): a guess from the start
    tries = 0
    while hi - lo > PRECISION:
        mid = (lo + hi) / 2
        point = got.get(mid)
        if point is None:
            if ahead:
                tries += 1
                got = yield _Want(lo, hi, tuple(x for x in (*step, *margin.guesses()) if lo <= x <= hi), tries)
            else:
                got = yield (mid,)
            point = got[mid]
        many = point.many  # the choice's text, read as Point.text reads it (this loop runs for every midpoint)
        if many is not None and point.unfolded is u and i is not None:
            found = many.choice.get(i)
            mask = found if found is None or isinstance(found, tuple) else found.item(point.row)
            text = texts.get((i, mask)) or point.text(i)
        else:
            text = point.choice(key)
        if text == choice:
            lo, below = mid, point
            held.append((mid, point))
        else:
            hi, above = mid, point
            fell.append((mid, point))
    if above is None:  # the flip is at the sweep point itself
        above = (yield (hi,))[hi]
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


@dataclass(frozen=True)
class _Want:
    """A bisection's request for its next midpoints: its bracket, where it guesses the flip is (where its
    own margin crosses zero; the sweep points at the bracket's ends), and how many it made before (see `_plan`)."""

    lo: float
    hi: float
    guesses: tuple[float, ...]
    tries: int


class _Margin:
    """How far the choice at one decision point is from flipping, where its branches were watched: the value to
    the actor of the chosen branch less the best of the others' (of a tie, its lowest branch less the best of
    all: zero while the tie holds, below once a branch parts); read at the last two values the bisection found
    on each side of the flip."""

    def __init__(self, start: Point, key: Key, choice: str):
        self.u, self.i = start.unfolded, start.unfolded.index.get(key)
        self.chosen = start.best(self.i) if self.i is not None and start.choice(key) == choice else None
        # the values the bisection found the choice to hold at, and not to, in the order it met them
        self.sides: tuple[list[tuple[float, Point]], list[tuple[float, Point]]] = ([], [])

    def _at(self, point: Point) -> float | None:
        values = point.watched(self.i) if point.unfolded is self.u else None  # type: ignore[arg-type]
        chosen = self.chosen
        if values is None or len(values) < 2 or not chosen or len(chosen) == len(values):
            return None
        if len(chosen) == 1:
            c = chosen[0]
            return values[c] - max(v for k, v in enumerate(values) if k != c)
        return min(values[c] for c in chosen) - max(values)

    def _last_two(self, side: list[tuple[float, Point]]) -> list[tuple[float, float]]:
        """The margins at the last two values met on one side where the branches were watched."""
        found = []
        for x, point in reversed(side):
            m = self._at(point)
            if m is not None:
                found.append((x, m))
                if len(found) == 2:
                    break
        return found

    def guesses(self) -> tuple[float, ...]:
        """Where the margin crosses zero: on the line through the nearest values on either side of the flip, and
        on the lines through the two nearest on one side (a flip downstream often bends the margin right at
        this one's flip, so one side's line may be straight up to it where the line across is not)."""
        below, above = self._last_two(self.sides[0]), self._last_two(self.sides[1])
        found = []
        for pair in (below[:1] + above[:1], below, above):
            if len(pair) == 2 and pair[0][1] != pair[1][1]:
                (a, ma), (b, mb) = pair
                found.append(a + ma * (b - a) / (ma - mb))
        return tuple(found)


def _plan(lo: float, hi: float, guesses: tuple[float, ...], tries: int) -> tuple[float, ...]:
    """The midpoints a bisection asks for: first, the bracket's start (a sweep point) and the midpoints of the next
    AHEAD halvings; then every midpoint it visits if the choice flips at one of `guesses` or NEAR one, with the
    next BESIDE halvings' in case it flips at none of them; after a guess that missed, every midpoint left, up to
    LAST halvings (the branch values are read at the first values and after a miss: `_Margin`)."""
    if tries == 0:
        return (lo, *_ahead(lo, hi, AHEAD))
    depth = min(LAST, math.ceil(math.log2((hi - lo) / PRECISION))) if tries > 1 else BESIDE if guesses else AHEAD
    near = [guess + d for guess in guesses for d in NEAR]
    return tuple(dict.fromkeys([*_ahead(lo, hi, depth), *(x for guess in near for x in _path(lo, hi, guess))]))


def _path(lo: float, hi: float, guess: float) -> list[float]:
    """The midpoints the bisection of [lo, hi] visits if the choice flips at `guess`."""
    path = []
    while hi - lo > PRECISION:
        mid = (lo + hi) / 2
        path.append(mid)
        if mid < guess:
            lo = mid
        else:
            hi = mid
    return path


@functools.lru_cache(maxsize=1024)
def _ahead(lo: float, hi: float, depth: int) -> tuple[float, ...]:
    """Every midpoint the bisection of [lo, hi] may visit in its next `depth` halvings (computed as it computes
    them, so the floats are the same); the searches of one step share them."""
    found: list[float] = []
    level = [(lo, hi)]
    for _level in range(depth):
        deeper = []
        for a, b in level:
            if b - a > PRECISION:
                mid = (a + b) / 2
                found.append(mid)
                deeper += [(a, mid), (mid, b)]
        level = deeper
    return tuple(found)
