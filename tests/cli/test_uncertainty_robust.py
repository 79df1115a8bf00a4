"""`scenarios uncertainty --strategy/--satisfice/--all` as a user sees it (issue 23)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "80"})
    return result.exit_code, result.stdout, result.stderr


ARGS = ("uncertainty", "mexico", "-n", "300", "--no-charts", "--strategy", "us_choice", "--satisfice", "us_exec >= -5")


@pytest.mark.big
def test_the_first_screen_says_which_strategy_is_most_robust() -> None:
    code, out, err = run(*ARGS)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    first = " ".join(" ".join(lines[:40]).split())
    assert len(lines) <= 40
    assert "Most robust for US executive (us_exec): " in first and ", by the least mean regret" in first
    assert "the least maximum regret (minimax)" in first and "the most sets with us_exec >= -5" in first
    assert "still made by the rule" in first
    assert max(len(line) for line in lines) <= 80
    code, everything, _ = run(*ARGS, "--all")
    assert code == 0 and len(everything.splitlines()) > 3 * len(lines)
    everything = " ".join(everything.split())
    assert "Most robust for US executive (us_exec), by the least mean regret:" in everything
    assert "Most robust for Cartels" in everything


@pytest.mark.big
def test_json_carries_every_strategy_and_measure() -> None:
    code, out, _ = run(*ARGS, "-f", "json")
    data = json.loads(out)["strategies"]
    assert code == 0 and data["owner"] == "us_exec" and data["satisfice"] == ["us_exec >= -5"]
    assert len(data["strategies"]) == 5
    first = data["strategies"][0]["actors"][0]
    assert set(first["regret"]) == {"mean", "max", "p90"} and "us_exec >= -5" in first["satisficing"]
    assert set(data["most_robust"]["us_exec"]) == {"mean_value", "mean_regret", "max_regret", "p90_regret",
                                                   "satisficing: us_exec >= -5"}


def test_a_bad_strategy_is_one_line() -> None:
    code, _, err = run("uncertainty", "mexico", "-n", "50", "--no-charts", "--strategy", "us_choice=Raid")
    assert code == 2 and "decision 'us_choice' has no branch 'Raid'" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.big
def test_evppi_names_its_estimator_and_ranks_per_actor() -> None:
    code, out, err = run("uncertainty", "mexico", "-n", "400", "--no-charts", "--evppi")
    assert (code, err) == (0, "")
    assert "Worth learning before choosing (EVPPI, above the noise floor): " in " ".join(out.split())
    code, out, err = run("uncertainty", "mexico", "-n", "400", "--no-charts", "--evppi", "--all")
    assert (code, err) == (0, "")
    text = " ".join(out.split())
    assert "Value of learning each assumption before choosing (EVPPI)" in text
    assert "Estimator: binned, the sets cut into 8 bins of equal count" in text and "over 400 sets" in text
    assert "us_choice (5)" in text and "noise floor" in text
    assert max(len(line) for line in out.splitlines()) <= 80
    code, out, _ = run("uncertainty", "mexico", "-n", "400", "--no-charts", "--evppi", "-f", "json")
    data = json.loads(out)["evppi"]
    assert (data["estimator"], data["bins"], data["sets"]) == ("binned", 8, 400)
    for actor in data["actors"]:
        values = list(actor["evppi"].values())
        assert values == sorted(values, reverse=True) and all(v <= actor["evpi"] + 1e-12 for v in values)
    code, _, err = run("uncertainty", "mexico", "-n", "60", "--no-charts", "--evppi")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "at least 100 sets" in err


@pytest.mark.big
def test_knee_quasi_p_stability_and_the_rotated_box_on_screen() -> None:
    # issue 19's trade values moved the oblique boundary: 'Keep pressure' is where the rotated box covers more now
    target = ("uncertainty", "mexico", "-n", "2000", "--no-charts", "--target", "us_choice=Keep pressure, no strikes")
    code, out, err = run(*target, "--knee")
    assert (code, err) == (0, "")
    assert "First PRIM box: p_flow_joint" in " ".join(out.split()) and len(out.splitlines()) <= 40
    code, out, err = run(*target, "--knee", "--all")
    assert (code, err) == (0, "")
    text = " ".join(out.split())
    assert "at the knee of its trade-off curve (the point farthest from the chord joining its ends)" in text
    assert "(qp " in text and "Stability: PRIM on 10 random halves" in text
    assert "a rotated box (PCA-PRIM) covers" in text and "p_flow_joint" in text
    assert max(len(line) for line in out.splitlines()) <= 80
    code, out, _ = run(*target, "--box", "3", "-f", "json")
    found = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))["discovery"]
    assert found["first_box"] == 3 and found["boxes"][0]["trajectory_point"] == 3
    assert found["boxes"][0]["coverage"] == found["tradeoff"][3]["coverage"]
    code, _, err = run(*target, "--box", "3", "--knee")
    assert code == 2 and len(err.strip().splitlines()) == 1
