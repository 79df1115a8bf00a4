"""DOT as text, without Graphviz: the visual language, the views, and escaping of user text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.errors import UsageError
from scenarios.engine.output.diagrams import diagram, render
from scenarios.engine.output.diagrams.dot import MARK
from scenarios.engine.output.diagrams.text import dot_html
from scenarios.engine.output.diagrams.view import make_view
from tests.conftest import DATA, PORT

NASTY = DATA / "render" / "nasty.yaml"


def dot(source: str | Path, **options: object) -> str:
    return render(engine.load(source), "dot", **options).decode("utf-8")


def line_of(text: str, node_id: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(f"{node_id} ["))


def test_dot_needs_no_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    text = dot(PORT)
    assert text.startswith(MARK + '\ndigraph "port-dispute" {')


def test_each_kind_has_its_own_shape() -> None:
    text = dot(PORT)
    assert "shape=box style=filled" in line_of(text, "a_moves")
    assert "shape=ellipse" in line_of(text, "talks")
    assert "peripheries=2 shape=box" in line_of(text, "deal")


def test_decisions_carry_their_actor_and_colour() -> None:
    text = dot(PORT)
    assert 'COLOR="#0072b2">Government A</FONT>' in line_of(text, "a_moves")  # palette: no color in the file
    assert 'color="#1f4e9c"' in dot("tutorial")  # the file's own actors.north.color


def test_branch_labels_show_weight_and_guard() -> None:
    text = dot(PORT)
    assert re.search(r'talks -> deal \[label=<Agreement<BR/><FONT [^>]*>50%</FONT>>', text)
    assert "Return to talks<BR/><FONT POINT-SIZE=\"10\" COLOR=\"#555555\">if not talks_held</FONT>" in text


def test_weights_follow_assumption_overrides() -> None:
    text = dot(PORT, assumptions={"p_talks_succeed": 0.8})
    assert ">80%</FONT>" in text and ">20%</FONT>" in text
    assert "set for this diagram: p_talks_succeed = 0.8" in text


def test_effects_only_when_asked() -> None:
    assert "−30" not in dot(PORT)
    text = dot(PORT, effects=True).replace('<BR ALIGN="CENTER"/>', " ")  # a long label is wrapped
    assert "<I>Bilateral tension: 2 levels up · Trade flow: −30</I>" in text


def test_title_as_of_and_disclaimer_are_on_the_diagram() -> None:
    text = dot(PORT)
    assert "<B>Port inspection dispute</B>" in text
    assert "As of 9 January 2026" in text
    assert dot_html(engine.load(PORT).disclaimer, "LEFT") in text


def test_phases_are_labelled_groups() -> None:
    text = dot("tutorial")
    for phase in ("Pressure", "Response", "Checks", "Outcomes"):
        assert f"label=<<B>{phase}</B>>" in text
    assert text.count("subgraph cluster_") == 5  # four phases and the legend


def test_direction() -> None:
    assert "rankdir=LR" in dot(PORT)
    assert "rankdir=TB" in dot(PORT, direction="tb")
    with pytest.raises(UsageError, match=r"unknown direction 'up' \(must be one of 'LR', 'TB'\)"):
        dot(PORT, direction="up")


def test_legend_shows_each_kind_and_actor_once() -> None:
    text = dot(PORT)
    legend = text[text.index("subgraph cluster_legend"):]
    assert legend.count("Decision by") == 2 and "Chance event" in legend and "Outcome" in legend
    assert "cluster_legend" not in dot(PORT, legend=False)


def test_highlight_emphasizes_one_path_and_fades_the_rest() -> None:
    text = dot(PORT, highlight=1)  # Propose talks → Agreement → deal
    assert 'a_moves -> talks [label=<Propose talks> color="#d1001f"' in text
    assert 'talks -> deal' in text and 'color="#d1001f" fontcolor="#d1001f" id="e:talks:deal" penwidth=3' in line_of(
        text.replace("talks -> deal", "talks_deal"), "talks_deal")
    assert 'color="#c8c8c8"' in line_of(text, "spiral")
    assert "Highlighted: path 1" in text


def test_highlight_out_of_range() -> None:
    with pytest.raises(UsageError, match=r"^--highlight 9: port-dispute has 6 paths \(numbered from 1\)$"):
        dot(PORT, highlight=9)


def test_where_highlights_every_matching_path() -> None:
    text = dot(PORT, where="tension >= high")
    assert "Highlighted: 3 paths ending where tension ≥ high" in text
    with pytest.raises(UsageError, match="no path ends in a state where it holds"):
        dot(PORT, where="trade > 1000")


def test_depth_collapses_the_rest_into_counted_stubs() -> None:
    text = dot(PORT, depth=1)
    assert '"more-deal" [label=<<I>… 2 more paths</I>>' in text
    assert '"more-uneasy_calm" [label=<<I>… 2 more paths</I>>' in text
    assert "b_responds -> \"more-spiral\"" in text


def test_focus_draws_a_node_and_what_follows() -> None:
    text = dot(PORT, focus="talks", depth=1)
    assert "a_moves [" not in text
    assert '"more-spiral" [label=<<I>… 1 more path</I>>' in text
    assert "Part of the model: from &#x27;Do talks succeed?&#x27;, 1 step deep" in text
    with pytest.raises(UsageError, match=r"--focus: no node 'talk' in port-dispute \(did you mean 'talks'\?\)"):
        dot(PORT, focus="talk")


@pytest.mark.parametrize("name", ["mexico", "venezuela", "fentanyl-labs", "tutorial"])
@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.big
def test_stub_counts_match_the_listed_paths(name: str, depth: int) -> None:
    """Each stub counts the paths whose first undrawn node is its node (checked against explore's list)."""
    scenario = engine.load(name)
    d = diagram(scenario, make_view(scenario, {"depth": depth}))
    drawn = {n.id for n in d.nodes if n.kind != "stub"}
    expected: dict[str, int] = {}
    for path in scenario.paths():
        ids = [scenario.runtime.nodes[b.to].id for b in path.branches]
        first = next((i for i in ids if i not in drawn), None)
        if first is not None:
            expected[f"more-{first}"] = expected.get(f"more-{first}", 0) + 1
    stubs = {n.id: n.label for n in d.nodes if n.kind == "stub"}
    assert {k: int(v.split()[1].replace(",", "")) for k, v in stubs.items() if "more" in v} == expected
    assert all(v == "… no path goes on here" for k, v in stubs.items() if k not in expected)


def test_tree_unfolds_each_path_with_its_number_and_weight() -> None:
    text = dot(PORT, tree=True)
    for n in range(1, 7):
        assert f">path {n}" in text
    assert ">path 1 · 50%</FONT>" in text


def test_tree_refuses_what_a_page_cannot_hold() -> None:
    with pytest.raises(UsageError) as info:
        dot("mexico", tree=True)
    count = engine.load("mexico").summarize().path_count
    assert str(info.value) == (
        f"the tree of mexico has more than 120 leaves ({count:,} paths in all), too many for a page; draw the node "
        "graph (leave out --tree), or cut the tree with --depth K or --focus NODE")


@pytest.mark.big
def test_tree_depth_keeps_path_numbers() -> None:
    scenario = engine.load("mexico")
    d = diagram(scenario, make_view(scenario, {"tree": True, "depth": 2}))
    stubbed = sum(int(n.label.split()[1].replace(",", "")) for n in d.nodes if n.kind == "stub")
    leaves = [n for n in d.nodes if n.kind == "outcome"]
    assert stubbed + len(leaves) == scenario.summarize().path_count


def test_tree_focus_keeps_only_paths_through_the_node() -> None:
    text = dot(PORT, tree=True, focus="talks")
    assert ">path 1 · 50%" in text and ">path 2 · 50%" in text and ">path 3 · 50%" in text
    assert "… 3 more paths" in text  # Impose inspections' subtree, which never passes through talks


def test_unknown_option_and_format() -> None:
    scenario = engine.load(PORT)
    with pytest.raises(UsageError, match=r"unknown render option 'hilight' \(did you mean 'highlight'\?\)"):
        render(scenario, "dot", hilight=1)
    with pytest.raises(UsageError, match=r"unknown format 'gif' \(must be one of 'dot', 'mermaid', 'pdf', 'png', "):
        render(scenario, "gif")


def test_nasty_text_is_escaped_and_keyword_ids_quoted() -> None:
    scenario = engine.load(NASTY)
    text = dot(NASTY)
    for node in scenario.spec.nodes.values():
        assert all(dot_html(word) in text for word in node.label.split())
        for b in node.branches or []:
            assert all(dot_html(word) in text for word in b.label.split())
    for keyword in ("graph", "node", "subgraph"):
        assert f'\n\t"{keyword}" [' in text or f'\n\t\t"{keyword}" [' in text
    assert "\\\\N" in text and "\\N" not in text.replace("\\\\N", "")
    assert '&quot;quote&quot;' in text and "&lt;now&gt;" in text


def test_engine_render_is_the_public_function_even_after_diagrams_is_imported() -> None:

    assert engine.render(engine.load(PORT), "dot").startswith(MARK.encode())


def test_sources_are_listed_under_the_title_and_numbered_on_nodes_with_the_option() -> None:
    plain = render(engine.load(PORT), "dot").decode()
    assert dot_html("[1] “Example article” (Example News, 9 January 2026)", "LEFT") in plain
    assert "source [1]" not in plain
    numbered = render(engine.load(PORT), "dot", sources=True).decode()
    assert dot_html("Sources (numbered on the nodes and branches that cite them):", "LEFT") in numbered
    node = next(line for line in numbered.splitlines() if line.strip().startswith("a_moves "))
    assert "source [1]" in node
    assert numbered.count("source [1]") == 1  # only a_moves cites it in this file
