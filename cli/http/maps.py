"""Maps for pages that never wait on a layout: layouts run in the background; a page waits at most WAIT seconds.

While a layout runs (or when Graphviz refused it as too big), a page shows the folded view,
the phases as words (the overview's boxes), with one line saying why, and asks again later.
`scenarios serve` (presentation mode, a scenario's map) and `scenarios workshop` (the
facilitator's map) both draw this way.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from scenarios.engine.output.diagrams import TooBig, overview_boxes
from scenarios.engine.text.i18n import _

WAIT = 1.0  # seconds a page waits for a layout before it is answered with the folded view


class Later:
    """Layouts computed in the background (Graphviz can take seconds, or be refused), at most `size` kept.

    A page starts one and waits only as long as it chooses; a later request finds it running or
    done.  A refused layout (TooBig) is kept as a failure, so it is not tried again at every request.
    """

    def __init__(self, size: int, workers: int = 2):
        self.size = size
        self._futures: OrderedDict[Hashable, Future[Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="layout")

    def start(self, key: Hashable, compute: Callable[[], Any]) -> Future[Any]:
        """The layout for `key`: running, done or failed; started now when it is not known."""
        with self._lock:
            found = self._futures.get(key)
            if found is not None:
                self._futures.move_to_end(key)
                return found
            # in the caller's context: the request's language is a context variable
            future = self._futures[key] = self._pool.submit(contextvars.copy_context().run, compute)
            while len(self._futures) > self.size:
                self._futures.popitem(last=False)
            return future


_LATER = Later(32)


def too_big_line() -> str:
    return _("The map is too big to lay out here; here is the folded view.")


def pending_line() -> str:
    return _("The map is still being laid out; here is the folded view meanwhile.")


async def within(future: Future[Any], seconds: float = WAIT) -> tuple[Any, str | None]:
    """(the layout, None) when it is done within `seconds`; (None, why) when it is still running or refused."""
    try:
        return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), seconds), None
    except TimeoutError:
        return None, pending_line()
    except TooBig:
        return None, too_big_line()


def later(key: Hashable, compute: Callable[[], Any]) -> Future[Any]:
    """Start (or find) the layout `key` in the background."""
    return _LATER.start(key, compute)


def folded(s: Any, assumptions: Any) -> list[dict[str, Any]]:
    """The folded view: one box of words per phase (title, what it holds, the paths entering it)."""
    return overview_boxes(s, assumptions)
