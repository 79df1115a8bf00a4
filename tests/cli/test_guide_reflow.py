"""`scenarios guide` reflows its Markdown to the terminal's width: paragraphs and list items rewrapped
without splitting a word, everything else (headings, code, tables, quotes) as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main
from scenarios.cli.markdown import reflow

GUIDES = Path(__file__).resolve().parents[2] / "docs" / "guides"
FENCED = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
COMMENT = re.compile(r"^\s*<!--.*-->\s*\n", re.M)  # a note to the page's editors, not shown


def guide(topic: str, columns: int, monkeypatch: pytest.MonkeyPatch) -> str:
    """The guide of `topic` as printed; `workshop.es` is the workshop guide under --lang es."""
    monkeypatch.setenv("COLUMNS", str(columns))
    name, _dot, lang = topic.partition(".")
    result = CliRunner().invoke(main, ["guide", name, *(["--lang", lang] if lang else [])])
    assert result.exit_code == 0, result.output
    return result.stdout


def prose(text: str) -> list[str]:
    """The lines of paragraphs and list items: outside code blocks, not headings, tables or quotes."""
    return [line for line in FENCED.sub("", text).splitlines()
            if line.strip() and not line.lstrip().startswith(("#", "|", ">"))]


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("topic", sorted(p.stem for p in GUIDES.glob("*.md")))
def test_a_guide_fits_the_width_and_keeps_its_words_and_code(topic: str, columns: int,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    source = COMMENT.sub("", (GUIDES / f"{topic}.md").read_text(encoding="utf-8"))
    out = guide(topic, columns, monkeypatch)
    assert FENCED.sub("", out).split() == FENCED.sub("", source).split()  # the words in order, none split or joined
    blocks, written = [m.group(0) for m in FENCED.finditer(out)], [m.group(0) for m in FENCED.finditer(source)]
    assert [sorted(b.split()) for b in blocks] == [sorted(b.split()) for b in written]  # code: the same words
    for block in blocks:  # as written, but a comment that made its line too wide stands above the command
        assert not [line for line in block.splitlines() if len(line) > columns and re.search(r"\S\s{2,}# ", line)]
    too_wide = [line for line in prose(out) if len(line) > columns and " " in line.strip()]
    assert too_wide == []  # only a single word longer than the width may stand out
    kept = [line for line in source.splitlines() if line.lstrip().startswith(("#", "|", ">"))]
    assert all(line in out.splitlines() for line in kept)  # headings, tables and quotes as written


def test_at_100_columns_paragraphs_use_the_width() -> None:
    """Reflowing joins the hard-wrapped lines, so a wider terminal takes fewer lines, not the file's breaks."""
    source = (GUIDES / "workshop.md").read_text(encoding="utf-8")
    assert len(prose(reflow(source, 100))) < len(prose(source)) < len(prose(reflow(source, 80)))


def test_list_items_hang_under_their_text_and_code_spans_stay_whole() -> None:
    text = ("Intro line that is\nhard-wrapped early.\n\n- first item, long enough to wrap at twenty\n"
            "  columns `a b`\n  1. nested\n- second\n\n```sh\nscenarios  explore   mexico --all\n```\n"
            "# A heading that is far too long to fit the width\n| a | b |\n> quoted  text\n")
    assert reflow(text, 20) == (
        "Intro line that is\nhard-wrapped early.\n\n- first item, long\n  enough to wrap at\n"
        "  twenty columns\n  `a b`\n  1. nested\n- second\n\n```sh\nscenarios  explore   mexico --all\n```\n"
        "# A heading that is far too long to fit the width\n| a | b |\n> quoted  text\n")


def test_a_note_to_the_editors_is_not_shown() -> None:
    """The library guide marks its generated part with HTML comments; a reader in a terminal sees neither."""
    text = "Before.\n\n<!-- generated: do not edit -->\n- an item\n<!-- end -->\n"
    assert reflow(text, 80) == "Before.\n\n- an item\n"
    assert "<!--" in (GUIDES / "library.md").read_text(encoding="utf-8")
    assert "<!--" not in reflow((GUIDES / "library.md").read_text(encoding="utf-8"), 80)


def test_a_year_at_the_start_of_a_line_is_not_a_numbered_item() -> None:
    text = "Dated August 2025, November 2025 and 9 January\n2026) and the rest.\n"
    assert reflow(text, 200) == "Dated August 2025, November 2025 and 9 January 2026) and the rest.\n"
    assert reflow(reflow(text, 30), 30) == reflow(text, 30)


def test_piped_output_keeps_the_width_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """CliRunner's output is not a terminal: without COLUMNS the guide is wrapped at the fallback of 80."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("scenarios.cli.console.os.get_terminal_size", lambda _fd: (_ for _ in ()).throw(OSError()))
    out = CliRunner().invoke(main, ["guide", "workshop"]).stdout
    assert max(len(line) for line in prose(out)) <= 80
    assert max(len(line) for line in prose(out)) > 75


def test_a_shell_examples_comment_too_wide_for_the_terminal_goes_above_its_command() -> None:
    text = "```sh\nscenarios workshop mexico --lang es          # the phones and the handout in Spanish\n" \
           "scenarios list  # short\n```"
    assert reflow(text, 60).splitlines() == ["```sh", "# the phones and the handout in Spanish",
                                              "scenarios workshop mexico --lang es", "scenarios list  # short", "```"]
    assert reflow(text, 100) == text
