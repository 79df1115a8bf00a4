"""The bundled library: clean under `check`, sourced, ranged, and never predictive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine import bundled_dir

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


# ---------------------------------------------------------------- balance and honesty (issue 9)

REAL = [n for n in BUNDLED if n != "tutorial"]
LEVELS_CLAIM = re.compile(r"Levels on every path here: ([^.]*)\.")


def _spec(name: str) -> engine.ScenarioFile:
    return engine.load(bundled_dir() / f"{name}.yaml").spec


@pytest.mark.parametrize("name", BUNDLED)
def test_every_actor_decides_something(name: str) -> None:
    spec = _spec(name)
    deciders = {n.actor for n in spec.nodes.values() if n.type == "decision"}
    assert set(spec.actors) - deciders == set()


@pytest.mark.parametrize("name", BUNDLED)
def test_every_branch_of_a_decision_has_a_stance(name: str) -> None:
    spec = _spec(name)
    missing = [f"{nid}: {b.label}" for nid, n in spec.nodes.items() if n.type == "decision"
               for b in n.branches or [] if b.stance is None]
    assert missing == []


@pytest.mark.parametrize("name", REAL)
@pytest.mark.big
def test_actors_with_several_options_have_both_a_cooperative_and_an_escalatory_one(name: str) -> None:
    spec = _spec(name)
    stances: dict[str, set[str | None]] = {a: set() for a in spec.actors}
    for n in spec.nodes.values():
        if n.type == "decision":
            stances[n.actor or ""] |= {b.stance for b in n.branches or []}
    # The cooks in fentanyl-labs are the one exception the sources force: no article
    # reports an escalatory move by them (their note says so).
    exempt = {("fentanyl-labs", "cooks")}
    lacking = [a for a, s in stances.items() if (name, a) not in exempt and not {"cooperative", "escalatory"} <= s]
    assert lacking == []


@pytest.mark.parametrize("name", REAL)
def test_every_contested_assumption_lets_each_side_enter_its_view(name: str) -> None:
    spec = _spec(name)
    # A value held as an assumption (issue 19) has its own scale; its note says whose view each end is.
    held = {v for a in spec.actors.values() for v in (a.values or {}).values() if isinstance(v, str)}
    held |= {v for n in spec.nodes.values() for v in (n.payoffs or {}).values() if isinstance(v, str)}
    for aid, a in spec.assumptions.items():
        if aid in held:
            assert a.low is not None and a.high is not None and a.low < a.value < a.high, aid
            continue
        assert a.low is not None and a.low <= 0.05, aid
        assert a.high is not None and a.high >= 0.9, aid


@pytest.mark.parametrize("name", REAL)
def test_every_default_and_starting_level_says_it_is_an_assumption(name: str) -> None:
    spec = _spec(name)
    for aid, a in spec.assumptions.items():
        assert a.note and "assumption" in a.note and "default" in a.note.lower(), aid
    for iid, ind in spec.indicators.items():
        if ind.type != "flag":
            assert ind.note and "assumption" in ind.note.lower(), iid
    for aid, actor in spec.actors.items():
        assert actor.note and "assumption" in actor.note, aid


@pytest.mark.parametrize("name", REAL)
def test_unsourced_steps_say_the_articles_do_not_report_them(name: str) -> None:
    spec = _spec(name)
    for nid, node in spec.nodes.items():
        if node.type != "outcome" and not node.sources:
            assert "not report" in (node.description or ""), nid


@pytest.mark.parametrize("name", REAL)
def test_outcome_notes_state_levels_true_on_every_path(name: str) -> None:
    scenario = engine.load(bundled_dir() / f"{name}.yaml")
    spec = scenario.spec
    ranges = {o.node: o for o in scenario.summarize().outcomes}
    ids = list(spec.indicators)
    checked = 0
    for nid, node in spec.nodes.items():
        if node.type != "outcome":
            continue
        assert node.note, f"outcome {nid} has no note on its payoffs"
        claim = LEVELS_CLAIM.search(" ".join(node.note.split()))
        if not claim:
            continue
        summary = ranges[nid]
        for part in claim.group(1).split(";"):
            words = part.split()
            indicator, low, high = words[0], words[1], words[-1]
            levels = spec.indicators[indicator].levels or []
            k = ids.index(indicator)
            actual = (summary.low[k], summary.high[k])
            lo, hi = (levels[i] if isinstance(i, int) else i for i in actual)
            assert levels.index(low) <= levels.index(lo) and levels.index(hi) <= levels.index(high), (
                f"{nid}: note says {indicator} {low}..{high}, paths reach {lo}..{hi}")
            checked += 1
    assert checked >= 5


def _normal(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="the source articles are not beside the repo")
@pytest.mark.parametrize("name", REAL)
def test_quoted_words_are_the_sources_words(name: str) -> None:
    sources = _normal(" ".join(p.read_text() for p in SHARED_SOURCES.glob("0*.txt")))
    misquoted = []
    for text in _texts(_spec(name)):
        for quote in re.findall(r'"([^"]+)"', _normal(text)):
            for piece in quote.split("…"):
                piece = piece.strip(" ,.:;")
                if len(piece.split()) >= 3 and piece.lower() not in sources.lower():
                    misquoted.append(piece)
    assert misquoted == []


PERSPECTIVES = sorted(p.stem for p in (bundled_dir() / "perspectives").glob("*.yaml"))


@pytest.mark.parametrize("name", REAL)
def test_each_scenario_ships_two_or_three_perspectives(name: str) -> None:
    mine = [p for p in PERSPECTIVES if p.rsplit("-", 1)[0] == name]
    assert 2 <= len(mine) <= 3, mine


@pytest.mark.parametrize("perspective", PERSPECTIVES)
def test_perspective_files_load_and_give_a_reason_for_every_value(perspective: str) -> None:
    from scenarios.engine.format.assumptions import load_assumption_file
    from scenarios.engine.format.yamlread import read_yaml

    scenario = engine.load(perspective.rsplit("-", 1)[0])
    values = load_assumption_file(scenario, perspective)
    assert values and set(values) <= set(scenario.spec.assumptions)
    raw = read_yaml((bundled_dir() / "perspectives" / f"{perspective}.yaml").read_text(), perspective).data
    # each note in English and Spanish (issue 19: the perspective files have Spanish too)
    assert all(isinstance(v, dict) and set(v.get("note", {})) == {"en", "es"} for v in raw.values())
    assert all(len(text.split()) >= 5 for v in raw.values() for text in v["note"].values())
    assert values != scenario.assumption_values(), "a perspective that changes nothing"


@pytest.mark.parametrize("name", REAL)
@pytest.mark.big
def test_every_gap_the_balance_report_lists_is_explained_in_the_file(name: str) -> None:
    from scenarios.engine.analysis.balance import balance

    unexplained = [g.text for g in balance(engine.load(bundled_dir() / f"{name}.yaml")).gaps if not g.note]
    assert unexplained == []
