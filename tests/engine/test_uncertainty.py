"""Uncertainty: exact shares at a known threshold, Sobol' indices on an additive model, the bulk
rollback against the per-point one, risk attitudes, and reproducibility."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import engine
from scenarios.engine.analysis.rollback import solve
from scenarios.engine.analysis.rules import RULES
from scenarios.engine.analysis.uncertainty.bulk import groups, play_many, solve_many, subset
from scenarios.engine.analysis.uncertainty.records import csv_chunks
from scenarios.engine.analysis.uncertainty.run import uncertainty
from scenarios.engine.core.unfold import unfold
from scenarios.engine.errors import ScenarioError, UsageError
from tests.models import random_yaml

# A choice flips where p = 0.3: Risky is worth p (win 1 with weight p), Safe a sure 0.3.
THRESHOLD = """
title: Threshold
actors:
  a: {name: A, values: {x: 1}}
indicators:
  x: {type: number}
assumptions:
  p: {value: 0.5, low: 0, high: 1}
start: d
nodes:
  d:
    type: decision
    actor: a
    label: Choose
    branches:
      - {label: Safe, to: end, effects: {x: 0.3}}
      - {label: Risky, to: coin}
  coin:
    type: chance
    label: Coin
    branches:
      - {label: Win, to: end, effects: {x: 1}, weight: p}
      - {label: Lose, to: end, weight: 1 - p}
  end: {type: outcome, label: End}
"""

# The actor's value is a + 2b: Sobol' indices 1/5 and 4/5 (Var a = 1/12, Var 2b = 4/12).
ADDITIVE = """
title: Additive
actors:
  a: {name: A, values: {x: 1}}
indicators:
  x: {type: number}
assumptions:
  pa: {value: 0.5, low: 0, high: 1}
  pb: {value: 0.5, low: 0, high: 1}
start: first
nodes:
  first:
    type: chance
    label: First
    branches:
      - {label: Hit, to: second, effects: {x: 1}, weight: pa}
      - {label: Miss, to: second, weight: 1 - pa}
  second:
    type: chance
    label: Second
    branches:
      - {label: Hit, to: end, effects: {x: 2}, weight: pb}
      - {label: Miss, to: end, weight: 1 - pb}
  end: {type: outcome, label: End}
