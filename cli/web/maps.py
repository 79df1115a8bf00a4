"""Maps for `serve`'s pages without waiting: layouts run in the background; a page waits at most WAIT seconds.

While a layout runs (or when Graphviz refused it as too big), a page shows the folded view,
the phases as words (the overview's boxes), with one line saying why, and asks again later.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any

from scenarios.engine.output.diagrams import TooBig, overview_boxes, slide_svgs
from scenarios.engine.text.i18n import _, language

from .cache import Later

WAIT = 1.0  # seconds a page waits for a layout before it is answered with the folded view
_LATER = Later(24)


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


def slides(s: Any, assumptions: Any) -> Future[Any]:
    """Presentation mode's slides (the overview, then each phase) for these assumptions, laid out in the background."""
    vector = s.assumption_values(assumptions)
    return later(("slides", s, vector, language()), lambda: slide_svgs(s, assumptions))
