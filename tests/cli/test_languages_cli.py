"""Issue 21 on the command line: --help and click's words in Spanish, --where by label, the two messages
that now say what they mean, dates in words, rule names in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main
from scenarios.engine.text.dates import date_in_words
from scenarios.engine.text.i18n import speaking

CROSSING = Path(__file__).resolve().parents[1] / "data" / "languages" / "crossing.yaml"


def run(args: list[str], **env: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, args, env=env or None)
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize(("args", "env"), [
    (["--lang", "es", "--help"], {}),
    (["--help"], {"SCENARIOS_LANG": "es"}),
    (["explore", "--help"], {"SCENARIOS_LANG": "es"}),
    (["explore", "--help", "--lang", "es"], {}),
    (["--lang", "es", "explore", "--help"], {}),
])
def test_help_in_spanish_with_clicks_own_words(args: list[str], env: dict[str, str]) -> None:
    code, text = run(args, **env)
    assert code == 0
    assert text.startswith("Uso: ")
    assert "Opciones:" in text and "Muestra este mensaje y sale." in text
    assert "Usage" not in text and "Show this message" not in text


def test_the_group_help_lists_commands_in_spanish_and_english_stays_english() -> None:
    _code, spanish = run(["--lang", "es", "--help"])
    assert "Comandos:" in spanish and "Lista los escenarios que puede explorar por nombre." in spanish
    _code, english = run(["--help"])
    assert "Commands:" in english and "List the scenarios you can explore by name." in english


def test_clicks_usage_errors_in_spanish() -> None:
    code, text = run(["--lang", "es", "story", str(CROSSING)])
    assert code == 2
    assert "Falta un argumento 'N'" in text and "Missing" not in text


def test_a_bad_group_lang_is_one_clear_line() -> None:
    code, text = run(["--lang", "e s!", "list"])
    assert code == 2 and "Traceback" not in text and "language code" in text


def test_where_takes_level_labels_in_the_active_language() -> None:
    by_id = run(["explore", str(CROSSING), "--where", "tension >= high", "--lang", "es", "--summary"])
    by_label = run(["explore", str(CROSSING), "--where", "tension >= alta", "--lang", "es", "--summary"])
    assert by_label[0] == 0 and by_label[1] == by_id[1].replace("tension >= high", "tension >= alta")


def test_where_takes_an_indicator_by_its_label_quoted() -> None:
    by_id = run(["explore", str(CROSSING), "--where", "tension >= high", "--lang", "es", "--summary"])
    by_label = run(["explore", str(CROSSING), "--where", "'Tensión' >= alta", "--lang", "es", "--summary"])
    assert by_label[0] == 0
    assert by_label[1].splitlines()[-6:] == by_id[1].splitlines()[-6:]


def test_where_refuses_an_unknown_label_in_one_line() -> None:
    code, text = run(["explore", str(CROSSING), "--where", "tension >= altísima", "--lang", "es"])
    assert code == 2 and text.count("\n") == 1 and "'altísima'" in text


def test_a_refused_start_value_is_named_in_both_languages(tmp_path: Path) -> None:
    file = tmp_path / "lowest.yaml"
    file.write_text(CROSSING.read_text(encoding="utf-8").replace("    start: low\n", "    start: lowest\n"),
                    encoding="utf-8")
    _code, english = run(["check", str(file)])
    assert "start of 'tension' is 'lowest', which is not one of its levels: low, high, severe" in english
    _code, spanish = run(["check", str(file), "--lang", "es"])
    assert "el inicio de 'tension' es 'lowest', que no es uno de sus niveles" in spanish


@pytest.mark.parametrize("indent", ["\t", "  \t", "    \t", "\t  "])
def test_a_tab_gets_the_tab_hint_wherever_it_stands(tmp_path: Path, indent: str) -> None:
    text = CROSSING.read_text(encoding="utf-8").replace(
        "    phase: {en: Trade, es: Comercio}\n    label: {en: Government B",
        "    phase: {en: Trade, es: Comercio}\n" + indent + "label: {en: Government B")
    file = tmp_path / "tab.yaml"
    file.write_text(text, encoding="utf-8")
    _code, english = run(["check", str(file)])
    assert ":70:" in english and "a tab character is not allowed here; indent with spaces" in english


def test_check_reads_on_after_an_unquoted_colon_in_a_value(tmp_path: Path) -> None:
    text = (CROSSING.read_text(encoding="utf-8")
            .replace("  diverted: {type: outcome, label: {en: Trade diverted, es: Comercio desviado}}",
                     "  diverted:\n    type: outcome\n    label: Trade: diverted")
            .replace("to: calm}", "to: clam}"))
    file = tmp_path / "colon.yaml"
    file.write_text(text, encoding="utf-8")
    code, out = run(["check", str(file)])
    assert code == 2
    assert "YAML syntax error: mapping values are not allowed in this context" in out
    assert 'quote it, e.g. label: "Trade: diverted"' in out
    assert "goes to unknown node 'clam' (did you mean 'calm'?)" in out  # the file's other error, same run
    assert "2 errors" in out


def test_set_with_a_percent_gets_checks_hint() -> None:
    code, text = run(["explore", str(CROSSING), "--set", "p_talks=60%"])
    assert code == 2 and "write 0.6 for 60%" in text
    code, text = run(["explore", str(CROSSING), "--set", "p_talks=60%", "--lang", "es"])
    assert code == 2 and "escriba 0.6 en lugar de 60%" in text


def test_dates_in_words_in_each_convention() -> None:
    assert date_in_words("2026-12-07") == "7 December 2026"
    assert date_in_words("2026-01") == "January 2026" and date_in_words("2026") == "2026"
    with speaking("es"):
        assert date_in_words("2026-12-07") == "7 de diciembre de 2026"
        assert date_in_words("2026-01") == "enero de 2026"
    assert date_in_words("not a date") == "not a date"


def test_the_header_shows_the_date_and_the_rule_in_words() -> None:
    _code, text = run(["analyze", str(CROSSING), "--lang", "es"])
    assert "situación al 9 de enero de 2026" in text and "2026-01-09" not in text
    assert "Regla: valor esperado:" in text
    _code, text = run(["balance", str(CROSSING), "--lang", "es"])
    assert "valor esperado" in text and "Hurwicz (α=0.5)" in text
