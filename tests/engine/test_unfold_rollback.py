"""`analyze` on a freshly loaded scenario rolls back as it unfolds: the same answers as over a tree already built.

The walk that unfolds the scenario also rolls it back (each vertex's values as its children
finish) and scores each outcome with one written-out sum; what only sweeps read is worked out
when first read. These tests hold the two routes to each other, and the sum to `row_at`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import engine
from scenarios.engine.analysis.analyze import analyze
from scenarios.engine.analysis.rules import RULES
from scenarios.engine.core import scoring
from scenarios.engine.core.unfold import unfold
from scenarios.engine.errors import ScenarioError, UsageError
from tests.models import random_yaml

DATA = Path(__file__).parent.parent / "data"
LIBRARY = ("mexico", "venezuela", "fentanyl-labs", "tutorial")


def _answer(result: Any) -> tuple[Any, ...]:
    return (result.values, result.choices, result.paths, result.path_count, result.indicators, result.unweighted,
            tuple(result.rules), result.expected_values)


def _both_routes(load: Any, rule: str, alpha: float, assumptions: dict[str, float] | None) -> None:
    fresh = load()  # its tree is unfolded and rolled back in one walk
    built = load()
    unfold(built, built.assumption_values(None))  # its tree unfolded first, at the stated assumptions
    assert _answer(analyze(fresh, rule, alpha, assumptions)) == _answer(analyze(built, rule, alpha, assumptions))


@pytest.mark.parametrize("name", LIBRARY)
def test_a_fresh_analysis_equals_one_over_a_tree_already_built(name: str) -> None:
    scenario = engine.load(name)
    ranged = {x: a.high for x, a in scenario.spec.assumptions.items() if a.high is not None}
    for rule in RULES:
        _both_routes(lambda: engine.load(name), rule, 0.3, None)
    _both_routes(lambda: engine.load(name), "expected", 0.5, ranged)  # the tree built at other values than asked


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 8), rule=st.sampled_from(list(RULES)), risky=st.booleans())
def test_the_two_routes_agree_on_random_models(seed: int, size: int, rule: str, risky: bool) -> None:
    text = random_yaml(seed, size)
    if risky:  # certainty equivalents
        text = text.replace("a: {name: A,", "a: {name: A, risk: {tolerance: 2},")
    try:
        engine.load_text(text, name=f"random-{seed}")
    except ScenarioError:
        return
    _both_routes(lambda: engine.load_text(text, name=f"random-{seed}"), rule, 0.4, None)


TWO_UNWEIGHTED = """
title: Two events nobody put odds on
actors:
  me: {name: Me}
start: pick
nodes:
  pick:
    type: decision
    actor: me
    label: Which road?
    branches:
      - {label: Coast, to: storm}
      - {label: Hills, to: slide}
  storm:
    type: chance
    label: Does the storm hit?
    branches:
      - {label: Hits, to: bad}
      - {label: Misses, to: good}
  slide:
    type: chance
    label: Does the hill slide?
    branches:
      - {label: Slides, to: bad}
      - {label: Holds, to: good}
  bad: {type: outcome, label: Stuck, payoffs: {me: -5}}
  good: {type: outcome, label: Through, payoffs: {me: 8}}
"""


def test_a_rule_that_needs_weights_names_every_chance_node_without_them_on_a_fresh_scenario() -> None:
    # the walk stops rolling back at the first such node; the message still names both
    with pytest.raises(UsageError, match=r"these chance nodes have none: storm, slide \(give"):
        analyze(engine.load_text(TWO_UNWEIGHTED, name="roads"))
    scenario = engine.load_text(TWO_UNWEIGHTED, name="roads")
    assert analyze(scenario, "laplace").choices[0].values == {"Coast": 1.5, "Hills": 1.5}
    with pytest.raises(UsageError, match="storm, slide"):  # the same tree, already built
        analyze(scenario)


def test_analyze_leaves_what_only_sweeps_read_unbuilt_until_asked() -> None:
    scenario = engine.load("mexico")
    a = scenario.assumption_values(None)
    first = analyze(scenario)
    u = unfold(scenario, a)
    assert not {"kids", "dirty", "scored", "parent", "dynamic", "fixed"} & set(vars(u))
    assert u.kids == [tuple(zip(b, c, strict=True)) for b, c in zip(u.branches, u.children, strict=True)]
    assert len(u.dirty) == len(u.keys)  # every vertex of mexico moves with some assumption
    # a later vector starts from the rollback the walk left, redoing only what moves
    ranged = {x: v.low for x, v in scenario.spec.assumptions.items() if v.low is not None}
    assert _answer(analyze(scenario, assumptions=ranged)) == _answer(analyze(engine.load("mexico"), assumptions=ranged))
    assert _answer(analyze(scenario)) == _answer(first)


def _outcomes(scenario: engine.Scenario, a: tuple[float, ...]) -> list[tuple[int, Any]]:
    u = unfold(scenario, a)
    return [key for key, kind in zip(u.keys, u.kind, strict=True) if kind == 2]


@pytest.mark.parametrize("limit", [scoring.SUMS_LIMIT, 0], ids=["written_out", "looped"])
def test_the_scorer_gives_row_at_numbers_bit_for_bit(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoring, "SUMS_LIMIT", limit)
    for name in (*LIBRARY, DATA / "uncertainty" / "oil-wildcatter.yaml"):
        scenario = engine.load(name)
        rt, terms = scenario.runtime, scoring.score_terms(scenario)
        stated = scenario.assumption_values(None)
        moved = tuple(v * 1.37 + 0.1 for v in stated)  # values and payoffs that name assumptions read these
        for a in (stated, moved, None):
            row = scoring.scorer(terms, rt.nodes, a)
            for n, state in _outcomes(scenario, stated):
                got, want = row(n, state), scoring.row_at(terms, rt.nodes[n], state, a)
                assert [x.hex() for x in got] == [x.hex() for x in want], (name, n, state)
