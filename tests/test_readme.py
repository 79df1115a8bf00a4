"""The README stays true: its library table, its command list and its two opening commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenarios import engine
from scenarios.cli.main import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_opens_with_the_two_set_up_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert blocks[0].endswith("scenarios explore mexico")
    assert blocks[1].endswith("python -m pytest")
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == blocks[1], ".ci/run must end with the README's test command"


@pytest.mark.parametrize("row", re.findall(r"^\| `([a-z-]+)` \| .*? \| (\d+) \| (\d+) \|$", README, re.M),
                         ids=lambda row: row[0])
def test_library_table_counts_are_current(row: tuple[str, str, str]) -> None:
    name, paths, outcomes = row
    summary = engine.load(name).summarize()
    assert (summary.path_count, len(summary.outcomes)) == (int(paths), int(outcomes))


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command: str) -> None:
    assert f"### `scenarios {command}" in README


def test_no_output_or_doc_calls_weights_likelihoods() -> None:
    root = Path(__file__).resolve().parents[1]
    files = [root / "README.md", *(root / "engine").rglob("*.py"), *(root / "cli").rglob("*.py")]
    assert [f.name for f in files if "likelihood" in f.read_text(encoding="utf-8").lower()] == []
