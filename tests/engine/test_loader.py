"""Loader messages, tested by breaking a good file: one case per kind of bad input."""

from __future__ import annotations

import pytest

from scenarios.engine.errors import ScenarioError
from scenarios.engine.format.loader import load_text
from tests.conftest import PORT

GOOD = PORT.read_text(encoding="utf-8")


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_text(text, "port.yaml")
    return [str(d) for d in info.value.diagnostics]


def broken(old: str, new: str) -> list[str]:
    assert old in GOOD, old
    return problems(GOOD.replace(old, new, 1))


def test_the_format_pages_example_loads_cleanly() -> None:
    scenario = load_text(GOOD, "port.yaml")
    assert scenario.warnings == ()
    assert scenario.summarize().path_count == 6


CASES = [
    pytest.param("    label: Government B responds", "    lable: Government B responds",
                 ["port.yaml:40:5: error: unknown key 'lable' in node 'b_responds' (did you mean 'label'?)"],
                 id="unknown_key_with_hint"),
    pytest.param("to: uneasy_calm}", "to: uneasy_clam}",
                 ["port.yaml:42:29: error: branch 'Accept' goes to unknown node 'uneasy_clam' "
                  "(did you mean 'uneasy_calm'?)"], id="unknown_node"),
    pytest.param("actor: gov_b", "actor: gov_c",
                 ["port.yaml:39:12: error: node 'b_responds' names unknown actor 'gov_c' (did you mean 'gov_b'?)"],
                 id="unknown_actor"),
    pytest.param("effects: {tension: 1, trade: -40}", "effects: {tensoin: 1, trade: -40}",
                 ["port.yaml:43:50: error: effect on unknown indicator 'tensoin' (did you mean 'tension'?)"],
                 id="unknown_indicator"),
    pytest.param("effects: {tension: 1, trade: -40}", "effects: {tension: extreme, trade: -40}",
                 ["port.yaml:43:59: error: 'extreme' is not a level of 'tension'; levels: low, moderate, high, "
                  "severe"], id="unknown_level"),
    pytest.param("weight: p_talks_succeed}", "weight: p_talk_succeed}",
                 ["port.yaml:35:46: error: weight: unknown name 'p_talk_succeed' (did you mean 'p_talks_succeed'?)"],
                 id="unknown_assumption"),
    pytest.param("to: spiral, effects", "to: a_moves, effects",
                 ["port.yaml:43:32: error: cycle: a_moves → talks → b_responds → a_moves (the node graph must not "
                  "loop back; end the story in an outcome instead)"], id="cycle"),
    pytest.param("weight: 1 - p_talks_succeed, ", "",
                 ["port.yaml:34:5: error: chance 'talks' mixes weighted and unweighted branches: give 'Breakdown' "
                  "a weight too, or remove them all"], id="mixed_weights"),
    pytest.param("weight: p_talks_succeed}", "weight: -1}",
                 ["port.yaml:35:46: error: node 'talks', branch 1 ('Agreement'), 'weight': a weight can't be "
                  "negative (got -1)"], id="negative_weight"),
    pytest.param("{label: Accept, to: uneasy_calm}", "{label: Accept, to: uneasy_calm, weight: 1}",
                 ["port.yaml:42:42: error: branch 'Accept' of decision 'b_responds' has a weight; only chance "
                  "branches do (an actor chooses, it does not roll dice)"], id="weight_on_decision"),
    pytest.param("when: not talks_held", "when: talks_held + 1 > 0",
                 ["port.yaml:46:15: error: when: expected a number here, but 'talks_held' is true/false"],
                 id="type_mismatch"),
    pytest.param("when: not talks_held", "when: trade > high",
                 ["port.yaml:46:15: error: when: in 'trade > high', the level name 'high' (a level of 'tension') "
                  "is compared with a number"], id="misplaced_level_name"),
    pytest.param("when: not talks_held", "when: __import__('os').system('ls') == 0",
                 ["port.yaml:46:15: error: when: calling '__import__('os').system' is not allowed "
                  "(functions: min, max, visited)"], id="import_refused"),
    pytest.param("when: not talks_held", "when: trade.real > 0",
                 ["port.yaml:46:15: error: when: attribute access ('.') is not allowed in an expression"],
                 id="attribute_refused"),
    pytest.param("when: not talks_held", "when: '(lambda x: x)(1) > 0'",
                 ["port.yaml:46:15: error: when: calling 'lambda x: x' is not allowed (functions: min, max, visited)"],
                 id="lambda_refused"),
    pytest.param("when: not talks_held", "when: '[x for x in [1]] == 1'",
                 ["port.yaml:46:15: error: when: a comprehension is not allowed in an expression"],
                 id="comprehension_refused"),
    pytest.param("when: not talks_held", "when: trade >",
                 ["port.yaml:46:15: error: when: cannot read expression 'trade >': invalid syntax"],
                 id="bad_expression"),
    pytest.param("type: chance", "type: chanse",
                 ["port.yaml:32:11: error: node 'talks', 'type': 'chanse' is not allowed; must be 'decision', "
                  "'chance' or 'outcome' (did you mean 'chance'?)"], id="bad_node_type"),
    pytest.param("  uneasy_calm: {type: outcome, label: Uneasy calm}", "  uneasy_calm: {type: outcome}",
                 ["port.yaml:48:3: error: node 'uneasy_calm' is missing the required key 'label'"],
                 id="missing_key"),
    pytest.param("format: 1", "format: 2",
                 ["port.yaml:1:9: error: this file is written in format 2, but this version of scenarios reads "
                  "format 1 and older; upgrade scenarios to read it"], id="future_format"),
    pytest.param("    label: Do talks succeed?", "    label: Do talks succeed?\n    label: again",
                 ["port.yaml:34:5: error: duplicate key 'label' (first given on line 33)"], id="duplicate_key"),
    pytest.param("  talks:\n", "\ttalks:\n",
                 ["port.yaml:31:1: error: a tab character is not allowed here; indent with spaces"], id="tabs"),
    pytest.param("title: Port inspection dispute", "title: [unclosed",
                 ["port.yaml:3:8: error: YAML syntax error: did not find expected ',' or ']'"], id="yaml_syntax"),
    pytest.param("start: a_moves", "start: a_move",
                 ["port.yaml:17:8: error: start names unknown node 'a_move' (did you mean 'a_moves'?)"],
                 id="unknown_start"),
    pytest.param("value: 0.5, low: 0.2", "value: 0.9, low: 0.2",
                 ["port.yaml:16:50: error: assumption 'p_talks_succeed': value 0.9 is outside [0.2, 0.8]"],
                 id="assumption_out_of_range"),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_broken_file_reports_exact_message_and_line(old: str, new: str, expected: list[str]) -> None:
    assert broken(old, new) == expected


def test_dead_end_names_the_path() -> None:
    text = GOOD.replace("      - {label: Accept, to: uneasy_calm}\n", "").replace(
        "      - {label: Retaliate, to: spiral, effects: {tension: 1, trade: -40}}\n", "")
    text = text.replace("  uneasy_calm: {type: outcome, label: Uneasy calm}\n", "").replace(
        "  spiral:      {type: outcome, label: Escalation spiral, payoffs: {gov_a: -1}}\n", "")
    found = [p for p in problems(text) if "error" in p]
    assert found == ["port.yaml:37:3: error: dead end at 'b_responds': no branch is available here (every 'when' "
                     "is false) on the path a_moves [Propose talks] → talks [Breakdown] → b_responds"]


def test_all_problems_are_reported_in_one_run() -> None:
    text = GOOD.replace("to: uneasy_calm}", "to: nowhere}").replace("actor: gov_b", "actor: nobody").replace(
        "when: not talks_held", "when: missing_name")
    assert len(problems(text)) == 3


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param(b"", "x.yaml:1:1: error: the file is empty; a scenario needs at least 'title', 'start' and 'nodes'",
                 id="empty"),
    pytest.param(b"# only a comment\n", "x.yaml:1:1: error: the file is empty; a scenario needs at least 'title', "
                 "'start' and 'nodes'", id="comment_only"),
    pytest.param(b"- a\n- b\n", "x.yaml:1:1: error: a scenario file is a mapping of keys (title, start, nodes, …), "
                 "but this file holds a list", id="list_not_mapping"),
    pytest.param(b"title: caf\xe9\n", "x.yaml:1:11: error: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8",
                 id="not_utf8"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "x.yaml:3:1: error: this is not a text file (it contains a NUL byte)",
                 id="binary"),
    pytest.param(b"title: x\n---\ntitle: y\n", "x.yaml:2:1: error: the file holds more than one YAML document "
                 "('---'); keep one scenario per file", id="two_documents"),
])
def test_unreadable_files(raw: bytes, expected: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_text(raw, "x.yaml")
    assert [str(d) for d in info.value.diagnostics] == [expected]


def test_billion_laughs_fails_fast_with_one_message() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 10):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]\n"
    with pytest.raises(ScenarioError) as info:
        load_text(bomb, "bomb.yaml")
    assert [str(d) for d in info.value.diagnostics] == [
        "bomb.yaml:2:8: error: YAML aliases (*a) are not allowed in scenario files; write the value out "
        "(this file uses 81 aliases)"]


