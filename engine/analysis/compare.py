"""`compare`: the same scenario analysed under several groups' assumption sets, side by side.

A workshop's groups each state their own numbers; the table shows where their
conclusions differ (actor values, choices at each decision point, indicators).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scenarios.engine.core.runtime import State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import _

from .analyze import analyze_at
from .html import HtmlView
from .plays import Board, Played, analyses
from .records import Analysis, Trail, labels
from .rollback import check_rule
from .sweep import Point

SOLO = 2  # this many new sets or fewer are rolled back one by one (a vectorized rollback costs more at first:
# on a freshly loaded mexico two sets took 0.10-0.12 s alone, 0.15-0.18 s together); where the memo held sets from
# the last call, the scenario's batch plans are made and only a single set goes alone (two: 95 ms alone, 51 ms
# together)


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
            alpha: float = 0.5, *, batch: bool = True, memo: Rollbacks | None = None,
            each_set: bool = True) -> Comparison:
    """Analyse the scenario once per named assumption set (in the order given); each group's analysis leaves
    out the table of every rule's choices (`analyze` gives it: four more rollbacks per set).

    The sets are rolled back together (`plays.analyses`: one vectorized rollback per DAG), or one at a
    time with `batch=False` (the per-set route, kept as the reference): the same records either way.
    With `memo`, the sets it holds from the last call are not rolled back again. With `each_set=False`
    the comparison has only its decision rows (`groups` is empty): each set's own analysis (its
    values, choices along its play, paths) is not built, which the workshop's room reads none of.
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
        if key in kept and (kept[key][0] is not None or not each_set):
            done[key] = kept[key]
    todo = list(dict.fromkeys(tuple(a) for a in vectors.values() if (rule, alpha, tuple(a)) not in done))
    if batch and len(todo) > (1 if done else SOLO):
        rolled = analyses(scenario, todo, rule, alpha, actor_index, each_set=each_set)
        for a, found in zip(todo, rolled, strict=True):
            done[(rule, alpha, a)] = found
    else:
        for a in todo:
            point = Point.at(scenario, a, rule, alpha, actor_index)
            done[(rule, alpha, a)] = (analyze_at(scenario, a, point.unfolded, point.solution, rule, alpha,  # type: ignore[arg-type]
                                                 actor_index, table=False) if each_set else None, point)
    if memo is not None:
        memo.reused = len(vectors) - len(todo)
        memo.kept = done
    points = {name: done[(rule, alpha, tuple(a))][1] for name, a in vectors.items()}
    results = tuple(Group(name, dict(groups[name]), done[(rule, alpha, tuple(a))][0])  # type: ignore[arg-type]
                    for name, a in vectors.items()) if each_set else ()
    return Comparison(scenario.name, scenario.title, rule, alpha, results, _rows(rt, points))


def _rows(rt: Any, points: dict[str, Any]) -> tuple[CompareRow, ...]:
    """One row per decision point some set's play reaches (in the order the sets' plays reach them), with each
    set's choice there and whether its play reaches it. The sets of one batch are read a column at a time
    (`plays.Board`), the sets of one play share their `on_play`; other sets (rolled back alone) one by one."""
    names = list(points)
    rows: dict[tuple[int, State], Trail | None] = {}
    plays: dict[int, dict[tuple[int, State], Trail | None]] = {}  # each distinct on_play, by identity
    for p in points.values():
        if id(p.on_play) not in plays:
            plays[id(p.on_play)] = p.on_play
            for key, hist in p.on_play.items():
                rows.setdefault(key, hist)
    which = [id(p.on_play) for p in points.values()]
    boards: dict[int, tuple[Board, list[int], list[int]]] = {}  # board → (board, positions in names, its rows)
    alone = []
    for j, p in enumerate(points.values()):
        if isinstance(p, Played):
            boards.setdefault(id(p.board), (p.board, [], []))
            boards[id(p.board)][1].append(j)
            boards[id(p.board)][2].append(p.row)
        else:
            alone.append(j)
    columns = [(board, where, np.array(at, dtype=np.intp)) for board, where, at in boards.values()]
    whole = len(columns) == 1 and not alone and columns[0][1] == list(range(len(names)))
    out = []
    for key, trail in rows.items():
        if whole:
            texts = columns[0][0].column(key, columns[0][2])
        else:
            texts = [None] * len(names)
            for board, where, at in columns:
                for j, text in zip(where, board.column(key, at), strict=True):
                    texts[j] = text
            for j in alone:
                texts[j] = points[names[j]].choice(key)
        reached = {k: key in d for k, d in plays.items()}
        out.append(CompareRow(rt.nodes[key[0]].id, rt.nodes[key[0]].actor or "", dict(zip(names, texts, strict=True)),
                              dict(zip(names, [reached[k] for k in which], strict=True)), trail))
    return tuple(out)
