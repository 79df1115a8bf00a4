"""One-way sensitivity: sweep each assumption over low..high, find where any decision flips.

The scenario is unfolded once (unless a guard reads the swept assumption) and only
the rollback is repeated per value: under every rule but laplace (see `sensitivity`) every
sweep point of every assumption in one vectorized batch (`uncertainty.bulk.solve_many`), then
the bisections side by side, each round's midpoints in one more batch (bisection.py: the flips
of one step that go the same way at every midpoint are bisected as one group). A flip between
two sweep points is located by bisection to 1e-6; a flip and flip back within one step is
missed, so `steps` sets the resolution.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import UsageError, did_you_mean
from scenarios.engine.text.i18n import _

from .bisection import PRECISION, Group, Member, drive
from .records import Sensitivity, Sweep, Threshold, is_tie
from .rollback import check_rule
from .sweep import Point, Runner


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
    runner.run((j, x) for j in js for x in grids[j])
    points = {j: [runner.at(j, x) for x in grids[j]] for j in js}
    searches: list[int] = []  # each flip's assumption, in order
    groups = []
    for j in js:
        xs = points[j]
        for k in range(steps - 1):
            members = []
            for key, choice in xs[k].flips(xs[k + 1]):
                members.append(Member(len(searches), key, choice, xs[k + 1].choice(key)))
                searches.append(j)
            if members:
                groups.append(Group(scenario.runtime, j, grids[j][k], grids[j][k + 1], members, xs[k]))
    found = drive(scenario, runner, groups, len(searches))
    sweeps = []
    for j in js:
        thresholds = [t for i, ts in zip(searches, found, strict=True) if i == j for t in ts]
        sweeps.append(_sweep(scenario, runner.base, j, grids[j], points[j], thresholds, runner.actor_index))
    return sweeps


def _grid(scenario: Scenario, j: int, steps: int) -> list[float]:
    spec = scenario.spec.assumptions[scenario.runtime.assumption_ids[j]]
    low, high = float(spec.low), float(spec.high)  # type: ignore[arg-type]
    xs = [low + (high - low) * k / (steps - 1) for k in range(steps)]
    xs[-1] = high
    return xs


def _sweep(scenario: Scenario, base: Sequence[float], j: int, xs: list[float], points: list[Point],
           thresholds: list[Threshold], actor_index: dict[str, int]) -> Sweep:
    name = scenario.runtime.assumption_ids[j]
    spec = scenario.spec.assumptions[name]
    thresholds.sort(key=lambda t: t.value)
    thresholds = _through_ties(thresholds)
    series = {actor: tuple(p.values[m] for p in points) for actor, m in actor_index.items()}
    return Sweep(name, spec.label or name, xs[0], xs[-1], base[j], tuple(xs), series, tuple(thresholds))


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
