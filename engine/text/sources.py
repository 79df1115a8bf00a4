"""The sources a scenario draws on, as a reader sees them: title, publisher, date.

Headers of `explore`, `analyze` and diagrams list them, `story` cites them step by
step and `render --sources` numbers them on the diagram, all from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .dates import date_in_words
from .i18n import N_, _

if TYPE_CHECKING:
    from scenarios.engine.core.scenario import Scenario

# A source whose note begins so has a title the authors wrote, not the article's headline:
# it is never put in quotation marks (issue 19), so no one cites a headline that does not exist.
DESCRIPTIVE = ("Descriptive title", "Título descriptivo")
DESCRIPTIVE_MARK = N_("descriptive title")


@dataclass(frozen=True)
class SourceRef:
    """One source of the scenario's `sources` block."""

    id: str
    title: str
    publisher: str | None
    date: str | None
    url: str | None
    descriptive: bool = False

    @property
    def text(self) -> str:
        """"Headline" (Publisher, date), or Title (descriptive title, Publisher, date), leaving out what the file
        does not give."""
        when = self.date and date_in_words(self.date)
        if self.descriptive:
            details = ", ".join(x for x in (_(DESCRIPTIVE_MARK), self.publisher, when) if x)
            return f"{self.title} ({details})"
        details = ", ".join(x for x in (self.publisher, when) if x)
        return f"“{self.title}”" + (f" ({details})" if details else "")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "descriptive_title": self.descriptive,
                "publisher": self.publisher, "date": self.date, "url": self.url}


def source_refs(scenario: Scenario, ids: Iterable[str] | None = None) -> tuple[SourceRef, ...]:
    """The named sources (default: all of the scenario's, in file order), without repeats."""
    known = scenario.spec.sources
    wanted = known if ids is None else dict.fromkeys(i for i in ids if i in known)
    return tuple(SourceRef(i, known[i].title, known[i].publisher,
                           None if known[i].date is None else str(known[i].date), known[i].url,
                           str(known[i].note or "").lstrip().startswith(DESCRIPTIVE)) for i in wanted)


def sources_line(scenario: Scenario) -> str:
    """One line for a header: "Sources: "A" (Publisher, 2026-01-09); B (descriptive title, 2025-08)", or ""."""
    refs = source_refs(scenario)
    return _("Sources: {sources}").format(sources="; ".join(r.text for r in refs)) if refs else ""
