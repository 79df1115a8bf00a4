"""Strategies across worlds (issue 23): the bulk rollback of each strategy, its regret and satisficing share,
against a plain loop over the same sets (the per-point rollback of the restricted scenario, set by set)."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios import engine
from scenarios.engine.analysis.rollback import solve
from scenarios.engine.analysis.uncertainty.run import uncertainty
from scenarios.engine.analysis.uncertainty.strategies import parse_strategies, restrict
from scenarios.engine.core.runtime import DECISION
from scenarios.engine.core.unfold import unfold
from scenarios.engine.errors import UsageError
from tests.engine.test_uncertainty import THRESHOLD


@pytest.mark.parametrize(("name", "strategies", "satisfice"), [
    ("mexico", ("us_choice",), ("us_exec >= -5", "cartels > 0")),
    pytest.param("mexico", ("us_choice=Expand joint operations",
                            "us_choice=Unilateral precision raid & congress_early=Leave it to the executive"),
                 ("us_exec < -5",), marks=pytest.mark.big),
    ("tutorial", None, ()),
])
@pytest.mark.big
def test_regret_and_satisficing_equal_a_plain_loop_over_the_same_sets(name, strategies, satisfice) -> None:
    scenario = engine.load(name)
    if strategies is None:  # every option of the first decision node
        strategies = (next(n.id for n in scenario.runtime.nodes if n.kind == DECISION and len(n.branches) > 1),)
    result = uncertainty(scenario, 120, seed=5, strategies=strategies, satisfice=satisfice)
    robust = result.robust
    parsed = parse_strategies(scenario, strategies)
    actors = list(scenario.spec.actors)
    index = {a: k for k, a in enumerate(actors)}
    ids = scenario.runtime.assumption_ids
    names = result.data.draw.names
    rows = result.data.draw.rows(0, result.samples)
    base = scenario.assumption_values({})
    loop = np.empty((len(parsed), result.samples, len(actors)))
    for k in range(result.samples):  # one set at a time, the per-point engine
        a = [float(rows[k, names.index(x)]) if x in names else base[j] for j, x in enumerate(ids)]
        u = unfold(scenario, a)
        for s, strategy in enumerate(parsed):
            loop[s, k] = solve(restrict(u, strategy)[0], scenario.runtime, index, a, "expected", 0.5).values[u.root]
    assert np.array_equal(robust.values, loop)  # difference 0, set by set
    for s, res in enumerate(robust.strategies):
        for x, actor in enumerate(actors):
            regrets = [max(loop[t, k, x] for t in range(len(parsed))) - loop[s, k, x] for k in range(result.samples)]
            got = res.per_actor[x]
            assert got.max_regret == max(regrets)
            assert got.mean_regret == float(np.mean(regrets))
            assert got.p90_regret == float(np.percentile(regrets, 90))
            for c in satisfice:
                who, op, number = c.split()
                if who == actor:
                    held = sum(1 for k in range(result.samples) if eval(f"{loop[s, k, x]!r} {op} {number}"))
                    assert got.satisficing[f"{who} {op} {float(number):g}"] == held / result.samples


@pytest.mark.big
def test_every_option_of_one_decision_and_a_case_by_hand() -> None:
    scenario = engine.load("mexico")
    result = uncertainty(scenario, 50, seed=1, strategies=("us_choice",))
    names = [s.name for s in result.robust.strategies]
    assert names == [b.label for b in scenario.runtime.nodes[scenario.runtime.index["us_choice"]].branches]
    assert set(result.robust.most_robust) == set(scenario.spec.actors)
    # One actor, one decision: Safe is worth 0.3, Risky p (p uniform on 0..1).  Regret of Safe in a set is
    # max(p - 0.3, 0), of Risky max(0.3 - p, 0); the best of the two is what the actor gets choosing freely.
    simple = engine.load_text(THRESHOLD, name="threshold")
    result = uncertainty(simple, 1000, seed=2, strategies=("d",), satisfice=("a >= 0.5",))
    p = result.data.draw.rows(0, 1000)[:, 0]
    safe, risky = result.robust.strategies
    assert np.array_equal(result.robust.values.max(axis=0)[:, 0], result.data.values[:, 0])
    assert safe.per_actor[0].max_regret == pytest.approx(p.max() - 0.3)
    assert risky.per_actor[0].max_regret == pytest.approx(0.3 - p.min())
    assert safe.per_actor[0].satisficing == {"a >= 0.5": 0.0}
    assert risky.per_actor[0].satisficing["a >= 0.5"] == pytest.approx(0.5, abs=1e-3)  # LHS: 500 of 1000 strata
    # mean regret: Safe ∫ max(p − 0.3, 0) = 0.7²/2 = 0.245, Risky 0.3²/2 = 0.045
    assert safe.per_actor[0].mean_regret == pytest.approx(0.245, abs=1e-3)
    assert risky.per_actor[0].mean_regret == pytest.approx(0.045, abs=1e-3)
    assert result.robust.most_robust["a"] == {"mean_value": ["Risky"], "mean_regret": ["Risky"],
                                              "max_regret": ["Risky"], "p90_regret": ["Risky"],
                                              "satisficing: a >= 0.5": ["Risky"]}


@pytest.mark.parametrize(("strategies", "satisfice", "message"), [
    (("us_choise=Raid",), (), "'us_choise' is not a decision node (did you mean 'us_choice'?)"),
    (("us_choice=Raid", "us_choice"), (), "decision 'us_choice' has no branch 'Raid'"),
    (("us_choice=Expand joint operations",), (), "give at least two"),
    (("us_choice",), ("us_exec => 0",), "write ACTOR >= NUMBER"),
    (("us_choice",), ("us_exce >= 0",), "no actor 'us_exce'"),
    ((), ("us_exec >= 0",), "add two or more --strategy"),
])
def test_bad_strategies_get_one_line(strategies, satisfice, message) -> None:
    with pytest.raises(UsageError) as info:
        uncertainty(engine.load("mexico"), 50, strategies=strategies, satisfice=satisfice)
    assert message in str(info.value)
