"""Checks of the ranges a file states: an assumption's distribution and an indicator's start, min and max.

Each problem goes to the compiler's collector (`out.error(loc, message)`) at its position.
"""

from __future__ import annotations

from typing import Any

from scenarios.engine.errors import did_you_mean
from scenarios.engine.text.i18n import _

from .model import Assumption, Indicator
from .yamlread import Loc


def check_distribution(ident: str, a: Assumption, out: Any) -> None:
    """`dist` needs a range; `shape` goes with beta and `sd` with normal, each checked at its position."""
    loc: Loc = ("assumptions", ident)
    if a.dist is not None and (a.low is None or a.high is None):
        out.error((*loc, "dist"), _("assumption '{id}': dist {dist} needs both 'low' and 'high' (the range it "
                                    "varies over)").format(id=ident, dist=a.dist))
    for key, owner in (("shape", "beta"), ("sd", "normal")):
        if getattr(a, key) is not None and a.dist != owner:
            out.error((*loc, key), _("assumption '{id}': '{key}' goes with dist: {owner}").format(
                id=ident, key=key, owner=owner) + (_(", not dist: {dist}").format(dist=a.dist) if a.dist else ""),
                key=True)
    if a.dist == "beta":
        if a.shape is None:
            out.error((*loc, "dist"), _("assumption '{id}': dist: beta needs 'shape: [a, b]' (two numbers above 0, "
                                        "e.g. [2, 5])").format(id=ident))
        elif len(a.shape) != 2 or any(x <= 0 for x in a.shape):
            out.error((*loc, "shape"), _("assumption '{id}': shape is two numbers above 0, as in [2, 5]"), id=ident)
    if a.dist == "normal":
        if a.sd is None:
            out.error((*loc, "dist"), _("assumption '{id}': dist: normal needs 'sd' (its standard deviation)").format(
                id=ident))
        elif a.sd <= 0:
            out.error((*loc, "sd"), _("assumption '{id}': sd must be above 0 (got {value})"), id=ident,
                      value=number_text(a.sd))


def number_text(x: float | None) -> str:
    """A number as a message writes it; … where there is none."""
    return "…" if x is None else f"{x:g}"



def check_start(ident: str, ind: Indicator, kind: str, levels: tuple[str, ...], out: Any) -> None:
    loc: Loc = ("indicators", ident, "start")
    start = ind.start
    if start is None:
        return
    if kind == "levels":
        if levels and (not isinstance(start, str) or start not in levels):
            out.error(loc, _("start of '{id}' is '{value}', which is not one of its levels: {levels}").format(
                id=ident, value=start, levels=", ".join(levels))
                + (did_you_mean(start, levels) if isinstance(start, str) else ""))
    elif kind == "flag":
        if not isinstance(start, bool):
            out.error(loc, _("start of flag '{id}' must be true or false").format(id=ident))
    else:
        if isinstance(start, bool) or not isinstance(start, int | float):
            out.error(loc, _("start of number '{id}' must be a number").format(id=ident))
        elif (ind.min is not None and start < ind.min) or (ind.max is not None and start > ind.max):
            out.error(loc, _("start of '{id}' ({value}) is outside [{low}, {high}]").format(
                id=ident, value=number_text(start), low=number_text(ind.min), high=number_text(ind.max)))
        if ind.min is not None and ind.max is not None and ind.min > ind.max:
            out.error(("indicators", ident, "min"), _("'{id}': min ({low}) is above max ({high})").format(
                id=ident, low=number_text(ind.min), high=number_text(ind.max)))
