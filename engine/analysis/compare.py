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
from .records import Analysis, Trail, labels
from .rollback import check_rule
from .sweep import Point


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


def compare(scenario: Scenario, groups: Mapping[str, Mapping[str, float]], rule: str = "expected",
            alpha: float = 0.5) -> Comparison:
    """Analyse the scenario once per named assumption set (in the order given); each group's analysis leaves
    out the table of every rule's choices (`analyze` gives it: four more rollbacks per set)."""
    if not groups:
        raise UsageError(_("compare needs at least one set of assumptions"))
    check_rule(rule, alpha)
    rt = scenario.runtime
    actor_index = {x: k for k, x in enumerate(scenario.spec.actors)}
    results: list[Group] = []
    points: dict[str, Point] = {}
    for name, overrides in groups.items():
        a = scenario.assumption_values(overrides)
        point = points[name] = Point.at(scenario, a, rule, alpha, actor_index)
        analysis = analyze_at(scenario, a, point.unfolded, point.solution, rule, alpha, actor_index, table=False)
        results.append(Group(name, dict(overrides), analysis))
    rows: dict[tuple[int, State], Trail | None] = {}
    for point in points.values():
        for key, hist in point.on_play.items():
            rows.setdefault(key, hist)
    decisions = tuple(
        CompareRow(rt.nodes[key[0]].id, rt.nodes[key[0]].actor or "",
                   {g: p.choice(key) for g, p in points.items()}, {g: key in p.on_play for g, p in points.items()},
                   trail)
        for key, trail in rows.items())
    return Comparison(scenario.name, scenario.title, rule, alpha, tuple(results), decisions)
