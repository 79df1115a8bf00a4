"""`scenarios analyze`, `sensitivity`, `compare`, `diff`, `export`: exit codes and what a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main
from tests.conftest import PORT

DATA = Path(__file__).parent.parent / "data" / "analysis"
GROUPS = DATA / "groups"
NOTE = "Values, weights and expected values follow from the stated assumptions; they are not forecasts."


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_analyze_table() -> None:
    code, out, err = run("analyze", str(PORT), "--all")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Port inspection dispute  (as of 9 January 2026)"
    assert lines[2] == "Sources: “Example article” (Example News, 9 January 2026)"
    lines.pop(2)
    assert lines[2] == ("Rule: expected: each uncertain event is worth the average of its branches, weighted by the "
                        "stated weights (normalized).")
    assert lines[3] == "Assumptions: p_talks_succeed = 0.5"
    assert lines[4] == NOTE
    assert "│ Government B │ 199.5 │" in out
    assert ("│ Government B responds     │ Government B │ Propose talks → Breakdown │ Accept        │ Accept 199 · "
            "Retaliate 118" in out)
    assert "│ Bilateral tension │      0.5 │ level position: 0 = low … 3 = severe │" in out
    assert "Every rule makes the same choices here." in out


def test_analyze_json_with_set() -> None:
    code, out, _ = run("analyze", str(PORT), "--set", "p_talks_succeed=0.8", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["rule"] == "expected"
    assert data["assumptions"] == {"p_talks_succeed": 0.8}
    assert data["values"] == {"gov_a": pytest.approx(99.6), "gov_b": pytest.approx(199.8)}
    assert data["choices"][0] == {"node": "a_moves", "actor": "gov_a", "history": [], "choice": "Propose talks",
                                  "best": ["Propose talks"],
                                  "values": {"Propose talks": pytest.approx(99.6), "Impose inspections": 68.0},
                                  "tied": []}
    assert data["indicators"]["tension"] == pytest.approx(0.2)
    assert data["rules"][1]["by_rule"]["maximin"] == "Accept"
    assert data["note"] == NOTE


def test_analyze_rules_disagree_are_marked_in_plain_text_and_counted() -> None:
    code, out, _ = run("analyze", str(DATA / "rules.yaml"), "--rule", "maximax", "--all")
    assert code == 0
    assert "Rule: maximax: each uncertain event is worth its best branch" in out
    assert "│ * │ Pick an option │ (start)       │ Safe     │ Bold    │ Safe    │ Bold    │ Bold            │" in out
    assert "The rules disagree at 1 decision point (marked *)." in out
    assert "bold" not in out.lower().replace("│ bold", "")


def test_analyze_errors() -> None:
    code, _, err = run("analyze", str(DATA / "unweighted.yaml"))
    assert code == 2
    assert err == ("error: rule 'expected' needs weights, but these chance nodes have none: storm (give their "
                   "branches weights, or use a rule that needs none: laplace, maximin, maximax, hurwicz)\n")
    code, _, err = run("analyze", str(PORT), "--rule", "hurwicz", "--alpha", "2")
    assert (code, err) == (2, "error: alpha = 2 is outside [0, 1] (0 judges by the worst branch, 1 by the best)\n")
    code, _, err = run("analyze", str(PORT), "--set", "p_talks_succeed=0.9")
    assert code == 2
    assert err == ("error: --set 'p_talks_succeed=0.9': assumption 'p_talks_succeed' = 0.9 is outside its range "
                   "[0.2, 0.8]\n")
    code, _, err = run("analyze", str(PORT), "--rule", "best")
    assert code == 2
    assert "Invalid value for '--rule': 'best' is not one of 'expected', 'laplace', 'maximin'" in err


def test_assumption_file_errors_have_a_line() -> None:
    code, _, err = run("analyze", str(PORT), "--assumptions", str(GROUPS / "bad-group.yaml"))
    assert code == 2
    assert err.splitlines() == [
        f"{GROUPS / 'bad-group.yaml'}:2:1: error: unknown assumption 'p_talk_succeed' (did you mean "
        "'p_talks_succeed'?); this scenario has: p_talks_succeed", "1 error"]


@pytest.mark.big
def test_sensitivity_json_and_charts(tmp_path: Path) -> None:
    out_dir = tmp_path / "charts"
    code, out, _ = run("sensitivity", str(DATA / "one-decision.yaml"), "--steps", "5", "--out", str(out_dir),
                       "--format", "json")
    assert code == 0
    data = json.loads(out)
    (sweep,) = data["assumptions"]
    assert (sweep["name"], sweep["low"], sweep["high"], sweep["values"]) == ("p", 0, 1, {"me": [40, 100]})
    (flip,) = sweep["thresholds"]
    assert flip["value"] == pytest.approx(0.4, abs=1e-6)
    assert {k: flip[k] for k in ("node", "history", "from", "to")} == {"node": "choose", "history": [],
                                                                       "from": "Safe", "to": "Gamble"}
    assert sorted(p.name for p in out_dir.iterdir()) == ["one-decision-sweep-p.svg", "one-decision-tornado.svg"]
    assert data["charts"] == [str(out_dir / "one-decision-tornado.svg"), str(out_dir / "one-decision-sweep-p.svg")]


@pytest.mark.big
def test_sensitivity_table_and_foreign_files(tmp_path: Path) -> None:
    foreign = tmp_path / "one-decision-tornado.png"
    foreign.write_bytes(b"someone else's chart")
    args = ["sensitivity", str(DATA / "one-decision.yaml"), "--all", "--steps", "3", "--out", str(tmp_path),
            "--chart", "png"]
    code, _, err = run(*args)
    assert (code, err) == (2, f"error: {foreign} already exists and was not written by scenarios; "
                              "pass --force to replace it\n")
    code, out, _ = run(*args, "--force")
    assert code == 0
    assert "│ p          │ 0.4 │ Choose   │ Me    │ (start)       │ Safe → Gamble        │" in out
    assert "│ p                 │ 0 … 1     │           40 → 100 │" in out
    assert f"wrote {foreign}" in out
    code, _, _ = run(*args)  # our own file now: replaced without --force
    assert code == 0


def test_sensitivity_without_charts_and_bad_names() -> None:
    code, out, _ = run("sensitivity", str(PORT), "--all", "--no-charts", "--steps", "3")
    assert code == 0
    assert "No decision's choice flips within any range (checked at 3 points each)." in out
    assert "wrote" not in out
    code, _, err = run("sensitivity", str(PORT), "-a", "p_talks_suceed", "--no-charts")
    assert (code, err) == (2, "error: unknown assumption 'p_talks_suceed' (did you mean 'p_talks_succeed'?); "
                              "this scenario has: p_talks_succeed\n")


def test_compare_groups_side_by_side() -> None:
    code, out, _ = run("compare", str(PORT), "--all", "--assumptions", str(GROUPS / "group-a.yaml"),
                       "--assumptions", str(GROUPS / "group-b.yaml"))
    assert code == 0
    assert NOTE in out
    assert "│ Talks succeed │        0.5 │   0.8 * │   0.2 * │" in out
    assert "│ Government A │         99 │    99.6 │    98.4 │" in out
    code, out, _ = run("compare", str(PORT), "--all", "--assumptions", str(GROUPS / "group-a.yaml"), "-f", "json")
    data = json.loads(out)
    assert [g["name"] for g in data["groups"]] == ["as written", "group-a"]
    assert data["groups"][1]["set"] == {"p_talks_succeed": 0.8}
    assert data["decisions"][0]["by_group"] == {"as written": "Propose talks", "group-a": "Propose talks"}


def test_compare_needs_a_group() -> None:
    code, _, err = run("compare", str(PORT))
    assert code == 2
    assert "Missing option '--assumptions'" in err


def test_diff(tmp_path: Path) -> None:
    new = tmp_path / "port-v2.yaml"
    new.write_text(PORT.read_text().replace("value: 0.5, low: 0.2", "value: 0.6, low: 0.2").replace(
        "      - {label: Retaliate, to: spiral, effects: {tension: 1, trade: -40}}\n", ""))
    code, out, _ = run("diff", str(PORT), str(new))
    assert code == 0
    assert out.splitlines()[:3] == [f"{PORT} → {new}", "~ assumption p_talks_succeed: value 0.5 → 0.6",
                                    "- branch b_responds [Retaliate] removed (to spiral)"]
    assert "│ Escalation spiral (spiral) │            2 │           0 │     -2 │" in out
    code, out, _ = run("diff", str(PORT), str(PORT))
    assert out.splitlines()[1] == "No differences in the model."
    code, out, _ = run("diff", str(PORT), str(new), "-f", "json")
    assert json.loads(out)["outcomes"] == [{"node": "spiral", "label": "Escalation spiral", "old_paths": 2,
                                            "new_paths": 0}]


def test_export_to_stdout_and_file(tmp_path: Path) -> None:
    code, out, _ = run("export", str(PORT), "-f", "efg")
    assert code == 0
    assert out.startswith('EFG 2 R "Port inspection dispute" { "Government A (gov_a)" "Government B (gov_b)" }\n')
    target = tmp_path / "port.efg"
    code, _, err = run("export", str(PORT), "-f", "efg", "-o", str(target))
    assert (code, err) == (0, f"wrote {target}\n")
    assert target.read_text() == out
    mine = tmp_path / "notes.json"
    mine.write_text("{}")
    code, _, err = run("export", str(PORT), "-f", "json", "-o", str(mine))
    assert code == 2 and "pass --force to replace it" in err
    code, _, _ = run("export", str(PORT), "-f", "graphml", "-o", str(mine), "--force")
    assert code == 0 and "<graphml" in mine.read_text()
    code, _, err = run("export", str(DATA / "unweighted.yaml"), "-f", "efg")
    assert code == 2 and "these have no weights: storm" in err


@pytest.mark.parametrize("command", ["analyze", "sensitivity", "compare", "diff", "export"])
def test_commands_have_help_with_examples(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Examples:" in out
    assert "forecast" in out or command in ("diff",)


def test_compare_loads_bundled_perspectives_by_name_and_they_lead_apart() -> None:
    code, out, _ = run("compare", "venezuela", "--all", "--assumptions", "venezuela-administration",
                       "--assumptions", "venezuela-critics", "--format", "json")
    assert code == 0
    groups = {g["name"]: g for g in json.loads(out)["groups"]}
    assert set(groups) == {"as written", "venezuela-administration", "venezuela-critics"}

    def sea(group: dict) -> set[str]:
        return {c["choice"] for c in group["choices"] if c["node"] == "us_sea"}

    # Each side's stated case leads to its own choices: since issue 19 the evidence decides
    # whether a capture disrupts trafficking, so the boat-strike choice differs by path.
    assert "Continue the maritime strikes" in sea(groups["venezuela-administration"])
    assert sea(groups["venezuela-critics"]) == {"Halt; return to law enforcement"}
