"""`scenarios explore`: what a reader sees, and the machine-readable formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from scenarios.cli.main import main
from tests.conftest import PORT
from tests.models import lattice_yaml


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_table_shows_header_paths_and_summary() -> None:
    code, out, _ = run("explore", str(PORT))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Port inspection dispute  (as of 9 January 2026)"
    assert lines[1] == ("Illustrative, not a forecast: this model explores possibilities; any weights follow from "
                        "the stated assumptions.")
    assert lines[2] == "Sources: “Example article” (Example News, 9 January 2026)"
    assert lines[3] == "Weights follow from the stated assumptions, not from evidence: p_talks_succeed = 0.5"
    assert "│    4 │ Impose inspections → Accept" in out
    assert "Path counts show how the model branches, not how likely an outcome is." in lines
    assert "given the decisions on it" in out and "likelihood" not in out
    assert "not that it is certain." in out
    at = lines.index("Escalation spiral — 2 paths · share of weight 50.0–100.0%")
    assert lines[at + 1] == "  Bilateral tension high–severe · Trade flow 30–60 · Talks were held no–yes"


def test_where_keeps_path_numbers() -> None:
    code, out, _ = run("explore", str(PORT), "--where", "tension >= high")
    assert code == 0
    assert "Showing paths whose final state satisfies: tension >= high" in out
    numbers = [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│ ") and
               line.split("│")[1].strip().isdigit()]
    assert numbers == ["3", "4", "5"]


def test_where_matching_nothing_says_so() -> None:
    code, out, _ = run("explore", str(PORT), "--where", "trade > 1000")
    assert code == 0
    assert out.splitlines()[-1] == "No path ends in a state where trade > 1000."


def test_bad_where_is_a_usage_error() -> None:
    code, _, err = run("explore", str(PORT), "--where", "trade >> 2")
    assert code == 2
    assert err == "error: --where 'trade >> 2': operator '>>' is not allowed (use + - * /)\n"


def test_json_follows_the_format_page(tmp_path: Path) -> None:
    code, out, _ = run("explore", str(PORT), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"scenario", "title", "disclaimer", "path_count", "outcomes", "paths"} <= set(data)
    assert data["scenario"] == "port-dispute"
    assert data["path_count"] == 6
    assert data["outcomes"][0] == {"node": "deal", "label": "Negotiated settlement", "paths": 2,
                                   "weight_range": [0.5, 1.0]}
    assert data["paths"][0] == {
        "number": 1,
        "steps": [{"node": "a_moves", "branch": "Propose talks"}, {"node": "talks", "branch": "Agreement"}],
        "outcome": "deal", "state": {"tension": "low", "trade": 100, "talks_held": True}, "weight": 0.5}


def test_json_summary_leaves_out_paths_and_counts_exactly(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(lattice_yaml(41, 2))
    code, out, _ = run("explore", str(big), "--format", "json", "--summary")
    assert code == 0
    data = json.loads(out)
    assert "paths" not in data
    assert data["path_count"] == 2**41
    assert data["outcomes"] == [{"node": "end", "label": "End", "paths": 2**41, "weight_range": [1.0, 1.0]}]


def test_json_with_where_is_valid_and_counts_matches() -> None:
    _code, out, _ = run("explore", str(PORT), "-f", "json", "--where", "visited(talks)")
    data = json.loads(out)
    assert [p["number"] for p in data["paths"]] == [1, 2, 3]
    assert data["path_count"] == 3


def test_csv_has_one_row_per_path() -> None:
    _code, out, _ = run("explore", str(PORT), "--format", "csv")
    lines = out.splitlines(keepends=True)
    head = [line for line in lines if line.startswith("# ")]
    assert lines[:len(head)] == head and head[1].startswith("# Illustrative, not a forecast")  # issue 19: M6
    rows = list(csv.reader(io.StringIO("".join(lines[len(head):]))))
    assert rows[0] == ["number", "steps", "outcome", "tension", "trade", "talks_held", "weight"]
    assert rows[1] == ["1", "a_moves: Propose talks > talks: Agreement", "deal", "low", "100", "true", "0.5"]
    assert len(rows) == 7


def test_markdown_is_a_table() -> None:
    code, out, _ = run("explore", str(PORT), "--format", "markdown")
    assert code == 0
    assert out.startswith("# Port inspection dispute\n")
    assert "| 1 | Propose talks → Agreement | Negotiated settlement |" in out
    assert "## Outcomes (6 paths)" in out


def test_over_50_paths_shows_summary_and_how_to_list_all(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(lattice_yaml(4, 3))
    code, out, _ = run("explore", str(big))
    assert code == 0
    assert "Paths" not in out.splitlines()[3]
    assert "81 paths are too many to list here. List them all with: scenarios explore big --all" in out
    code, out, _ = run("explore", str(big), "--all")
    assert "│   81 │" in out


def test_summary_flag_forces_the_summary() -> None:
    _code, out, _ = run("explore", str(PORT), "--summary")
    assert "Impose inspections" not in out
    assert "Outcomes: 6 paths" in out


def test_set_overrides_an_assumption_and_is_checked() -> None:
    code, out, _ = run("explore", str(PORT), "--set", "p_talks_succeed=0.8", "-f", "json")
    assert json.loads(out)["paths"][0]["weight"] == 0.8
    code, _, err = run("explore", str(PORT), "--set", "p_talks_succeed=0.95")
    assert code == 2
    assert err == ("error: --set 'p_talks_succeed=0.95': assumption 'p_talks_succeed' = 0.95 is outside its range "
                   "[0.2, 0.8]\n")
    code, _, err = run("explore", str(PORT), "--set", "p_talks_suceed=0.5")
    assert err == ("error: --set 'p_talks_suceed=0.5': unknown assumption 'p_talks_suceed' "
                   "(did you mean 'p_talks_succeed'?); this scenario has: p_talks_succeed\n")


def test_assumption_file_errors_point_at_the_line(tmp_path: Path) -> None:
    group = tmp_path / "group.yaml"
    group.write_text("p_talks_succeed: 0.3\nnot_there: 1\n")
    code, _, err = run("explore", str(PORT), "--assumptions", str(group))
    assert code == 2
    assert err.splitlines()[0] == (f"{group}:2:1: error: unknown assumption 'not_there'; this scenario has: "
                                   "p_talks_succeed")


def test_unknown_name_lists_the_available_ones() -> None:
    code, _, err = run("explore", "mexcio")
    assert code == 2
    assert err.startswith("error: no scenario named 'mexcio' (did you mean 'mexico'?); available: ")
    assert "venezuela" in err


def test_invalid_file_exits_2_with_positions_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(PORT.read_text().replace("to: uneasy_calm}", "to: nowhere}"))
    code, out, err = run("explore", str(bad))
    assert code == 2
    assert out == ""
    assert err == f"{bad}:42:29: error: branch 'Accept' goes to unknown node 'nowhere'\n1 error\n"
    assert "Traceback" not in err


def test_every_format_carries_the_sources_and_never_quotes_a_descriptive_title() -> None:
    """Issue 19 (M6): Markdown, JSON and CSV name the sources as the table does (title, date)."""
    title = "After Maduro's capture, US threatens land strikes on cartels in Mexico"
    for fmt in ("markdown", "csv", "json", "table"):
        _code, out, _ = run("explore", "tutorial", "--format", fmt, "--summary")
        # Dates read in words for people (issue-langs: "dates in words in sources"); JSON keeps ISO.
        assert title in out and ("2026-01-09" if fmt == "json" else "9 January 2026") in out, fmt
        assert f"“{title}”" not in out and f'"{title}"' not in out.replace('"title": "', ""), fmt
    _code, out, _ = run("explore", "tutorial", "--format", "json", "--summary")
    assert json.loads(out)["sources"][0]["descriptive_title"] is True
