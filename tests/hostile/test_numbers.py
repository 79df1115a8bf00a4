"""Hostile numbers: every number accepted is finite and representable; failures point at their line."""

from __future__ import annotations

import json

import pytest

from scenarios import engine
from scenarios.engine import ScenarioError, UsageError, load_text
from scenarios.engine.format.assumptions import load_assumption_file, parse_settings
from tests.conftest import PORT

BASE = PORT.read_text(encoding="utf-8")


def variant(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def refused(text: str) -> str:
    """The one-line message `check` gives, with its position."""
    with pytest.raises(ScenarioError) as info:
        load_text(text, "s.yaml")
    first = info.value.errors[0]
    assert first.position.line > 0
    return str(first)


@pytest.mark.parametrize(("written", "says"), [
    ("9" * 5000, "5,000 digits is too large"),
    ("9" * 400, "400 digits is too large"),
    ("1" + "0" * 309, "too large to represent"),
    ("1e400", "'1e400' is too large"),
    ("-1e400", "'-1e400' is too large"),
    (".inf", "not a finite number"),
    (".nan", "not a finite number"),
    ("!!float 1e999", "too large"),
    ("1e-400", "too small to represent"),
])
def test_unrepresentable_numbers_are_refused_where_written(written: str, says: str) -> None:
    message = refused(variant("start: 100, min: 0", f"start: {written}, min: 0"))
    assert message.startswith("s.yaml:13:") and says in message


@pytest.mark.parametrize(("weight", "says"), [
    ("1/0", "division by zero in '1 / 0'"),
    ("1e308*10", "gives a number too large to represent"),
    ("1e308*10*0", "too large"),
    ("1e999", "too large to represent"),
    ("9" * 400, "too large to represent"),
])
def test_a_constant_weight_that_fails_is_an_error_at_its_line(weight: str, says: str) -> None:
    message = refused(variant("weight: p_talks_succeed}", f"weight: {weight}}}"))
    assert message.startswith("s.yaml:35:") and says in message


def test_a_weight_that_fails_at_an_end_of_its_assumption_range_fails_check() -> None:
    message = refused(variant("weight: p_talks_succeed}", "weight: 1 / (p_talks_succeed - 0.2)}"))
    assert message.startswith("s.yaml:35:46: error: the weight of branch 'Agreement' failed: division by zero")
    assert "when p_talks_succeed = 0.2 (the low end of its range)" in message


def test_huge_finite_weights_normalize() -> None:
    text = variant("weight: p_talks_succeed}", "weight: 1e308}").replace(
        "weight: 1 - p_talks_succeed,", "weight: 1e308,")
    scenario = load_text(text, "s.yaml")
    weights = [p.weight for p in scenario.paths() if any(b.label == "Agreement" for b in p.branches)]
    assert weights == [0.5]


@pytest.mark.parametrize(("old", "new", "says"), [
    ("effects: {tension: 2, trade: -30}", "effects: {tension: 2, trade: 1e308}", "indicator 'trade'"),
    ("payoffs: {gov_a: -1}", "payoffs: {gov_a: 1e301}", "actor 'gov_a'"),
    ("values: {tension: -2, trade: 1}", "values: {tension: -2, trade: 1e299}", "actor 'gov_a'"),
])
def test_indicators_and_scores_that_could_overflow_are_refused(old: str, new: str, says: str) -> None:
    assert says in refused(variant(old, new))


def test_every_command_works_on_large_but_finite_numbers() -> None:
    text = variant("payoffs: {gov_a: -1}", "payoffs: {gov_a: -1e299}")
    scenario = load_text(text, "s.yaml")
    outputs = [engine.export(scenario, "json"), engine.export(scenario, "efg"),
               json.dumps(engine.analyze(scenario).to_dict()), json.dumps(engine.sensitivity(scenario).to_dict())]
    for out in outputs:
        assert "Infinity" not in out and "NaN" not in out


@pytest.mark.big
def test_assumption_files_and_set_refuse_the_same_numbers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    scenario = engine.load(PORT)
    group = tmp_path / "group.yaml"
    group.write_text("p_talks_succeed: " + "9" * 5000 + "\n")
    with pytest.raises(ScenarioError) as info:
        load_assumption_file(scenario, group)
    assert str(info.value.errors[0]).startswith(f"{group}:1:18: error: the number written with 5,000 digits")
    for value in ("nan", "inf", "1e999", "9" * 5000):
        with pytest.raises(UsageError, match=r"finite|too large"):
            parse_settings(scenario, [f"p_talks_succeed={value}"])


def test_a_where_that_fails_on_a_path_is_one_line_naming_it() -> None:
    scenario = engine.load(PORT)
    with pytest.raises(UsageError) as info:
        list(scenario.paths(where="trade / (trade - 100) > 1"))
    assert str(info.value) == ("--where 'trade / (trade - 100) > 1' fails on path 1 (Propose talks → Agreement): "
                               "division by zero in 'trade / (trade - 100)'")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 10**400])
def test_the_python_api_refuses_non_finite_assumption_values(value: float) -> None:
    with pytest.raises(UsageError, match="must be a finite number"):
        engine.summarize(engine.load(PORT), {"p_talks_succeed": value})
