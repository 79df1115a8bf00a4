"""`engine.analyze`: textbook trees with known answers, a two-actor game solved by hand, the play."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.errors import UsageError
from tests.conftest import PORT
from tests.models import chain_yaml

DATA = Path(__file__).parent.parent / "data" / "analysis"


def load(name: str) -> engine.Scenario:
    return engine.load(DATA / f"{name}.yaml")


@pytest.mark.parametrize(("rule", "alpha", "choice", "value"), [
    pytest.param("expected", 0.5, "Safe", 20.0, id="expected_value"),
    pytest.param("laplace", 0.5, "Bold", 30.0, id="laplace_mean"),
    pytest.param("maximin", 0.5, "Safe", 20.0, id="maximin_worst"),
    pytest.param("maximax", 0.5, "Bold", 100.0, id="maximax_best"),
    pytest.param("hurwicz", 0.5, "Bold", 30.0, id="hurwicz_half"),
    pytest.param("hurwicz", 0.2, "Safe", 20.0, id="hurwicz_cautious"),
])
def test_textbook_rules(rule: str, alpha: float, choice: str, value: float) -> None:
    result = engine.analyze(load("rules"), rule=rule, alpha=alpha)
    assert result.values == {"me": pytest.approx(value)}
    assert [c.choice for c in result.choices] == [choice]


def test_expected_values_of_each_branch() -> None:
    result = engine.analyze(load("rules"))
    assert result.choices[0].values == pytest.approx({"Bold": 2.0, "Steady": 19.0, "Safe": 20.0})
    assert result.assumptions == {"p_boom": 0.3}
    assert result.rules[0].by_rule == {"expected": "Safe", "laplace": "Bold", "maximin": "Safe",
                                       "maximax": "Bold", "hurwicz": "Bold"}


def test_expected_with_an_assumption_set() -> None:
    result = engine.analyze(load("rules"), assumptions={"p_boom": 0.5})
    assert result.values == {"me": pytest.approx(30.0)}
    assert result.assumptions == {"p_boom": 0.5}


def test_two_actor_game_solved_by_hand() -> None:
    result = engine.analyze(load("entry-game"))
    assert result.values == {"entrant": 1.0, "incumbent": 1.0}
    assert [(c.node, c.actor, c.history, c.choice) for c in result.choices] == [
        ("enter", "entrant", (), "Enter"),
        ("respond", "incumbent", ("Enter",), "Accommodate"),
    ]
    assert result.choices[1].values == {"Fight": -1.0, "Accommodate": 1.0}
    assert [(p.steps, p.outcome, p.weight) for p in result.paths] == [
        ((("enter", "Enter"), ("respond", "Accommodate")), "share", 1.0)]


def test_port_dispute_play_weights_and_indicators() -> None:
    result = engine.analyze(engine.load(PORT))
    assert result.values == {"gov_a": 99.0, "gov_b": 199.5}
    assert [p.weight for p in result.paths] == [0.5, 0.5]
    assert result.path_count == 2
    # tension ends low (0) or moderate (1): expected level position 0.5
    assert result.indicators == {"tension": 0.5, "trade": 100.0, "talks_held": 1.0}


UMBRELLA = """
title: Umbrella
actors:
  me: {name: Me, values: {wet: -5}}
indicators:
  wet: {type: flag}
start: weather
nodes:
  weather:
    type: chance
    label: Weather
    branches:
      - {label: Rain, to: go, weight: 1, effects: {wet: true}}
      - {label: Sun, to: go, weight: 1}
  go:
    type: decision
    actor: me
    label: Go out
    branches:
      - {label: Umbrella, to: dry, effects: {wet: false}}
      - {label: Without, to: plain}
  dry: {type: outcome, label: Carried an umbrella, payoffs: {me: -1}}
  plain: {type: outcome, label: Went without}
