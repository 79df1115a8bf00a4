"""Frozen records of a session as stored: the session itself, participants, steps played, vote rounds and notes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from scenarios.engine.text.i18n import _


@dataclass(frozen=True)
class Session:
    """What a session was started with: its scenario's text is kept, so resuming never depends on the file."""

    id: str
    scenario: str  # the scenario's name
    file: str
    text: str
    title: str
    created: str
    code: str  # the join code
    csrf_key: str


@dataclass(frozen=True)
class Participant:
    id: str
    number: int  # 1, 2, … in joining order: "participant 3" on the big screen when names are hidden
    name: str  # "" for anonymous
    role: str | None  # an actor id, or None (an observer: votes only when everyone may)
    joined: str
    lang: str | None = None  # the language they read in (None: the session's)

    def label(self, show_names: bool) -> str:

        return self.name if show_names and self.name else _("participant {number}").format(number=self.number)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Step:
    """One branch taken at one node; steps form a tree (going back and playing on starts a new path)."""

    id: int
    parent: int | None  # the step before it; None at the start
    node: str
    branch: int  # position of the branch in the node's list, as written
    label: str
    how: str  # vote | override | tiebreak | chosen | drawn
    weights: dict[str, float] | None  # drawn: the normalized weights used, by branch label
    assumptions: dict[str, float] | None  # drawn: the assumption values those weights followed from
    tally: dict[str, int] | None  # vote/override/tiebreak: votes per branch label
    undone: bool
    created: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Round:
    """One vote at one decision: open until the facilitator closes it (or undoes/goes back: cancelled)."""

    id: int
    at: int | None  # the step the vote follows (None: at the start)
    node: str
    voters: str  # role (only the deciding actor's role) | everyone
    status: str  # open | closed | cancelled
    step: int | None  # the step its close produced
    created: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Note:
    id: int
    author: str  # "facilitator" or a participant id
    node: str | None
    step: int | None
    text: str
    created: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
