"""Charts lay out cleanly with long names: no squeezed-away plot, flips spelled out under it."""

from __future__ import annotations

import warnings

import pytest

from scenarios import engine
from scenarios.engine.analysis.sensitivity import sensitivity
from scenarios.engine.output.charts.sensitivity import sweep_chart, tornado
from scenarios.engine.text.names import Names


@pytest.mark.big
def test_mexico_charts_lay_out_without_warnings() -> None:
    scenario = engine.load("mexico")
    result = sensitivity(scenario, None, 3, "expected", 0.5, {})
    flipping = [sweep for sweep in result.sweeps if any(t.on_play for t in sweep.thresholds)]
    assert flipping  # long flip labels to place
    names = Names(scenario)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns when a long label collapses the axes
        assert tornado(result, "svg", names).startswith(b"<?xml")
        for sweep in flipping:
            assert sweep_chart(result, sweep, "svg", names).startswith(b"<?xml")
