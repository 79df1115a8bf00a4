"""The rules as the pages show them: the rule menu and each assumption's slider, from the engine alone."""

from __future__ import annotations

import pytest

from scenarios.engine.analysis.facts import rule_choices, slider, slider_step
from scenarios.engine.analysis.rules import DEFAULT_RULE, RULES
from scenarios.engine.format.model import Assumption


def test_the_rule_menu_is_the_rules_dict_in_order() -> None:
    choices = rule_choices()
    assert [c["name"] for c in choices] == list(RULES)
    assert [c["name"] for c in choices if c["default"]] == [DEFAULT_RULE] == ["expected"]
    assert [c["name"] for c in choices if c["alpha"]] == ["hurwicz"]


@pytest.mark.parametrize(("low", "high", "step"), [
    pytest.param(0, 1, 0.01, id="a_share"),
    pytest.param(0, 0.05, 0.0001, id="a_small_share"),
    pytest.param(0, 1000, 10, id="a_count"),
    pytest.param(-5, 5, 0.1, id="around_zero"),
    pytest.param(0.3, 0.3, 0.01, id="an_empty_range"),
])
def test_a_slider_steps_by_a_round_hundredth_of_its_range(low: float, high: float, step: float) -> None:
    assert slider_step(low, high) == pytest.approx(step)


def test_a_slider_over_an_open_range_still_slides() -> None:
    assert slider(Assumption(value=0.4, low=0, high=1)) == {"min": 0, "max": 1, "step": 0.01, "ranged": True}
    assert slider(Assumption(value=3)) == {"min": 0, "max": 6, "step": 0.01, "ranged": False}
    assert slider(Assumption(value=-2, high=0)) == {"min": -2, "max": 0, "step": 0.01, "ranged": False}
    assert slider(Assumption(value=0.3, low=0.3, high=0.3))["ranged"] is False
