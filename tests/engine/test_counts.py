"""The path counts the pages show come from the unfolded model; they must equal a full walk's."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import engine
from scenarios.engine.core.walk import summarize
from tests.models import random_yaml

DATA = Path(__file__).resolve().parents[1] / "data"


def walked(scenario: engine.Scenario, assumptions: dict[str, float] | None = None) -> list[tuple]:
    full = summarize(scenario.runtime, scenario.assumption_values(assumptions))
    return [full.path_count, *((o.node, o.paths, o.low, o.high) for o in full.outcomes)]


def counted(scenario: engine.Scenario, assumptions: dict[str, float] | None = None) -> list[tuple]:
    quick = scenario.summarize(assumptions, weights=False)
    return [quick.path_count, *((o.node, o.paths, o.low, o.high) for o in quick.outcomes)]


@pytest.mark.parametrize("name", ["mexico", "venezuela", "fentanyl-labs", "tutorial"])
def test_library_counts_equal_the_walk(name: str) -> None:
    scenario = engine.load(name)
    assert counted(scenario) == walked(scenario)


def test_counts_follow_an_assumption_read_by_a_guard() -> None:
    text = """
title: Guarded
actors: {us: {name: Us, values: {x: 1}}}
indicators: {x: {type: number, start: 0}}
assumptions: {open: {value: 1, low: 0, high: 1}}
start: s
nodes:
  s:
    type: decision
    actor: us
    label: Choose
    branches:
      - {label: Wait, to: end}
      - {label: Act, to: end, effects: {x: 2}, when: "open > 0.5"}
  end: {type: outcome, label: End}
"""
    scenario = engine.load_text(text, name="guarded")
    assert counted(scenario)[0] == 2
    assert counted(scenario, {"open": 0.0})[0] == 1
    assert counted(scenario, {"open": 0.0}) == walked(scenario, {"open": 0.0})
    assert counted(scenario)[1][2:] == ((0,), (2,))


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 10), p=st.floats(0.1, 0.9))
def test_random_models_count_as_the_walk_does(seed: int, size: int, p: float) -> None:
    scenario = engine.load_text(random_yaml(seed, size), name=f"random-{seed}")
    assert counted(scenario, {"p": p}) == walked(scenario, {"p": p})


def test_a_model_too_big_to_unfold_is_counted_by_the_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarios.engine.core import unfold

    monkeypatch.setattr(unfold, "LIMIT", 10)
    scenario = engine.load("venezuela")
    with pytest.raises(engine.UsageError, match="too many to analyze"):
        engine.analyze(scenario)
    assert counted(scenario) == walked(scenario)
    assert counted(scenario)[0] == 3680
