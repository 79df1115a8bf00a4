"""`engine.sensitivity`: sweeps, tornado order and flip thresholds found by bisection."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.errors import UsageError
from tests.conftest import PORT

DATA = Path(__file__).parent.parent / "data" / "analysis"


def test_threshold_of_a_one_decision_tree() -> None:
    # Safe pays 40; the gamble pays 100 × p: the choice flips at p = 0.4 exactly.
    result = engine.sensitivity(engine.load(DATA / "one-decision.yaml"))
    (sweep,) = result.sweeps
    (t,) = sweep.thresholds
    assert t.value == pytest.approx(0.4, abs=1e-6)
    assert (t.node, t.history, t.actor, t.before, t.after, t.on_play) == ("choose", (), "me", "Safe", "Gamble", True)
    assert sweep.values == {"me": (40.0, 100.0)}
    assert result.base_values == {"me": 40.0}


def test_thresholds_in_a_three_option_tree() -> None:
    # Safe 20; Steady 10 + 30p; Bold -40 + 140p: Steady overtakes Safe at p = 1/3, Bold overtakes Steady at 5/11.
    sweep = engine.sensitivity(engine.load(DATA / "rules.yaml"), steps=7).sweeps[0]
    assert [(round(t.value, 6), t.before, t.after) for t in sweep.thresholds] == [
        (pytest.approx(1 / 3, abs=1e-6), "Safe", "Steady"), (pytest.approx(5 / 11, abs=1e-6), "Steady", "Bold")]


def test_port_dispute_sweep_and_json() -> None:
    result = engine.sensitivity(engine.load(PORT), steps=5)
    (sweep,) = result.sweeps
    assert sweep.xs == pytest.approx((0.2, 0.35, 0.5, 0.65, 0.8))
    assert sweep.values == {"gov_a": pytest.approx((98.4, 99.6)), "gov_b": pytest.approx((199.2, 199.8))}
    assert sweep.thresholds == ()
    data = result.to_dict()
    assert data["assumptions"][0]["name"] == "p_talks_succeed"
    assert set(data["assumptions"][0]) >= {"name", "low", "high", "values", "thresholds"}
    assert data["assumptions"][0]["values"] == {"gov_a": [pytest.approx(98.4), pytest.approx(99.6)],
                                                "gov_b": [pytest.approx(199.2), pytest.approx(199.8)]}


@pytest.mark.big
def test_tornado_order_puts_the_largest_swing_first() -> None:
    result = engine.sensitivity(engine.load("mexico"), steps=5)
    swings = [s.swing for s in result.sweeps]
    assert swings == sorted(swings, reverse=True)


def test_other_assumptions_keep_the_values_set() -> None:
    text = (DATA / "rules.yaml").read_text().replace(
        "  p_boom: {value: 0.3, low: 0, high: 1}",
        "  p_boom: {value: 0.3, low: 0, high: 1}\n  bonus: {value: 0, low: -50, high: 50}").replace(
        "      - {label: Safe, to: safe}", "      - {label: Safe, to: safe}\n      - {label: Bonus, to: safe_bonus, "
                                           "when: bonus > 0}").replace(
        "  safe:        {type: outcome", "  safe_bonus:  {type: outcome, label: Bonus, payoffs: {me: 90}}\n"
                                        "  safe:        {type: outcome")
    scenario = engine.load_text(text, name="bonus")
    result = engine.sensitivity(scenario, ["p_boom"], steps=3, assumptions={"bonus": 10})
    assert result.sweeps[0].values == {"me": (90.0, 100.0)}
    assert result.assumptions == {"p_boom": 0.3, "bonus": 10}
    guard = engine.sensitivity(scenario, ["bonus"], steps=3)
    (flip,) = guard.sweeps[0].thresholds
    assert (flip.value, flip.before, flip.after) == (pytest.approx(0.0, abs=1e-6), "Safe", "Bonus")


def test_unknown_or_unranged_assumption() -> None:
    scenario = engine.load(PORT)
    with pytest.raises(UsageError, match=r"unknown assumption 'p_talks_suceed' \(did you mean 'p_talks_succeed'"):
        engine.sensitivity(scenario, ["p_talks_suceed"])
    with pytest.raises(UsageError, match="steps = 1: a sweep needs at least 2 points"):
        engine.sensitivity(scenario, steps=1)


def test_charts_are_svg_and_png(tmp_path: Path) -> None:
    from scenarios.engine.output.charts.sensitivity import sweep_chart, tornado

    result = engine.sensitivity(engine.load(DATA / "one-decision.yaml"), steps=5)
    svg = tornado(result, "svg")
    assert svg.startswith(b"<?xml") and b"Written by scenarios" in svg
    assert tornado(result, "svg") == svg  # deterministic
    png = sweep_chart(result, result.sweeps[0], "png")
    assert png.startswith(b"\x89PNG") and b"Written by scenarios" in png


GUARDED = """
title: A guard that reads an assumption, and a tie at one sweep point
actors:
  me: {name: Me}
  you: {name: You}
