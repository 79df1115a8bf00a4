"""An effect as a reader sees it when the value before it is not one value: by label, never by id.

A node can be reached in many states, so a map or a node's panel cannot say "high → moderate"
(the workshop, which knows the state, does: engine.workshop.play.changes). Here an effect reads
as what it does: "Flow of drugs into the US: to moderate" (a level set, by its level label),
"Disruption of the designated cartels: one level up" (a step on a levels indicator),
"Trade cost: +2" (a number), "Talks held: yes" (a flag, yes/no in the scenario's language).
The indicator's label and level labels come from the file in the language it was loaded in;
the program's own words ("to", "one level up") in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .i18n import _, ngettext

if TYPE_CHECKING:
    from scenarios.engine.core.scenario import Scenario


def effect_words(scenario: Scenario, effects: Mapping[str, Any]) -> list[str]:
    """Each effect of an `effects` map in the reader's words, in file order; one that changes nothing is left out."""
    said = []
    for ident, effect in effects.items():
        ind = scenario.spec.indicators.get(ident)
        if ind is None:  # a file with errors is never shown with its effects; say what is written
            said.append(f"{ident}: {effect}")
            continue
        change = _change(scenario, ident, ind, effect)
        if change is not None:
            said.append(_("{indicator}: {change}").format(indicator=ind.label or ident, change=change))
    return said


def effects_text(scenario: Scenario, effects: Mapping[str, Any]) -> str | None:
    """The effects on one line, ` · ` between them (None when there are none)."""
    return " · ".join(effect_words(scenario, effects)) or None


def _change(scenario: Scenario, ident: str, ind: Any, effect: Any) -> str | None:
    kind = ind.kind
    if isinstance(effect, dict):
        return _set(scenario, ident, ind, effect.get("set"))
    if kind == "flag":
        return scenario.shown(ident, bool(effect))
    if kind == "levels":
        if isinstance(effect, str):
            return _set(scenario, ident, ind, effect)
        return _steps(int(effect))
    if isinstance(effect, int | float) and not isinstance(effect, bool):
        return None if effect == 0 else _signed(effect)
    return str(effect)


def _set(scenario: Scenario, ident: str, ind: Any, target: Any) -> str:
    """"to moderate": the value an effect sets, as the file labels it."""
    if ind.kind == "flag":
        return scenario.shown(ident, bool(target))
    if ind.kind == "levels":
        levels = list(ind.levels or ())
        if isinstance(target, str):
            if target not in levels:
                return _("to {value}").format(value=target)
            index = levels.index(target)
        else:
            index = min(max(int(target), 0), len(levels) - 1)
        return _("to {value}").format(value=scenario.shown(ident, index))
    value = target
    if isinstance(value, int | float):
        if ind.min is not None:
            value = max(value, ind.min)
        if ind.max is not None:
            value = min(value, ind.max)
    return _("to {value}").format(value=scenario.shown(ident, value))


def _steps(n: int) -> str | None:
    """A step on a levels indicator, in words: "one level up", "two levels down"."""
    if n == 0:
        return None
    if n == 1:
        return _("one level up")
    if n == -1:
        return _("one level down")
    if n > 0:
        return ngettext("{count} level up", "{count} levels up", n).format(count=n)
    return ngettext("{count} level down", "{count} levels down", -n).format(count=-n)


def _signed(n: float) -> str:
    """+2, −30 (a true minus sign), 0.5 as written."""
    text = f"{n:g}"
    return text.replace("-", "−") if n < 0 else "+" + text