def test_20000_deep_nesting_is_refused_without_recursion_error() -> None:
    text = "title: x\nstart: a\nnodes: " + "[" * 20000 + "]" * 20000 + "\n"
    with pytest.raises(ScenarioError) as info:
        load_text(text, "deep.yaml")
    assert str(info.value) == ("deep.yaml:3:71: error: the file nests more than 64 levels deep; "
                               "a scenario never needs that")


def test_odd_characters_in_labels_are_kept_literally() -> None:
    label = 'Talks <b>&amp; "quotes" \\N émoji 🙂 עברית'
    text = GOOD.replace("label: Uneasy calm}", f"label: '{label}'}}")
    scenario = load_text(text, "port.yaml")
    assert scenario.spec.nodes["uneasy_calm"].label == label


def test_warnings_for_unused_and_unreachable() -> None:
    text = GOOD.replace("assumptions:\n", "assumptions:\n  p_unused: {value: 1}\n").replace(
        "  spiral:", "  orphan: {type: outcome, label: Orphan}\n  spiral:")
    scenario = load_text(text, "port.yaml")
    assert [str(w) for w in scenario.warnings] == [
        "port.yaml:16:3: warning: assumption 'p_unused' is never used by a weight, guard, value or payoff",
        "port.yaml:50:3: warning: node 'orphan' can't be reached from start 'a_moves'",
    ]


