"""The slips people make in a first scenario: every error in one run, and a message that says how to write it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scenarios import engine
from scenarios.cli.main import main
from scenarios.engine.errors import ScenarioError
from scenarios.engine.format.loader import load_text
from scenarios.engine.text.numbers import data as data_number
from tests.conftest import PORT

GOOD = PORT.read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_text(text, "port.yaml")
    return [str(d) for d in info.value.diagnostics]


def broken(*changes: tuple[str, str]) -> str:
    text = GOOD
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_a_shape_mistake_does_not_hide_the_rest_of_the_file() -> None:
    text = broken(("    type: chance", "    type: chanse"), ("    actor: gov_a\n", "    actr: gov_a\n"),
                  ("to: uneasy_calm}", "to: uneasy_clam}"), ("when: not talks_held", "when: not talks_hold"))
    assert problems(text) == [
        "port.yaml:21:5: error: unknown key 'actr' in node 'a_moves' (did you mean 'actor'?)",
        "port.yaml:32:11: error: node 'talks', 'type': 'chanse' is not allowed; must be 'decision', 'chance' or "
        "'outcome' (did you mean 'chance'?)",
        "port.yaml:42:29: error: branch 'Accept' goes to unknown node 'uneasy_clam' (did you mean 'uneasy_calm'?)",
        "port.yaml:46:15: error: when: unknown name 'talks_hold' (did you mean 'talks_held'?)",
    ]


def test_a_node_beyond_repair_stands_in_without_echoing_its_own_mistake() -> None:
    text = broken(("    label: Government B responds\n", ""), ("actor: gov_b", "actor: 3"),
                  ("to: uneasy_calm}", "to: nowhere}"), ("Breakdown, to: b_responds", "Breakdown, to: b_respond"))
    shown = problems(text)
    assert any("node 'b_responds' is missing the required key 'label'" in p for p in shown)
    assert any("goes to unknown node 'b_respond' (did you mean 'b_responds'?)" in p for p in shown)
    assert not any("nowhere" in p for p in shown)  # inside the stood-in node: not reported twice over


@pytest.mark.parametrize(("old", "new", "expected"), [
    pytest.param("    label: Do talks succeed?", "    label: Talks: do they succeed?",
                 'port.yaml:33:17: error: YAML syntax error: mapping values are not allowed in this context; the text '
                 "after 'label:' holds ': ', which YAML reads as a new key: quote it, e.g. label: \"Talks: do they "
                 'succeed?"', id="colon_in_label"),
    pytest.param("    label: Do talks succeed?", "\tlabel: Do talks succeed?",
                 "port.yaml:33:1: error: a tab character is not allowed here; indent with spaces", id="tab"),
    pytest.param("when: not talks_held", "when: talks_held = false",
                 "port.yaml:46:15: error: when: cannot read expression 'talks_held = false': invalid syntax; '=' is "
                 "not a comparison, '==' is: write 'talks_held == false'", id="single_equals"),
    pytest.param("weight: p_talks_succeed}", "weight: 60%}",
                 "port.yaml:35:46: error: weight: cannot read expression '60%': invalid syntax; weights are plain "
                 "numbers: write 0.6 for 60%", id="percent_weight"),
])
def test_common_slips_say_how_to_write_it(old: str, new: str, expected: str) -> None:
    assert problems(broken((old, new)))[0] == expected


def test_a_when_false_on_every_path_reaching_it_warns() -> None:
    scenario = load_text(broken(("when: not talks_held", "when: trade > 500")), "port.yaml")
    assert [str(w) for w in scenario.warnings] == [
        "port.yaml:46:15: warning: branch 'Return to talks' of 'b_responds' can never be taken: its "
        "'when: trade > 500' is false on every path that reaches it"]
    assert load_text(GOOD, "port.yaml").warnings == ()


def test_an_unknown_level_in_where_lists_the_levels() -> None:
    result = CliRunner().invoke(main, ["explore", str(PORT), "--where", "tension >= hgh"])
    assert result.exit_code == 2
    assert result.stderr == ("error: --where 'tension >= hgh': 'hgh' is not a level of 'tension' (did you mean "
                             "'high'?); its levels: low, moderate, high, severe\n")


def test_numbers_follow_one_convention_per_kind_of_output() -> None:
    runner = CliRunner()
    args = ["explore", str(PORT), "--set", "p_talks_succeed=0.7"]
    data = json.loads(runner.invoke(main, [*args, "-f", "json"]).stdout)
    assert [p["weight"] for p in data["paths"]][:2] == [0.7, 0.3]  # not 0.30000000000000004
    assert data["paths"][0]["state"]["talks_held"] is True
    csv = [line for line in runner.invoke(main, [*args, "-f", "csv"]).stdout.splitlines() if not line.startswith("# ")]
    assert csv[2].endswith(",true,0.3")
    markdown = runner.invoke(main, [*args, "-f", "markdown"]).stdout
    assert "- p_talks_succeed = 0.7 \\*" in markdown
    assert "talks_held: yes" in markdown and "| 30.0% |" in markdown and "True" not in markdown
    table = runner.invoke(main, [*args, "--all"]).stdout
    assert "30.0%" in table and "p_talks_succeed = 0.7 (set)" in table
    assert data_number(1.2999999999999998) == 1.3


def test_explore_summary_moves_with_the_assumptions() -> None:
    scenario = engine.load(PORT)
    before = {o.node: (o.weight_low, o.weight_high) for o in scenario.summarize().outcomes}
    after = {o.node: (o.weight_low, o.weight_high) for o in scenario.summarize({"p_talks_succeed": 0.8}).outcomes}
    assert before["deal"] == (0.5, 1.0) and after["deal"] == (pytest.approx(0.8), 1.0)


def test_a_missing_start_does_not_hide_a_reference_error() -> None:
    text = broken(("start: a_moves\n", ""), ("to: uneasy_calm}", "to: uneasy_clam}"))
    assert problems(text) == [
        "port.yaml:1:1: error: the scenario is missing the required key 'start'",
        "port.yaml:41:29: error: branch 'Accept' goes to unknown node 'uneasy_clam' (did you mean 'uneasy_calm'?)"]


def test_a_colon_in_a_label_inside_braces_says_to_quote_it() -> None:
    (message,) = problems(broken(("{label: Agreement, to: deal", "{label: Agreement: yes, to: deal")))
    assert message.startswith("port.yaml:35:")
    assert message.endswith("""in {...}, the text after 'label:' holds ': ', which YAML reads as a new key: quote it, \
e.g. label: "Agreement: yes\"""")


def test_csv_summary_has_the_weight_ranges_and_honours_where() -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["explore", str(PORT), "--summary", "-f", "csv", "--where", "tension >= high"]).stdout
    assert [line for line in out.splitlines() if not line.startswith("# ")] == [
                                "outcome,label,paths,weight_low,weight_high", "uneasy_calm,Uneasy calm,1,1.0,1.0",
                                "spiral,Escalation spiral,2,0.5,1.0"]
