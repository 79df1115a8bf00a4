"""`scenarios story`: a path told step by step, with the sources of each step, in text, Markdown and JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scenarios import engine
from scenarios.cli.main import main
from tests.conftest import PORT

BUNDLED = ["mexico", "venezuela", "fentanyl-labs", "tutorial"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    """Wrapped text as one line, so a title broken over two lines still matches."""
    return " ".join(text.split())


@pytest.mark.parametrize("name", BUNDLED)
def test_story_of_a_bundled_path_names_each_steps_sources(name: str) -> None:
    scenario = engine.load(name)
    last = scenario.summarize().path_count
    for number in (1, last):
        path = next(p for p in scenario.paths() if p.number == number)
        code, out, err = run("story", name, str(number))
        assert (code, err) == (0, "")
        told = flat(out)
        assert f"Path {number:,} of {last:,}" in told
        for node_id, _ in scenario.steps(path):
            node = scenario.spec.nodes[node_id]
            assert flat(node.label) in told
            for source in node.sources:
                assert flat(scenario.spec.sources[source].title) in told, (name, number, node_id, source)
        assert scenario.spec.nodes[scenario.outcome_id(path)].label in told
        assert "Share of weight, given its decisions:" in told and "not that it is certain" in told


def test_story_text_of_the_format_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("story", str(PORT), "2")
    assert code == 0
    assert out.splitlines()[3:] == [
        "Path 2 of 6, told step by step.",
        "Stated assumptions: p_talks_succeed = 0.5",
        "",
        "1. Government A's first move — a decision by Government A",
        "   Sources: “Example article” (Example News, 9 January 2026)",
        "   → Chosen on this path: Propose talks",
        "     Changes: Talks were held no → yes",
        "",
        "2. Do talks succeed? — an uncertain event",
        "   Sources: none given in the file",
        "   → On this path: Breakdown (weight 50.0% at this point, under the stated",
        "     assumptions)",
        "     Changes: Bilateral tension low → moderate",
        "",
        "3. Government B responds — a decision by Government B",
        "   Sources: none given in the file",
        "   → Chosen on this path: Accept",
        "     No indicator changes.",
        "",
        "Outcome: Uneasy calm",
        "   Sources: none given in the file",
        "",
        "Final indicators: Bilateral tension: moderate · Trade flow: 100 · Talks were",
        "held: yes",
        "Share of weight, given its decisions: 50.0% — the part of its branch's weight a",
        "path gets, given the decisions on it, from the stated assumptions' weights of",
        "the uncertain events it passes; not a forecast. 100% means nothing uncertain",
        "splits the path once those decisions are taken, not that it is certain.",
    ]


def test_story_follows_the_assumptions_set() -> None:
    code, out, _ = run("story", str(PORT), "2", "--set", "p_talks_succeed=0.8")
    assert code == 0
    assert "Breakdown (weight 20.0% at this point" in out
    assert "Share of weight, given its decisions: 20.0% — the part of its branch's weight" in out


def test_story_markdown_and_json() -> None:
    code, out, _ = run("story", str(PORT), "1", "-f", "markdown")
    assert code == 0
    assert out.startswith("# Port inspection dispute: path 1\n")
    assert "*Sources:* “Example article” (Example News, 9 January 2026)" in out
    assert "## Outcome: Negotiated settlement" in out
    code, out, _ = run("story", str(PORT), "1", "-f", "json")
    data = json.loads(out)
    assert data["path"] == 1 and data["path_count"] == 6
    assert data["steps"][0]["sources"][0] == {"id": "art-1", "title": "Example article", "descriptive_title": False,
                                              "publisher": "Example News", "date": "2026-01-09", "url": None}
    assert [s["branch"]["label"] for s in data["steps"]] == ["Propose talks", "Agreement"]
    assert data["steps"][1]["branch"]["share"] == 0.5
    assert data["outcome"]["label"] == "Negotiated settlement"
    assert data["final"] == {"tension": "low", "trade": "100", "talks_held": "yes"}
    assert data["weight"] == 0.5


@pytest.mark.parametrize(("args", "message"), [
    (["7"], "error: path 7: port-dispute has 6 paths (numbered 1 to 6, as `scenarios explore port-dispute` "
            "lists them)\n"),
    (["0"], "error: path 0: paths are numbered from 1\n"),
    (["1", "--set", "p_talks_succeed=3"], "error: --set 'p_talks_succeed=3': assumption 'p_talks_succeed' = 3 is "
                                          "outside its range [0.2, 0.8]\n"),
])
def test_story_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = run("story", str(PORT), *args)
    assert (code, out, err) == (2, "", message)


def test_explore_describe_adds_each_nodes_text_and_sources_once() -> None:
    code, out, err = run("explore", "tutorial", "--describe")
    assert (code, err) == (0, "")
    described = flat(out[out.index("Descriptions and sources"):])
    scenario = engine.load("tutorial")
    for node in scenario.spec.nodes.values():
        heading = node.label if node.type != "outcome" else f"Outcome: {node.label}"
        assert described.count(flat(heading) + " ") >= 1
        if node.description:
            assert flat(node.description) in described
        for source in node.sources:
            assert flat(scenario.spec.sources[source].title) in described
    code, out, _ = run("explore", str(PORT), "--describe", "--where", "tension >= high")
    assert "“Example article” (Example News, 9 January 2026)" in out[out.index("Descriptions and sources"):]
    assert "Negotiated settlement" not in out[out.index("Descriptions and sources"):]  # not on a listed path


def test_explore_describe_in_markdown_and_refused_where_it_cannot_apply() -> None:
    code, out, _ = run("explore", str(PORT), "--describe", "-f", "markdown")
    assert code == 0
    assert "## Descriptions and sources" in out
    assert "### Government A's first move — a decision by Government A" in out
    assert run("explore", str(PORT), "--describe", "-f", "json")[2].startswith("error: --describe works with")
    assert run("explore", str(PORT), "--describe", "--summary")[0] == 2
