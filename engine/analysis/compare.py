"""`compare`: the same scenario analysed under several groups' assumption sets, side by side.

A workshop's groups each state their own numbers; the table shows where their
conclusions differ (actor values, choices at each decision point, indicators).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.core.runtime import State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import _

from .analyze import analyze_at
from .html import HtmlView
from .plays import analyses
from .records import Analysis, Trail, labels
from .rollback import check_rule
from .sweep import Point

SOLO = 2  # this many new sets or fewer are rolled back one by one (a vectorized rollback costs more at first)


@dataclass(frozen=True)
class Group(HtmlView):
    name: str
    overrides: dict[str, float]  # what the group set; `analysis.assumptions` holds every value used
    analysis: Analysis

    def to_dict(self) -> dict[str, Any]:
        a = self.analysis
        return {"name": self.name, "set": dict(self.overrides), "assumptions": dict(a.assumptions),
                "values": dict(a.values), "indicators": dict(a.indicators),
                "choices": [c.to_dict() for c in a.choices]}


@dataclass(frozen=True)
class CompareRow(HtmlView):
    """One decision point and each group's choice there (None where its state never arises)."""

    node: str
    actor: str
    by_group: dict[str, str | None]
    on_play: dict[str, bool]
    trail: Trail | None = field(default=None, repr=False, compare=False)

    @property
    def history(self) -> tuple[str, ...]:
        return labels(self.trail)

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "history": list(self.history), "actor": self.actor,
                "by_group": dict(self.by_group), "on_play": dict(self.on_play)}


@dataclass(frozen=True)
class Comparison(HtmlView):
    scenario: str
    title: str
    rule: str
    alpha: float
    groups: tuple[Group, ...]
    decisions: tuple[CompareRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "rule": self.rule, "alpha": self.alpha,
                "groups": [g.to_dict() for g in self.groups], "decisions": [d.to_dict() for d in self.decisions]}


Rolled = tuple[Analysis, Any]  # a set's analysis, and what `compare` reads of its rollback (choice, on_play)


class Rollbacks:
    """Each assumption vector's analysis kept between calls of `compare` (the workshop's worker): a set that did
    not change since the last call needs no new rollback. Holds the vectors of the last call only."""

    def __init__(self) -> None:
        self.kept: dict[tuple[Any, ...], Rolled] = {}
        self.reused = 0  # sets the last call found here


def compare(scenario: Scenario, groups: Mapping[str, Mapping[str, float]], rule: str = "expected",
            alpha: float = 0.5, *, batch: bool = True, memo: Rollbacks | None = None) -> Comparison:
    """Analyse the scenario once per named assumption set (in the order given); each group's analysis leaves
    out the table of every rule's choices (`analyze` gives it: four more rollbacks per set).

    The sets are rolled back together (`plays.analyses`: one vectorized rollback per DAG), or one at a
    time with `batch=False` (the per-set route, kept as the reference): the same records either way.
    With `memo`, the sets it holds from the last call are not rolled back again.
    """
    if not groups:
        raise UsageError(_("compare needs at least one set of assumptions"))
    check_rule(rule, alpha)
    rt = scenario.runtime
    actor_index = {x: k for k, x in enumerate(scenario.spec.actors)}
    vectors = {name: scenario.assumption_values(overrides) for name, overrides in groups.items()}
    kept = memo.kept if memo is not None else {}
    done: dict[tuple[Any, ...], Rolled] = {}
    for a in vectors.values():
        key = (rule, alpha, tuple(a))
        if key in kept:
            done[key] = kept[key]
    todo = list(dict.fromkeys(tuple(a) for a in vectors.values() if (rule, alpha, tuple(a)) not in done))
    if batch and len(todo) > SOLO:
        for a, rolled in zip(todo, analyses(scenario, todo, rule, alpha, actor_index), strict=True):
            done[(rule, alpha, a)] = rolled
    else:
        for a in todo:
            point = Point.at(scenario, a, rule, alpha, actor_index)
            done[(rule, alpha, a)] = (analyze_at(scenario, a, point.unfolded, point.solution, rule, alpha,  # type: ignore[arg-type]
                                                 actor_index, table=False), point)
    if memo is not None:
        memo.reused = len(vectors) - len(todo)
        memo.kept = done
    points = {name: done[(rule, alpha, tuple(a))][1] for name, a in vectors.items()}
    results = tuple(Group(name, dict(groups[name]), done[(rule, alpha, tuple(a))][0]) for name, a in vectors.items())
    rows: dict[tuple[int, State], Trail | None] = {}
    for point in points.values():
        for key, hist in point.on_play.items():
            rows.setdefault(key, hist)
    decisions = tuple(
        CompareRow(rt.nodes[key[0]].id, rt.nodes[key[0]].actor or "",
                   {g: p.choice(key) for g, p in points.items()}, {g: key in p.on_play for g, p in points.items()},
                   trail)
        for key, trail in rows.items())
    return Comparison(scenario.name, scenario.title, rule, alpha, results, decisions)
