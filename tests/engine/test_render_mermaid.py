"""Mermaid text: checked as text here, and by Mermaid's own parser under Node (marked `node`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.output.diagrams import diagram, render
from scenarios.engine.output.diagrams.mermaid import MARK
from scenarios.engine.output.diagrams.view import make_view
from tests.conftest import DATA, PORT

NASTY = DATA / "render" / "nasty.yaml"
HERE = Path(__file__).parents[1] / "mermaid"
BUNDLED = ["mexico", "venezuela", "fentanyl-labs", "tutorial"]


def mermaid(source: str | Path, **options: object) -> str:
    return render(engine.load(source), "mermaid", **options).decode("utf-8")


def test_mermaid_shape_per_kind_and_generated_ids() -> None:
    text = mermaid(PORT)
    assert text.startswith(MARK + "\nflowchart LR\n")
    assert '    n0["<b>Government A\'s first move</b><br><i>Government A</i>"]:::c' in text
    assert '    n1(["<b>Do talks succeed?</b>"]):::c' in text
    assert '    n3[["<b>Negotiated settlement</b>"]]:::c' in text
    assert '    n1 -->|"Agreement<br><small>50#37;</small>"| n3' in text


def test_mermaid_escapes_syntax_characters_and_keyword_ids() -> None:
    text = mermaid(NASTY)
    assert "Decide #lt;now#gt; #amp; #quot;quote#quot; it's \\N \\l \\G" in text
    assert "#96;tick#96;" in text and "#35;35; #amp;amp;" in text
    statements = [line.strip() for line in text.splitlines()[2:]]
    ids = {re.match(r"[A-Za-z0-9_]+", line).group() for line in statements if not line.startswith(
        ("subgraph ", "end", "direction ", "classDef ", "linkStyle "))}
    assert ids <= {"info"} | {f"n{i}" for i in range(len(ids))}
    assert statements.count("end") == 2  # closes the phase and the legend; never a node id


def test_mermaid_highlight_styles_links() -> None:
    text = mermaid(PORT, highlight=1)
    assert "linkStyle 0 stroke:#d1001f,stroke-width:3px" in text
    assert "linkStyle 1 stroke:#c8c8c8" in text


def _parser() -> Path:
    """Mermaid and jsdom installed under tests/mermaid (npm ci/install on first use)."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    if not (HERE / "node_modules" / "mermaid").is_dir():
        npm = shutil.which("npm")
        command = ["ci"] if (HERE / "package-lock.json").exists() else ["install"]
        done = subprocess.run([npm or "npm", *command, "--no-audit", "--no-fund"], cwd=HERE,
                              capture_output=True, text=True, check=False) if npm else None
        if done is None or done.returncode != 0:
            message = f"could not install Mermaid's parser in {HERE}: {done.stderr[-500:] if done else 'no npm'}"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
    return HERE / "parse.mjs"


def parse(text: str) -> dict:
    done = subprocess.run(["node", str(_parser())], input=text, capture_output=True, text=True,
                          cwd=HERE, check=False, timeout=120)
    assert done.returncode == 0, f"Mermaid's parser refused our text: {done.stderr}\n{text}"
    return json.loads(done.stdout)


@pytest.mark.e2e
@pytest.mark.node
def test_the_parser_can_fail() -> None:
    done = subprocess.run(["node", str(_parser())], input="flowchart LR\n  a -->\n", capture_output=True,
                          text=True, cwd=HERE, check=False, timeout=120)
    assert done.returncode == 1 and "Parse error" in done.stderr


@pytest.mark.e2e
@pytest.mark.node
@pytest.mark.parametrize("options", [{}, {"tree": True}, {"highlight": 2, "effects": True},
                                     {"direction": "TB", "depth": 1}, {"sources": True},
                                     {"tree": True, "sources": True}],
                         ids=["graph", "tree", "highlight", "depth", "sources", "tree-sources"])
def test_nasty_text_parses_and_reads_literally(options: dict) -> None:
    scenario = engine.load(NASTY)
    drawn = diagram(scenario, make_view(scenario, options))
    seen = parse(render(scenario, "mermaid", **options).decode())
    nodes = "\n".join(seen["nodes"])
    assert all(n.label in nodes for n in drawn.nodes)
    shown = [e for e in seen["edges"] if e]  # the title block's invisible anchoring links have no label
    assert sorted(e.label for e in drawn.edges) == sorted(e.split("\n")[0] for e in shown)
    assert scenario.title in nodes and scenario.disclaimer in nodes
    for actor in scenario.spec.actors.values():
        assert actor.name in nodes
    if not options:
        assert scenario.spec.nodes["graph"].phase in seen["groups"]
    title = scenario.spec.sources["src-1"].title
    assert f"[1] “{title}” (Pub %% {{y}}, January 2026)" in nodes
    if options.get("sources"):
        decide = next(n for n in seen["nodes"] if n.startswith(scenario.spec.nodes["graph"].label))
        assert "source [1]" in decide
        assert any("source [1]" in e for e in seen["edges"])


@pytest.mark.e2e
@pytest.mark.node
@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_scenarios_parse(name: str) -> None:
    scenario = engine.load(name)
    seen = parse(render(scenario, "mermaid").decode())
    assert seen["type"] == "flowchart-v2"
    assert {n.label for n in scenario.spec.nodes.values()} <= {line.split("\n")[0] for line in seen["nodes"]}
