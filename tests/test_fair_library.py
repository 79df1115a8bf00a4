"""Issue 19: `balance --reach` on each bundled scenario, kept as it stands (the options no allowed set plays).

When the library is rebuilt so that more options can be played, the lists here shrink; a change
either way is a change in what the library lets a room play out, and must be seen.
"""

from __future__ import annotations

import pytest

from scenarios import engine
from scenarios.engine.analysis.playable import reachability

NEVER = {
    "tutorial": set(),  # issue 19: the toy's contested values are assumptions (was 4 of 8 never)
    "fentanyl-labs": set(),  # issue 19's rebuild: every stanced option is played (was 6 of 13 never)
    "venezuela": set(),  # issue 19's rebuild: every stanced option is played (was 7 of 28 never)
    # issue 19: 2 of 41 (was 21, then 13); each one's note at the branch names the article-reported
    # fact that rules it out, and balance --reach prints that note
    "mexico": {"Suspend security cooperation; restrict US business": "too dependent economically",
               "Hand over leaders to seek a truce": "What they report is the opposite"},
}


@pytest.mark.parametrize("name", ["tutorial", "fentanyl-labs", "venezuela",
                                  pytest.param("mexico", marks=pytest.mark.big)])
@pytest.mark.big
def test_reach_on_the_library_is_kept(name: str) -> None:
    found = reachability(engine.load(name))
    never = [o for o in found.options if not o.played]
    assert found.options[:len(never)] == tuple(never)  # never played first
    labels = {f"{o.node}: {o.label}" for o in never}
    assert {o.label for o in never} == set(NEVER[name]), sorted(labels)
    ruled_out = NEVER[name]
    if isinstance(ruled_out, dict):
        for option in never:
            assert ruled_out[option.label] in (option.note or ""), option.label
