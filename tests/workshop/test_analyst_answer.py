"""What the room's analysis worker sends the server (issue 24): a few hundred kilobytes rather than megabytes, and
the big screen's answer spelled out from it the same as from the full analysis."""

from __future__ import annotations

import pickle
import random
from typing import Any

import pytest

from scenarios.cli.workshop.analyst import _analyse, shown
from scenarios.cli.workshop.views import with_svg
from scenarios.engine.format.library import resolve
from scenarios.engine.format.loader import load_text
from scenarios.engine.workshop import group_analysis
from scenarios.engine.workshop.findings import _near, path_decisions


def _old_screen(full: dict[str, Any], played: list[str], at_decision: bool) -> dict[str, Any]:
    """The screen's answer as the server made it from the whole analysis before (every threshold sent, read one by
    one; every set's choice at every decision)."""
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in full["spread"]:
        values = row["values"]
        for t in row["crossed"]:
            key = (row["name"], round(float(t["value"]), 6), t["node"], t["from"], t["to"])
            near = _near(t["history"], played, 1)
            if key in found:
                found[key]["places"] += 1
                found[key]["on_path"] = found[key]["on_path"] or near
                continue
            found[key] = {"assumption": row["name"], "label": row["label"], "value": t["value"], "node": t["node"],
                          "from": t["from"], "to": t["to"], "below": sum(1 for v in values if v < t["value"]),
                          "above": sum(1 for v in values if v > t["value"]), "places": 1, "on_path": near}
    findings = sorted(found.values(), key=lambda f: (not f["on_path"], -min(f["below"], f["above"]), -f["places"],
                                                     f["label"], f["value"]))
    comparison = {k: v for k, v in full["comparison"].items() if k != "groups"}
    comparison["decisions"] = path_decisions(full, played, at_decision)
    return {"findings": findings, "comparison": comparison, "differs": full["differs"], "error": full["error"]}


@pytest.mark.parametrize("name, people", [("fentanyl-labs", 12), pytest.param("mexico", 120, marks=pytest.mark.big)])
def test_the_worker_sends_less_and_the_screen_reads_the_same(name: str, people: int) -> None:
    path = resolve(name)
    text = path.read_text(encoding="utf-8")
    scenario = load_text(text, str(path))
    rng = random.Random(5)
    ranged = {k: a for k, a in scenario.spec.assumptions.items() if a.low is not None and a.high is not None}
    sets = {f"p{k}": {n: rng.uniform(a.low, a.high) for n, a in ranged.items()}  # type: ignore[arg-type]
            for k in range(people)}
    full = group_analysis(scenario, sets)
    sent = _analyse(text, str(path), None, None, None, sets, "expected", 0.5)
    before = {**full, "comparison": {k: v for k, v in full["comparison"].items() if k != "groups"},  # as it was sent
              "spread": [{k: v for k, v in with_svg(row).items() if k != "thresholds"} for row in full["spread"]]}
    assert len(pickle.dumps(sent)) < len(pickle.dumps(before)) / (1.5 if name == "mexico" else 1)
    crossed = [t for row in full["spread"] for t in row["crossed"]]
    assert crossed, "no threshold inside the room's spread: nothing to find"
    # the start, a place where a flip holds, the step before it, and one past it
    deep = max(crossed, key=lambda t: len(t["history"]))["history"]
    for played in ([], deep, deep[:-1], [*deep, "elsewhere"], deep[:1]):
        for at_decision in (True, False):
            screen = shown(sent, played, at_decision)
            old = _old_screen(full, played, at_decision)
            assert screen["findings"] == old["findings"]
            assert screen["comparison"] == old["comparison"]
            assert (screen["differs"], screen["error"]) == (old["differs"], old["error"])
            assert [{k: v for k, v in r.items() if k != "svg"} for r in screen["spread"]] == \
                [{k: v for k, v in r.items() if k not in ("thresholds", "crossed")} for r in full["spread"]]
    assert any(f["on_path"] for f in shown(sent, deep, True)["findings"])
    assert any(not f["on_path"] for f in shown(sent, [], True)["findings"])


def test_the_choices_alone_are_the_whole_analysis_s_choices_without_a_sweep() -> None:
    path = resolve("fentanyl-labs")
    text = path.read_text(encoding="utf-8")
    scenario = load_text(text, str(path))
    rng = random.Random(7)
    ranged = {k: a for k, a in scenario.spec.assumptions.items() if a.low is not None and a.high is not None}
    sets = {f"p{k}": {n: rng.uniform(a.low, a.high) for n, a in ranged.items()}  # type: ignore[arg-type]
            for k in range(12)}
    whole = _analyse(text, str(path), None, None, None, sets, "expected", 0.5)
    choices = _analyse(text, str(path), None, None, None, sets, "expected", 0.5, False)
    assert whole["swept"] is True and choices["swept"] is False
    assert whole["flips"], "the whole analysis finds thresholds inside the room's spread"
    assert choices["flips"] == []
    assert choices["comparison"] == whole["comparison"] and choices["differs"] == whole["differs"]
    assert [r["values"] for r in choices["spread"]] == [r["values"] for r in whole["spread"]]
    assert not any('class="threshold' in r["svg"] for r in choices["spread"])
    assert any('class="threshold' in r["svg"] for r in whole["spread"])
    # the worker's memo is left as it was: the whole asked after the choices is the same answer
    assert _analyse(text, str(path), None, None, None, sets, "expected", 0.5) == whole
