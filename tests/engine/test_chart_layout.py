"""Charts lay out cleanly with long names: no squeezed-away plot, flips spelled out under it, nothing off the page."""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET

import pytest

from scenarios import engine
from scenarios.engine.analysis.sensitivity import sensitivity
from scenarios.engine.output.charts.sensitivity import sweep_chart, tornado
from scenarios.engine.output.charts.svg import text_width
from scenarios.engine.text.names import Names

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def mexico() -> tuple[engine.Scenario, engine.Sensitivity]:
    scenario = engine.load("mexico")
    return scenario, sensitivity(scenario, None, 3, "expected", 0.5, {})


@pytest.mark.big
def test_mexico_png_charts_lay_out_without_warnings(mexico: tuple[engine.Scenario, engine.Sensitivity]) -> None:
    scenario, result = mexico
    flipping = [sweep for sweep in result.sweeps if any(t.on_play for t in sweep.thresholds)]
    assert flipping  # long flip labels to place
    names = Names(scenario)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns when a long label collapses the axes
        assert tornado(result, "png", names).startswith(b"\x89PNG")
        for sweep in flipping[:2]:
            assert sweep_chart(result, sweep, "png", names).startswith(b"\x89PNG")


def _texts(svg: bytes) -> list[tuple[float, float, float, str, str]]:
    """Each text's x, y, size, anchor and words (rotated labels left out)."""
    root = ET.fromstring(svg.split(b"\n", 2)[2])
    return [(float(t.get("x", 0)), float(t.get("y", 0)), float(t.get("font-size", 12)), t.get("text-anchor", "start"),
             t.text or "") for t in root.iter(f"{SVG}text") if not t.get("transform")]


@pytest.mark.big
def test_mexico_svg_charts_keep_every_word_on_the_page(mexico: tuple[engine.Scenario, engine.Sensitivity]) -> None:
    # the SVG charts are written by hand: every text (at a generous width estimate) lies inside the picture,
    # the titles and the caption are there in full, and flips at one value share one line and one label
    scenario, result = mexico
    names = Names(scenario)
    for svg in [tornado(result, "svg", names), *(sweep_chart(result, s, "svg", names) for s in result.sweeps)]:
        assert svg.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<!-- Written by scenarios sensitivity -->')
        root = ET.fromstring(svg.split(b"\n", 2)[2])
        width, height = float(root.get("width", 0)), float(root.get("height", 0))
        for x, y, size, anchor, text in _texts(svg):
            span = text_width(text, size)
            start = x - {"start": 0, "middle": span / 2, "end": span}[anchor]
            assert start >= 0 and start + span <= width, text
            assert size <= y <= height, text
        words = " ".join(t for *_, t in _texts(svg))
        assert "they are not forecasts" in words
    sweep = max(result.sweeps, key=lambda s: sum(t.on_play for t in s.thresholds))
    svg = sweep_chart(result, sweep, "svg", names)
    on_play = [t for t in sweep.thresholds if t.on_play]
    assert len({t.value for t in on_play}) < len(on_play)  # several decision points flip at one value
    lines = re.findall(rb'<line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"[^>]*stroke-dasharray="5,3"', svg)
    dashed = {x for x, x2 in lines if x == x2}  # upright dashed lines: the flips (the legend's samples lie flat)
    assert 1 < len(dashed) < len({t.value for t in sweep.thresholds})
    assert b'stroke="#000000" stroke-width="0.8" stroke-dasharray="5,3"' in svg  # on the play: black
    labels = re.findall(rb">flips? (\d+)(?:\xe2\x80\x93(\d+))?<", svg)
    numbered = [int(b or a) for a, b in labels]
    assert numbered[-1] == len(on_play)  # the last label counts every flip on the play


def test_charts_say_what_they_show_in_spanish() -> None:
    from scenarios.engine.text.i18n import in_language

    scenario = engine.load("tutorial", lang="es")
    result = sensitivity(scenario)
    with in_language("es"):
        svg = sweep_chart(result, result.sweeps[0], "svg", Names(scenario)).decode()
    assert "no son pronósticos" in svg and "valor" in svg
