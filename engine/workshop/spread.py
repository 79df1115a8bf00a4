"""Everyone's assumptions: the spread per assumption, the median set, and what the disagreement changes.

The big screen shows each participant's value as a dot beside the file's value and
the median; `group_analysis` runs `compare` under the median set and each
participant's set ("does the choice depend on whose assumptions?") and the
sensitivity thresholds at the median, flagging an assumption whose spread crosses
a threshold: the disagreement worth discussing.  All of it follows from stated
assumptions; none of it is a forecast.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scenarios.engine.analysis.compare import Rollbacks, compare
from scenarios.engine.analysis.records import Sweep
from scenarios.engine.analysis.sensitivity import sensitivity
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import UsageError
from scenarios.engine.format.assumptions import _range_problem
from scenarios.engine.text.i18n import _, language

from .errors import WorkshopError

MEDIAN = "median"


def check_values(scenario: Scenario, values: Mapping[str, object]) -> dict[str, float]:
    """Participant values: known assumptions, finite numbers, within low..high (as --set checks them)."""

    if not isinstance(values, Mapping) or not values:
        raise WorkshopError(_("send assumption values as a mapping of name to number"))
    checked: dict[str, float] = {}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise WorkshopError(_("'{name}' should be a number").format(name=name))
        problem = _range_problem(scenario, str(name), float(value))
        if problem:
            raise WorkshopError(problem)
        checked[name] = float(value)
    return checked


def median_set(scenario: Scenario, sets: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """Per assumption, the median of the values participants set (assumptions nobody set keep the file's value)."""
    result = {}
    for name in scenario.spec.assumptions:
        values = [s[name] for s in sets.values() if name in s]
        if values:
            result[name] = float(statistics.median(values))
    return result


@dataclass(frozen=True)
class AssumptionSpread:
    """One assumption across the room."""

    name: str
    label: str
    low: float | None
    high: float | None
    file_value: float
    values: tuple[float, ...]  # one per participant who set it, in joining order
    median: float | None
    thresholds: tuple[dict[str, Any], ...] = ()  # where a choice flips, at the median set
    crossed: tuple[dict[str, Any], ...] = ()  # thresholds lying inside the room's spread

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "low": self.low, "high": self.high,
                "file": self.file_value, "values": list(self.values), "median": self.median,
                "thresholds": list(self.thresholds), "crossed": list(self.crossed)}


def spread(scenario: Scenario, sets: Mapping[str, Mapping[str, float]]) -> list[AssumptionSpread]:
    """The spread of every assumption (without thresholds; see group_analysis)."""
    median = median_set(scenario, sets)
    return [AssumptionSpread(name, a.label or name, a.low, a.high, a.value,
                   tuple(s[name] for s in sets.values() if name in s), median.get(name))
            for name, a in scenario.spec.assumptions.items()]


KEPT = 3  # a RoomMemo keeps each assumption's sweeps at this many of the latest medians


class RoomMemo:
    """What the room's last analysis computed, kept between states of the room (the workshop's worker keeps one).

    When one person moves one slider, only that set is rolled back again (the others' records are
    kept: `compare`'s `Rollbacks`), and the sweeps at the median are kept unless the median moved:
    a sweep varies its own assumption over low..high with every other one at the median, so when
    only assumption j's median moves, the sweep of j is still right (its base value aside) and every
    other sweep is computed again (each reads j at nearly every vertex of a large scenario: no other
    can be kept exactly). Each assumption's sweeps at the last KEPT medians are kept, so a slider moved
    across the median and back (the median returns to exactly its value) computes no sweep again.
    Kept per rule, α, number of steps and reading language.
    """

    def __init__(self) -> None:
        self.rollbacks = Rollbacks()
        # name → [(the median it was swept at, sweep)], the latest first
        self.sweeps: dict[str, list[tuple[tuple[float, ...], Sweep]]] = {}
        self.about: tuple[Any, ...] = ()  # (rule, alpha, steps, language) of what is kept
        self.swept: tuple[str, ...] = ()  # the assumptions the last analysis swept again (the rest were kept)

    def start(self, about: tuple[Any, ...]) -> None:
        if about != self.about:
            self.rollbacks, self.sweeps, self.about = Rollbacks(), {}, about

    def find(self, name: str, j: int, base: list[float]) -> Sweep | None:
        """A kept sweep of assumption `name` (number j) still right at the median `base`: swept at a median equal
        to it but for j's own value (which the sweep varies)."""
        for at, sweep in self.sweeps.get(name, ()):
            if all(x == y for k, (x, y) in enumerate(zip(at, base, strict=True)) if k != j):
                return dataclasses.replace(sweep, base=base[j])
        return None

    def keep(self, found: dict[str, Sweep], base: list[float]) -> None:
        at = tuple(base)
        for name, sweep in found.items():
            earlier = [(b, s) for b, s in self.sweeps.get(name, ()) if b != at]
            self.sweeps[name] = [(at, sweep), *earlier][:KEPT]


