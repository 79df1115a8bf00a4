"""Spanish around names (issue 21): "EE. UU." never breaks, an actor's name takes its article inside a sentence
("una decisión del Gobierno de México", not "de Gobierno de México"), and a name ending in a period ends the
sentence itself (no "..")."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main
from scenarios.engine.format.library import resolve
from scenarios.engine.format.loader import load_path
from scenarios.engine.text.i18n import in_language
from scenarios.engine.text.names import contracted, in_sentence, said

NBSP = "\u00a0"


@pytest.mark.parametrize("name", ["mexico", "venezuela", "fentanyl-labs"])
def test_us_abbreviation_never_breaks_in_the_spanish_text(name: str) -> None:
    text = json.dumps(load_path(resolve(name), lang="es").spec.model_dump(mode="json"), ensure_ascii=False)
    assert f"EE.{NBSP}UU." in text
    assert "EE. UU." not in text and not re.search(r"EE\.\s+UU\.", text.replace(NBSP, "_"))


def test_an_actor_takes_its_article_in_a_spanish_sentence() -> None:
    assert in_sentence("Gobierno de México", "es") == "el Gobierno de México"
    assert in_sentence("Cárteles (Sinaloa, CJNG y otros)", "es") == "los Cárteles (Sinaloa, CJNG y otros)"
    assert in_sentence("Maduro", "es") == "Maduro"  # a proper name: none
    assert in_sentence("Government of Mexico", "en") == "Government of Mexico"
    assert contracted("Una decisión de el Gobierno de México", "es") == "Una decisión del Gobierno de México"
    assert contracted("Pasa a el Congreso", "es") == "Pasa al Congreso"
    assert contracted("de El Salvador", "es") == "de El Salvador"  # a name's own capital "El" stays
    with in_language("es"):
        assert said("Una decisión de {actor}", actor="Gobierno de México") == "Una decisión del Gobierno de México"
        assert said("con {actor}.", actor=f"Ejecutivo de EE.{NBSP}UU.") == f"con el Ejecutivo de EE.{NBSP}UU."
    with in_language(None):
        assert said("A decision of {actor}.", actor="US Congress") == "A decision of US Congress."


@pytest.mark.parametrize("command", [["story", "mexico", "1"], ["story", "mexico", "2", "-f", "markdown"],
                                     ["balance", "mexico"], ["explore", "mexico", "--describe"]])
def test_no_name_without_its_article_and_no_double_period_in_spanish_output(command: list[str]) -> None:
    out = CliRunner().invoke(main, [*command, "--lang", "es"])
    assert out.exit_code == 0, out.output
    assert not re.search(r"\b(de|para|a|por) (Gobierno|Ejecutivo|Congreso|Cárteles)\b", out.stdout), out.stdout
    assert not re.search(r"(?<!\.)\.\.(?!\.)", out.stdout)
    assert "EE. UU." not in out.stdout
