"""A small thread-safe LRU for the web app's computed answers (see routes: keys hold the Scenario).

(Layouts computed in the background, `Later`, are in cli/http/maps.py: the workshop uses them too.)"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class Results:
    """At most `size` answers, least recently used dropped first; computing happens outside the lock."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._running: dict[Hashable, threading.Event] = {}

    def put(self, key: Hashable, value: Any) -> Any:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer for `key`, computed (and kept) when absent.  None is never cached.

        One computation per key at a time: a second caller for a key being computed waits for
        it (a page asking while the server warms up, say) instead of doing the same work twice.
        """
        while True:
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                    return self._items[key]
                running = self._running.get(key)
                if running is None:
                    running = self._running[key] = threading.Event()
                    break
            running.wait()
            with self._lock:
                if key in self._items or key in self._running:
                    continue
            return compute()  # the other computation failed or gave None: do it here
        try:
            value = compute()
            if value is not None:
                self.put(key, value)
            return value
        finally:
            with self._lock:
                del self._running[key]
            running.set()

    def __len__(self) -> int:
        return len(self._items)