"""


def test_same_node_in_two_states_is_decided_separately() -> None:
    result = engine.analyze(engine.load_text(UMBRELLA, name="umbrella"))
    assert [(c.node, c.history, c.choice) for c in result.choices] == [
        ("go", ("Rain",), "Umbrella"), ("go", ("Sun",), "Without")]
    assert result.values == {"me": -0.5}
    assert result.indicators == {"wet": 0.0}


def test_a_tie_is_a_set_of_best_branches_not_the_first_in_file_order() -> None:
    text = (DATA / "entry-game.yaml").read_text().replace("{entrant: -1, incumbent: -1}",
                                                           "{entrant: -1, incumbent: 1}")
    result = engine.analyze(engine.load_text(text, name="tie"))
    respond = result.choices[1]
    assert (respond.choice, respond.best, respond.tied) == (None, ("Fight", "Accommodate"), ("Fight", "Accommodate"))
    assert respond.text == "indifferent between Fight and Accommodate"
    # to the entrant the incumbent's tie is an even chance of -1 and 1: entering is worth 0, as is staying out
    assert result.choices[0].best == ("Stay out", "Enter")
    assert result.values["entrant"] == pytest.approx(0.0)
    assert result.choices[0].text == "indifferent between Stay out and Enter"


def test_ties_in_the_play_paths_and_every_rule() -> None:
    result = engine.analyze(load("ties"))
    ann, bea = result.choices[0], result.choices[1]
    assert ann.text == "indifferent between Talk and Walk"
    assert bea.text == "indifferent between Yes and No"
    # the play follows every best branch; weights are given these decisions
    assert [(tuple(b for _, b in p.steps), p.weight) for p in result.paths] == [
        (("Talk", "Yes"), 1.0), (("Talk", "No"), 1.0), (("Walk", "Rain"), 0.5), (("Walk", "Dry"), 0.5)]
    assert result.values == {"ann": pytest.approx(1.0), "bea": pytest.approx(0.5)}
    assert {row.node: set(row.by_rule.values()) for row in result.rules}["bea_reply"] == {
        "indifferent between Yes and No"}


def test_rule_needing_weights_names_the_nodes() -> None:
    scenario = load("unweighted")
    with pytest.raises(UsageError) as exc:
        engine.analyze(scenario)
    assert exc.value.message == (
        "rule 'expected' needs weights, but these chance nodes have none: storm (give their branches weights, "
        "or use a rule that needs none: laplace, maximin, maximax, hurwicz)")
    result = engine.analyze(scenario, rule="laplace")
    assert result.choices[0].choice == "Act"
    assert result.indicators == {}
    assert result.rules[0].by_rule["expected"] is None
    assert [p.weight for p in result.paths] == [None, None]


def test_unknown_rule_and_bad_alpha() -> None:
    with pytest.raises(UsageError, match=r"unknown rule 'best' \(must be one of 'expected', 'hurwicz'"):
        engine.analyze(engine.load(PORT), rule="best")
    with pytest.raises(UsageError, match=r"alpha = 1.5 is outside \[0, 1\]"):
        engine.analyze(engine.load(PORT), rule="hurwicz", alpha=1.5)


def test_results_are_frozen() -> None:
    result = engine.analyze(engine.load(PORT))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.rule = "maximin"  # type: ignore[misc]


def test_json_keys() -> None:
    data = engine.analyze(engine.load(PORT)).to_dict()
    assert {"rule", "assumptions", "values", "choices", "indicators", "rules"} <= set(data)
    assert set(data["choices"][0]) >= {"node", "actor", "history", "choice", "values"}
    assert set(data["rules"][0]) == {"node", "history", "actor", "by_rule"}


# 1,500 is past Python's default recursion limit (1,000), so a recursive analysis fails it too
@pytest.mark.parametrize("depth", [1_500, pytest.param(10_000, marks=pytest.mark.big)])
def test_ten_thousand_deep_chain(depth: int) -> None:
    result = engine.analyze(engine.load_text(chain_yaml(depth), name="chain"))
    assert len(result.choices) == depth
    assert result.path_count == 1


def test_the_table_of_every_rule_is_the_same_when_read_later_and_in_another_process() -> None:
    """`analyze` works the table of every rule's choices out when it is first read: the rows are those of
    the four rollbacks done at once, and an analysis sent to a worker process carries them."""
    import pickle

    from scenarios.engine.analysis.analyze import _rules_table, analyze
    from scenarios.engine.analysis.rollback import solve
    from scenarios.engine.core.unfold import unfold

    scenario = engine.load("mexico")
    result = analyze(scenario, "maximin")
    a = scenario.assumption_values(None)
    actors = {x: k for k, x in enumerate(scenario.spec.actors)}
    u = unfold(scenario, a)
    eager = _rules_table(u, scenario.runtime, actors, a, "maximin", 0.5, solve(u, scenario.runtime, actors, a,
                                                                                  "maximin", 0.5))
    assert len(eager) > 1 and tuple(result.rules) == eager
    assert result.to_dict()["rules"] == [row.to_dict() for row in eager]
    assert pickle.loads(pickle.dumps(result)).rules == eager
