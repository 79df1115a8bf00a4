"""Workshop sessions: a group plays a scenario through together, votes, and states its own assumptions.

A pure state machine over the engine (no web framework here): a `Workshop` holds one
session, every change goes to a SQLite `Store` (all the SQL is in store.py) and is
committed before the call returns (a server's votes arriving together: committed together
before any is answered, batch.py), and `Workshop.resume` rebuilds the session from the
database after a crash.  The rules are plain functions the screens call too: who may
vote (`voting.may_vote`), where a move may go (navigation), notes, settings, assumptions (spread).

    from scenarios import engine
    from scenarios.engine.format.library import resolve
    from scenarios.engine.workshop import Store, Workshop
    store, path = Store("workshops.db"), resolve("tutorial")
    w = Workshop.create(store, engine.load(path), path.read_text(encoding="utf-8"), str(path))
    alice, _token = w.join(w.code, "Alice")
    w.open_vote()
    w.vote(alice.id, 0, key="k1")
    w.close_vote()
    w.standing.position(), w.record.steps()  # where the group stands; what is kept

Weights, draws and analyses follow from the assumptions the group states; none is a forecast.
"""

from __future__ import annotations

from .errors import WorkshopError, WrongCode
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
           "WrongCode",
           "default_db_path",
           "group_analysis",
           "spread",
]
