"""`--help` and `guide` in Spanish (issue 21): every command's own help (its text, its options, click's words) under
`--lang es`, and the workshop guide in Spanish, the other guides in English with a line saying so."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from scenarios.cli.commands import COMMANDS
from scenarios.cli.main import every_command, main
from scenarios.engine.text.i18n import _, in_language
from tests.docs import GUIDES
from tests.test_catalogue import _english_words, _words

# Ids a reader types (the example's level names and indicators) are content, not the program's words.
CONTENT = {"civilian", "high", "risk", "tension"}
WORKSHOP = ["workshop start", "workshop list", "workshop export", "workshop report", "workshop repair"]


def _program_words(help_text: str) -> set[str]:
    """The program's English words in a --help page: examples, options, metavars and file names left out."""
    shown = "\n".join(line for line in help_text.splitlines() if not line.strip().startswith("scenarios "))
    shown = re.sub(r"`[^`]*`|--?[\w-]+|\b[A-Z][A-Z_|]+\b|\S+\.(yaml|json|csv|svg|png|pdf|html|md|EXT)\b", " ", shown)
    return set(_words(shown)) & _english_words() - CONTENT


@pytest.mark.parametrize("command", [*sorted(every_command()), *WORKSHOP])
def test_every_commands_help_is_in_spanish(command: str) -> None:
    english = CliRunner().invoke(main, [*command.split(), "--help"])
    spanish = CliRunner().invoke(main, [*command.split(), "--help", "--lang", "es"])
    assert english.exit_code == spanish.exit_code == 0
    assert _program_words(english.output), "the English help shows the program's words"
    assert not _program_words(spanish.output), (command, sorted(_program_words(spanish.output)))
    assert "Opciones:" in spanish.output and "Muestra este mensaje y sale." in spanish.output
    if command in COMMANDS:  # its first line is the command list's, in Spanish
        with in_language("es"):
            summary = _(COMMANDS[command][1])
        assert " ".join(spanish.output.split()).count(" ".join(summary.split())) == 1


def test_the_workshop_guide_is_in_spanish_and_the_others_say_they_are_not_yet() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["guide", "--lang", "es"]).output
    assert "Cómo conducir un taller" in listing and "Running a workshop" not in listing
    guide = runner.invoke(main, ["guide", "workshop", "--lang", "es"])
    assert guide.exit_code == 0 and guide.output.startswith("# Cómo conducir un taller")
    assert "Cada teléfono en su idioma" in guide.output and "EE.\u00a0UU." in guide.output
    assert not re.search(r"EE\. UU\.", guide.output)
    assert runner.invoke(main, ["guide", "workshop"]).output.startswith("# Running a workshop")
    english_only = [page.stem for page in sorted(GUIDES.glob("*.md"))
                    if "." not in page.stem and not (GUIDES / f"{page.stem}.es.md").exists()]
    assert english_only, "every guide is in Spanish: test the note on a guide file given as the topic instead"
    other = runner.invoke(main, ["guide", english_only[0], "--lang", "es"]).output
    assert other.startswith("(Esta guía todavía no tiene versión en su idioma: se muestra tal como está escrita.)")
    assert "(Esta guía" not in runner.invoke(main, ["guide", english_only[0]]).output
    for topic in ("format", "numbers", "python"):  # issue 21: these guides have a Spanish version
        spanish = runner.invoke(main, ["guide", topic, "--lang", "es"]).output
        assert spanish.split() == (GUIDES / f"{topic}.es.md").read_text(encoding="utf-8").split()
