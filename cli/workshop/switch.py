"""The languages a workshop page offers: each phone, the projector and the handout read the session in their own."""

from __future__ import annotations

from typing import Any

from scenarios.cli.http.language import ENDONYMS, catalogue_languages


def language_choices(scenario: Any, shown: str | None) -> list[dict[str, Any]]:
    """The languages a page offers (the program's and the scenario's), each by its own name, `shown` marked."""
    codes = dict.fromkeys([*catalogue_languages(), *scenario.languages])
    return [{"code": c, "name": ENDONYMS.get(c, c), "current": c == (shown or "en")} for c in codes]