assumptions:
  p: {value: 0.3, low: 0, high: 1}
  open: {value: 0.5, low: 0, high: 1}
start: choose
nodes:
  choose:
    type: decision
    actor: me
    label: Choose
    branches:
      - {label: Safe, to: safe}
      - {label: Gamble, to: lottery}
      - {label: Hedge, to: hedge, when: open > 0.5}
  lottery:
    type: chance
    label: Lottery
    branches:
      - {label: Win, to: win, weight: p}
      - {label: Lose, to: lose, weight: 1 - p}
  hedge:
    type: chance
    label: Hedge
    branches:
      - {label: Up, to: win, weight: p / 2}
      - {label: Down, to: safe, weight: 1 - p / 2}
  safe: {type: outcome, label: Safe, payoffs: {me: 40, you: 1}}
  win: {type: outcome, label: Win, payoffs: {me: 100, you: 0}}
  lose: {type: outcome, label: Lose, payoffs: {me: 0, you: 2}}
"""


@pytest.mark.parametrize("rule", ["expected", "maximin", "hurwicz"])
@pytest.mark.parametrize("name", ["tutorial", "port", "mexico", "guarded"])
@pytest.mark.big
def test_the_batched_sweep_equals_the_per_point_route(name: str, rule: str) -> None:
    # every sweep point and bisection midpoint rolled back in batches gives exactly today's per-point answers:
    # the same values (difference 0), thresholds, flips and plays
    def load() -> engine.Scenario:
        if name == "guarded":
            return engine.load_text(GUARDED, "guarded.yaml")
        return engine.load(PORT if name == "port" else name)

    batched = engine.sensitivity(load(), steps=11 if name == "guarded" else 21, rule=rule)
    reference = engine.sensitivity(load(), steps=11 if name == "guarded" else 21, rule=rule, batch=False)
    assert batched == reference
    assert batched.to_dict() == reference.to_dict()
    if name in ("mexico", "guarded") and rule == "expected":
        assert sum(len(s.thresholds) for s in batched.sweeps) > 0


TWO_IN_ONE_STEP = """
title: Three decisions that flip inside one sweep step, one of them through a tie at a midpoint
actors:
  me: {name: Me}
assumptions:
  p: {value: 0.3, low: 0, high: 1}
start: coin
nodes:
  coin:
    type: chance
    label: Coin
    branches:
      - {label: First, to: first, weight: 1}
      - {label: Second, to: second, weight: 1}
      - {label: Third, to: third, weight: 1}
  first:
    type: decision
    actor: me
    label: First
    branches:
      - {label: Safe, to: forty}
      - {label: Gamble, to: lottery}
  second:
    type: decision
    actor: me
    label: Second
    branches:
      - {label: Safe, to: forty_five}
      - {label: Gamble, to: lottery}
  third:
    type: decision
    actor: me
    label: Third
    branches:
      - {label: Safe, to: quarter}
      - {label: Gamble, to: lottery}
  lottery:
    type: chance
    label: Lottery
    branches:
      - {label: Win, to: win, weight: p}
      - {label: Lose, to: lose, weight: 1 - p}
  forty: {type: outcome, label: Forty, payoffs: {me: 40}}
  forty_five: {type: outcome, label: Forty-five, payoffs: {me: 45}}
  quarter: {type: outcome, label: Quarter, payoffs: {me: 25}}
  win: {type: outcome, label: Win, payoffs: {me: 100}}
  lose: {type: outcome, label: Lose, payoffs: {me: 0}}
