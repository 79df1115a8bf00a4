"""A property test: numbers and strings at the edges, put into labels, weights, starts and effects.

Either `check` refuses the file with a position, or every output is valid (JSON parses
strictly, SVG is XML, GraphML loads, Mermaid parses) and every analysis runs.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.dom.minidom

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios import engine
from scenarios.engine import ScenarioError, load_text
from tests.conftest import PORT

BASE = PORT.read_text(encoding="utf-8")
CONTROLS = [chr(c) for c in [*range(0, 32), *range(0x7F, 0xA0)]]
NONCHARS = ["\ufffe", "\uffff", "\ufdd0", "\U0010ffff"]
NUMBERS = st.one_of(
    st.sampled_from(["9" * 5000, "9" * 309, "1" + "0" * 308, "1e308", "1.7976931348623157e308", "1e309", "-1e308",
                     "5e-324", "1e-400", "0", "-0.0", ".inf", "-.inf", ".nan", "0x7fffffff", "1e300", "-1e300"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**320), max_value=10**320).map(str),
)
TEXTS = st.one_of(
    st.sampled_from(["", " ", "\t", "a" * 1000, "a" * 1001, "ab " * 400, "%%{init: {}}%%", "style n0 fill:red",
                     "classDef c0 fill:red", "<b>&amp;</b>", '"quoted"', "`tick`", "\\N \\G", "line\r\nbreak",
                     "\u202eRTL", "🎲", "end", "-->"]),
    st.text(alphabet=st.sampled_from([*CONTROLS, *NONCHARS, "a", "&", "<", "#", "%", "\n", "\r", '"']),
            min_size=1, max_size=30),
)


def _yaml_string(text: str) -> str:
    return json.dumps(text)  # a double-quoted YAML scalar; control characters as \\u escapes


@st.composite
def scenarios_text(draw: st.DrawFn) -> str:
    text = BASE
    text = text.replace("label: Uneasy calm", f"label: {_yaml_string(draw(TEXTS))}")
    text = text.replace("{label: Accept,", f"{{label: {_yaml_string(draw(TEXTS))},")
    text = text.replace("weight: p_talks_succeed}", f"weight: {draw(NUMBERS)}}}")
    text = text.replace("start: 100, min: 0", f"start: {draw(NUMBERS)}, min: 0")
    text = text.replace("effects: {tension: 2, trade: -30}", f"effects: {{tension: 2, trade: {draw(NUMBERS)}}}")
    return text


def _strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=refuse)


def check_every_output(scenario: engine.Scenario) -> None:
    _strict_json(engine.export(scenario, "json"))
    nx.read_graphml(io.BytesIO(engine.export(scenario, "graphml").encode("utf-8")))
    efg = engine.export(scenario, "efg")
    payoffs = " ".join(line.rsplit("{", 1)[-1] for line in efg.splitlines() if line.startswith("t "))
    assert not re.search(r"(?i)nan|inf", payoffs), payoffs
    for fmt in ("json", "csv", "markdown"):
        from scenarios.engine.output.reports import REPORTS

        out = "".join(REPORTS[fmt](scenario))
        if fmt == "json":
            _strict_json(out)
        assert "Infinity" not in out and "NaN" not in out
    _strict_json(json.dumps(engine.analyze(scenario).to_dict(), allow_nan=False))
    _strict_json(json.dumps(engine.sensitivity(scenario, steps=3).to_dict(), allow_nan=False))
    engine.render(scenario, "dot")
    mermaid = engine.render(scenario, "mermaid").decode("utf-8")
    assert "nan%" not in mermaid and "inf%" not in mermaid
    if shutil.which("dot"):
        xml.dom.minidom.parseString(engine.render(scenario, "svg"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios_text())
def test_check_refuses_with_a_position_or_every_output_is_valid(text: str) -> None:
    try:
        scenario = load_text(text, "s.yaml")
    except ScenarioError as exc:
        assert exc.errors and all(d.position.line > 0 for d in exc.errors), exc
        return
    check_every_output(scenario)


@pytest.mark.e2e
@pytest.mark.node
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=2, max_size=2))
def test_mermaid_parses_every_accepted_label(labels: list[str]) -> None:
    from tests.engine.test_render_mermaid import parse

    text = BASE.replace("label: Uneasy calm", f"label: {_yaml_string(labels[0])}")
    text = text.replace("{label: Accept,", f"{{label: {_yaml_string(labels[1])},")
    try:
        scenario = load_text(text, "s.yaml")
    except ScenarioError:
        return
    seen = parse(engine.render(scenario, "mermaid").decode("utf-8"))
    assert any(labels[0].replace("\r\n", "\n").replace("\r", "\n").split("\n")[0] in n for n in seen["nodes"])