def test_constant_weights_not_summing_to_one_warn_with_the_normalized_values() -> None:
    text = GOOD.replace("weight: p_talks_succeed}", "weight: 3}").replace("weight: 1 - p_talks_succeed,",
                                                                         "weight: 1,")
    text = text.replace("  p_talks_succeed: {label: Talks succeed, value: 0.5, low: 0.2, high: 0.8}\n", "")
    text = text.replace("assumptions:\n", "")
    scenario = load_text(text, "port.yaml")
    assert [str(w) for w in scenario.warnings] == [
        "port.yaml:32:5: warning: weights of chance 'talks' sum to 4, not 1; they are normalized to 0.75, 0.25"]


def test_source_ids_may_use_hyphens_and_file_names() -> None:
    text = GOOD.replace("art-1", "002_61f115eb21d36479.txt")
    assert load_text(text, "port.yaml").warnings == ()


def test_duplicate_branch_labels_warn_but_load() -> None:
    text = GOOD.replace("{label: Retaliate, to: spiral", "{label: Accept, to: spiral")
    scenario = load_text(text, "port.yaml")
    assert [str(w) for w in scenario.warnings] == [
        "port.yaml:43:17: warning: node 'b_responds' has two branches labelled 'Accept'; diagrams, tables and "
        "JSON name branches by label, so readers can't tell them apart"]
