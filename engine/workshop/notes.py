"""Notes: who may leave one, how long it may be, and what it may be about."""

from __future__ import annotations

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.text.i18n import _

from .errors import WorkshopError
from .identity import NOTE_LIMIT, clean_text

FACILITATOR = "facilitator"  # a note's author: the facilitator, or a participant's id


def check_note(scenario: Scenario, text: object, node: str | None, *, by_participant: bool,
               open_to_participants: bool) -> str:
    """The note's text, cleaned, if it may be left: participants only when the facilitator opened notes to them."""
    if by_participant and not open_to_participants:
        raise WorkshopError(_("the facilitator has not opened notes to participants"), "forbidden")
    kept = clean_text(text, _("the note"), NOTE_LIMIT, required=True)
    if node is not None and node not in scenario.spec.nodes:
        raise WorkshopError(_("unknown node '{node}'").format(node=node), "not_found")
    return kept
