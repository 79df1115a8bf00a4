"""engine.text.effects: an effect without a known "before", by label, as a reader sees it."""

from __future__ import annotations

from scenarios import engine
from scenarios.engine.output.diagrams import render
from scenarios.engine.text.effects import effect_words, effects_text
from scenarios.engine.text.i18n import in_language
from tests.conftest import PORT


def test_each_kind_of_effect_reads_by_label() -> None:
    s = engine.load("tutorial")
    assert effect_words(s, {"tension": "crisis", "wait_hours": {"set": 24}}) == [
        "Tension between the two: to crisis", "Truck wait at the border (toy hours): to 24"]
    assert effect_words(s, {"tension": 1, "wait_hours": -3}) == [
        "Tension between the two: one level up", "Truck wait at the border (toy hours): −3"]
    assert effect_words(s, {"tension": -2, "wait_hours": 2.5}) == [
        "Tension between the two: 2 levels down", "Truck wait at the border (toy hours): +2.5"]
    assert effect_words(s, {"team_proposed": True, "wait_hours": {"set": -5}}) == [
        "North has proposed a joint team: yes", "Truck wait at the border (toy hours): to 0"]  # min 0
    assert effect_words(s, {"tension": 0, "wait_hours": 0}) == []
    assert effects_text(s, {}) is None


def test_level_labels_and_the_programs_words_in_spanish() -> None:
    s = engine.load("mexico", lang="es")
    with in_language("es"):
        said = effects_text(s, {"us_mexico_relations": {"set": "rupture"}, "cartel_disruption": 1,
                                "drug_flow": -2, "reform_passed": True})
    assert said == ("Relaciones entre EE.\u00a0UU. y México: pasa a ruptura · Desarticulación de los cárteles "
                    "designados: un nivel arriba · Flujo de drogas hacia EE.\u00a0UU.: 2 niveles abajo · "
                    "Se aprobó la reforma de soberanía de México: sí")


def test_diagram_edge_labels_name_no_indicator_id() -> None:
    s = engine.load(PORT)
    for tree in (False, True):
        text = render(s, "dot", effects=True, tree=tree).decode().replace('<BR ALIGN="CENTER"/>', " ")  # wrapped
        assert "Bilateral tension: one level up" in text and "Trade flow: −40" in text
        assert "tension +" not in text and "trade −" not in text
