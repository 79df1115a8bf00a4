"""The README and the guides stay true: the library tables, the command list and the two opening commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenarios import engine
from scenarios.cli.main import every_command
from tests import account
from tests.docs import ALL_PAGES, GUIDES, README, ROOT, where

TEXT = README.read_text(encoding="utf-8")
GUIDE_TEXT = {page.stem: page.read_text(encoding="utf-8") for page in sorted(GUIDES.glob("*.md"))}


def test_opens_with_the_two_set_up_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", TEXT, re.S)
    assert blocks[0].endswith("scenarios explore mexico")
    assert blocks[1].endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == blocks[1], ".ci/run must end with the README's test command"


ROWS = [(where(page), *row) for page in (README, GUIDES / "library.md")
        for row in re.findall(r"^\| `([a-z-]+)` \| .*? \| (\d+) \| (\d+) \|$", page.read_text(encoding="utf-8"), re.M)]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row[0]}: {row[1]}")
def test_library_table_counts_are_current(row: tuple[str, str, str, str]) -> None:
    _, name, paths, outcomes = row
    summary = engine.load(name).summarize()
    assert (summary.path_count, len(summary.outcomes)) == (int(paths), int(outcomes))


BUNDLED = sorted(p.stem for p in engine.bundled_dir().glob("*.yaml"))


def test_both_library_tables_list_the_whole_library() -> None:
    for page in ("README.md", "docs/guides/library.md"):
        assert sorted(name for place, name, *_ in ROWS if place == page) == BUNDLED


@pytest.mark.parametrize("command", sorted(every_command()))
def test_every_command_is_documented(command: str) -> None:
    """Each command has a section of its own in a guide, so `scenarios guide` carries it."""
    assert any(re.search(rf"^#+ `scenarios {command}\b", text, re.M) for text in GUIDE_TEXT.values())


def test_no_output_or_doc_calls_weights_likelihoods() -> None:
    files: list[Path] = [*ALL_PAGES, *(ROOT / "engine").rglob("*.py"), *(ROOT / "cli").rglob("*.py")]
    assert [f.name for f in files if "likelihood" in f.read_text(encoding="utf-8").lower()] == []


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", BUNDLED)
def test_the_account_of_the_defaults_is_what_analyze_prints(name: str, lang: str) -> None:
    """Issue 19 (review M4): the library guide's account of the defaults is written from `analyze` and kept so,
    in English in library.md and in Spanish (`analyze --lang es`) in library.es.md.

    On a failure, `python -m tests.account` rewrites both from what `analyze` prints now.
    """
    lines = "\n".join(account.scenario_account(name, lang))
    assert f"\n{lines}\n" in account.shown(lang), f"{name} ({lang}): run python -m tests.account"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_account_of_the_defaults_covers_the_library_and_nothing_else(lang: str) -> None:
    told = re.findall(r"^- `([a-z-]+)` \(`scenarios analyze ", account.shown(lang), re.M)
    assert sorted(told) == BUNDLED
