"""The structural checks walk a plain successor table; they must agree with networkx, which loads lazily."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import engine
from scenarios.engine.core.graph import has_cycle, reachable
from scenarios.engine.output.diagrams.graph_view import _folded
from tests.models import random_yaml


@pytest.mark.parametrize("name", ["mexico", "venezuela", "fentanyl-labs", "tutorial"])
def test_reach_and_depth_agree_with_networkx(name: str) -> None:
    scenario = engine.load(name)
    graph = scenario.graph
    for root in scenario.spec.nodes:
        assert set(reachable(scenario.successors, root)) == nx.descendants(graph, root) | {root}
        for depth in (0, 1, 2, 3):
            assert reachable(scenario.successors, root, depth=depth) == \
                nx.single_source_shortest_path_length(graph, root, cutoff=depth)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(2, 10), folds=st.integers(1, 3))
def test_folding_hides_what_networkx_says_is_cut_off(seed: int, size: int, folds: int) -> None:
    scenario = engine.load_text(random_yaml(seed, size), name=f"random-{seed}")
    graph, root = scenario.graph, scenario.spec.start
    fold = tuple(sorted(scenario.spec.nodes)[1:1 + folds])
    reach = nx.descendants(graph, root) | {root}
    cut = graph.subgraph(reach).copy()
    cut.remove_nodes_from(fold)
    still = nx.descendants(cut, root) | {root} if root in cut else set()
    assert _folded(scenario.successors, root, fold) == reach - still - set(fold)


def test_cycles_are_found_and_named() -> None:
    assert has_cycle({"a": ["b"], "b": ["c"], "c": ["a"]})
    assert has_cycle({"a": ["a"]})
    assert not has_cycle({"a": ["b", "c"], "b": ["c"], "c": []})
    text = """
title: Loop
actors: {us: {name: Us}}
start: a
nodes:
  a: {type: decision, actor: us, label: A, branches: [{label: on, to: b}, {label: stop, to: end}]}
  b: {type: decision, actor: us, label: B, branches: [{label: back, to: a}, {label: stop, to: end}]}
  end: {type: outcome, label: End}
"""
    with pytest.raises(engine.ScenarioError, match="cycle: a → b → a"):
        engine.load_text(text, name="loop")


def test_loading_and_exploring_do_not_import_networkx() -> None:
    code = ("import sys; from scenarios import engine; s = engine.load('mexico'); "
            "engine.render(s, 'dot'); engine.analyze(s); print('networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
