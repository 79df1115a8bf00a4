"""The bundled library: clean under `check`, sourced, ranged, and never predictive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import engine
from engine import bundled_dir

BUNDLED = sorted(p.stem for p in bundled_dir().glob("*.yaml"))
SHARED_SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


def test_the_library_holds_the_promised_scenarios() -> None:
    assert {"mexico", "venezuela", "fentanyl-labs", "tutorial"} <= set(BUNDLED)


@pytest.mark.parametrize("name", BUNDLED)
def test_checks_with_no_errors_and_no_warnings(name: str) -> None:
    scenario = engine.load(bundled_dir() / f"{name}.yaml")
    assert [str(w) for w in scenario.warnings] == []


@pytest.mark.parametrize("name", BUNDLED)
def test_every_cited_source_exists_and_names_its_document(name: str) -> None:
    spec = engine.load(bundled_dir() / f"{name}.yaml").spec
    cited = {s for n in spec.nodes.values() for s in n.sources}
    cited |= {s for n in spec.nodes.values() for b in n.branches or [] for s in b.sources}
    assert cited <= set(spec.sources)
    for sid, source in spec.sources.items():
        assert source.date, f"source {sid} has no date"
        if source.file and SHARED_SOURCES.is_dir():
            assert (SHARED_SOURCES / source.file).is_file(), f"source {sid} names a missing file {source.file}"


@pytest.mark.parametrize("name", BUNDLED)
def test_every_weight_rests_on_assumptions_with_ranges_and_notes(name: str) -> None:
    scenario = engine.load(bundled_dir() / f"{name}.yaml")
    used = {a for expr in scenario.compiled.weights.values() for a in expr.names if a in scenario.spec.assumptions}
    for aid in used:
        a = scenario.spec.assumptions[aid]
        assert a.low is not None and a.high is not None, f"assumption {aid} has no low/high range"
        assert a.note, f"assumption {aid} has no note saying what it stands for"


def _texts(spec: engine.ScenarioFile) -> list[str]:
    texts = [spec.title, spec.summary or ""]
    for node in spec.nodes.values():
        texts += [node.label, node.description or "", node.note or ""]
        texts += [t for b in node.branches or [] for t in (b.label, b.note or "", b.description or "")]
    texts += [a.note or "" for a in spec.assumptions.values()]
    return texts


@pytest.mark.parametrize("name", BUNDLED)
def test_no_sentence_predicts(name: str) -> None:
    spec = engine.load(bundled_dir() / f"{name}.yaml").spec
    predictive = re.compile(r"\b(will|is going to|is certain to|inevitabl\w*)\b", re.IGNORECASE)
    offending = [t for t in _texts(spec) if predictive.search(t)]
    assert offending == []


@pytest.mark.parametrize("name", [n for n in BUNDLED if n != "tutorial"])
def test_every_actor_that_decides_has_more_than_one_option(name: str) -> None:
    spec = engine.load(bundled_dir() / f"{name}.yaml").spec
    for nid, node in spec.nodes.items():
        if node.type == "decision":
            assert len(node.branches or []) >= 2, nid
