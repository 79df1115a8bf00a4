"""The tests' stand-in for `dot -Tsvg` (tests/dot_stand_in.py) draws valid SVG in dot's shape."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from scenarios import engine
from scenarios.engine.errors import RuntimeFailure
from tests.conftest import PORT
from tests.dot_stand_in import run_dot

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("name", ["tutorial", "mexico", str(PORT)], ids=["tutorial", "mexico", "port"])
def test_every_node_and_edge_is_a_group_with_its_id_and_words(name: str) -> None:
    scenario = engine.load(name)
    root = ET.fromstring(run_dot(engine.render(scenario, "dot").decode(), "svg"))
    groups = {g.get("id"): [t.text for t in g.iter(f"{SVG}text")] for g in root.iter(f"{SVG}g")}
    for ident, node in scenario.spec.nodes.items():
        assert node.label.split()[0] in " ".join(groups[f"n:{ident}"])
    assert any(key.startswith("e:") for key in groups)
    heading = " ".join(t.text or "" for t in root.find(f"{SVG}g").findall(f"{SVG}text"))  # type: ignore[union-attr]
    assert scenario.title in heading


def test_ids_and_words_are_escaped_as_dot_escapes_them() -> None:
    dot = 'digraph g {\n\t"a-b" [label=<<B>x &amp; &lt;y&gt;</B><BR/>it\'s>]\n\t"a-b" -> c\n}\n'
    svg = run_dot(dot, "svg").decode()
    assert '<g id="node1" class="node">\n<title>a&#45;b</title>' in svg
    assert ">x &amp; &lt;y&gt;</text>" in svg and ">it&#39;s</text>" in svg
    assert "<title>a&#45;b&#45;&gt;c</title>" in svg


def test_only_svg_is_drawn() -> None:
    with pytest.raises(RuntimeFailure, match="PNG needs"):
        run_dot("digraph g {}", "png")
