"""What a page asks for, read from the URL: assumptions, rule, alpha, path, where, page, folds.

The URL is the whole state of a view, so a copied link reproduces it.  Every value is
checked against the scenario here; a bad one is a UsageError, which routes turn into a 400
carrying the engine's message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.analysis.rules import DEFAULT_RULE, RULES
from scenarios.engine.errors import UsageError, did_you_mean, one_of
from scenarios.engine.text.i18n import _

PAGE_SIZE = 50


@dataclass(frozen=True)
class Query:
    assumptions: dict[str, float] = field(default_factory=dict)
    rule: str = DEFAULT_RULE
    alpha: float = 0.5
    path: int | None = None
    where: str | None = None
    page: int = 1
    fold: tuple[str, ...] = ()
    direction: str = "LR"


def _number(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(_("{name}: '{text}' is not a number").format(name=name, text=text)) from None
    if not math.isfinite(value):
        raise UsageError(_("{name}: the value must be a finite number").format(name=name))
    return value


def _whole(name: str, text: str, low: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(_("{name}: '{text}' is not a whole number").format(name=name, text=text)) from None
    if value < low:
        raise UsageError(_("{name}: must be {low} or more (got {value})").format(name=name, low=low, value=value))
    return value


def parse(scenario: Any, params: Mapping[str, str]) -> Query:
    """The Query in `params` (a.NAME=value, rule, alpha, path, where, page, fold, dir), checked."""
    assumptions: dict[str, float] = {}
    for key, text in params.items():
        if key.startswith("a."):
            assumptions[key[2:]] = _number(_("assumption '{name}'").format(name=key[2:]), text)
    scenario.assumption_values(assumptions)  # unknown names and out-of-range values fail here
    rule = params.get("rule") or DEFAULT_RULE
    if rule not in RULES:
        raise UsageError(_("unknown rule '{rule}'").format(rule=rule)
                         + f"{did_you_mean(rule, RULES)} ({one_of(RULES)})")
    alpha = _number("alpha", params["alpha"]) if params.get("alpha") else 0.5
    if not 0 <= alpha <= 1:
        raise UsageError(_("alpha must lie between 0 and 1 (got {alpha})").format(alpha=f"{alpha:g}"))
    path = _whole("path", params["path"], 1) if params.get("path") else None
    where = params.get("where") or None
    if where is not None:
        scenario.condition(where)  # the engine's message for a bad expression
    page = _whole("page", params["page"], 1) if params.get("page") else 1
    fold = tuple(dict.fromkeys(f for f in (params.get("fold") or "").split(",") if f))
    nodes = scenario.spec.nodes
    for node in fold:
        if node not in nodes:
            raise UsageError(_("fold: no node '{node}' in {name}").format(node=node, name=scenario.name)
                             + did_you_mean(node, nodes))
    direction = (params.get("dir") or "LR").upper()
    if direction not in ("LR", "TB"):
        raise UsageError(_("unknown direction '{direction}' (must be one of 'LR', 'TB')").format(
            direction=params.get("dir")))
    return Query(assumptions, rule, alpha, path, where, page, fold, direction)
