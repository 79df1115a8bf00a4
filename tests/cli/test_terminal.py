"""At 80 columns: explore's summary gives each outcome at most four lines, nothing is cut, piped output keeps
the terminal's width or 80, and every weight shown says what it is."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from scenarios.cli import console
from scenarios.cli.main import main


def at(columns: int | None, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", str(columns))
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def outcome_blocks(out: str) -> dict[str, list[str]]:
    """The summary's blocks: an outcome's line (not indented) and the indented lines under it."""
    lines = out.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("Outcomes: ")) + 2
    blocks: dict[str, list[str]] = {}
    for line in lines[start:lines.index("", start)]:
        if line.startswith("  "):
            blocks[last].append(line)
        else:
            last = line
            blocks[last] = [line]
    return blocks


@pytest.mark.parametrize("args", [["mexico"], ["mexico", "--where", "civilian_risk >= high"], ["venezuela"]])
def test_each_outcome_of_the_summary_fits_four_lines_at_80_columns(args: list[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = at(80, monkeypatch, "explore", *args)
    blocks = outcome_blocks(out)
    assert len(blocks) >= 5
    assert all(len(block) <= 4 for block in blocks.values()), max(blocks.values(), key=len)
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert not re.search(r"\w…", out), "a name was cut short"
    assert "cartel_disruption" not in "".join(b for block in blocks.values() for b in block)  # labels, not ids
    if args[0] == "mexico":
        assert "Disruption of the designated cartels" in out
    if args == ["mexico"]:
        assert len(out.splitlines()) <= 90  # 263 lines before


def test_paths_listed_at_80_columns_cut_no_name(monkeypatch: pytest.MonkeyPatch) -> None:
    out = at(80, monkeypatch, "explore", "mexico", "--where", "coop_accepted")
    assert "cartel_disruption moderate" in out
    assert "…" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_piped_output_without_a_terminal_is_80_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    out = at(None, monkeypatch, "explore", "mexico", "--summary")
    widths = [cell_len(line.rstrip()) for line in out.splitlines()]
    assert 70 < max(widths) <= 80


def test_piped_output_keeps_the_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    class Piped(io.StringIO):
        def fileno(self) -> int:
            return 1

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(console.sys, "stdout", Piped())
    monkeypatch.setattr(console.os, "get_terminal_size", lambda fd: __import__("os").terminal_size((100, 40)))
    assert console.width() == 100
    monkeypatch.setenv("COLUMNS", "90")
    assert console.width() == 90


@pytest.mark.parametrize("args", [["explore", "tests/data/port-dispute.yaml"], ["story", "mexico", "3"]])
def test_every_weight_says_what_it_is(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    out = " ".join(at(80, monkeypatch, *args).split())
    assert "Share of weight" in out
    assert "not a forecast" in out and "100% means nothing uncertain splits the path" in out
    assert "not that it is certain" in out
