"""At 80 columns, analyze, sensitivity and compare reflow instead of cutting names, and mark rows in plain text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from scenarios import engine
from scenarios.cli.main import main

GROUPS = Path(__file__).parents[1] / "data" / "examples"
COMMANDS = {
    "analyze": ["analyze", "mexico", "--all"],
    "analyze-ids": ["analyze", "mexico", "--all", "--rule", "maximin", "--ids"],
    "sensitivity": ["sensitivity", "mexico", "--all", "--no-charts", "--steps", "5"],
    "compare": ["compare", "mexico", "--all", "--assumptions", str(GROUPS / "a.yaml"),
                "--assumptions", str(GROUPS / "b.yaml")],
}


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.big
def test_nothing_is_cut_at_80_columns(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(main, COMMANDS[name])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert not re.search(r"\w…", out), "a word was cut short with an ellipsis"
    assert "bold" not in out.lower() and "dim" not in out.lower()
    spec = engine.load("mexico").spec
    flat = " ".join(out.split())
    for actor in spec.actors.values():
        assert actor.name in flat
    if name == "sensitivity":
        for assumption in spec.assumptions.values():
            assert assumption.label in flat


def test_names_by_default_ids_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    plain = CliRunner().invoke(main, ["analyze", "mexico"]).stdout
    with_ids = CliRunner().invoke(main, ["analyze", "mexico", "--ids"]).stdout
    assert "US executive's choice" in plain and "us_choice" not in plain
    assert "US executive's choice (us_choice)" in with_ids and "US executive (us_exec)" in with_ids


def test_rows_that_differ_are_marked_with_a_symbol(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = CliRunner().invoke(main, ["analyze", "mexico", "--all"]).stdout
    assert "* Decision: US executive's choice" in out
    assert "(marked *)" in out
