"""Values and payoffs that name an assumption: which names they use, and the check that each is declared.

An actor's `values` and an outcome's `payoffs` are numbers or the names of assumptions, so a
group can set what a side values as it sets a weight.
"""

from __future__ import annotations

from scenarios.engine.errors import did_you_mean
from scenarios.engine.text.i18n import _

from .model import ScenarioFile


def worth_error(spec: ScenarioFile, worth: float | str, what: str) -> str | None:
    """The message for a value or payoff that names an assumption the file does not declare, else None."""
    if isinstance(worth, str) and worth not in spec.assumptions:
        return (_("{what} unknown assumption '{name}'").format(what=what, name=worth)
                + did_you_mean(worth, spec.assumptions) + " "
                + _("(a value or payoff is a number or the name of an assumption)"))
    return None


def worth_names(spec: ScenarioFile) -> set[str]:
    """The assumptions that actors' values and outcomes' payoffs name."""
    names = {w for actor in spec.actors.values() for w in actor.values.values() if isinstance(w, str)}
    return names | {w for node in spec.nodes.values() for w in node.payoffs.values() if isinstance(w, str)}
