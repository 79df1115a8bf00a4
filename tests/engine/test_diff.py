"""`engine.diff`: what changed between two versions of a scenario, and which outcomes gained or lost paths."""

from __future__ import annotations

from scenarios import engine
from tests.conftest import PORT


def test_identical_versions() -> None:
    result = engine.diff(engine.load(PORT), engine.load(PORT))
    assert result.same
    assert result.to_dict()["changes"] == []


def test_assumption_branch_effect_and_outcomes() -> None:
    text = PORT.read_text()
    text = text.replace("value: 0.5, low: 0.2, high: 0.8", "value: 0.6, low: 0.2, high: 0.8")
    text = text.replace("      - {label: Retaliate, to: spiral, effects: {tension: 1, trade: -40}}\n", "")
    text = text.replace("effects: {tension: 2, trade: -30}", "effects: {tension: 2, trade: -20}")
    new = engine.load_text(text, name="new")
    result = engine.diff(engine.load(PORT), new)
    assert [str(c) for c in result.changes] == [
        "assumption p_talks_succeed: value 0.5 → 0.6",
        "effect a_moves [Impose inspections] trade: trade -30 → -20",
        "branch b_responds [Retaliate] removed (to spiral)",
    ]
    assert [(o.node, o.old_paths, o.new_paths) for o in result.outcomes] == [("spiral", 2, 0)]
    assert (result.old_path_count, result.new_path_count) == (6, 4)


def test_nodes_added_and_removed_and_weights_changed() -> None:
    text = PORT.read_text().replace(
        "      - {label: Breakdown, to: b_responds, weight: 1 - p_talks_succeed, effects: {tension: 1}}",
        "      - {label: Breakdown, to: b_responds, weight: 2 * (1 - p_talks_succeed), effects: {tension: 1}}\n"
        "      - {label: Stalemate, to: stalemate, weight: 0.1}").replace(
        "  spiral:", "  stalemate: {type: outcome, label: Stalemate}\n  spiral:")
    new = engine.load_text(text, name="new")
    result = engine.diff(engine.load(PORT), new)
    assert [str(c) for c in result.changes] == [
        "branch talks [Breakdown]: weight 1 - p_talks_succeed → 2 * (1 - p_talks_succeed)",
        "branch talks [Stalemate] added (to stalemate)",
        "node stalemate added (Stalemate)",
    ]
    assert [(o.node, o.old_paths, o.new_paths) for o in result.outcomes] == [("stalemate", 0, 1)]
    back = engine.diff(new, engine.load(PORT))
    assert "node stalemate removed (Stalemate)" in [str(c) for c in back.changes]
