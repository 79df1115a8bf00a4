"""`scenarios uncertainty`, `analyze --value-of-information`, and the format's dist and risk: what a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main

OIL = Path(__file__).parent.parent / "data" / "uncertainty" / "oil-wildcatter.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_table_phrases_every_share_as_sampled_sets(tmp_path: Path) -> None:
    code, out, err = run("uncertainty", "tutorial", "--samples", "500", "--out", str(tmp_path), "--all")
    assert (code, err) == (0, "")
    assert "Sampled 500 assumption sets (Latin hypercube, seed 0):" in out
    assert "Every share below is a share of the sampled assumption sets, not a probability of events." in out
    assert "Each actor's value across the sampled assumption sets" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tutorial-uncertainty-choices.svg",
                                                          "tutorial-uncertainty-values.svg"]


@pytest.mark.big  # mexico, 2,000 sets, 4 runs; tests/engine/test_uncertainty.py has the engine's same-seed test
def test_json_and_csv_are_reproducible_byte_for_byte(tmp_path: Path) -> None:
    args = ("uncertainty", "mexico", "--samples", "2000", "--seed", "9", "--no-charts")
    first, second = run(*args, "-f", "json"), run(*args, "-f", "json")
    assert first == second and first[0] == 0
    data = json.loads(first[1])
    assert data["samples"] == 2000 and data["seed"] == 9 and data["method"] == "lhs"
    assert {a["actor"] for a in data["actors"]} == {"us_exec", "us_congress", "mexico_gov", "cartels"}
    code, csv_out, _ = run(*args, "-f", "csv")
    assert code == 0
    lines = csv_out.splitlines()
    assert len(lines) == 2001
    assert lines[0].startswith("set,") and ",p_coop_enough," in lines[0]
    assert "value:us_exec" in lines[0] and "choice:us_choice" in lines[0]
    assert run(*args, "-f", "csv")[1] == csv_out


def test_output_file_rules(tmp_path: Path) -> None:
    target = tmp_path / "sets.csv"
    args = ("uncertainty", "tutorial", "--samples", "50", "--no-charts", "-f", "csv", "-o", str(target))
    assert run(*args)[0] == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Written by scenarios uncertainty\n# tutorial: 50 sets (lhs, seed 0)")
    assert len(text.splitlines()) == 53
    assert run(*args)[0] == 0  # ours: replaced without --force
    foreign = tmp_path / "mine.csv"
    foreign.write_text("precious\n", encoding="utf-8")
    code, _, err = run(*args[:-1], str(foreign))
    assert code == 2 and "was not written by scenarios; pass --force" in err
    assert foreign.read_text(encoding="utf-8") == "precious\n"
    code, _, err = run("uncertainty", "tutorial", "--samples", "50", "--no-charts", "-f", "table", "-o", str(foreign))
    assert code == 2 and "-o writes json or csv" in err
    code, _, err = run("uncertainty", "tutorial", "--samples", "50", "--no-charts", "-o", str(tmp_path / "sets.txt"))
    assert code == 2 and "cannot tell the format from its extension" in err and "Traceback" not in err
    as_json = tmp_path / "sets.json"
    for _ in range(2):  # the second run replaces its own file
        assert run("uncertainty", "tutorial", "--samples", "50", "--no-charts", "-f", "json",
                   "-o", str(as_json))[0] == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["generator"] == "Written by scenarios uncertainty"


def test_output_file_takes_its_format_from_its_extension(tmp_path: Path) -> None:
    # issue 23, bug 5: -o FILE.csv without --format was refused
    for name, first in (("sets.csv", "# Written by scenarios uncertainty"), ("sets.JSON", "{")):
        code, _, err = run("uncertainty", "tutorial", "--samples", "50", "--no-charts", "-o", str(tmp_path / name))
        assert code == 0, err
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(first)


@pytest.mark.parametrize(("args", "message"), [
    (("--target", "nowhere"), "--target 'nowhere'"),
    (("--method", "halton"), "Invalid value for '--method'"),
    (("--samples", "1"), "Invalid value for '--samples'"),
    (("--set", "p_coop_enough=2"), "outside its range"),
])
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    code, _, err = run("uncertainty", "mexico", "--samples", "100", "--no-charts", *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_value_of_information_table_and_json() -> None:
    code, out, err = run("analyze", str(OIL), "--value-of-information")
    assert (code, err) == (0, "")
    assert "Which uncertainty is each actor most willing to pay to resolve?" in out
    assert "wildcatter: most willing to pay to resolve 'well' (What is down there?): up to 32.5 in its score." in out
    code, out, _ = run("analyze", str(OIL), "--value-of-information", "-f", "json")
    rows = {r["node"]: r for r in json.loads(out)["value_of_information"]}
    assert rows["well"]["evpi"] == pytest.approx(32.5)
    assert "value_of_information" not in json.loads(run("analyze", str(OIL), "-f", "json")[1])


DIST = """title: T
actors:
  a: {name: A, risk: {tolerance: -3}}
  c: {name: C, risk: cautious}
