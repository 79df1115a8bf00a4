"""Issue 19: actors' values and outcomes' payoffs may name an assumption, and every command reads it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from scenarios import engine
from scenarios.cli.main import main
from scenarios.engine.analysis.playable import reachability
from scenarios.engine.analysis.rollback import solve
from scenarios.engine.analysis.rules import RULES
from scenarios.engine.analysis.uncertainty.bulk import groups, solve_many, subset
from scenarios.engine.core.unfold import unfold
from tests.conftest import DATA

WORTH = DATA / "worth.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def choice(*args: str) -> str:
    code, out, _ = run("analyze", str(WORTH), "-f", "json", *args)
    assert code == 0
    return " / ".join(json.loads(out)["choices"][0]["best"])


def test_set_on_a_value_moves_the_choice() -> None:
    # A values gain at 0.5: acting gains 0.5 and risks harm 1 at odds 1:1, so it is indifferent; at 2 it acts
    assert choice() == "Act / Wait"
    assert choice("--set", "a_gain=2") == "Act"
    assert choice("--set", "a_gain=0") == "Wait"


def test_set_on_a_payoff_moves_the_choice() -> None:
    assert choice("--set", "pay=1") == "Act"
    assert choice("--set", "pay=-1") == "Wait"


def test_check_names_an_unknown_assumption_with_a_suggestion(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(WORTH.read_text().replace("gain: a_gain", "gain: a_gian").replace("payoffs: {a: pay}",
                                                                                       "payoffs: {a: paid}"))
    code, out, err = run("check", str(bad))
    assert code == 2
    text = out + err
    assert "unknown assumption 'a_gian'" in text and "did you mean 'a_gain'" in text
    assert "unknown assumption 'paid'" in text and "Traceback" not in text


def test_the_schema_allows_a_name_where_a_number_was() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    actor = next(iter(schema["$defs"]["Actor"]["properties"]["values"]["patternProperties"].values()))
    assert {"type": "number"} in actor["anyOf"] and any(x.get("type") == "string" for x in actor["anyOf"])


def test_sensitivity_sweeps_a_value() -> None:
    code, out, _ = run("sensitivity", str(WORTH), "--no-charts", "-f", "json")
    assert code == 0
    swept = {a["name"]: a for a in json.loads(out)["assumptions"]}
    assert swept["a_gain"]["values"]["a"] == [0.0, 2.5]
    assert [(t["from"], t["to"]) for t in swept["a_gain"]["thresholds"]] == [("Wait", "Act")]


@pytest.mark.big
def test_uncertainty_samples_values_and_payoffs() -> None:
    code, out, _ = run("uncertainty", str(WORTH), "--samples", "400", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert {"a_gain", "pay"} <= set(data["sampled"])
    shares = data["decisions"][0]["shares"]
    assert 0.5 < shares["Act"] < 0.95 and 0.05 < shares["Wait"] < 0.5  # only the sampled values move it


@pytest.mark.parametrize("rule", list(RULES))
def test_the_vectorized_rollback_agrees_with_the_per_set_one(rule: str) -> None:
    s = engine.load(WORTH)
    rt = s.runtime
    rng = np.random.default_rng(1)
    n = 300
    columns = [rng.uniform(0, 3, n), rng.uniform(-2, 2, n), rng.uniform(0.1, 0.9, n)]
    index = {x: j for j, x in enumerate(s.spec.actors)}
    for u, rows in groups(s, columns, n):
        many = solve_many(s, u, subset(columns, rows), len(rows), rule, 0.5, index)
        for k, row in enumerate(rows):
            one = solve(unfold(s, [c[row] for c in columns]), rt, index, [c[row] for c in columns], rule, 0.5)
            assert np.allclose(many.root[:, k], one.values[u.root])
            best = many.choice[u.root]
            mine = ({p for p in range(2) if (int(best[k]) >> p) & 1} if isinstance(best, np.ndarray) else set(best))
            assert mine == set(one.best[u.root])


def test_reach_finds_each_option_and_a_set_that_plays_it() -> None:
    found = reachability(engine.load(WORTH), samples=50)
    assert [o.played for o in found.options] == [True, True]
    assert found.tried > 50


def test_balance_reach_lists_never_played_options_first_with_the_files_note(tmp_path: Path) -> None:
    never = tmp_path / "never.yaml"
    never.write_text(WORTH.read_text().replace(
        "{label: Wait, to: end2, stance: cooperative}",
        "{label: Wait, to: end2, stance: cooperative, effects: {harm: 2}, note: Nothing reported favours it.}")
        .replace("a_gain: {value: 0.5, low: 0, high: 3", "a_gain: {value: 0.5, low: 0.1, high: 3")
        .replace("pay: {value: 0, low: -2, high: 2}", "pay: {value: 0, low: 0, high: 2}"))
    code, out, _ = run("balance", str(never), "--reach")
    assert code == 0
    never_part, played_part = out.split("Played under some allowed assumptions")
    assert "Never played: 1 of 2" in never_part and "Wait" in never_part
    assert "Nothing reported favours it." in never_part
    assert "Act" in played_part
    code, out, _ = run("balance", str(never), "--reach", "--strict")
    assert code == 0  # the one never-played option has a note saying why
    code, out, _ = run("balance", str(never), "--reach", "-f", "json")
    data = json.loads(out)
    assert data["options"][0]["played"] is False and data["tried"] > 0


def test_balance_reach_prints_a_set_a_room_can_paste() -> None:
    code, out, _ = run("balance", str(WORTH), "--reach")
    assert code == 0
    assert "Never played: 0 of 2" in out
