"""The words on a diagram: effects, weights as percentages, guards, and the notes under the title."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..expr import readable
from ..runtime import value_text
from .view import View


def percent(share: float) -> str:
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 < share < 1:
        return ">99%"
    return f"{share:.0%}"


def share_range(low: float, high: float) -> str:
    """One percentage, or a range when the share depends on how the path got here."""
    a, b = percent(low), percent(high)
    return a if a == b else f"{a.rstrip('%')}–{b}"


def guard(when: Any) -> str | None:
    if when is None:
        return None
    return "if " + readable(str(when).lower() if isinstance(when, bool) else str(when))


def _number(n: float) -> str:
    text = f"{n:g}"
    return text.replace("-", "−") if n < 0 else "+" + text


def effects(items: Mapping[str, Any]) -> str | None:
    """`tension +1 · trade −30 · talks_held yes · tension = high`, in file order."""
    parts = []
    for name, effect in items.items():
        if isinstance(effect, dict):
            parts.append(f"{name} = {value_text(effect['set'])}")
        elif isinstance(effect, bool):
            parts.append(f"{name} {'yes' if effect else 'no'}")
        elif isinstance(effect, int | float):
            parts.append(f"{name} {_number(effect)}")
        else:
            parts.append(f"{name} → {effect}")
    return " · ".join(parts) or None


def more_paths(count: int) -> str:
    """A stub's label: how many paths it stands for."""
    return f"… {count:,} more path{'s' if count != 1 else ''}" if count else "… no path goes on here"


def path_note(number: int, weight: float | None) -> str:
    return f"path {number}" + ("" if weight is None else f" · {percent(weight)}")


def weight_note(scenario: Any, overrides: Mapping[str, float]) -> str | None:
    """Percentages follow from the stated assumptions; say so, and name any changed for this run."""
    if not scenario.has_weights:
        return None
    changed = ", ".join(f"{k} = {v:g}" for k, v in overrides.items())
    return ("Percentages follow from the stated assumptions, not from evidence"
            + (f" (set for this diagram: {changed})" if changed else ""))


def notes(scenario: Any, view: View, first: Iterable[str], chosen: int) -> tuple[str, ...]:
    """The lines under the title: the view's own, then what is highlighted (`chosen` paths), then the weights note."""
    out = list(first)
    if view.highlight is not None:
        out.append(f"Highlighted: path {view.highlight}")
    elif view.where is not None:
        out.append(f"Highlighted: {chosen:,} path{'s' if chosen != 1 else ''} ending where {readable(view.where)}")
    weights = weight_note(scenario, view.assumptions)
    if weights:
        out.append(weights)
    return tuple(out)
