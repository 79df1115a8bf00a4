"""SVG, PNG and PDF through the real `dot` (marked graphviz), and the message when it is missing."""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.output.diagrams import diagram, render
from scenarios.engine.output.diagrams.images import STAMP
from scenarios.engine.output.diagrams.view import make_view
from scenarios.engine.text.sources import source_refs
from tests.conftest import DATA, PORT

NASTY = DATA / "render" / "nasty.yaml"
SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None and os.environ.get("CI") != "true",
                               reason="Graphviz `dot` is not installed (CI=true makes this a failure)")


def svg_texts(data: bytes) -> dict[str, list[str]]:
    """Each node's and edge's text lines, as a reader sees them (`<text>` elements, in order)."""
    root = ET.fromstring(data)
    out: dict[str, list[str]] = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") in ("node", "edge", "cluster", "graph"):
            title = group.find(f"{SVG}title")
            key = f"{group.get('class')}:{title.text if title is not None else ''}"
            out[key] = [t.text or "" for t in group.iter(f"{SVG}text")]
    return out


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.graphviz
@needs_dot
@pytest.mark.parametrize("source", [PORT, NASTY, "tutorial"], ids=["port", "nasty", "tutorial"])
@pytest.mark.parametrize("options", [{}, {"tree": True, "effects": True}, {"highlight": 1, "direction": "TB"},
                                     {"sources": True}], ids=["graph", "tree", "highlight", "sources"])
def test_svg_parses_and_shows_every_label(source: str | Path, options: dict) -> None:
    scenario = engine.load(source)
    data = render(scenario, "svg", **options)
    texts = svg_texts(data)
    drawn = diagram(scenario, make_view(scenario, options))
    all_words = [w for lines in texts.values() for line in lines for w in words(line)]
    for item in [*drawn.nodes, *drawn.edges]:
        for w in words(item.label):
            assert w in all_words, f"{w!r} of {item.label!r} is missing from the SVG"
    heading = " ".join(texts["graph:" + scenario.name])
    assert words(scenario.title) == words(heading)[: len(words(scenario.title))]
    assert " ".join(words(scenario.disclaimer)) in " ".join(words(heading))
    for k, ref in enumerate(source_refs(scenario), 1):  # a descriptive title is never quoted (issue 19)
        title = " ".join(words(ref.title))
        shown = f"[{k}] {title} (descriptive title" if ref.descriptive else f"[{k}] “{title}”"
        assert shown in " ".join(words(heading))
    if options.get("sources"):
        cited = [n for n in drawn.nodes if n.sources]
        assert bool(cited) == any(n.sources for n in scenario.spec.nodes.values())
        assert all(n.sources in " ".join(texts[f"node:{n.id}"]) for n in cited)


@pytest.mark.graphviz
@needs_dot
def test_svg_keeps_keyword_ids_and_node_names_literal() -> None:
    texts = svg_texts(render(engine.load(NASTY), "svg"))
    assert {"node:graph", "node:node", "node:subgraph", "node:end"} <= set(texts)
    decide = " ".join(texts["node:graph"])
    assert 'Decide <now> & "quote" it\'s \\N \\l \\G' in decide  # not expanded to the node's name


@pytest.mark.graphviz
@needs_dot
@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-"), ("svg", b"<?xml")])
def test_images_start_with_their_magic_and_carry_the_stamp(fmt: str, magic: bytes) -> None:
    data = render(engine.load(NASTY), fmt, sources=True)
    assert data.startswith(magic)
    assert STAMP.encode() in data


@pytest.mark.graphviz
@needs_dot
def test_notebooks_show_the_diagram() -> None:
    bundle = engine.load(PORT)._repr_mimebundle_()
    assert bundle["image/svg+xml"].startswith("<?xml") and "Port inspection dispute" in bundle["image/svg+xml"]


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_missing_graphviz_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RuntimeFailure) as info:
        render(engine.load(PORT), fmt)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"Graphviz is not installed, and {fmt.upper()} needs its `dot` program: ")
    assert all(s in message for s in ("apt install graphviz", "brew install graphviz", "winget install graphviz"))
    assert render(engine.load(PORT), "dot") and render(engine.load(PORT), "mermaid")