def _sweeps(scenario: Scenario, ranged: list[str], steps: int, rule: str, alpha: float, median: dict[str, float],
            memo: RoomMemo | None) -> dict[str, Sweep]:
    """The sweep of each ranged assumption at the median set, reusing those of `memo` that are still right."""
    if not ranged:
        return {}
    if memo is None:
        return {s.name: s for s in sensitivity(scenario, ranged, steps, rule, alpha, median).sweeps}
    base = scenario.assumption_values(median)
    ids = scenario.runtime.assumption_ids
    found: dict[str, Sweep] = {}
    for name in ranged:
        kept = memo.find(name, ids.index(name), base)
        if kept is not None:
            found[name] = kept
    todo = [name for name in ranged if name not in found]
    if todo:
        found.update((s.name, s) for s in sensitivity(scenario, todo, steps, rule, alpha, median).sweeps)
    memo.keep(found, base)
    memo.swept = tuple(todo)
    return found


def group_analysis(scenario: Scenario, sets: Mapping[str, Mapping[str, float]], rule: str = "expected",
                   alpha: float = 0.5, *, steps: int = 21, memo: RoomMemo | None = None,
                   each_set: bool = True, thresholds: bool = True) -> dict[str, Any]:
    """Compare under the median set and each participant's set, with thresholds over the spread.

    Returns {"comparison": Comparison.to_dict(), "spread": [...], "differs": bool, "error": str | None};
    a rule the scenario can't be analysed under gives an "error" instead of raising, so the
    big screen can show the message. With `memo` (see RoomMemo), what the last call computed and
    is still right is not computed again: the answer is the same as without it. With `each_set=False` the
    comparison's "groups" (each set's own analysis: its values, choices along its play, paths) is empty: the
    room's screen and handout read only its decision rows, and building 300 sets' records took longer than the
    rollback itself. With `thresholds=False` no assumption is swept: the rows carry no thresholds and "swept" is
    False (the big screen shows the choices at once, a tenth of the time, and the thresholds when they come).
    """

    median = median_set(scenario, sets)
    rows = spread(scenario, sets)
    if memo is not None:
        memo.start((rule, alpha, steps, language()))
    try:
        comparison = compare(scenario, {MEDIAN: median, **{k: dict(v) for k, v in sets.items()}}, rule, alpha,
                             memo=memo.rollbacks if memo is not None else None, each_set=each_set)
        ranged = [r.name for r in rows if r.low is not None and r.high is not None]
        sweeps = _sweeps(scenario, ranged, steps, rule, alpha, median, memo) if thresholds else {}
    except UsageError as exc:
        return {"comparison": None, "spread": [r.to_dict() for r in rows], "differs": False, "error": exc.message,
                "swept": thresholds}
    with_thresholds = []
    for r in rows:
        found = tuple(t.to_dict() for t in sweeps[r.name].thresholds) if r.name in sweeps else ()
        low, high = (min(r.values), max(r.values)) if r.values else (0.0, 0.0)
        inside = tuple(t for t in found if r.values and low < t["value"] < high)
        with_thresholds.append(AssumptionSpread(r.name, r.label, r.low, r.high, r.file_value, r.values, r.median,
                                      found, inside))
    differs = any(len({c for c in d.by_group.values() if c is not None}) > 1 for d in comparison.decisions)
    return {"comparison": comparison.to_dict(), "spread": [r.to_dict() for r in with_thresholds],
            "differs": differs, "error": None, "swept": thresholds}
