"""Text in several languages: one language picked at load, fallbacks marked, gaps warned with their line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main
from scenarios.engine import ScenarioError, UsageError, load_path, load_text

CROSSING = Path(__file__).parents[1] / "data" / "languages" / "crossing.yaml"

SMALL = """\
format: 1
languages: [en, es]
title: {en: Dispute, es: Disputa}
actors:
  a: {name: {en: Government, es: Gobierno}}
start: move
nodes:
  move:
    type: decision
    actor: a
    label: {en: First move, es: Primera jugada}
    branches:
      - {label: {en: Talk, es: Hablar}, to: end}
      - {label: Wait, to: end}
  end: {type: outcome, label: {es: Fin}}
"""


def test_the_language_is_picked_once_and_everything_sees_plain_text() -> None:
    english = load_path(CROSSING)
    spanish = load_path(CROSSING, lang="es")
    assert (english.language, spanish.language, spanish.languages) == ("en", "es", ("en", "es"))
    assert english.title == "Border crossing dispute"
    assert spanish.title == "Disputa en el paso fronterizo"
    assert spanish.spec.actors["gov_a"].name == "Gobierno A"
    assert spanish.spec.assumptions["p_talks"].note == "La suposición del grupo"
    assert spanish.spec.sources["art-1"].title == "Artículo de ejemplo"
    assert next(spanish.steps(p) for p in spanish.paths()) == [
        ("a_moves", "Proponer conversaciones"), ("talks", "Acuerdo"), ("reroute", "Desvío")]
    assert spanish.spec.nodes["talks"].branches[1].signposts[0].label == "Una delegación se retira antes de tiempo"
    assert spanish.warnings == english.warnings == ()


def test_a_missing_translation_falls_back_to_the_default_language_marked() -> None:
    spanish = load_text(SMALL, "small.yaml", lang="es")
    assert [b.label for b in spanish.spec.nodes["move"].branches] == ["Hablar", "[en] Wait"]
    english = load_text(SMALL, "small.yaml")
    assert [b.label for b in english.spec.nodes["move"].branches] == ["Talk", "Wait"]
    assert english.spec.nodes["end"].label == "[es] Fin"   # no default text: the first declared one there is


def test_check_warns_with_the_line_for_each_text_lacking_a_language() -> None:
    warnings = [str(w) for w in load_text(SMALL, "small.yaml").warnings]
    assert warnings == [
        "small.yaml:14:17: warning: this text has no 'es' version (the file declares languages: en, es)",
        "small.yaml:15:31: warning: this text has no 'en' version (the file declares languages: en, es)",
    ]


def test_an_undeclared_language_shows_the_default_unmarked() -> None:
    french = load_text(SMALL, "small.yaml", lang="fr")
    assert (french.language, french.title) == ("en", "Dispute")


@pytest.mark.parametrize(("change", "message"), [
    (("languages: [en, es]\n", ""),
     "small.yaml:2:8: error: text in several languages needs 'languages: [...]' at the top of the file"),
    (("{en: Dispute, es: Disputa}", "{en: Dispute, fr: Dispute}"),
     "3:22: error: language 'fr' is not declared in 'languages' (en, es)"),
    (("{en: Dispute, es: Disputa}", "{en: Dispute, es: [a]}"), "3:26: error: the 'es' text should be text"),
    (("languages: [en, es]", "languages: [en, en]"), "2:17: error: 'languages': 'en' is listed twice"),
    (("languages: [en, es]", "languages: [English]"), "2:13: error: 'languages': 'English' is not a language code"),
    (("languages: [en, es]", "languages: []"), "2:12: error: 'languages' is a list of language codes"),
    (("{en: Dispute, es: Disputa}", "{}"), "3:8: error: a text map needs at least one language"),
])
def test_bad_text_maps_are_errors_at_their_line_once(change: tuple[str, str], message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_text(SMALL.replace(*change), "small.yaml")
    assert len(caught.value.diagnostics) == 1
    assert [str(d) for d in caught.value.diagnostics if message in str(d)], str(caught.value)


def test_a_malformed_language_code_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="'e s' is not a language code"):
        load_text(SMALL, "small.yaml", lang="e s")


def test_lang_option_and_environment_default(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["explore", str(CROSSING), "--lang", "es", "-f", "json"])
    assert json.loads(result.stdout)["title"] == "Disputa en el paso fronterizo"
    monkeypatch.setenv("SCENARIOS_LANG", "es")
    result = runner.invoke(main, ["explore", str(CROSSING), "-f", "json"])
    assert json.loads(result.stdout)["title"] == "Disputa en el paso fronterizo"
    result = runner.invoke(main, ["explore", str(CROSSING), "-f", "json", "--lang", "en"])
    assert json.loads(result.stdout)["title"] == "Border crossing dispute"
    result = runner.invoke(main, ["explore", str(CROSSING), "--lang", "x y"])
    assert result.exit_code == 2
    assert result.stderr == "error: 'x y' is not a language code; use a code such as en or es\n"


def test_a_language_the_file_lacks_is_noted_once(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["explore", str(CROSSING), "--lang", "fr", "-f", "json"])
    assert result.exit_code == 0
    assert result.stderr == "note: crossing has no text in 'fr'; shown in 'en'\n"


def test_level_labels_read_in_tables_while_data_keeps_level_names() -> None:
    runner = CliRunner()
    table = runner.invoke(main, ["explore", str(CROSSING), "--lang", "es"]).stdout
    assert "tension grave · trade 60" in table and "Tensión baja–alta · Flujo comercial 70–100" in table
    data = json.loads(runner.invoke(main, ["explore", str(CROSSING), "--lang", "es", "-f", "json"]).stdout)
    assert data["paths"][4]["state"] == {"tension": "severe", "trade": 60}
    english = runner.invoke(main, ["explore", str(CROSSING)]).stdout
    assert "tension severe · trade 60" in english


def test_a_level_label_for_an_unknown_level_is_an_error() -> None:
    text = CROSSING.read_text(encoding="utf-8").replace("severe: {en: severe", "sever: {en: severe")
    with pytest.raises(ScenarioError, match="'level_labels' of 'tension' names 'sever', which is not one of its "
                                            r"levels \(did you mean 'severe'\?\)"):
        load_text(text, "c.yaml")


def test_the_command_line_leaves_the_callers_language_as_it_was() -> None:
    from scenarios.engine.text.i18n import language

    before = language()
    result = CliRunner().invoke(main, ["explore", str(CROSSING), "--lang", "es", "--where", "trade <"])
    assert result.exit_code == 2 and result.stderr.startswith("error: --where")
    assert language() == before
