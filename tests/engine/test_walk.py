"""Walking: depth-first order, weights, streaming, and summaries that never list paths."""

from __future__ import annotations

import tracemalloc
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.engine.format.loader import load_text
from tests.conftest import PORT
from tests.models import chain_yaml, lattice_yaml, random_yaml


def test_paths_follow_the_format_page_example() -> None:
    scenario = load_text(PORT.read_bytes(), "port.yaml")
    paths = list(scenario.paths())
    assert [p.number for p in paths] == [1, 2, 3, 4, 5, 6]
    assert scenario.steps(paths[0]) == [("a_moves", "Propose talks"), ("talks", "Agreement")]
    assert scenario.final_state(paths[0]) == {"tension": "low", "trade": 100, "talks_held": True}
    assert [p.weight for p in paths] == [0.5, 0.5, 0.5, 1, 1, 1]
    # "Return to talks" exists only where talks were not held
    assert [scenario.steps(p)[-1][1] for p in paths[3:]] == ["Accept", "Retaliate", "Return to talks"]


def test_scores_combine_values_and_payoffs() -> None:
    scenario = load_text(PORT.read_bytes(), "port.yaml")
    spiral = list(scenario.paths())[4]
    # tension severe (position 3), trade 30: gov_a = -2*3 + 30 - 1 (payoff); gov_b = -3 + 60
    assert scenario.scores(spiral) == {"gov_a": 23.0, "gov_b": 57.0}


def test_assumptions_change_weights() -> None:
    scenario = load_text(PORT.read_bytes(), "port.yaml")
    weights = [p.weight for p in scenario.paths({"p_talks_succeed": 0.8})]
    assert weights[:3] == [0.8, 0.19999999999999996, 0.19999999999999996]


def test_where_keeps_numbers() -> None:
    scenario = load_text(PORT.read_bytes(), "port.yaml")
    kept = [p.number for p in scenario.paths(where="tension >= high")]
    assert kept == [3, 4, 5]
    assert [p.number for p in scenario.paths(where="visited(talks)")] == [1, 2, 3]


# 1,500 is past Python's default recursion limit (1,000), so a recursive walk fails it too
@pytest.mark.parametrize("depth", [1_500, pytest.param(10_000, marks=pytest.mark.big)])
def test_a_10000_deep_chain_walks_without_recursion(depth: int) -> None:
    scenario = load_text(chain_yaml(depth), "chain.yaml")
    (path,) = list(scenario.paths())
    assert len(path.branches) == depth
    assert scenario.summarize().path_count == 1


def test_a_2_to_the_41_lattice_is_summarized_exactly() -> None:
    scenario = load_text(lattice_yaml(41, 2), "lattice.yaml")
    summary = scenario.summarize()
    assert summary.path_count == 2**41
    (end,) = summary.outcomes
    assert (end.low, end.high) == ((0,), (41,))


@pytest.mark.big
def test_enumeration_memory_grows_with_depth_not_paths() -> None:
    scenario = load_text(lattice_yaml(10, 3), "lattice.yaml")
    tracemalloc.start()
    count = sum(1 for _ in scenario.paths())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 3**10
    assert peak < 200_000  # 59,049 paths kept in memory would take megabytes


def test_weighted_chance_lattice_weights_sum_to_one() -> None:
    scenario = load_text(lattice_yaml(4, 3, chance=True, weights=True), "lattice.yaml")
    assert abs(sum(p.weight for p in scenario.paths()) - 1.0) < 1e-12


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6), size=st.integers(min_value=1, max_value=9))
def test_summary_matches_enumeration_on_random_models(seed: int, size: int) -> None:
    scenario = load_text(random_yaml(seed, size), "random.yaml")
    paths = list(scenario.paths())
    summary = scenario.summarize()
    assert summary.path_count == len(paths)
    assert {o.node: o.paths for o in summary.outcomes} == dict(Counter(scenario.outcome_id(p) for p in paths))
    width = len(scenario.runtime.indicator_ids)
    for o in summary.outcomes:
        states = [p.state[:width] for p in paths if scenario.outcome_id(p) == o.node]
        assert o.low == tuple(map(min, *states)) if len(states) > 1 else o.low == states[0]
        assert o.high == tuple(map(max, *states)) if len(states) > 1 else o.high == states[0]
    assert [p.number for p in paths] == list(range(1, len(paths) + 1))
