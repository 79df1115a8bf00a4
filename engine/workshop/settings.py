"""A session's settings: what the facilitator may switch, their defaults, and the checks on them."""

from __future__ import annotations

from typing import Any

from scenarios.engine.analysis.rollback import check_rule
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import _

from .errors import WorkshopError
from .voting import check_voters

DEFAULTS: dict[str, Any] = {
    "voters": "role",  # who votes at a decision: the deciding actor's role, or everyone
    "show_values": False,  # show voters what the analysis says each branch is worth to the actor
    "show_names": False,  # the big screen names who voted what (anonymous by default)
    "participant_notes": True,  # participants may attach notes
    "rule": "expected", "alpha": 0.5,
    "anonymous": False,  # set when the session starts: names are not asked for, kept, shown or exported
}
FIXED = ("anonymous",)  # chosen when the session starts, never switched afterwards


def check_settings(scenario: Scenario, settings: dict[str, Any], changed: set[str] | None = None) -> dict[str, Any]:
    """Every setting, checked (`changed`: the names asked for, which must be settings)."""
    for name in changed or set():
        if name not in DEFAULTS:
            raise WorkshopError(_("unknown setting '{name}' (settings: {settings})").format(
                name=name, settings=', '.join(DEFAULTS)))
        if name in FIXED:
            raise WorkshopError(_("'{name}' is chosen when the session starts").format(name=name))
    check_voters(settings["voters"])
    for flag in ("show_values", "show_names", "participant_notes", "anonymous"):
        if not isinstance(settings[flag], bool):
            raise WorkshopError(_("{flag} is true or false").format(flag=flag))
    alpha = settings["alpha"]
    if isinstance(alpha, bool) or not isinstance(alpha, int | float):
        raise WorkshopError(_("alpha is a number from 0 to 1"))
    if not isinstance(settings["rule"], str):
        raise WorkshopError(_("rule is the name of a rule"))
    try:
        check_rule(settings["rule"], float(alpha))
    except UsageError as exc:
        raise WorkshopError(exc.message) from None
    return {k: settings[k] for k in DEFAULTS}
