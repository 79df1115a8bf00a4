"""One-way sensitivity: sweep each assumption over low..high, find where any decision flips.

The scenario is unfolded once (unless a guard reads the swept assumption) and only
the rollback is repeated per value.  A flip between two sweep points is located by
bisection to 1e-6; a flip and flip back within one step is missed, so `steps` sets
the resolution.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from scenarios.engine.core.runtime import DECISION, State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded, unfold
from scenarios.engine.errors import UsageError, did_you_mean
from scenarios.engine.text.i18n import _

from .analyze import trails
from .records import Sensitivity, Sweep, Threshold, Trail, choice_text, is_tie, labels
from .rollback import Solution, check_rule, play, solve

PRECISION = 1e-6
Key = tuple[int, State]


class Point:
    """The rollback at one assumption vector: each actor's value, every choice, and (when asked) the play."""

    def __init__(self, unfolded: Unfolded, solution: Solution):
        self.unfolded = unfolded
        self.solution = solution
        self.values: tuple[float, ...] = solution.values[unfolded.root] or ()
        self._on_play: dict[Key, Trail | None] | None = None

    @classmethod
    def at(cls, scenario: Scenario, a: Sequence[float], rule: str, alpha: float,
           actor_index: dict[str, int]) -> Point:
        """Unfold and roll back at assumption vector `a`."""
        u = unfold(scenario, a)
        return cls(u, solve(u, scenario.runtime, actor_index, a, rule, alpha))

    def choice(self, key: Key) -> str | None:
        """The choice at a decision point as choice_text (a tie reads "indifferent between …"); None if not reached."""
        u = self.unfolded
        i = u.index.get(key)
        best = None if i is None else self.solution.best.get(i)
        return None if best is None else choice_text([u.kids[i][k][0].label for k in best])  # type: ignore[index]

    def flips(self, other: Point) -> list[tuple[Key, str]]:
        """Decision points whose set of best branches differs at `other`, with the choice here."""
        u, mine, theirs = self.unfolded, self.solution.best, other.solution.best
        if mine is theirs or (mine == theirs and other.unfolded is u):
            return []
        result = []
        for i, best in mine.items():
            key = u.keys[i]
            here = choice_text([u.kids[i][k][0].label for k in best])
            there = other.choice(key)
            if there is not None and there != here:
                result.append((key, here))
        return result

    @property
    def on_play(self) -> dict[Key, Trail | None]:
        """Decision points the play reaches → their history."""
        if self._on_play is None:
            u = self.unfolded
            order = play(u, self.solution)
            found = trails(u, order)
            self._on_play = {u.keys[i]: found[i] for i, _ in order if u.kind[i] == DECISION}
        return self._on_play


class _Runner:
    """Rollbacks at chosen values of assumption number j, the others fixed; memoized by value."""

    def __init__(self, scenario: Scenario, base: Sequence[float], j: int, rule: str, alpha: float,
                 actor_index: dict[str, int]):
        self.scenario = scenario
        self.base, self.j, self.rule, self.alpha, self.actor_index = list(base), j, rule, alpha, actor_index
        self.cache: dict[float, Point] = {}

    def at(self, x: float) -> Point:
        found = self.cache.get(x)
        if found is None:
            a = self.base.copy()
            a[self.j] = x
            found = self.cache[x] = Point.at(self.scenario, a, self.rule, self.alpha, self.actor_index)
        return found


def sensitivity(scenario: Scenario, names: Iterable[str] | None = None, steps: int = 21,
                rule: str = "expected", alpha: float = 0.5,
                assumptions: Mapping[str, float] | None = None) -> Sensitivity:
    """Sweep each named assumption (default: every one with low and high) over `steps` evenly spaced values."""
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
    sweeps = [_sweep(scenario, base, rt.assumption_ids.index(n), steps, rule, alpha, actor_index) for n in chosen]
    sweeps.sort(key=lambda s: -s.swing)
    return Sensitivity(scenario.name, scenario.title, rule, alpha, dict(zip(rt.assumption_ids, base, strict=True)),
                       dict(zip(actors, base_values, strict=True)), tuple(sweeps), skipped)


def _sweep(scenario: Scenario, base: Sequence[float], j: int, steps: int, rule: str, alpha: float,
           actor_index: dict[str, int]) -> Sweep:
    name = scenario.runtime.assumption_ids[j]
    spec = scenario.spec.assumptions[name]
    low, high = float(spec.low), float(spec.high)  # type: ignore[arg-type]
    xs = [low + (high - low) * k / (steps - 1) for k in range(steps)]
    xs[-1] = high
    runner = _Runner(scenario, base, j, rule, alpha, actor_index)
    points = [runner.at(x) for x in xs]
    thresholds: list[Threshold] = []
    for k in range(steps - 1):
        for key, choice in points[k].flips(points[k + 1]):
            # a tie at a sweep point can hide a second flip inside the same step: go on until the step's end
            lo, target = xs[k], points[k + 1].choice(key)
            while True:
                found, lo = _bisect(scenario, runner, key, lo, xs[k + 1], choice)
                thresholds.append(found)
                if found.after in (target, "(not reached)") or xs[k + 1] - lo <= PRECISION:
                    break
                choice = found.after
    thresholds.sort(key=lambda t: t.value)
    thresholds = _through_ties(thresholds)
    series = {actor: tuple(p.values[m] for p in points) for actor, m in actor_index.items()}
    return Sweep(name, spec.label or name, low, high, base[j], tuple(xs), series, tuple(thresholds))


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


def _bisect(scenario: Scenario, runner: _Runner, key: Key, lo: float, hi: float,
            choice: str) -> tuple[Threshold, float]:
    """Narrow [lo, hi] to PRECISION around the value where the choice at `key` stops being `choice`.

    Returns the threshold and the upper end of the final bracket (where the new choice holds).
    """
    while hi - lo > PRECISION:
        mid = (lo + hi) / 2
        if runner.at(mid).choice(key) == choice:
            lo = mid
        else:
            hi = mid
    below, above = runner.at(lo), runner.at(hi)
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
