"""Maps a room can read (issue 18): the phase overview, one slide per phase, and render's readable-size warning."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from click.testing import CliRunner

from scenarios import engine
from scenarios.cli.main import main
from scenarios.engine.output.diagrams import path_svg, slides

needs_dot = pytest.mark.skipif(shutil.which("dot") is None and os.environ.get("CI") != "true",
                               reason="Graphviz `dot` is not installed (CI=true makes this a failure)")


@pytest.mark.big
def test_the_overview_is_one_box_per_phase_naming_its_steps_and_counting_paths():
    s = engine.load("mexico")
    source = slides.overview_dot(s)
    assert source.count('id="phase:') == len(slides.phases(s)) == 7
    assert "Decisions:" in source and "Events:" in source and "paths enter it" in source
    counts = slides.entries(s)
    assert counts["Pressure"] == counts["Outcomes"] > 0  # every path starts in the first phase and ends in the last


@pytest.mark.graphviz
@needs_dot
@pytest.mark.parametrize("name", ["mexico", "tutorial", "venezuela", "fentanyl-labs"])
@pytest.mark.big
def test_every_slide_is_readable_on_a_projector(name):
    drawn = slides.slides(engine.load(name), "svg")
    steps = {stem.split("-")[0] for stem, _data in drawn}  # a crowded phase is drawn in parts: 06-trade-1, -2, …
    assert len(steps) == len(slides.phases(engine.load(name))) + 1
    for stem, data in drawn:
        assert slides.smallest_text_px(data) >= slides.READABLE_PX, stem


@pytest.mark.graphviz
@needs_dot
@pytest.mark.big
def test_render_warns_when_the_whole_map_is_too_small_and_writes_slides(tmp_path):
    done = CliRunner().invoke(main, ["render", "mexico", "-o", str(tmp_path / "m.svg")])
    assert done.exit_code == 0
    assert "--slides" in done.output and "scenarios serve" in done.output
    done = CliRunner().invoke(main, ["render", "mexico", "--slides", "-f", "png", "-o", str(tmp_path / "s")])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in (tmp_path / "s").iterdir())[:2] == ["00-overview.png", "01-pressure-1.png"]
    done = CliRunner().invoke(main, ["render", "mexico", "--slides", "-f", "dot"])
    assert done.exit_code == 2 and "-f svg, -f png or -f pdf" in done.output


WEIGHTS = "weights: each percentage is a share of its branch's weight, given the decisions on it — not a forecast"


def test_a_tree_view_says_what_its_weights_are():
    source = engine.render(engine.load("tutorial"), "dot", tree=True).decode("utf-8")
    assert "path 1 · " in source and "%" in source
    assert WEIGHTS.replace("'", "&#x27;") in source  # in the notes under the title


def _played(scenario, pick):
    """The steps from the start to an outcome, taking branch `pick` at chance nodes and the first at decisions."""
    spec, steps, node = scenario.spec, [], scenario.spec.start
    while spec.nodes[node].branches:
        branches = spec.nodes[node].branches
        k = min(pick, len(branches) - 1) if spec.nodes[node].type == "chance" else 0
        steps.append((node, k))
        node = branches[k].to
    return steps


def _texts(svg, kind):
    """(baseline y, font size, text) of the SVG's texts: the title's lines ("graph") or the branch labels ("edge")."""
    out, current = [], None
    for part in re.split(r'(<g id="[^"]*" class="(?:node|edge|graph)"[^>]*>)', svg):
        opened = re.match(r'<g id="[^"]*" class="(node|edge|graph)"', part)
        if opened:
            current = opened.group(1)
        elif current == kind:
            out += [(float(y), float(size), text) for y, size, text in
                    re.findall(r'<text[^>]* y="([-\d.]+)"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)', part) if text.strip()]
    return out


@pytest.mark.graphviz
@needs_dot
def test_the_path_map_says_what_its_weights_are_and_its_title_clears_the_first_branch_label():
    s = engine.load("mexico")
    svg = path_svg(s, _played(s, 1))  # six steps: drawn as rows, a first branch label beside the first row
    title, labels = _texts(svg, "graph"), _texts(svg, "edge")
    assert title[-1][2] == WEIGHTS.replace("'", "&#39;")
    assert min(y - size for y, size, _text in labels) > title[-1][0]  # the highest label's top is under the title
