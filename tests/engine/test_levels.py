"""The bulk rollback height by height (uncertainty/levels.py): the per-point numbers bit for bit, ties included."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios import engine
from scenarios.engine.analysis.rollback import solve
from scenarios.engine.analysis.rules import RULES
from scenarios.engine.analysis.uncertainty import levels
from scenarios.engine.analysis.uncertainty.bulk import groups, solve_many, subset
from scenarios.engine.analysis.uncertainty.moving import moving
from scenarios.engine.core.unfold import unfold


def _columns(scenario, n: int, seed: int) -> list:
    rng = np.random.default_rng(seed)
    return [rng.uniform(a.low, a.high, n) if a.low is not None and a.high is not None else a.value
            for a in scenario.spec.assumptions.values()]


@pytest.mark.parametrize("rule", list(RULES))
def test_each_set_gets_the_per_point_values_and_choices_exactly(rule: str, monkeypatch) -> None:
    # a table a few sets wide: the batch goes through it in slices, as a wide one does
    monkeypatch.setattr(levels, "TABLE", 2**20)
    scenario = engine.load("mexico")
    rt = scenario.runtime
    actors = {x: k for k, x in enumerate(scenario.spec.actors)}
    n = 24
    columns = _columns(scenario, n, seed=7)
    columns[0][:4] = scenario.spec.assumptions[rt.assumption_ids[0]].value  # a few sets at a stated value
    ties = varied = 0
    for u, rows in groups(scenario, columns, n):
        sub = subset(columns, rows)
        many = solve_many(scenario, u, sub, len(rows), rule, 0.3, actors)
        for k in range(len(rows)):
            a = [float(c[k]) if isinstance(c, np.ndarray) else c for c in sub]
            one = solve(unfold(scenario, a), rt, actors, a, rule, 0.3)
            assert tuple(many.root[:, k].tolist()) == one.values[u.root]  # not close: equal
            for i, best in one.best.items():
                found = many.choice[i]
                if isinstance(found, np.ndarray):
                    varied += k == 0
                    found = tuple(p for p in range(len(u.kids[i])) if int(found[k]) >> p & 1)
                assert found == best, (rule, k, u.keys[i])
                ties += len(best) > 1
    assert ties and varied  # indifferent actors, and choices that differ from set to set, were both met


def test_every_step_reads_only_what_an_earlier_step_wrote() -> None:
    scenario = engine.load("mexico")
    rt = scenario.runtime
    u = unfold(scenario, scenario.assumption_values())
    varying = frozenset(range(len(rt.assumption_ids)))
    move = moving(u, rt, varying)
    plan = levels.plan(u, rt, move, {x: k for k, x in enumerate(scenario.spec.actors)})
    written = set(range(len(plan.scored) + len(plan.kept)))  # outcomes' scores and the base's numbers: there first
    for step in plan.steps:
        assert set(step.kids.ravel().tolist()) <= written  # no child is read before its own step
        written |= {plan.slot[i] for i in step.vertices}
    assert plan.slot[u.root] == max(written)  # the start is solved last
    assert sum(len(s.vertices) for s in plan.steps) == sum(1 for i in move.dirty if u.kids[i])
    assert len(plan.steps) < 100 < sum(len(s.vertices) for s in plan.steps)  # a few steps for thousands of vertices
