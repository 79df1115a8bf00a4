"""serve's maps without waiting: presentation mode's slides laid out in the background (see cli/http/maps.py)."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from scenarios.cli.http.maps import folded, later, pending_line, too_big_line, within
from scenarios.engine.output.diagrams import slide_svgs
from scenarios.engine.text.i18n import language

__all__ = ["folded", "later", "pending_line", "slides", "too_big_line", "within"]


def slides(s: Any, assumptions: Any) -> Future[Any]:
    """Presentation mode's slides (the overview, then each phase) for these assumptions, laid out in the background."""
    vector = s.assumption_values(assumptions)
    return later(("slides", s, vector, language()), lambda: slide_svgs(s, assumptions))
