"""The matrix: exact cells on a small model, every kind of axis, the suggestion ranking, the slide."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main

CROSSING = Path(__file__).parents[1] / "data" / "languages" / "crossing.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def grid(*axes: str, extra: tuple[str, ...] = ()) -> dict:
    code, out, err = run("matrix", str(CROSSING), "--axes", ",".join(axes), "-f", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def cells(data: dict) -> list[tuple]:
    return [(c["name"], c["paths"], c["path_numbers"], [(o["node"], o["paths"]) for o in c["outcomes"]],
             None if c["weight"] is None else round(c["weight"], 6), c["indicators"]) for c in data["cells"]]


def test_two_chance_nodes_give_their_branches_and_a_not_reached_band() -> None:
    data = grid("talks", "reroute")
    assert data["rows"]["categories"] == ["Agreement", "Breakdown", "(not reached)"]
    assert data["columns"]["categories"] == ["Reroute", "Stay"]
    # Weights: path weight x 1/k at each decision of k options (the model's two decisions), over all paths = 1.
    assert cells(data) == [
        ("Agreement × Reroute", 1, [1], [("diverted", 1)], 0.075, {"tension": "low", "trade": "80"}),
        ("Agreement × Stay", 1, [2], [("calm", 1)], 0.175, {"tension": "low", "trade": "100"}),
        ("Breakdown × Reroute", 1, [3], [("diverted", 1)], 0.075, {"tension": "high", "trade": "80"}),
        ("Breakdown × Stay", 2, [4, 5], [("calm", 1), ("spiral", 1)], 0.175,
         {"tension": "high–severe", "trade": "60–100"}),
        ("(not reached) × Reroute", 1, [6], [("diverted", 1)], 0.15, {"tension": "high", "trade": "50"}),
        ("(not reached) × Stay", 2, [7, 8], [("calm", 1), ("spiral", 1)], 0.35,
         {"tension": "high–severe", "trade": "30–70"}),
    ]
    assert data["cells"][3]["outcomes"][0]["weight"] == pytest.approx(0.5)


def test_a_condition_axis_splits_paths_by_their_final_state() -> None:
    data = grid("trade < 90", "talks")
    assert data["rows"]["categories"] == ["trade < 90", "not (trade < 90)"]
    assert [(c["name"], c["path_numbers"]) for c in data["cells"]] == [
        ("trade < 90 × Agreement", [1]), ("trade < 90 × Breakdown", [3, 5]),
        ("trade < 90 × (not reached)", [6, 7, 8]),
        ("not (trade < 90) × Agreement", [2]), ("not (trade < 90) × Breakdown", [4]),
        ("not (trade < 90) × (not reached)", []),
    ]


def test_an_assumption_split_evaluates_each_side_at_the_middle_of_its_half() -> None:
    data = grid("p_reroute@0.5", "talks")
    assert data["rows"]["categories"] == ["p_reroute < 0.5 (at 0.25)", "p_reroute ≥ 0.5 (at 0.75)"]
    low, high = data["cells"][0], data["cells"][3]
    assert (low["assumptions"]["p_reroute"], high["assumptions"]["p_reroute"]) == (0.25, 0.75)
    assert low["path_numbers"] == high["path_numbers"] == [1, 2]
    # Agreement: Reroute (p_reroute x 1/2) vs Stay; each row's cells share that row's weight.
    assert [o["weight"] for o in low["outcomes"]] == pytest.approx([0.75, 0.25])  # calm first (more weight)
    assert sum(c["weight"] for c in data["cells"][:3]) == pytest.approx(1.0)


def test_the_unreached_band_is_dropped_when_every_path_meets_the_node() -> None:
    data = grid("reroute", "trade < 90")
    assert data["rows"]["categories"] == ["Reroute", "Stay"]


def test_table_and_markdown_name_cells_and_state_the_assumptions() -> None:
    code, out, _err = run("matrix", str(CROSSING), "--axes", "talks,reroute")
    assert code == 0
    assert "Matrix: Do talks succeed? × Do traders reroute?" in out
    assert "Assumptions: p_talks = 0.5, p_reroute = 0.3" in out
    assert "2 paths · weight 18%" in out and "not forecasts" in out
    code, out, _err = run("matrix", str(CROSSING), "--axes", "talks,reroute", "-f", "markdown")
    assert "| **Breakdown** | 1 path · weight 8%<br>Trade diverted ×1 (100%)<br>tension high · trade 80 |" in out


def test_spanish_matrix() -> None:
    code, out, _err = run("matrix", str(CROSSING), "--axes", "talks,reroute", "-f", "markdown", "--lang", "es")
    assert code == 0
    assert "## Matriz: ¿Prosperan las conversaciones? × ¿Desvían los comerciantes?" in out
    assert "| **(no alcanzado)** | 1 trayectoria · peso 15%<br>Comercio desviado ×1 (100%)" in out


def test_suggest_offers_no_pair_when_no_two_drivers_fill_four_quadrants() -> None:
    # reroute and b_responds end the story on a branch (next to an outcome); a_moves's "Close the crossing"
    # never meets talks: no 2x2 with four filled quadrants.
    code, out, _err = run("matrix", str(CROSSING), "--suggest", "-f", "json")
    assert code == 0 and json.loads(out)["pairs"] == []
    code, out, _err = run("matrix", str(CROSSING), "--suggest")
    assert code == 0 and "No two upstream drivers give four filled quadrants" in out


@pytest.mark.parametrize("name", ["mexico", "venezuela", "fentanyl-labs", "tutorial"])
@pytest.mark.big
def test_every_suggestion_is_a_full_2x2_of_upstream_drivers(name: str) -> None:
    from scenarios import engine
    from scenarios.engine.analysis.matrix import build, parse_axis
    from scenarios.engine.analysis.quadrants import suggest

    scenario = engine.load(name)
    nodes = scenario.spec.nodes
    ranked = suggest(scenario)
    assert ranked, f"{name}: no 2x2 to offer"
    for s in ranked[:10]:
        for driver in (s.rows, s.columns):
            assert all(nodes[b.to].type != "outcome" for b in nodes[driver.node].branches), driver.spec
        grid = build(scenario, parse_axis(scenario, s.rows.spec), parse_axis(scenario, s.columns.spec), fold=True)
        assert len(grid.cells) == 2 and all(len(row) == 2 for row in grid.cells)
        assert all(cell.paths > 0 for row in grid.cells for cell in row)
        assert sum(cell.paths for row in grid.cells for cell in row) == s.paths
        assert grid.left_out == sum(1 for _path in scenario.paths()) - s.paths


@pytest.mark.big
def test_mexico_first_suggestion_covers_nearly_every_path() -> None:
    code, out, _err = run("matrix", "mexico", "--suggest", "-f", "json")
    first = json.loads(out)["pairs"][0]
    assert code == 0 and first["coverage"] > 0.99 and min(first["quadrants"]) > 0


@pytest.mark.big
def test_matrix_warns_on_an_empty_cell_and_folds_not_reached() -> None:
    code, _out, err = run("matrix", "mexico", "--axes", "coop_judged,civilian_risk >= high", "--fold")
    assert code == 0
    assert "warning: no path falls in" in err and "the two axes depend on each other" in err
    assert "paths meet an axis's \"not reached\" side and are left out" in err


def test_a_node_cut_into_two_poles() -> None:
    code, _out, _err = run("matrix", str(CROSSING), "--axes", "a_moves,talks", "-f", "json")
    assert code == 0
    code, _out, err = run("matrix", str(CROSSING), "--axes", "a_moves:3,talks")
    assert code == 2 and "give the branches of the first pole by number, from 1 to 2" in err


@pytest.mark.parametrize(("axes", "message"), [
    ("talks", "--axes takes exactly two uncertainties separated by a comma (got 1)"),
    ("talks,spiral", "--axes: 'spiral' is an outcome; an axis is an uncertainty"),
    ("talkz,reroute", "--axes: no chance node 'talkz' (did you mean 'talks'?); chance nodes: talks, reroute"),
    ("talks,tension >= hgh", "--axes: 'tension >= hgh' is neither a chance node nor a valid condition: 'hgh' is not"),
    ("talks,p_talks@2", "--axes: split p_talks at a value strictly between 0.1 and 0.9"),
    ("talks,p_talks@x", "--axes: 'p_talks@x': split an assumption at a number"),
    ("talks,p_tlks@0.5", "--axes: unknown assumption 'p_tlks' (did you mean 'p_talks'?)"),
    ("talks,talks", "--axes: give two different uncertainties"),
])
def test_bad_axes_are_one_line_errors(axes: str, message: str) -> None:
    code, out, err = run("matrix", str(CROSSING), "--axes", axes)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_a_split_assumption_cannot_also_be_set() -> None:
    code, _out, err = run("matrix", str(CROSSING), "--axes", "talks,p_talks@0.5", "--set", "p_talks=0.2")
    assert (code, err) == (2, "error: --axes splits 'p_talks'; don't also set it\n")


@pytest.mark.graphviz
def test_the_slide_is_a_stamped_svg_with_every_cell_named(tmp_path: Path) -> None:
    target = tmp_path / "m.svg"
    code, _out, err = run("matrix", str(CROSSING), "--axes", "talks,reroute", "-f", "svg", "-o", str(target))
    assert code == 0, err
    svg = target.read_text()
    assert "Drawn by scenarios render" in svg
    for name in ("Agreement × Reroute", "Breakdown × Stay", "(not reached) × Stay"):
        assert name in svg
