"""Group commit: votes written together share one transaction, and none is answered before it is committed.

A room votes at one instant: hundreds of votes arrive within a few milliseconds, and a
commit is most of what storing one costs.  `Batch.write()` runs one vote's checks and its
single write inside a transaction kept open (each in a savepoint, so a refused vote leaves
nothing); `commit()` commits everything written since, once, and then tells every answer
that was computed inside it.  The server commits at the end of the event loop's turn in
which the votes arrived and answers each vote after that commit, so an acknowledged vote is
as durable as before (on disk before its answer, `kill -9` loses none); a failed commit
(a full disk) rolls all of them back and every one of them is answered with the failure.

Any other change commits the open group first (`Store.held`), so a change that is not a
vote never becomes part of one.  The store's lock is held while the group is open: a thread
reading the file waits for the commit rather than see votes that are not yet kept.  For the
same reason the open vote is read once per group (`Batch.ballot`): nothing else can move it
inside the group's transaction, and the usual vote is then its one INSERT.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import suppress

from .records import Round
from .store import Store, _one, _round

Told = Callable[[Exception | None], None]  # told the group's fate: None once committed, else why it was not


class Batch:
    """The open group of votes on one store: written, not yet committed."""

    def __init__(self, store: Store):
        self.store = store
        self.open = False
        self.waiting: list[Told] = []  # the answers computed inside the open group
        self.after: dict[Callable[[], None], None] = {}  # run once after the group commits (each once)
        self.commits = 0  # groups committed: votes per commit is what the grouping saves
        self.rounds: dict[str, Round | None] = {}  # session → its open vote, as the open group's transaction sees it

    def write(self) -> Write:
        """One vote's checks and write, in the open group (opened if need be); a refusal undoes its part only."""
        return Write(self)

    def wait(self, told: Told) -> None:
        """`told` hears whether the open group was committed (an answer computed inside it waits for that)."""
        self.waiting.append(told)

    def then(self, run: Callable[[], None]) -> None:
        """Run `run` once the open group is committed (the same callable once however many votes ask)."""
        self.after[run] = None

    def ballot(self, session: str, participant: str) -> tuple[Round | None, int | None]:
        """The session's open vote, and None: read once per group (inside its transaction no other change can move
        it). Whether `participant` voted in it already is not read: a second vote is refused by the votes' UNIQUE
        (round, participant) as it is written, and then sorted out by the session's checks."""
        if session not in self.rounds:
            self.rounds[session] = ballot_box(self.store, session, participant)[0]
        return self.rounds[session], None

    def commit(self) -> Exception | None:
        """Commit the open group (nothing when none is open); every waiting answer is told. Returns the failure."""
        if not self.open:
            return None
        store = self.store
        waiting, after = self.waiting, self.after
        self.open, store.held, self.waiting, self.after, self.rounds = False, None, [], {}, {}
        failure: Exception | None = None
        try:
            store.db.execute("COMMIT")
            self.commits += 1
        except sqlite3.Error as exc:  # a full or failing disk: none of the group is kept
            failure = exc
            with suppress(sqlite3.Error):
                store.db.execute("ROLLBACK")
        finally:
            store.lock.release()
        if failure is None:
            for run in after:
                run()
        for told in waiting:
            told(failure)
        return failure


class Write:
    """`Batch.write()`'s block (a class, not a generator: every vote enters one, and a generator's costs several
    times as much): the vote in a savepoint of the group's transaction, the store's lock held throughout."""

    __slots__ = ("batch",)

    def __init__(self, batch: Batch):
        self.batch = batch

    def __enter__(self) -> sqlite3.Connection:
        batch, store = self.batch, self.batch.store
        store.lock.acquire()
        try:
            if store.held is not None and store.held != batch.commit:
                store.held()  # another group on this file: committed first
            if not batch.open:
                store.db.execute("BEGIN IMMEDIATE")
                store.lock.acquire()  # kept until the commit
                batch.open, store.held, batch.rounds = True, batch.commit, {}
            store.db.execute("SAVEPOINT vote")
        except BaseException:
            store.lock.release()
            raise
        store._open = True  # the vote's own change() calls are part of it
        return store.db

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        store = self.batch.store
        try:
            try:
                if kind is not None:
                    store.db.execute("ROLLBACK TO vote")
            finally:
                store._open = False
                store.db.execute("RELEASE vote")
        finally:
            store.lock.release()


def ballot_box(store: Store, session: str, participant: str) -> tuple[Round | None, int | None]:
    """The session's open vote and the branch `participant` voted for in it (None: not yet), in one statement."""
    r = _one(store, "SELECT r.*, v.branch AS mine FROM rounds r LEFT JOIN votes v ON v.round = r.id AND "
             "v.participant = ? WHERE r.session = ? AND r.status = 'open'", participant, session)
    return (_round(r), r["mine"]) if r else (None, None)
