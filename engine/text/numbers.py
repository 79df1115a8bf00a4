"""How numbers are written: one convention per kind of output, as the numbers guide states.

Reading outputs (terminal tables, Markdown handouts, charts, diagrams) round for people;
data outputs (JSON, CSV) keep numbers as numbers, rounded to 10 significant digits so
that float noise (1.2999999999999998) never shows while every stated digit survives.
"""

from __future__ import annotations

import math
from typing import Any

from .i18n import _

DATA_DIGITS = 10


def data(x: Any) -> Any:
    """A number for JSON or CSV: floats rounded to 10 significant digits, whole floats as ints' look-alikes kept."""
    if isinstance(x, float) and math.isfinite(x) and x != 0:
        return float(f"{x:.{DATA_DIGITS}g}")
    return x


def data_tree(obj: Any) -> Any:
    """`data` applied to every float in nested dicts, lists and tuples (for a whole JSON document)."""
    if isinstance(obj, float):
        return data(obj)
    if isinstance(obj, dict):
        return {k: data_tree(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [data_tree(v) for v in obj]
    return obj


def percent(share: float | None) -> str:
    """A weight for reading: a percentage with one decimal ("30.0%"); "—" where there is none."""
    if share is None:
        return "—"
    return f"{share:.1%}" if share >= 0.001 or share == 0 else f"{share:.2e}"


def percent_range(low: float | None, high: float | None) -> str:
    """A range of weights for reading: "6.0–50.0%", one percentage when both ends agree."""
    if low is None or high is None:
        return "—"
    a, b = percent(low), percent(high)
    return a if a == b else f"{a.removesuffix('%')}–{b}"


def value(x: float | None) -> str:
    """An actor's value or an expected indicator for reading: 4 significant digits ("2.36", "-5.22")."""
    if x is None:
        return "—"
    if abs(x) < 5e-13:
        x = 0.0
    return f"{x:.4g}"


def setting(x: float) -> str:
    """An assumption value or a flip point as one would type it for --set: up to 6 significant digits."""
    return f"{round(x, 6):.6g}" if abs(x) < 1e6 else f"{x:.6g}"


def flag(on: bool) -> str:
    """A flag for reading: yes or no (data outputs write true and false)."""

    return _("yes") if on else _("no")


def slide_percent(share: float) -> str:
    """A share as a diagram or slide shows it: whole percents, never a bare 0% or 100% for a share between."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 < share < 1:
        return ">99%"
    return f"{share:.0%}"
