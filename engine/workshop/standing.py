"""Where a session stands, derived from its steps and its participants' assumptions, remembered between changes.

The path, the spot it reaches, the group's median assumptions and the branches open there
are computed once per change of the steps or the assumptions: a vote changes none of
them, so counting one recomputes nothing here.  A move is computed from `at()`, the step
the session stood after when this was read, and written only if the store still stands
there (moves.py): a second writer makes it a refusal, never a step in the wrong place.
Weights follow from the group's stated assumptions (the median of the participants' sets); none is a forecast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scenarios.engine.core.runtime import CBranch
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.text.i18n import _

from . import navigation, play
from .errors import WorkshopError
from .records import Step
from .spread import median_set
from .store import Record


class Standing:
    """The session's position, read from its `Record`; `forget()` when the steps or the assumptions change."""

    def __init__(self, scenario: Scenario, record: Record):
        self.scenario = scenario
        self.record = record
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._sets: dict[str, Any] = {}  # what follows from the participants' assumption sets alone

    def forget(self, assumptions: bool = True) -> None:
        """Forget what follows from the steps, and (`assumptions`) from the participants' sets too: opening a vote
        or taking a step leaves the group's median and the spread of the sets as they were."""
        self._memo.clear()
        if assumptions:
            self._sets.clear()

    def from_sets(self, key: str, build: Callable[[dict[str, dict[str, float]]], Any]) -> Any:
        """`build(the participants' assumption sets)`, remembered until a participant sets values."""
        if key not in self._sets:
            self._sets[key] = build(self.record.assumption_sets())
        return self._sets[key]

    def at(self) -> int | None:
        """The step the session stood after when this standing was read: what a move here is computed from."""
        key = ("at",)
        if key not in self._memo:
            self._memo[key] = self.record.current()
        return self._memo[key]  # type: ignore[no-any-return]

    def path(self, at: int | None = None) -> list[Step]:
        """The steps from the start to step `at` (default: where the session stands)."""
        return navigation.chain(self.record.steps(), self.at() if at is None else at)

    def played_paths(self) -> list[list[Step]]:
        """Every path played (each a chain from the start to a step no kept step follows), oldest first."""
        return navigation.played(self.record.steps())

    def spot(self, at: int | None = None) -> play.Spot:
        key = ("spot", at)
        if key not in self._memo:
            self._memo[key] = play.follow(self.scenario, [(s.node, s.branch) for s in self.path(at)])
        return self._memo[key]  # type: ignore[no-any-return]

    def group_vector(self) -> tuple[float, ...]:
        """The group's current assumptions: the median of the participants' sets (the file's values where none)."""
        return self.from_sets(  # type: ignore[no-any-return]
            "group", lambda sets: self.scenario.assumption_values(median_set(self.scenario, sets)))

    def available(self, at: int | None = None) -> tuple[CBranch, ...]:
        """The branches open at step `at` (default: where the group stands) under the group's assumptions."""
        key = ("available", at)
        if key not in self._memo:
            self._memo[key] = play.available(self.scenario, self.spot(at), self.group_vector())
        return self._memo[key]  # type: ignore[no-any-return]

    def check_branch(self, branch: object) -> CBranch:
        """The branch numbered `branch` among those open where the group stands."""
        return navigation.check_branch(self.scenario, self.spot(), self.available(), branch)

    def position(self) -> dict[str, Any]:
        """The current node as everyone sees it, with the path so far and the open vote."""
        here = play.describe(self.scenario, self.spot(), self.group_vector())
        here["path"] = [s.to_dict() | {"label": step_label(self.scenario, s)} for s in self.path()]
        here["step"] = self.at()
        vote = self.record.open_round()
        here["round"] = vote.to_dict() if vote else None
        return here

    def tally(self, round_id: int) -> dict[int, int]:
        """Votes per branch position (every available branch listed, zeros included)."""
        counts = self.record.counts(round_id)
        vote = self.record.round(round_id)
        if vote is None:
            raise WorkshopError(_("no vote {vote} in this session").format(vote=round_id), "not_found")
        return {**{b.index: 0 for b in self.available(vote.at)}, **counts}


def step_label(scenario: Scenario, step: Step) -> str:
    """The label of the branch `step` took, in the language of `scenario` (as kept where the file no longer has it)."""
    node = scenario.spec.nodes.get(step.node)
    return node.branches[step.branch].label if node is not None and 0 <= step.branch < len(node.branches) \
        else step.label
