"""The session's path as written: steps and where the session stands, each move checked in its own transaction.

A move is computed from where the session stood when its screen was drawn (`at`, the
step it stood after).  It is written only if the stored position is still that one, read
inside the same `BEGIN IMMEDIATE` transaction as the write: a second writer (an old
server process, a manual edit) that moved the session meanwhile makes the move a 409
("the session moved on; reload"), never a step under a parent the session has left.
`drop` is the repair: steps that don't fit are marked undone (kept in the record, as an
undo keeps them), so the votes and notes that name them still do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .errors import MovedOn
from .records import Step
from .store import Store, _one, _step, dumps, now


class Moves:
    """One session's steps and position: every write checks the stored position it was computed from."""

    def __init__(self, store: Store, session: str):
        self.store = store
        self.id = session

    def _check(self, db: sqlite3.Connection, at: int | None, *kept: int | None) -> None:
        """Refuse unless the session still stands after `at` and each step of `kept` is a kept step of it."""
        r = db.execute("SELECT current FROM sessions WHERE id = ?", (self.id,)).fetchone()
        if r is None or r["current"] != at:
            raise MovedOn()
        for step in kept:
            if step is not None and db.execute("SELECT 1 FROM steps WHERE id = ? AND session = ? AND undone = 0",
                                               (step, self.id)).fetchone() is None:
                raise MovedOn()

    def add_step(self, at: int | None, node: str, branch: int, label: str, how: str, *,
                 weights: dict[str, float] | None = None, assumptions: dict[str, float] | None = None,
                 tally: dict[str, int] | None = None, closing: int | None = None) -> Step:
        """A step after `at`, where the session then stands; `closing`: the vote round it closes (still open)."""
        with self.store.change() as db:
            self._check(db, at, at)
            cur = db.execute("INSERT INTO steps (session, parent, node, branch, label, how, weights, assumptions,"
                             " tally, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (self.id, at, node, branch, label, how, dumps(weights), dumps(assumptions),
                              dumps(tally), now()))
            db.execute("UPDATE sessions SET current = ? WHERE id = ?", (cur.lastrowid, self.id))
            if closing is not None and db.execute(
                    "UPDATE rounds SET status = 'closed', step = ? WHERE id = ? AND session = ? AND status = 'open'",
                    (cur.lastrowid, closing, self.id)).rowcount != 1:
                raise MovedOn()  # the vote was closed or cancelled meanwhile
        return _step(_one(self.store, "SELECT * FROM steps WHERE id = ?", cur.lastrowid))

    def undo(self, step: int) -> Step:
        """Step `step`, where the session stands, marked undone (kept in the record); the session stands before
        it, any open vote cancelled."""
        with self.store.change() as db:
            self._check(db, step, step)
            parent = db.execute("SELECT parent FROM steps WHERE id = ?", (step,)).fetchone()["parent"]
            db.execute("UPDATE steps SET undone = 1 WHERE id = ?", (step,))
            db.execute("UPDATE rounds SET status = 'cancelled' WHERE session = ? AND status = 'open'", (self.id,))
            db.execute("UPDATE sessions SET current = ? WHERE id = ?", (parent, self.id))
        return _step(_one(self.store, "SELECT * FROM steps WHERE id = ?", step))

    def stand_after(self, at: int | None, step: int | None) -> None:
        """From `at`, the session stands after the kept step `step` (None: the start); any open vote is cancelled."""
        with self.store.change() as db:
            self._check(db, at, step)
            db.execute("UPDATE rounds SET status = 'cancelled' WHERE session = ? AND status = 'open'", (self.id,))
            db.execute("UPDATE sessions SET current = ? WHERE id = ?", (step, self.id))

    def drop(self, steps: Sequence[int], stand: int | None) -> None:
        """The repair: `steps` marked undone and the session standing after `stand`; an open vote is cancelled when
        the session moves or the vote follows a dropped step. Part of the caller's change, which read the plan."""
        with self.store.change() as db:
            db.executemany("UPDATE steps SET undone = 1 WHERE id = ? AND session = ?", [(s, self.id) for s in steps])
            r = db.execute("SELECT current FROM sessions WHERE id = ?", (self.id,)).fetchone()
            if r["current"] != stand:
                db.execute("UPDATE rounds SET status = 'cancelled' WHERE session = ? AND status = 'open'", (self.id,))
                db.execute("UPDATE sessions SET current = ? WHERE id = ?", (stand, self.id))