"""


@pytest.mark.parametrize("batch", [True, False])
def test_flips_in_one_step_part_where_their_choices_part(batch: bool) -> None:
    # the gamble is worth 100p: it overtakes 40 at p = 0.4, 45 at 0.45 and 25 at 0.25, all between the sweep points 0
    # and 0.5; the bisections go together until a midpoint falls between their flips (0.375, then 0.4375), and at
    # 0.25 itself, the first midpoint, the third decision is indifferent: from Safe to Gamble through a tie
    scenario = engine.load_text(TWO_IN_ONE_STEP, "two.yaml")
    (sweep,) = engine.sensitivity(scenario, steps=3, batch=batch).sweeps
    found = sorted((t.node, round(t.value, 5), t.before, t.after) for t in sweep.thresholds)
    assert found == [("first", 0.4, "Safe", "Gamble"), ("second", 0.45, "Safe", "Gamble"),
                     ("third", 0.25, "Safe", "Gamble")]
    assert all(t.on_play for t in sweep.thresholds)
    assert engine.sensitivity(engine.load_text(TWO_IN_ONE_STEP, "two.yaml"), steps=3, batch=not batch) == \
        engine.sensitivity(scenario, steps=3, batch=batch)


def test_a_sweep_of_mexico_is_a_few_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # the flips of one step that go the same way are bisected as one group, and a round's midpoints of assumptions
    # that move nearly the same vertices are one batch: mexico's 7,000-odd flips in a few rounds of a few batches
    from scenarios.engine.analysis import sweep

    calls = []
    solve_many = sweep.solve_many
    monkeypatch.setattr(sweep, "solve_many", lambda *a, **k: calls.append(a[3]) or solve_many(*a, **k))
    result = engine.sensitivity(engine.load("mexico"))
    assert sum(len(s.thresholds) for s in result.sweeps) > 7000
    assert len(calls) <= 20  # one batch per assumption per round was 34
    assert sum(calls) < 1500  # sets rolled back: 1,654 before the groups


def test_a_sweep_of_seventy_assumptions() -> None:
    # the batches' clusters read each vertex's assumptions as bits, 62 at a time: the 70th moves the lottery
    names = [f"a{k}" for k in range(70)]
    text = "\n".join([
        "title: Seventy assumptions", "actors:", "  me: {name: Me}", "assumptions:",
        *(f"  {n}: {{value: 0.3, low: 0, high: 1}}" for n in names), "start: choose", "nodes:",
        "  choose:", "    type: decision", "    actor: me", "    label: Choose", "    branches:",
        "      - {label: Safe, to: safe}", "      - {label: Gamble, to: lottery}",
        "  lottery:", "    type: chance", "    label: Lottery", "    branches:",
        "      - {label: Win, to: win, weight: a69 + a3 / 1000}", "      - {label: Lose, to: lose, weight: 1 - a69}",
        "  safe: {type: outcome, label: Safe, payoffs: {me: 40}}",
        "  win: {type: outcome, label: Win, payoffs: {me: 100}}",
        "  lose: {type: outcome, label: Lose, payoffs: {me: 0}}", ""])
    batched = engine.sensitivity(engine.load_text(text, "seventy.yaml"), steps=5)
    assert batched == engine.sensitivity(engine.load_text(text, "seventy.yaml"), steps=5, batch=False)
    (flip,) = next(s for s in batched.sweeps if s.name == "a69").thresholds
    assert (flip.before, flip.after) == ("Safe", "Gamble")
    assert [s.name for s in batched.sweeps if s.thresholds] == ["a69"]