"""


def _share(result, label: str) -> float:
    (point,) = [d for d in result.decisions if d.node == "d"]
    return point.shares[label]


def test_lhs_share_at_a_threshold_is_exact_at_the_strata_bound() -> None:
    scenario = engine.load_text(THRESHOLD, name="threshold")
    result = uncertainty(scenario, 100_000, "lhs", seed=3)
    # every stratum [k/n, (k+1)/n) lies wholly on one side of 0.3 = 30,000/n: exactly 70% choose Risky
    assert _share(result, "Risky") == 0.7
    assert _share(result, "Safe") == 0.3


def test_random_share_at_a_threshold_is_within_sampling_error() -> None:
    scenario = engine.load_text(THRESHOLD.replace("low: 0, high: 1", "low: 0.1, high: 0.9"), name="threshold")
    result = uncertainty(scenario, 100_000, "random", seed=11)
    expected = (0.9 - 0.3) / (0.9 - 0.1)
    assert abs(_share(result, "Risky") - expected) < 4 * np.sqrt(expected * (1 - expected) / 100_000)
    assert _share(result, "Risky") != expected  # random, not stratified: a test that could not fail is no test


def test_sobol_indices_on_an_additive_model_match_the_analytic_split() -> None:
    scenario = engine.load_text(ADDITIVE, name="additive")
    result = uncertainty(scenario, 2**14 * 4, "sobol", seed=5)
    (value,) = [i for i in result.importance if i.output == "value of a"]
    assert value.first["pa"] == pytest.approx(0.2, abs=0.03)
    assert value.first["pb"] == pytest.approx(0.8, abs=0.03)
    assert value.total is not None
    assert value.total["pa"] == pytest.approx(0.2, abs=0.03)
    assert value.total["pb"] == pytest.approx(0.8, abs=0.03)
    assert result.actors[0].value.mean == pytest.approx(1.5, abs=0.01)


def test_cheap_ranking_orders_the_additive_model() -> None:
    scenario = engine.load_text(ADDITIVE, name="additive")
    result = uncertainty(scenario, 20_000, "lhs", seed=5)
    (value,) = result.importance
    assert value.total is None
    assert value.ranking == ["pb", "pa"]
    assert value.first["pb"] == pytest.approx(0.8, abs=0.05)


def _agree(scenario, rule: str, n: int = 120, seed: int = 0, alpha: float = 0.3) -> None:
    """The bulk rollback equals the per-point one, set by set, for values and every choice."""
    rt = scenario.runtime
    actor_index = {x: k for k, x in enumerate(scenario.spec.actors)}
    rng = np.random.default_rng(seed)
    columns = [rng.uniform(a.low, a.high, n) if a.low is not None and a.high is not None else a.value
               for a in scenario.spec.assumptions.values()]
    for u, rows in groups(scenario, columns, n):
        sub = subset(columns, rows)
        many = solve_many(scenario, u, sub, len(rows), rule, alpha, actor_index)
        play_many(scenario, many, sub)
        for k in range(len(rows)):
            a = [float(c[k]) if isinstance(c, np.ndarray) else c for c in sub]
            point = unfold(scenario, a)
            assert point is u or point.keys == u.keys
            solution = solve(point, rt, actor_index, a, rule, alpha)
            assert np.allclose(solution.values[point.root], many.root[:, k], rtol=0, atol=1e-9)
            for i, best in solution.best.items():
                bulk = many.choice[i]
                if isinstance(bulk, np.ndarray):
                    bulk = tuple(pos for pos in range(len(u.kids[i])) if int(bulk[k]) >> pos & 1)
                assert bulk == best


@pytest.mark.parametrize("name", ["mexico", "venezuela", "fentanyl-labs", "tutorial"])
@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.big
def test_bulk_rollback_equals_the_per_point_rollback_on_the_library(name: str, rule: str) -> None:
    _agree(engine.load(name), rule)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 9), rule=st.sampled_from(list(RULES)),
       risky=st.booleans(), guard=st.booleans())
def test_bulk_rollback_equals_the_per_point_rollback_on_random_models(seed: int, size: int, rule: str,
                                                                      risky: bool, guard: bool) -> None:
    text = random_yaml(seed, size)
    if risky:
        text = text.replace("a: {name: A,", "a: {name: A, risk: {tolerance: 2},")
    if guard:  # a guard that reads an assumption: sets split into groups with different unfolded scenarios
        text = text.replace("when: x > 0", "when: x > 0 or p > 0.5").replace("when: not flag", "when: p < 0.4")
    try:
        scenario = engine.load_text(text, name=f"random-{seed}")
    except ScenarioError:
        return  # a guard on p can leave a dead end in some random models; check rejects those
    _agree(scenario, rule, n=60, seed=seed)


def test_guards_on_assumptions_split_the_sets_into_groups() -> None:
    text = THRESHOLD.replace("- {label: Safe, to: end, effects: {x: 0.3}}",
                             "- {label: Safe, to: end, effects: {x: 0.3}, when: p < 0.8}")
    scenario = engine.load_text(text, name="guarded")
    result = uncertainty(scenario, 10_000, "lhs", seed=1)
    (point,) = result.decisions  # one decision point, in two unfolded scenarios: Safe offered (p < 0.8) or not
    assert point.exists == 1.0
    assert point.shares == {"Safe": 0.3, "Risky": 0.7}
    _agree(scenario, "expected", n=300)


@pytest.mark.big
def test_same_seed_same_output_byte_for_byte() -> None:
    scenario = engine.load("mexico")
    first = uncertainty(scenario, 3000, "lhs", seed=42)
    again = uncertainty(engine.load("mexico"), 3000, "lhs", seed=42)
    other = uncertainty(scenario, 3000, "lhs", seed=43)
    assert b"".join(csv_chunks(first)) == b"".join(csv_chunks(again))
    assert repr(first.to_dict()) == repr(again.to_dict())
    assert repr(first.to_dict()) != repr(other.to_dict())


def test_outcome_weights_and_reach_follow_the_play() -> None:
    scenario = engine.load_text(THRESHOLD, name="threshold")
    result = uncertainty(scenario, 10_000, "lhs", seed=2)
    (end,) = result.outcomes
    assert end.reached == 1.0
    assert end.weight is not None and end.weight.mean == pytest.approx(1.0)


def test_risk_attitude_gives_certainty_equivalents_and_expected_values() -> None:
    text = THRESHOLD.replace("a: {name: A, values: {x: 1}}", "a: {name: A, values: {x: 10}, risk: {tolerance: 5}}")
    scenario = engine.load_text(text, name="risky")
    result = engine.analyze(scenario, assumptions={"p": 0.5})
    # the gamble 10 or 0 at even odds: CE = -5 ln(0.5 e^-2 + 0.5) = 2.83 < the sure 3, so Safe
    assert result.choices[0].values["Risky"] == pytest.approx(-5 * np.log(0.5 * np.exp(-2) + 0.5))
    assert result.choices[0].choice == "Safe"
    assert result.expected_values == {"a": pytest.approx(3.0)}
    neutral = engine.analyze(engine.load_text(THRESHOLD, name="t"), assumptions={"p": 0.5})
    assert neutral.expected_values is None
    assert "expected_values" not in neutral.to_dict()


def test_target_finds_the_range_where_the_choice_is_made() -> None:
    pytest.importorskip("ema_workbench")
    scenario = engine.load_text(THRESHOLD, name="threshold")
    result = uncertainty(scenario, 5000, "lhs", seed=1, target="d=Risky")
    found = result.discovery
    assert found is not None and found.share == pytest.approx(0.7)
    (box, *_rest) = found.boxes
    low, _high = box.limits["p"]
    assert low == pytest.approx(0.3, abs=0.01) and box.density == 1.0 and box.coverage > 0.95


@pytest.mark.parametrize(("target", "message"), [
    ("d=Risk", "decision 'd' has no branch 'Risk' (did you mean 'Risky'?)"),
    ("coin", "'coin' is a chance node"),
    ("x >> 2", "a target is an outcome id"),
    ("coin=Win", "'coin' is a chance node"),
])
def test_bad_targets_say_what_a_target_is(target: str, message: str) -> None:
    scenario = engine.load_text(THRESHOLD, name="threshold")
    with pytest.raises(UsageError) as info:
        uncertainty(scenario, 100, target=target)
    assert message in info.value.message


def test_a_scenario_without_ranges_says_so() -> None:
    scenario = engine.load_text(THRESHOLD.replace(", low: 0, high: 1", ""), name="fixed")
    with pytest.raises(UsageError, match=r"no assumption has a low\.\.high range"):
        uncertainty(scenario, 100)


def test_our_rbd_fast_equals_salib() -> None:
    from SALib.analyze import rbd_fast

    from scenarios.engine.analysis.uncertainty.importance import _rbd_order, rbd_fast_s1

    rng = np.random.default_rng(4)
    x = rng.random((5001, 3))
    y = x[:, 0] + 2 * x[:, 1] ** 2 + rng.normal(0, 0.1, 5001)
    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}
    theirs = rbd_fast.analyze(problem, x, y, num_resamples=2, seed=1)["S1"]
    ours = [rbd_fast_s1(_rbd_order(x[:, k]), y) for k in range(3)]
    assert ours == pytest.approx(list(theirs), rel=1e-9, abs=1e-12)


def _everything(result) -> bytes:
    return repr(result.to_dict()).encode() + b"".join(csv_chunks(result))


@pytest.mark.big  # mexico, 13 runs; test_chunks_keep_groups_targets_and_risk_in_step is the small model's
@pytest.mark.parametrize("method", ["lhs", "random", "sobol"])
def test_how_a_run_is_cut_into_chunks_changes_not_one_digit(method: str) -> None:
    scenario = engine.load("mexico")
    whole = _everything(uncertainty(scenario, 600, method, seed=8, chunk=100_000))
    for chunk in (97, 256):
        assert _everything(uncertainty(scenario, 600, method, seed=8, chunk=chunk)) == whole, chunk
    if method == "lhs":  # one set at a time
        assert _everything(uncertainty(scenario, 40, method, seed=8, chunk=1)) == \
            _everything(uncertainty(scenario, 40, method, seed=8))


def test_chunks_keep_groups_targets_and_risk_in_step() -> None:
    pytest.importorskip("ema_workbench")
    text = THRESHOLD.replace("- {label: Safe, to: end, effects: {x: 0.3}}",
                             "- {label: Safe, to: end, effects: {x: 0.3}, when: p < 0.8}") \
        .replace("a: {name: A, values: {x: 1}}", "a: {name: A, values: {x: 1}, risk: {tolerance: 2}}")
    scenario = engine.load_text(text, name="guarded")
    runs = [uncertainty(scenario, 5000, "lhs", seed=2, target="end", min_weight=0.5, chunk=c) for c in (5000, 77)]
    assert _everything(runs[0]) == _everything(runs[1])
    assert runs[0].discovery is not None and runs[0].discovery.share > 0


def test_a_latin_hypercube_fills_every_stratum_of_every_assumption_once() -> None:
    from scenarios.engine.analysis.uncertainty.sampling import draw

    specs = engine.load("mexico").spec.assumptions
    for n in (2, 3, 1000, 65_537):
        sets = draw(dict(specs), n, "lhs", seed=n)
        unit = sets.unit(0, n)
        for j in range(len(specs)):
            assert sorted(np.floor(unit[:, j] * n).astype(int).tolist()) == list(range(n))


@pytest.mark.big
def test_sets_are_drawn_by_position_not_by_stream() -> None:
    from scenarios.engine.analysis.uncertainty.sampling import draw

    specs = dict(engine.load("mexico").spec.assumptions)
    for method in ("lhs", "random", "sobol"):
        sets = draw(specs, 2000, method, seed=1)
        whole = sets.rows(0, sets.n)
        pieces = np.concatenate([sets.rows(a, min(sets.n, a + 613)) for a in range(0, sets.n, 613)])
        assert np.array_equal(whole, pieces)
        for j in range(len(specs)):
            assert np.array_equal(sets.column(j), whole[:, j])
        assert not np.array_equal(whole, draw(specs, 2000, method, seed=2).rows(0, sets.n))


def test_latin_hypercube_columns_are_independent_of_each_other_and_of_the_set_number() -> None:
    from scenarios.engine.analysis.uncertainty.sampling import draw

    n = 50_000
    unit = draw(dict(engine.load("mexico").spec.assumptions), n, "lhs", seed=0).unit(0, n)
    both = np.column_stack([unit, np.arange(n), unit[np.r_[1:n, 0]]])  # each column, the set number, the next set
    correlation = np.corrcoef(both.T) - np.eye(both.shape[1])
    assert np.abs(correlation).max() < 5 / np.sqrt(n)


def test_saltelli_sets_equal_salibs() -> None:
    import warnings

    from SALib.sample import sobol

    from scenarios.engine.analysis.uncertainty.sampling import draw

    specs = {k: v for k, v in engine.load_text(ADDITIVE, name="additive").spec.assumptions.items()}
    sets = draw(specs, 1000, "sobol", seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sobol.sample({"num_vars": 2, "names": list(specs), "bounds": [[0, 1]] * 2}, sets.base,
                              calc_second_order=False, scramble=True, seed=5)
    assert sets.n == len(theirs) == sets.base * 4
    assert np.array_equal(np.concatenate([sets.unit(a, min(sets.n, a + 77)) for a in range(0, sets.n, 77)]), theirs)


def test_a_chunk_holds_only_the_sets_that_fit_its_memory_budget() -> None:
    from scenarios.engine.analysis.uncertainty.run import BUDGET, CHUNK, _fitting

    mexico, tutorial = engine.load("mexico"), engine.load("tutorial")
    free = _fitting(mexico, mexico.assumption_values({}), CHUNK)
    assert 16 <= free < CHUNK  # its values read assumptions: 32,768 sets at once, every vertex held, took ~10 GB
    assert _fitting(tutorial, tutorial.assumption_values({}), CHUNK) == CHUNK  # a small model: one chunk as before
    # each set: at least its 2,297 distinct score rows (of 6,827 scored outcomes) and a weight per outcome vertex
    assert BUDGET // free >= 8 * 2_297 + 9 * 6_827