assumptions:
  p: {value: 0.3, low: 0.1, high: 0.9, dist: beta}
  q: {value: 0.3, dist: normal, sd: 0}
  r: {value: 0.3, low: 0, high: 1, dist: uniform, sd: 1}
  s: {value: 0.3, low: 0, high: 1, dist: gamma}
start: n
nodes:
  n: {type: chance, label: N, branches: [{label: x, to: o, weight: p}, {label: y, to: o, weight: q + r + s}]}
  o: {type: outcome, label: O}
"""


def test_check_reports_dist_and_risk_problems_with_positions(tmp_path: Path) -> None:
    path = tmp_path / "dist.yaml"
    path.write_text(DIST, encoding="utf-8")
    code, _, err = run("check", str(path))
    assert code == 2
    assert f"{path}:4:22: error: actor 'c', 'risk': risk is 'neutral' or {{tolerance: T}}" in err
    assert f"{path}:9:42: error: assumption 's', 'dist': 'gamma' is not allowed" in err
    path.write_text(DIST.replace("risk: cautious", "risk: neutral").replace("dist: gamma", "dist: triangular"),
                    encoding="utf-8")
    code, _, err = run("check", str(path))
    assert err.splitlines() == [
        f"{path}:3:34: error: actor 'a': risk tolerance must be above 0 (got -3); smaller is more cautious, and "
        "'neutral' is the limit of a very large tolerance",
        f"{path}:6:46: error: assumption 'p': dist: beta needs 'shape: [a, b]' (two numbers above 0, e.g. [2, 5])",
        f"{path}:7:25: error: assumption 'q': dist normal needs both 'low' and 'high' (the range it varies over)",
        f"{path}:7:37: error: assumption 'q': sd must be above 0 (got 0)",
        f"{path}:8:51: error: assumption 'r': 'sd' goes with dist: normal, not dist: uniform",
        f"{path}: 5 errors, 0 warnings"]


def test_distributions_shape_the_samples(tmp_path: Path) -> None:
    text = DIST.replace("  a: {name: A, risk: {tolerance: -3}}\n  c: {name: C, risk: cautious}\n", "  a: {name: A}\n")
    text = text.replace("dist: beta}", "dist: beta, shape: [2, 8]}").replace("dist: normal, sd: 0",
                                                                            "low: 0, high: 1, dist: normal, sd: 0.05")
    text = text.replace("dist: uniform, sd: 1", "dist: uniform").replace("dist: gamma", "dist: triangular")
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run("uncertainty", str(path), "--samples", "20000", "--no-charts", "-f", "csv")
    assert (code, err) == (0, "")
    rows = [line.split(",") for line in out.splitlines()[1:]]
    p = sorted(float(r[1]) for r in rows)
    q = [float(r[2]) for r in rows]
    # beta(2, 8) on [0.1, 0.9]: mean 0.1 + 0.8 · 0.2 = 0.26; normal(0.3, 0.05): within 5 sd
    assert sum(p) / len(p) == pytest.approx(0.26, abs=0.005)
    assert all(0.1 <= x <= 0.9 for x in p)
    assert sum(q) / len(q) == pytest.approx(0.3, abs=0.002) and min(q) > 0.05 and max(q) < 0.55  # within 5 sd


@pytest.mark.parametrize("extra", [(), ("--target", "calm"), ("--method", "sobol", "--samples", "64")])
def test_spanish_output_of_a_spanish_model_has_none_of_the_programs_english(extra: tuple[str, ...]) -> None:
    from tests.test_catalogue import CROSSING, _english_words, _words

    if "--target" in extra:
        pytest.importorskip("ema_workbench")
    english = _english_words()
    command = ["uncertainty", str(CROSSING), "--samples", "400", "--no-charts", *extra]
    code, in_english, _err = run(*command)
    assert code == 0
    assert set(_words(in_english)) & english, "the English run shows the program's words"
    code, in_spanish, _err = run(*command, "--lang", "es")
    assert code == 0
    assert "Se muestrearon" in in_spanish and "conjuntos de supuestos muestreados" in in_spanish
    # as in tests/test_catalogue.py: the model's ids and level names, and the rule's name, are not the program's words
    content = {"tension", "trade", "high", "low", "p_talks", "p_reroute", "expected"}
    leaked = set(_words(in_spanish)) & english - content
    assert not leaked, f"English words in Spanish output: {sorted(leaked)}"


def test_too_few_sets_for_rbd_fast_says_so() -> None:
    code, out, err = run("uncertainty", "tutorial", "--samples", "12", "--no-charts")
    assert (code, err) == (0, "")
    assert "Too few sets for RBD-FAST indices: draw at least 21." in out
