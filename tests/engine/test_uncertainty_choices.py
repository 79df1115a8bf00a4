"""Choice shares with ties (issue 23, bugs 3 and 4): each set counted once, a tie as indifferent; the chart shows it."""

from __future__ import annotations

import pytest

from scenarios import engine
from scenarios.engine.analysis.uncertainty.run import uncertainty
from scenarios.engine.output.charts.uncertainty import TIED, choice_chart, row_labels, segments


@pytest.fixture(scope="module")
def mexico_run():
    return uncertainty(engine.load("mexico"), samples=400, seed=3)


@pytest.mark.big
def test_branch_shares_and_indifferent_add_up_to_where_the_point_exists(mexico_run) -> None:
    tied = [d for d in mexico_run.decisions if d.tied > 0]
    assert tied  # mexico's us_choice is indifferent between a raid and pressing Mexico in many sets
    for d in mexico_run.decisions:
        assert sum(d.shares.values()) + d.tied == pytest.approx(d.exists, abs=1e-12)
        for label, share in d.shares.items():
            assert d.among[label] >= share
        data = d.to_dict()
        assert sum(data["shares"].values()) + data["indifferent"] == pytest.approx(data["exists"], abs=1e-12)


@pytest.mark.big
def test_the_chart_shows_ties_and_tells_repeated_decisions_apart(mexico_run) -> None:
    rows = [d for d in mexico_run.decisions if d.reached > 0]
    for d in rows:
        parts = segments(d, ["#000000"])
        assert sum(share for _, share, _ in parts) <= 1 + 1e-12
    raid = [d for d in rows if d.node == "us_choice" and d.tied > 0]
    assert raid
    last = segments(raid[0], ["#000000"])[-1]
    assert last[2] == TIED and "Press Mexico to allow US strikes" in last[0]
    assert len(set(row_labels(rows))) == len(rows)  # a decision met twice reads as two rows
    assert choice_chart(mexico_run, "svg").startswith(b"<?xml")


@pytest.mark.big
def test_the_table_has_an_indifferent_column(tmp_path) -> None:
    from click.testing import CliRunner

    from scenarios.cli.main import main

    result = CliRunner().invoke(main, ["uncertainty", "mexico", "-n", "300", "--no-charts"])
    assert result.exit_code == 0 and "· indifferent " in result.stdout  # the first screen
    result = CliRunner().invoke(main, ["uncertainty", "mexico", "-n", "300", "--no-charts", "--all"])
    assert result.exit_code == 0
    assert "Indifferent" in result.stdout and "counts under 'Indifferent'" in " ".join(result.stdout.split())
