"""Issue 19: `balance --reach` on each bundled scenario, kept as it stands (the options no allowed set plays).

When the library is rebuilt so that more options can be played, the lists here shrink; a change
either way is a change in what the library lets a room play out, and must be seen.
"""

from __future__ import annotations

import pytest

from scenarios import engine
from scenarios.engine.analysis.playable import reachability

NEVER = {
    "tutorial": {"Close a crossing", "Impose unilateral inspections", "Deploy extra border staff",
                 "Refuse, citing sovereignty"},
    "fentanyl-labs": set(),  # issue 19's rebuild: every stanced option is played (was 6 of 13 never)
    "venezuela": set(),  # issue 19's rebuild: every stanced option is played (was 7 of 28 never)
}


@pytest.mark.parametrize("name", ["tutorial", "fentanyl-labs", "venezuela",
                                  pytest.param("mexico", marks=pytest.mark.big)])
@pytest.mark.big
def test_reach_on_the_library_is_kept(name: str) -> None:
    found = reachability(engine.load(name))
    never = [o for o in found.options if not o.played]
    assert found.options[:len(never)] == tuple(never)  # never played first
    labels = {f"{o.node}: {o.label}" for o in never}
    if name == "mexico":
        # issue 19 measured 21 of 41; after H1, H2, M1 and the values as assumptions, 13
        assert len(never) <= 13, sorted(labels)
        return
    assert {o.label for o in never} == NEVER[name], sorted(labels)
