"""Graphviz never hangs (issue 24): a budget and a memory cap on each layout, and big maps laid out by the engine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.output.diagrams import graphviz_run, layered
from scenarios.engine.output.diagrams.graphviz_run import TooBig, run_dot
from tests.benchmarks.ladder import ladder_yaml

needs_dot = pytest.mark.skipif(shutil.which("dot") is None and os.environ.get("CI") != "true",
                               reason="Graphviz `dot` is not installed (CI=true makes this a failure)")


def ladder(folder: Path, steps: int):
    from scenarios import engine

    file = folder / f"ladder{steps}.yaml"
    file.write_text(ladder_yaml(steps), encoding="utf-8")
    return engine.load(file)


@pytest.mark.graphviz
@needs_dot
def test_a_layout_past_its_budget_is_stopped_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("SCENARIOS_GRAPHVIZ_SECONDS", "0.5")
    # A ladder with dot's own layout: past any budget this small.
    from scenarios.engine.output.diagrams import diagram
    from scenarios.engine.output.diagrams.dot import dot_source
    from scenarios.engine.output.diagrams.view import make_view

    scenario = ladder(tmp_path, 200)
    source = dot_source(diagram(scenario, make_view(scenario, {})))
    start = time.monotonic()
    with pytest.raises(TooBig) as err:
        run_dot(source, "svg")
    assert time.monotonic() - start < 5
    message = str(err.value)
    assert "\n" not in message
    for hint in ("--focus", "--depth", "--slides", "scenarios serve"):
        assert hint in message


@pytest.mark.graphviz
@needs_dot
def test_a_layout_past_its_memory_cap_is_refused(monkeypatch):
    monkeypatch.setattr(graphviz_run, "MEMORY", 40 * 2 ** 20)  # too little for Graphviz and its fonts
    with pytest.raises(RuntimeFailure) as err:
        run_dot("digraph g { a -> b }", "svg")
    assert isinstance(err.value, TooBig) and "40 MB" in str(err.value) and "--slides" in str(err.value)


def test_the_ladder_is_laid_out_in_columns_with_outcomes_last(tmp_path):
    from scenarios.engine.output.diagrams import diagram
    from scenarios.engine.output.diagrams.view import make_view

    scenario = ladder(tmp_path, 40)
    d = diagram(scenario, make_view(scenario, {}))
    rank = layered.ranks(d)
    assert [rank[f"s{i}"] for i in range(40)] == sorted(rank[f"s{i}"] for i in range(40))
    assert len({rank[f"s{i}"] for i in range(40)}) == 40
    assert {rank[f"end{j}"] for j in range(20)} == {max(rank.values())}
    pos = layered.positions(d)
    assert len(set(pos.values())) == len(pos)  # no two nodes in one place


@pytest.mark.e2e
@pytest.mark.graphviz
@needs_dot
def test_a_ladder_of_200_nodes_renders_within_30_seconds(tmp_path):
    model = tmp_path / "ladder200.yaml"
    model.write_text(ladder_yaml(200), encoding="utf-8")
    out = tmp_path / "ladder200.svg"
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "scenarios", "render", str(model), "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    took = time.monotonic() - start
    assert took < 30, took
    if done.returncode == 0:
        assert out.read_bytes().startswith(b"<?xml") and b"Step 199" in out.read_bytes()
    else:  # refused: one clear line, no partial file
        assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
        assert not out.exists()
