"""`compare` over many sets at once (the room's analysis): the same Comparison as one set at a time, and the
workshop's room analysis kept between states of the room gives the answer a fresh one gives."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import engine
from scenarios.engine.analysis.compare import Rollbacks, compare
from scenarios.engine.analysis.rules import RULES
from scenarios.engine.errors import ScenarioError
from scenarios.engine.workshop.spread import RoomMemo, group_analysis, median_set
from tests.engine.test_sensitivity import GUARDED
from tests.models import random_yaml

TIES = Path(__file__).parent.parent / "data" / "analysis" / "ties.yaml"


def _sets(scenario: engine.Scenario, n: int, seed: int) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    ranged = {k: a for k, a in scenario.spec.assumptions.items() if a.low is not None and a.high is not None}
    return {f"p{k}": {name: rng.uniform(a.low, a.high) for name, a in ranged.items()}  # type: ignore[arg-type]
            for k in range(n)}


def _same(scenario: engine.Scenario, groups: dict[str, dict[str, float]], rule: str) -> None:
    bulk = compare(scenario, groups, rule)
    one_by_one = compare(scenario, groups, rule, batch=False)
    # every number equal, difference 0 (paths, weights, scores, indicators, each branch's value), and the same rows
    assert bulk == one_by_one
    assert bulk.to_dict() == one_by_one.to_dict()
    assert [g.analysis.paths for g in bulk.groups] == [g.analysis.paths for g in one_by_one.groups]
    assert [[c.history for c in g.analysis.choices] for g in bulk.groups] == \
        [[c.history for c in g.analysis.choices] for g in one_by_one.groups]
    assert [d.history for d in bulk.decisions] == [d.history for d in one_by_one.decisions]
    rows_only = compare(scenario, groups, rule, each_set=False)  # as the workshop's room asks: the rows alone
    assert rows_only.decisions == one_by_one.decisions and rows_only.groups == ()
    assert [d.to_dict() for d in rows_only.decisions] == [d.to_dict() for d in one_by_one.decisions]


@pytest.mark.big
@pytest.mark.parametrize("rule", list(RULES))
def test_the_bulk_route_equals_the_per_set_route_on_mexico(rule: str) -> None:
    scenario = engine.load("mexico")
    sets = _sets(scenario, 120 if rule == "expected" else 40, seed=7)
    # two people with the same numbers, and one who set nothing, as in a room
    sets["twin"] = dict(sets["p3"])
    sets["silent"] = {}
    _same(scenario, {"median": median_set(scenario, sets), **sets}, rule)
    result = compare(scenario, sets, rule)
    assert len({c.text for g in result.groups for c in g.analysis.choices}) > 2  # the sets do lead apart


@pytest.mark.parametrize("name", ["tutorial", "venezuela", "fentanyl-labs"])
def test_the_bulk_route_equals_the_per_set_route_on_the_library(name: str) -> None:
    scenario = engine.load(name)
    for rule in RULES:
        _same(scenario, _sets(scenario, 25, seed=3), rule)


def test_ties_and_guards_read_the_same_in_bulk() -> None:
    # exact ties (an indifferent actor's branches share the weight) and a guard on an assumption (the sets
    # unfold to different trees, rolled back group by group)
    for scenario in (engine.load(TIES), engine.load_text(GUARDED, "guarded.yaml")):
        sets = _sets(scenario, 30, seed=1)
        sets["at the tie"] = {"p_rain": 0.5} if "p_rain" in scenario.spec.assumptions else {}
        for rule in RULES:
            _same(scenario, sets, rule)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 8), rule=st.sampled_from(list(RULES)), risky=st.booleans())
def test_the_bulk_route_equals_the_per_set_route_on_random_models(seed: int, size: int, rule: str,
                                                                   risky: bool) -> None:
    text = random_yaml(seed, size)
    if risky:  # certainty equivalents, and the expected scores beside them
        text = text.replace("a: {name: A,", "a: {name: A, risk: {tolerance: 2},")
    try:
        scenario = engine.load_text(text, name=f"random-{seed}")
    except ScenarioError:
        return
    _same(scenario, _sets(scenario, 12, seed), rule)


def test_a_set_kept_from_the_last_call_is_not_rolled_back_again() -> None:
    scenario = engine.load(TIES)
    memo = Rollbacks()
    sets = _sets(scenario, 10, seed=2)
    first = compare(scenario, sets, memo=memo)
    assert memo.reused == 0
    sets["p4"] = {"p_rain": 0.77}
    second = compare(scenario, sets, memo=memo)
    assert memo.reused == 9
    assert second == compare(scenario, sets) and second != first
    assert compare(scenario, sets, "maximin", memo=memo) == compare(scenario, sets, "maximin")
    assert memo.reused == 0  # another rule: every set again


def _fresh(sets: dict[str, dict[str, float]], each_set: bool) -> dict[str, object]:
    """A fresh room's analysis; without each set's record (as the workshop's worker asks), the same less "groups"."""
    found = group_analysis(engine.load("mexico"), sets)
    if not each_set:
        found["comparison"]["groups"] = []  # type: ignore[index]
    return found


@pytest.mark.big
@pytest.mark.parametrize("each_set", [True, False])
def test_the_room_kept_between_slider_moves_answers_as_a_fresh_room(each_set: bool) -> None:
    scenario = engine.load("mexico")
    sets = _sets(scenario, 60, seed=11)
    memo = RoomMemo()
    assert group_analysis(scenario, sets, memo=memo, each_set=each_set) == _fresh(sets, each_set)
    rng = random.Random(4)
    names = list(next(iter(sets.values())))
    medians_moved = 0
    for _ in range(6):
        moved = copy.deepcopy(sets)
        who, what = f"p{rng.randrange(60)}", rng.choice(names)
        a = scenario.spec.assumptions[what]
        # half the moves take the value across the median, so the median moves too
        moved[who][what] = a.high if moved[who][what] < median_set(scenario, sets)[what] else a.low  # type: ignore[assignment]
        changed = median_set(scenario, moved) != median_set(scenario, sets)
        kept = group_analysis(scenario, moved, memo=memo, each_set=each_set)
        assert kept == _fresh(moved, each_set)
        assert memo.rollbacks.reused == (59 if changed else 60)  # only the mover's set (and a moved median) is new
        assert memo.swept == ((tuple(n for n in names if n != what)) if changed else ())
        medians_moved += changed
        sets = moved
    assert medians_moved


PLAYS = """
title: Plays that part deep down, and a choice off the play
actors:
  ann: {name: Ann}
  bea: {name: Bea}
  cat: {name: Cat}
  dan: {name: Dan}
assumptions:
  x: {value: 0.2, low: 0, high: 1}
  y: {value: 0.2, low: 0, high: 1}
  z: {value: 0, low: 0, high: 10}
start: ann_moves
nodes:
  ann_moves:
    type: decision
    actor: ann
    label: Ann's move
    branches:
      - {label: Go, to: bea_moves}
      - {label: Stay, to: dan_moves}
  bea_moves:
    type: decision
    actor: bea
    label: Bea's move
    branches:
      - {label: "On", to: cat_moves}
      - {label: "Off", to: off}
  cat_moves:
    type: decision
    actor: cat
    label: Cat's move, deep on the play
    branches:
      - {label: Left, to: left}
      - {label: Right, to: right}
  dan_moves:
    type: decision
    actor: dan
    label: Dan's move, off the play unless Ann stays
    branches:
      - {label: Up, to: up}
      - {label: Down, to: down}
  off:   {type: outcome, label: Off, payoffs: {ann: 0, bea: 0}}
  left:  {type: outcome, label: Left, payoffs: {ann: 5, bea: 1, cat: 0.5}}
  right: {type: outcome, label: Right, payoffs: {ann: 4, bea: 1, cat: x}}
  up:    {type: outcome, label: Up, payoffs: {ann: z, dan: 0.5}}
  down:  {type: outcome, label: Down, payoffs: {ann: z, dan: y}}
"""


def test_sets_are_grouped_by_their_whole_play_and_read_their_own_choices() -> None:
    # a and b follow the same play and differ only at Dan's move, off it; d parts from them only at Cat's move,
    # two decisions down its play; c stays, so Dan's move is a row of the comparison. Read as the play of the set
    # it was grouped with, b would show Up at Dan's move and d Left at Cat's.
    scenario = engine.load_text(PLAYS, "plays.yaml")
    sets = {"a": {"x": 0.2, "y": 0.2}, "b": {"x": 0.2, "y": 0.8}, "c": {"z": 9.0}, "d": {"x": 0.8, "y": 0.2}}
    bulk = compare(scenario, sets)
    _same(scenario, sets, "expected")
    rows = {d.node: d for d in bulk.decisions}
    assert rows["cat_moves"].by_group == {"a": "Left", "b": "Left", "c": "Left", "d": "Right"}
    assert rows["cat_moves"].on_play == {"a": True, "b": True, "c": False, "d": True}
    assert rows["dan_moves"].by_group == {"a": "Up", "b": "Down", "c": "Up", "d": "Up"}
    assert rows["dan_moves"].on_play == {"a": False, "b": False, "c": True, "d": False}
    found = {g.name: g.analysis for g in bulk.groups}
    assert [p.outcome for p in found["d"].paths] == ["right"] and [p.outcome for p in found["b"].paths] == ["left"]
    assert found["d"].values == {"ann": 4.0, "bea": 1.0, "cat": 0.8, "dan": 0.0}
    assert found["b"].choices[-1].values == {"Left": 0.5, "Right": 0.2}
    # without each set's own record (the room's screen and handout): the same rows, no groups
    rows_only = compare(scenario, sets, each_set=False)
    assert rows_only.decisions == bulk.decisions and rows_only.groups == ()
    assert [d.to_dict() for d in rows_only.decisions] == [d.to_dict() for d in bulk.decisions]


def test_a_slider_moved_across_the_median_and_back_sweeps_nothing_again() -> None:
    scenario = engine.load("fentanyl-labs")
    sets = _sets(scenario, 11, seed=6)
    what = next(iter(sets["p0"]))
    memo = RoomMemo()
    group_analysis(scenario, sets, memo=memo, each_set=False)
    median = median_set(scenario, sets)[what]
    who = next(k for k, v in sets.items() if v[what] > median)
    across = copy.deepcopy(sets)
    across[who][what] = scenario.spec.assumptions[what].low  # type: ignore[assignment]
    assert median_set(scenario, across)[what] != median
    first = group_analysis(scenario, across, memo=memo, each_set=False)
    assert set(memo.swept) == set(sets["p0"]) - {what}  # every sweep but the moved one's reads its median
    back = copy.deepcopy(across)
    back[who][what] = scenario.spec.assumptions[what].high  # type: ignore[assignment]  # above again: the same median
    assert median_set(scenario, back) == median_set(scenario, sets)
    again = group_analysis(scenario, back, memo=memo, each_set=False)
    assert memo.swept == ()  # each sweep at that median was kept
    assert again == group_analysis(engine.load("fentanyl-labs"), back, each_set=False) != first


def test_an_actor_with_a_risk_tolerance_gets_the_per_set_value_to_the_last_bit() -> None:
    # found by the random models above (seed 1801): NumPy's exp and log differed from the C library's in the last bit
    text = random_yaml(1801, 4).replace("a: {name: A,", "a: {name: A, risk: {tolerance: 2},")
    scenario = engine.load_text(text, name="random-1801")
    for rule in RULES:
        _same(scenario, _sets(scenario, 12, 1801), rule)
