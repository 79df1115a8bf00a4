"""Workshop sessions: a group plays a scenario through together, votes, and states its own assumptions.

A pure state machine over the engine (no web framework here): a `Workshop` holds one
session, every change goes to a SQLite `Store` and is committed before the call
returns, and `Workshop.resume` rebuilds the session from the database after a crash.

    from scenarios import engine
    from scenarios.engine.workshop import Store, Workshop
    store = Store("workshops.db")
    w = Workshop.create(store, engine.load("tutorial"), "tutorial")
    alice = w.join(w.code, "Alice")
    w.open_vote()
    w.vote(alice.id, 0, key="k1")
    w.close_vote()

Weights, draws and analyses follow from the assumptions the group states; none is a forecast.
"""

from __future__ import annotations

from .errors import WorkshopError
from .records import Note, Participant, Round, Step
from .session import Workshop
from .spread import AssumptionSpread, group_analysis, spread
from .store import Store, default_db_path

__all__ = [
           "AssumptionSpread",
           "Note",
           "Participant",
           "Round",
           "Step",
           "Store",
           "Workshop",
           "WorkshopError",
           "default_db_path",
           "group_analysis",
           "spread",
]
