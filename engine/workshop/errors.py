"""The one error a workshop action raises, with the kind of refusal so a front end can map it.

`kind` is one of: invalid (a malformed or out-of-range request), forbidden (not
allowed for this person), not_found (no such session, step or participant),
conflict (the request does not fit the session's state: a closed vote, a second vote).
"""

from __future__ import annotations

from typing import Literal

from scenarios.engine.errors import RuntimeFailure, UsageError

__all__ = ["Kind", "MovedOn", "RuntimeFailure", "WorkshopError", "WrongCode"]

Kind = Literal["invalid", "forbidden", "not_found", "conflict"]


class WorkshopError(UsageError):
    """A refused workshop action; the session is unchanged."""

    def __init__(self, message: str, kind: Kind = "invalid"):
        super().__init__(message)
        self.kind: Kind = kind


class WrongCode(WorkshopError):
    """A join code that isn't the session's: a front end slows down whoever keeps guessing."""

    def __init__(self) -> None:
        super().__init__("wrong join code", "forbidden")


class MovedOn(WorkshopError):
    """A move computed from a position the session has left (another server or window moved it): reload."""

    def __init__(self) -> None:
        super().__init__("the session moved on since this screen was drawn (another server or window changed it); "
                         "reload", "conflict")
