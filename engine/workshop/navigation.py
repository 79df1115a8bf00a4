"""Moving through a session: the tree of steps, the paths played, and where a step, an undo or a going back may go.

Steps form a tree: undoing marks a step undone (it stays in the record), and going back
to an earlier step and playing on starts another path beside the ones already played.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scenarios.engine.core.runtime import OUTCOME, CBranch
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.text.i18n import _

from .errors import WorkshopError
from .play import Spot, start, take
from .records import Step

MISFIT = ("the stored path no longer fits the scenario: a step follows one that was undone or is missing "
          "(undo, or run `scenarios workshop repair`)")


def chain(steps: Iterable[Step], at: int | None) -> list[Step]:
    """The steps from the start to step `at` (None: none)."""
    by_id = {s.id: s for s in steps}
    found: list[Step] = []
    while at is not None:
        if at not in by_id or len(found) > len(by_id):  # a step undone or lost under a kept one, or a loop: an edit
            raise WorkshopError(MISFIT, "conflict")
        found.append(by_id[at])
        at = by_id[at].parent
    found.reverse()
    return found


def played(steps: Sequence[Step]) -> list[list[Step]]:
    """Every path played (each a chain from the start to a step no kept step follows), oldest first."""
    kept = [s for s in steps if not s.undone]
    parents = {s.parent for s in kept}
    return [chain(kept, s.id) for s in kept if s.id not in parents]


@dataclass(frozen=True)
class Repair:
    """What a repair changes: the kept steps that don't fit (dropped), and the step the session then stands after."""

    drop: tuple[Step, ...]
    stand: int | None
    current: int | None  # where the session stood

    @property
    def needed(self) -> bool:
        return bool(self.drop) or self.stand != self.current


def misfits(scenario: Scenario, steps: Sequence[Step], current: int | None) -> Repair:
    """The kept steps that don't follow from the played path or no longer fit the scenario, and where to stand.

    A kept step fits when its parent is the start or a fitting step, and it was taken at the node its parent's
    path reaches, by one of that node's branches; whatever follows a step that doesn't fit doesn't either.
    The session then stands after the last fitting step on its way back from where it stood.
    """
    nodes = scenario.runtime.nodes
    kept = [s for s in steps if not s.undone]
    spots: dict[int | None, Spot] = {None: start(scenario)}
    for s in kept:  # by id: a parent was written before its children
        spot = spots.get(s.parent)
        if spot is not None and nodes[spot.node].id == s.node and 0 <= s.branch < len(nodes[spot.node].branches):
            spots[s.id] = take(spot, nodes[spot.node].branches[s.branch])
    by_id = {s.id: s for s in steps}
    stand, seen = current, set()
    while stand is not None and stand not in spots and stand not in seen:  # a loop of parents (an edit) ends
        seen.add(stand)
        stand = by_id[stand].parent if stand in by_id else None
    stand = stand if stand in spots else None
    return Repair(tuple(s for s in kept if s.id not in spots), stand, current)


def check_branch(scenario: Scenario, spot: Spot, available: Iterable[CBranch], branch: object) -> CBranch:
    """The branch numbered `branch` among those open at `spot` (none at an outcome: the path has ended)."""
    node = scenario.runtime.nodes[spot.node]
    if node.kind == OUTCOME:
        raise WorkshopError(_("'{node}' is an outcome: the path has ended (go back to play another)").format(
            node=node.label), "conflict")
    if isinstance(branch, bool) or not isinstance(branch, int):
        raise WorkshopError(_("a branch is given by its number (0 for the first)"))
    for b in available:
        if b.index == branch:
            return b
    raise WorkshopError(_("'{node}' has no available branch {branch}").format(node=node.label, branch=branch))


def check_undo(current: int | None) -> int:
    """The step an undo takes back: the last one, if the session is past the start."""
    if current is None:
        raise WorkshopError(_("nothing to undo: the session is at the start"), "conflict")
    return current


def check_back(step: int | None, undone: bool | None) -> None:
    """Going back stands after a kept step of this session (`undone` None: there is no such step), or at the start."""
    if step is None:
        return
    if undone is None:
        raise WorkshopError(_("no step {step} in this session").format(step=step), "not_found")
    if undone:
        raise WorkshopError(_("step {step} was undone").format(step=step), "conflict")


def label(scenario: Scenario, node_id: str, branch: int) -> str:
    """A branch's label, by its node's id and its position."""
    rt = scenario.runtime
    return rt.nodes[rt.index[node_id]].branches[branch].label
