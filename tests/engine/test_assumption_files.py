"""Assumption files: a value may carry its reason, and bundled perspectives load by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.errors import ScenarioError, UsageError
from scenarios.engine.format.assumptions import load_assumption_file
from tests.conftest import PORT


def _load(tmp_path: Path, text: str) -> dict[str, float]:
    group = tmp_path / "group.yaml"
    group.write_text(text)
    return load_assumption_file(engine.load(PORT), group)


def test_a_value_may_carry_a_note_beside_plain_numbers(tmp_path: Path) -> None:
    values = _load(tmp_path, 'p_talks_succeed: {value: 0.3, note: "as North argues"}\n')
    assert values == {"p_talks_succeed": 0.3}
    assert _load(tmp_path, "p_talks_succeed: 0.7\n") == {"p_talks_succeed": 0.7}
    spoken = 'p_talks_succeed: {value: 0.3, note: {en: "as North argues", es: "como argumenta el Norte"}}\n'
    assert _load(tmp_path, spoken) == {"p_talks_succeed": 0.3}  # a note per language, as in the perspective files


@pytest.mark.parametrize(("text", "message"), [
    ("p_talks_succeed: {valeu: 0.3}\n", "1:19: error: 'p_talks_succeed': unknown key 'valeu' (did you mean 'value'?)"),
    ("p_talks_succeed: {note: why}\n", "1:18: error: 'p_talks_succeed' has no value"),
    ("p_talks_succeed: {value: yes}\n", "1:26: error: 'p_talks_succeed' should be a number"),
    ("p_talks_succeed: {value: 0.3, note: [1]}\n", "1:37: error: 'p_talks_succeed': the note should be text"),
    ("p_talks_succeed: {value: 0.3, note: {en: [1]}}\n", "1:37: error: 'p_talks_succeed': the note should be text"),
    ("p_talks_succeed: {value: 0.95, note: x}\n", "1:1: error: assumption 'p_talks_succeed' = 0.95 is outside"),
])
def test_a_bad_entry_is_an_error_at_its_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, text)
    assert str(info.value.diagnostics[0]).split("group.yaml:", 1)[1].startswith(message)


def test_a_bundled_perspective_loads_by_name() -> None:
    values = load_assumption_file(engine.load("mexico"), "mexico-government")
    assert values["p_coop_enough"] == 0.85


def test_an_unknown_name_lists_the_bundled_perspectives() -> None:
    with pytest.raises(UsageError) as info:
        load_assumption_file(engine.load("mexico"), "mexico-goverment")
    text = str(info.value)
    assert text.startswith("no file 'mexico-goverment' and no bundled perspective of that name "
                           "(did you mean 'mexico-government'?); bundled perspectives: ")
    assert "venezuela-critics" in text
