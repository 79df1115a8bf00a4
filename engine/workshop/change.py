"""One change to the sessions file: `Store.change()`'s block, a transaction of its own unless one is open already."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import Store


class Change:
    """`Store.change()`'s block (a class, not a generator: every vote enters one, and a generator's costs several
    times as much): the store's lock held throughout, and its own transaction unless one is open already."""

    __slots__ = ("outer", "store")

    def __init__(self, store: Store):
        self.store = store
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        store = self.store
        store.lock.acquire()
        try:
            if not store._open:
                if store.held is not None:  # any other change: the votes written before it are committed first
                    store.held()
                store.db.execute("BEGIN IMMEDIATE")
                store._open = self.outer = True
        except BaseException:
            store.lock.release()
            raise
        return store.db

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        store = self.store
        try:
            if self.outer:
                if kind is not None:
                    store._open = False
                    store.db.execute("ROLLBACK")
                    return
                store._open = False
                store.db.execute("COMMIT")
        finally:
            store.lock.release()
