"""The bundled cross-border scenarios in English and Spanish, with signposts drawn from their sources."""

from __future__ import annotations

import re

import pytest

from scenarios.engine import bundled_dir, load_path
from scenarios.engine.analysis.signposts import watch_list

BILINGUAL = ["mexico", "venezuela", "fentanyl-labs", "tutorial"]  # the tutorial too (issue 19)


@pytest.mark.parametrize("name", BILINGUAL)
def test_every_text_is_in_english_and_spanish(name: str) -> None:
    path = bundled_dir() / f"{name}.yaml"
    spanish = load_path(path, lang="es")
    assert spanish.languages == ("en", "es")
    assert not [str(w) for w in spanish.warnings if "version (the file declares" in w.message]
    assert "[en]" not in path.read_text(encoding="utf-8")  # no text needed the fallback mark
    english = load_path(path)
    assert english.title != spanish.title


@pytest.mark.parametrize("name", BILINGUAL)
def test_a_quotation_in_spanish_is_marked_as_a_translation(name: str) -> None:
    """Quotations the English sources give in English are translated, and say so: «…» (traducción), or, for
    words first said in Spanish (Sheinbaum's), «…» (retraducción del inglés …)."""
    spanish = load_path(bundled_dir() / f"{name}.yaml", lang="es").spec
    english = load_path(bundled_dir() / f"{name}.yaml").spec
    pairs = [(english.summary or "", spanish.summary or "")]
    for nid, node in english.nodes.items():
        pairs.append((node.description or "", spanish.nodes[nid].description or ""))
        for b, sb in zip(node.branches or [], spanish.nodes[nid].branches or [], strict=True):
            pairs.append((b.description or "", sb.description or ""))
            pairs.append((b.note or "", sb.note or ""))
    for a_en, a_es in zip(english.assumptions.values(), spanish.assumptions.values(), strict=True):
        pairs.append((a_en.note or "", a_es.note or ""))
    for text_en, text_es in pairs:
        quoted = [q for q in re.findall(r'"([^"]{25,})"', text_en)]  # a sentence-length quotation
        if quoted:
            # Words first said in Spanish and quoted from an English article are marked as translated back.
            assert "(traducción" in text_es or "(retraducción del inglés" in text_es, \
                f"an English quotation without '(traducción)' in: {text_es[:120]}"


@pytest.mark.parametrize("name", BILINGUAL)
@pytest.mark.big
def test_every_uncertain_event_has_signposts_with_known_sources(name: str) -> None:
    scenario = load_path(bundled_dir() / f"{name}.yaml")
    events = [e for e in watch_list(scenario) if e.type == "chance"]
    assert events
    for event in events:
        assert all(b.signposts for b in event.branches), f"{event.node}: a branch has no signpost"
        for branch in event.branches:
            for watch in branch.signposts:
                assert set(watch.sources) <= set(scenario.spec.sources)
                # Without a source, a signpost says it is what a group could watch, not a reported fact.
                assert watch.sources or watch.label.startswith("What a group could watch")


# Issue 19: the decisions a room watches (whether Washington strikes, Mexico's reform, the USMCA review).
KEY_DECISIONS = {"mexico": ["mexico_response", "us_choice", "trade_review_calm", "trade_review"]}


@pytest.mark.parametrize("name", sorted(KEY_DECISIONS))
def test_the_key_decisions_have_signposts_that_say_what_who_and_which_branch(name: str) -> None:
    """Each option of a key decision has a signpost naming what to observe, who publishes it and which
    reading points to it, in both languages, and citing a source or saying it is what a group could watch."""
    for lang, publishes, points in (("en", r"\b(publish|announced|reported|report)", r"points? to this branch"),
                                    ("es", r"\b(publica|anunciad|inform)", r"apunta")):
        scenario = load_path(bundled_dir() / f"{name}.yaml", lang=lang)
        events = {e.node: e for e in watch_list(scenario)}
        for node in KEY_DECISIONS[name]:
            assert scenario.spec.nodes[node].type == "decision"
            for branch in events[node].branches:
                assert branch.signposts, f"{node}: {branch.label} has no signpost"
                for watch in branch.signposts:
                    assert re.search(publishes, watch.label), f"{node}: {watch.label[:80]}: who publishes it?"
                    assert re.search(points, watch.label), f"{node}: {watch.label[:80]}: which reading points here?"
                    assert watch.sources or watch.label.startswith(("What a group could watch", "Lo que"))
