"""One cache for what the engine computes from a compiled scenario, with one stated limit.

Results are kept per owner (a Runtime, or an unfolded DAG) and go when the owner goes (weak
keys), so a reloaded file never meets a stale answer. Each owner keeps at most LIMIT answers,
the least recently used leaving first: an assumption slider touches a handful of keys, and a
sweep of thousands of values must not keep thousands of DAGs alive.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

LIMIT = 64  # answers kept per owner

V = TypeVar("V")


class Memo(Generic[V]):
    """`memo.get(owner, key, compute)`: the answer kept for (owner, key), else `compute()` kept."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._tables: weakref.WeakKeyDictionary[object, OrderedDict[Hashable, V]] = weakref.WeakKeyDictionary()
        self._limit = limit
        self._lock = threading.Lock()  # the web server computes in threads

    def get(self, owner: object, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            table = self._tables.get(owner)
            if table is not None and key in table:
                table.move_to_end(key)
                return table[key]
        value = compute()  # outside the lock: a slow answer never holds up another owner's
        with self._lock:
            table = self._tables.setdefault(owner, OrderedDict())
            table[key] = value
            table.move_to_end(key)
            while len(table) > self._limit:
                table.popitem(last=False)
        return value
