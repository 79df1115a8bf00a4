"""`--help` and `guide` in Spanish (issue 21): every command's own help (its text, its options, click's words) under
`--lang es`, and the workshop guide in Spanish, the other guides in English with a line saying so."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_every_guide_is_in_spanish() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["guide", "--lang", "es"]).output
    assert "Cómo conducir un taller" in listing and "Running a workshop" not in listing
    guide = runner.invoke(main, ["guide", "workshop", "--lang", "es"])
    assert guide.exit_code == 0 and guide.output.startswith("# Cómo conducir un taller")
    assert "Cada teléfono en su idioma" in guide.output and "EE.\u00a0UU." in guide.output
    assert not re.search(r"EE\. UU\.", guide.output)
    assert runner.invoke(main, ["guide", "workshop"]).output.startswith("# Running a workshop")
    assert [page.name for page in sorted(GUIDES.glob("*.md"))  # issue 21: a Spanish co-facilitator has them all
            if "." not in page.stem and not (GUIDES / f"{page.stem}.es.md").exists()] == []
    for topic in ("format", "numbers", "python", "library"):  # issue 21: these guides have a Spanish version
        spanish = runner.invoke(main, ["guide", topic, "--lang", "es"]).output
        written = (GUIDES / f"{topic}.es.md").read_text(encoding="utf-8")
        assert spanish.split() == re.sub(r"^<!--.*-->$", "", written, flags=re.M).split()  # notes to editors not shown


def test_a_guide_with_no_spanish_version_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rooms.md").write_text("# Rooms: where to hold a session\n\nAny room.\n", encoding="utf-8")
    (tmp_path / "workshop.md").write_text("# Running a workshop\n", encoding="utf-8")
    (tmp_path / "workshop.es.md").write_text("# Cómo conducir un taller\n", encoding="utf-8")
    monkeypatch.setattr("scenarios.cli.commands.guide.files", lambda _package: tmp_path)
    runner = CliRunner()
    note = "(Esta guía todavía no tiene versión en su idioma: se muestra tal como está escrita.)"
    spanish = runner.invoke(main, ["guide", "rooms", "--lang", "es"])
    assert spanish.exit_code == 0 and spanish.output.startswith(note)
    assert "# Rooms: where to hold a session" in spanish.output
    assert runner.invoke(main, ["guide", "rooms"]).output == "# Rooms: where to hold a session\n\nAny room.\n"
    assert runner.invoke(main, ["guide", "workshop", "--lang", "es"]).output == "# Cómo conducir un taller\n"
