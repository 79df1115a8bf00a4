"""The program's own words in Spanish: a complete catalogue, in step with the code, and used everywhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from scenarios.cli.main import main
from scenarios.engine.text.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[1]
PO = LOCALE_DIR / "es" / "LC_MESSAGES" / "scenarios.po"
MO = PO.with_suffix(".mo")
CROSSING = ROOT / "tests" / "data" / "languages" / "crossing.yaml"


def _catalogue() -> list:
    with PO.open("rb") as fh:
        return [m for m in read_po(fh, locale="es") if m.id]


def _ids(message_id: object) -> tuple[str, ...]:
    return tuple(message_id) if isinstance(message_id, list | tuple) else (str(message_id),)


def _extracted() -> set[tuple[str, ...]]:
    found = set()
    for folder in ("engine", "cli"):
        for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT / folder)):
            found.add(_ids(message))
    return found


def test_the_catalogue_holds_exactly_the_words_the_code_marks() -> None:
    """Run `pybabel extract` and `update` (docs/development.md, Translations) when this fails."""
    assert {_ids(m.id) for m in _catalogue()} == _extracted()


def test_no_marked_words_hide_inside_f_strings() -> None:
    """Babel cannot read `_()` inside an f-string, so such words would silently stay English."""
    hidden = [f"{path.relative_to(ROOT)}:{n}" for folder in ("engine", "cli") for path in (ROOT / folder).rglob("*.py")
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if re.search(r"""f["'].*{(_|ngettext|N_)\(""", line)]
    assert hidden == []


def test_every_entry_is_translated_and_keeps_its_placeholders() -> None:
    for message in _catalogue():
        strings = _ids(message.string)
        assert all(strings) and "fuzzy" not in message.flags, f"untranslated: {message.id!r}"
        english = _ids(message.id)
        for k, text in enumerate(strings):  # each form keeps its English form's placeholders (singular, plural)
            wanted = set(re.findall(r"{\w*}", english[min(k, len(english) - 1)]))
            assert set(re.findall(r"{\w*}", text)) == wanted, f"placeholders differ in {message.id!r}"


def test_the_shipped_mo_is_compiled_from_the_po() -> None:
    """Run `pybabel compile` (docs/development.md, Translations) when this fails."""
    with MO.open("rb") as fh:
        compiled = {_ids(m.id): _ids(m.string) for m in read_mo(fh) if m.id}
    assert compiled == {_ids(m.id): _ids(m.string) for m in _catalogue()}


def _english_words() -> set[str]:
    """Words of the program's English that Spanish never uses (so 'no', 'error', 'local' don't count)."""
    english: set[str] = set()
    spanish: set[str] = set()
    for message in _catalogue():
        words = re.sub(r"{\w*}|`[^`]*`|--?\w[\w-]*", " ", " ".join(_ids(message.id)))  # not placeholders, code
        english |= set(re.findall(r"[A-Za-z]{3,}", words))
        spanish |= set(re.findall(r"\w{3,}", " ".join(_ids(message.string))))
    return {w.lower() for w in english} - {w.lower() for w in spanish} - {"scenarios", "explore", "csv", "expr"}


def _words(text: str) -> Iterator[str]:
    """The words a reader sees: DOT and Mermaid comments, style lines and node ids left out."""
    shown = "\n".join(line for line in text.splitlines()
                      if not line.lstrip().startswith(("//", "%%", "classDef", "linkStyle", "direction"))
                      and line.strip() != "end")  # Mermaid's keywords
    shown = re.sub(r"[\w-]*legend[\w-]*", " ", shown)  # ids
    shown = re.sub(r"</?[A-Za-z]+\b[^<>]*>", " ", shown)  # DOT's and Mermaid's HTML tags (<FONT ...>, <small>)
    shown = re.sub(r'\b[\w-]+=\s*"?[\w.,#%-]*"?', " ", shown)  # DOT attributes (rank=same, newrank=true)
    return (w.lower() for w in re.findall(r"[A-Za-z]{3,}", shown))


@pytest.mark.parametrize("command", [
    ["explore", str(CROSSING)],
    ["explore", str(CROSSING), "--where", "trade < 90"],
    ["explore", str(CROSSING), "-f", "markdown"],
    ["render", str(CROSSING), "-f", "dot", "-o", "-", "--effects", "--highlight", "2"],
    ["render", str(CROSSING), "-f", "mermaid", "-o", "-", "--tree", "--where", "trade < 90"],
    ["analyze", str(CROSSING)],
    ["sensitivity", str(CROSSING), "--no-charts"],
    ["signposts", str(CROSSING)],
    ["matrix", str(CROSSING), "--axes", "talks,reroute"],
    ["story", str(CROSSING), "5"],
    ["story", str(CROSSING), "2", "-f", "markdown"],
    ["explore", str(CROSSING), "--describe"],
    ["balance", str(CROSSING)],
    ["balance", str(CROSSING), "-f", "markdown"],
    ["uncertainty", str(CROSSING), "-n", "64", "--no-charts"],
    ["uncertainty", str(CROSSING), "-n", "64", "--no-charts", "--target", "spiral", "--min-weight", "0.1"],
])
@pytest.mark.big
def test_spanish_output_of_a_spanish_model_has_none_of_the_programs_english(command: list[str]) -> None:
    english = _english_words()
    runner = CliRunner()
    in_english = runner.invoke(main, command)
    assert in_english.exit_code == 0
    assert set(_words(in_english.stdout)) & english, "the English run shows the program's words"
    in_spanish = runner.invoke(main, [*command, "--lang", "es"])
    assert in_spanish.exit_code == 0
    # Ids, level names and expressions are language-neutral content, not the program's words.
    # Rule names (expected, hurwicz...) are option values, typed as written.
    content = {"tension", "trade", "high", "low", "severe", "p_talks", "p_reroute", "expected"}
    leaked = set(_words(in_spanish.stdout)) & english - content
    assert not leaked, f"English words in Spanish output: {sorted(leaked)}"
