"""No tie is presented as a choice: analyze, sensitivity and compare on a model with exact ties."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scenarios.cli.main import main

TIES = Path(__file__).parent.parent / "data" / "analysis" / "ties.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def choice_cells(out: str, title: str) -> list[str]:
    """The rows of the table headed `title`, up to its closing border."""
    block = out[out.index(title):]
    return block[:block.index("└")].splitlines()


def test_analyze_says_indifferent_and_follows_every_best_branch() -> None:
    code, out = run("analyze", str(TIES), "--all")
    assert code == 0
    rows = [r for r in choice_cells(out, "Choices along the play") if r.startswith("│")]
    assert [r.split("│")[4].strip() for r in rows] == ["indifferent between Talk and Walk",
                                                        "indifferent between Yes and No"]
    assert "Talk → Yes" in out and "Talk → No" in out and "Walk → Dry" in out
    data = json.loads(run("analyze", str(TIES), "-f", "json")[1])
    assert [(c["choice"], c["best"]) for c in data["choices"]] == [(None, ["Talk", "Walk"]), (None, ["Yes", "No"])]
    assert data["rules"][1]["by_rule"]["maximin"] == "indifferent between Yes and No"


def test_sensitivity_reports_a_flip_only_when_the_choice_set_changes() -> None:
    code, out = run("sensitivity", str(TIES), "--no-charts", "-f", "json")
    assert code == 0
    [sweep] = json.loads(out)["assumptions"]
    # Bea's tie holds over the whole range: no flip. Ann goes from Walk to Talk through a tie at 0.5.
    assert [(t["node"], round(t["value"], 5), t["from"], t["to"]) for t in sweep["thresholds"]] == [
        ("ann_moves", 0.5, "Walk", "Talk")]


def test_compare_shows_a_tie_as_a_tie(tmp_path: Path) -> None:
    (tmp_path / "dry.yaml").write_text("p_rain: 0.3\n")
    (tmp_path / "even.yaml").write_text("p_rain: 0.5\n")
    code, out = run("compare", str(TIES), "--all", "--assumptions", str(tmp_path / "dry.yaml"),
                    "--assumptions", str(tmp_path / "even.yaml"), "-f", "json")
    assert code == 0
    rows = {d["node"]: d["by_group"] for d in json.loads(out)["decisions"]}
    assert rows["ann_moves"] == {"as written": "indifferent between Talk and Walk", "dry": "Walk",
                                 "even": "indifferent between Talk and Walk"}
    assert set(rows["bea_reply"].values()) == {"indifferent between Yes and No"}
