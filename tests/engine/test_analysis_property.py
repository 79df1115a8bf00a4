"""Property: with no decisions, the `expected` rollback is the weighted mean over enumerated paths."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import engine
from tests.models import random_yaml


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 9), p=st.floats(0.1, 0.9))
def test_expected_rollback_is_the_weighted_mean_of_paths(seed: int, size: int, p: float) -> None:
    scenario = engine.load_text(random_yaml(seed, size, decisions=False), name=f"random-{seed}")
    result = engine.analyze(scenario, assumptions={"p": p})
    paths = list(scenario.paths({"p": p}))
    assert sum(path.weight for path in paths) == pytest.approx(1.0)
    for actor in scenario.spec.actors:
        mean = sum(path.weight * scenario.scores(path)[actor] for path in paths)
        assert result.values[actor] == pytest.approx(mean, abs=1e-9)
    width = len(scenario.runtime.indicator_ids)
    for j, ind in enumerate(scenario.runtime.indicator_ids[:width]):
        mean = sum(path.weight * float(path.state[j]) for path in paths)
        assert result.indicators[ind] == pytest.approx(mean, abs=1e-9)
    assert result.path_count == len(paths)
    assert result.choices == ()


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 9))
def test_every_rule_values_lie_between_the_worst_and_best_path(seed: int, size: int) -> None:
    scenario = engine.load_text(random_yaml(seed, size, decisions=True), name=f"random-{seed}")
    scores = [scenario.scores(path) for path in scenario.paths()]
    for rule in engine.RULES:
        values = engine.analyze(scenario, rule=rule, alpha=0.3).values
        for actor, value in values.items():
            low = min(s[actor] for s in scores)
            high = max(s[actor] for s in scores)
            assert low - 1e-9 <= value <= high + 1e-9
