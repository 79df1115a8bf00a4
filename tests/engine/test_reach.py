"""The cached reachable-state counts (`reach`) and counts-only summaries agree with the plain passes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.errors import UsageError
from scenarios.engine.format.loader import load_path
from scenarios.engine.output.diagrams.space import explore, reach

DATA = Path(__file__).parent.parent / "data"

# A guard that reads an assumption: at p_open >= 0.5 the weather is never reached.
GATE = """format: 1
title: Gate
assumptions:
  p_open: {label: The gate is open, value: 0.3, low: 0, high: 1}
  p_rain: {label: It rains, value: 0.5, low: 0.1, high: 0.9}
start: choose
nodes:
  choose:
    type: chance
    label: Which way?
    branches:
      - {label: Out, to: weather, when: p_open < 0.5}
      - {label: Stay in, to: home}
  weather:
    type: chance
    label: Weather
    branches:
      - {label: Rain, to: home, weight: p_rain}
      - {label: Dry, to: park, weight: 1 - p_rain}
  home: {type: outcome, label: Home}
  park: {type: outcome, label: Park}
"""


def gate(tmp_path: Path) -> object:
    file = tmp_path / "gate.yaml"
    file.write_text(GATE, encoding="utf-8")
    return load_path(file)


def vectors(s: object, count: int = 3) -> list[dict[str, float]]:
    rng = random.Random(7)
    out: list[dict[str, float]] = [{}]
    for _ in range(count):
        out.append({k: rng.uniform(a.low, a.high) for k, a in s.spec.assumptions.items()  # type: ignore[attr-defined]
                    if a.low is not None and a.high is not None})
    return out


@pytest.mark.parametrize("name", ["mexico", "tutorial", "venezuela", str(DATA / "port-dispute.yaml")])
@pytest.mark.big
def test_reach_is_explore(name: str) -> None:
    s = engine.load(name)
    for moved in vectors(s):
        a = s.assumption_values(moved)
        mine, plain = reach(s, a), explore(s.runtime, a)
        assert (mine.order, mine.arrivals, mine.completions, mine.shares) == \
            (plain.order, plain.arrivals, plain.completions, plain.shares), moved


def test_reach_follows_a_guard_that_reads_an_assumption(tmp_path: Path) -> None:
    s = gate(tmp_path)
    weather = s.runtime.index["weather"]  # type: ignore[attr-defined]
    for p_open in (0.3, 0.8, 0.3):
        a = s.assumption_values({"p_open": p_open})  # type: ignore[attr-defined]
        mine = reach(s, a)
        assert mine.shares == explore(s.runtime, a).shares  # type: ignore[attr-defined]
        assert ((weather, 0) in mine.shares) == (p_open < 0.5)


@pytest.mark.big
def test_counts_only_summary_matches_the_full_one(tmp_path: Path) -> None:
    for s in (engine.load("mexico"), gate(tmp_path)):
        for moved in vectors(s):
            full = s.summarize(moved)
            counts = s.summarize(moved, weights=False)
            assert counts.path_count == full.path_count
            assert [(o.node, o.paths, o.low, o.high) for o in counts.outcomes] == \
                [(o.node, o.paths, o.low, o.high) for o in full.outcomes]
            assert all(o.weight_low is None and o.weight_high is None for o in counts.outcomes)


def test_counts_only_summary_is_kept_per_guard_values_not_stale(tmp_path: Path) -> None:
    s = gate(tmp_path)
    open_, shut = s.summarize({"p_open": 0.3}, weights=False), s.summarize({"p_open": 0.9}, weights=False)
    assert (open_.path_count, shut.path_count) == (3, 1)
    assert s.summarize({"p_open": 0.3, "p_rain": 0.8}, weights=False) is open_  # weights don't move counts
    assert s.summarize({"p_open": 0.1}, weights=False).path_count == 3


def test_reach_keeps_explores_messages(tmp_path: Path) -> None:
    file = tmp_path / "zero.yaml"  # both weights are 0 at p_rain = 0.5, a value inside the range
    square = "weight: (p_rain - 0.5) * (p_rain - 0.5)"
    file.write_text(GATE.replace("value: 0.5", "value: 0.3").replace("weight: 1 - p_rain", square)
                    .replace("weight: p_rain", square), encoding="utf-8")
    s = load_path(file)
    bad = s.assumption_values({"p_rain": 0.5})
    with pytest.raises(UsageError) as plain:
        explore(s.runtime, bad)
    with pytest.raises(UsageError) as mine:
        reach(s, bad)
    assert mine.value.message == plain.value.message
    good = s.assumption_values({"p_rain": 0.7})
    assert reach(s, good).shares == explore(s.runtime, good).shares


def test_load_checks_still_find_a_dead_end_at_a_range_end(tmp_path: Path) -> None:
    from scenarios.engine.errors import ScenarioError

    file = tmp_path / "shut.yaml"  # at p_open = 1 neither branch is open
    file.write_text(GATE.replace("{label: Stay in, to: home}", "{label: Stay in, to: home, when: p_open < 0.9}"),
                    encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_path(file)
    assert "dead end at 'choose'" in str(refused.value) and "when p_open = 1 (the high end of its range)" in \
        str(refused.value)


def test_load_checks_still_find_a_weight_failing_at_a_range_end(tmp_path: Path) -> None:
    from scenarios.engine.errors import ScenarioError

    file = tmp_path / "negative.yaml"  # Dry's weight is negative once p_rain passes 0.8
    file.write_text(GATE.replace("weight: 1 - p_rain", "weight: 0.8 - p_rain"), encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_path(file)
    assert "the weight of branch 'Dry' is negative" in str(refused.value)
    assert "when p_rain = 0.9 (the high end of its range)" in str(refused.value)
