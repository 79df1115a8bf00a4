"""`scenarios balance`: options by stance, values, mentions, each rule's choices with ties, and gaps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios import engine
from scenarios.cli.main import main
from tests.conftest import DATA

BALANCE = DATA / "balance.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_balance_record_of_a_model_with_known_stances() -> None:
    from scenarios.engine.analysis.balance import balance

    report = balance(engine.load(BALANCE))
    north, south, observers = report.actors
    opens, later = north.decisions
    assert (opens.stances("cooperative"), opens.stances("escalatory"), opens.stances(None)) == (
        ("Offer talks",), ("Blockade",), ())
    assert (later.stances("cooperative"), later.stances("escalatory"), later.stances(None)) == (
        ("Lift the blockade",), (), ("Wait and see",))
    assert north.values == {"tension": -1, "trade": 2}
    assert [m.label for m in north.mentions] == ["North Republic and South Union sign a deal"]
    assert [m.label for m in south.mentions] == ["North Republic and South Union sign a deal",
                                                 "The blockade ends; South pays the cost"]
    assert observers.decisions == () and observers.mentions == ()
    # South's three answers are worth the same to it: every rule shows the tie, none picks Accept
    assert set(south.decisions[0].by_rule.values()) == {("indifferent between Accept, Protest and Wait",)}
    assert opens.by_rule["expected"] == ("Offer talks",) and later.by_rule["expected"] == ()
    assert [(g.actor, g.node, g.kinds, g.unstanced) for g in report.gaps] == [
        ("north", "north_later", ("no escalatory option", "no stance"), ("Wait and see",)),
        ("observers", None, ("no decision",), ())]
    assert report.gaps[1].note == "Watches and reports; it has no lever here."


def test_balance_table_lists_gaps_and_exits_0() -> None:
    code, out, err = run("balance", str(BALANCE))
    assert (code, err) == (0, "")
    assert "│ North after the blockade (north_later) │ Lift the blockade │ —          │ —       │ Wait and see │" in out
    assert "Values: tension −1 · trade +2" in out
    flat = " ".join(out.split())
    assert "│ south_answers │ indifferent" in out
    assert ("- 'North after the blockade' (north_later), a decision of North Republic: no escalatory option; no "
            "stance on 'Wait and see'. The file's note: North has no further escalation to make here.") in flat
    assert "- Observer Mission (observers) has no decision in this model." in flat
    assert "Gaps: 2" in out


def test_balance_strict_exits_1_on_gaps_and_0_without(tmp_path: Path) -> None:
    assert run("balance", str(BALANCE), "--strict")[0] == 1
    text = BALANCE.read_text()
    text = text.replace("{label: Wait and see, to: blockade_end}",
                        "{label: Tighten it, to: blockade_end, stance: escalatory}")
    text = text.replace("  observers: {name: Observer Mission, values: {tension: -2}, note: Watches and reports; "
                        "it has no lever here.}\n", "")
    text = text.replace(", payoffs: {observers: 1}", "")
    fixed = tmp_path / "fixed.yaml"
    fixed.write_text(text)
    code, out, err = run("balance", str(fixed), "--strict")
    assert code == 0, err
    assert "Gaps: none." in out


def test_balance_markdown_and_json() -> None:
    code, out, _ = run("balance", str(BALANCE), "-f", "markdown")
    assert code == 0
    assert "| North's opening (`north_opens`) | Offer talks | Blockade | — | — |" in out
    assert "## Gaps (2)" in out
    code, out, _ = run("balance", str(BALANCE), "-f", "json")
    data = json.loads(out)
    assert data["actors"][0]["decisions"][1]["by_stance"] == {"cooperative": ["Lift the blockade"],
                                                             "none": ["Wait and see"]}
    assert data["actors"][1]["decisions"][0]["by_rule"]["maximin"] == [
        "indifferent between Accept, Protest and Wait"]
    assert [g["kinds"] for g in data["gaps"]] == [["no escalatory option", "no stance"], ["no decision"]]


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "p_calm=2"], "error: --set 'p_calm=2': assumption 'p_calm' = 2 is outside its range [0.05, 0.95]\n"),
    (["--alpha", "1.5"], "error: alpha = 1.5 is outside [0, 1] (0 judges by the worst branch, 1 by the best)\n"),
])
def test_balance_bad_input(args: list[str], message: str) -> None:
    assert run("balance", str(BALANCE), *args) == (2, "", message)


@pytest.mark.parametrize("name", ["mexico", "venezuela", "fentanyl-labs", "tutorial"])
@pytest.mark.big
def test_balance_runs_on_every_bundled_scenario(name: str) -> None:
    code, out, err = run("balance", name, "-f", "json")
    assert (code, err) == (0, "")
    assert {a["id"] for a in json.loads(out)["actors"]} == set(engine.load(name).spec.actors)
