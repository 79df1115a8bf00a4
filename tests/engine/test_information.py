"""Value of information against the textbook oil wildcatter (Raiffa 1968), computed by hand.

Prior: dry 0.5, wet 0.3, soaking 0.2; drilling pays -70, 50, 200; not drilling 0.
Without the test: drilling is worth -35 + 15 + 40 = 20.  Knowing the state first:
0.5·0 + 0.3·50 + 0.2·200 = 55, so EVPI = 35.
With the test (cost 10): no structure (0.41) → don't drill; open (0.35) → drill, worth 11.5;
closed (0.24) → drill, worth 21; so testing is worth 32.5 − 10 = 22.5 > 20, and EVPI = 55 − 22.5 = 32.5.
The test's result is met only through the wildcatter's own choice, and the other choice (no test)
holds the well, whose odds the model does not tie to the result: "knowing the result for free" would
read 0.41·max(20, −10) + 0.35·max(20, 32.857 − 10) + 0.24·max(20, 87.5 − 10) = 34.8, EVPI 12.3, more
than the 10 a free test can be worth (issue 23, bug 1), so no number is given.  Where the other
choice is certain (no test = stop, worth 0): 0.41·max(0, −10) + 0.35·max(0, 22.857) + 0.24·max(0, 77.5)
= 26.6 against 22.5 now, EVPI 4.1 (at most the 10 the test costs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.analysis.information import value_of_information

OIL = Path(__file__).parent.parent / "data" / "uncertainty" / "oil-wildcatter.yaml"


def _by_node(rows):
    return {r.node: r for r in rows}


def test_wildcatter_with_the_seismic_test() -> None:
    rows = _by_node(value_of_information(engine.load(OIL)))
    assert rows["well"].without == pytest.approx(22.5)
    assert rows["well"].with_info == pytest.approx(55.0)
    assert rows["well"].evpi == pytest.approx(32.5)
    assert rows["seismic"].evpi is None
    assert "met only through wildcatter's own choice at 'test'" in rows["seismic"].reason


def test_a_result_met_only_by_choice_is_valued_when_the_other_choice_is_certain() -> None:
    text = OIL.read_text(encoding="utf-8").replace("- {label: No test, to: drill}", "- {label: No test, to: done}")
    rows = _by_node(value_of_information(engine.load_text(text, name="oil")))
    assert rows["seismic"].without == pytest.approx(22.5)
    assert rows["seismic"].with_info == pytest.approx(0.35 * 11.5 / 0.35 - 0.35 * 10 + 0.24 * 77.5)
    assert rows["seismic"].evpi == pytest.approx(4.1, abs=1e-9)
    assert rows["seismic"].evpi <= 10


def test_wildcatter_without_the_test_is_the_textbook_evpi() -> None:
    scenario = engine.load_text(OIL.read_text(encoding="utf-8").replace("start: test", "start: drill"), name="oil")
    rows = _by_node(value_of_information(scenario))
    assert list(rows) == ["well"]
    assert rows["well"].without == pytest.approx(20.0)
    assert rows["well"].evpi == pytest.approx(35.0)


def test_odds_the_actor_changes_by_its_own_choice_get_no_number() -> None:
    text = OIL.read_text(encoding="utf-8").replace(
        "- {label: No test, to: drill}", "- {label: No test, to: drill, effects: {l_dry: {set: 2}}}")
    rows = _by_node(value_of_information(engine.load_text(text, name="oil")))
    assert rows["well"].evpi is None
    assert "its odds depend on wildcatter's own choice at 'test'" in rows["well"].reason


def test_cautious_rules_see_chance_their_own_way() -> None:
    rows = _by_node(value_of_information(engine.load(OIL), rule="maximin"))
    assert rows["well"].evpi == 0.0  # the worst thing it could learn (dry) leaves it where it is: not drilling
    rows = _by_node(value_of_information(engine.load(OIL), rule="hurwicz", alpha=0.5))
    # without: drill is worth 0.5·200 + 0.5·(−70) = 65; knowing: 0.5·200 + 0.5·0 (dry: don't drill) = 100
    assert rows["well"].evpi == pytest.approx(35.0)
