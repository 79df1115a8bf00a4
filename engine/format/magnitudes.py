"""A load-time bound on every indicator value and score, so no path can overflow to infinity.

A path passes each node once (the graph is a DAG), so a number indicator can never
exceed its start plus, for each node, the largest amount one of its branches (or, for
an outcome, its arrival effects) adds.  Scores are sums of value × indicator plus a
payoff.  When such a bound passes `QUANTITY_LIMIT` the file is refused at the key that
makes it so; within it, every sum, average and difference the analyses take stays finite.
"""

from __future__ import annotations

from typing import Any

from scenarios.engine.errors import Diagnostic
from scenarios.engine.finite import QUANTITY_LIMIT
from scenarios.engine.text.i18n import _

from .model import ScenarioFile
from .yamlread import Document


def _adds(effects: dict[str, Any], ind: str) -> tuple[float, float]:
    """(largest |amount added|, largest |value set|) by one effects map on indicator `ind`."""
    effect = effects.get(ind)
    if effect is None or isinstance(effect, bool | str):
        return 0.0, 0.0
    if isinstance(effect, dict):
        value = effect.get("set")
        return 0.0, abs(float(value)) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0
    return abs(float(effect)), 0.0


def indicator_bounds(spec: ScenarioFile) -> dict[str, float]:
    """The largest magnitude each indicator can reach on any path (levels: top position; flags: 1)."""
    bounds: dict[str, float] = {}
    for ident, ind in spec.indicators.items():
        kind = ind.kind
        if kind == "levels":
            bounds[ident] = float(max(len(ind.levels or ()) - 1, 0))
            continue
        if kind == "flag":
            bounds[ident] = 1.0
            continue
        if ind.min is not None and ind.max is not None:
            bounds[ident] = max(abs(ind.min), abs(ind.max))
            continue
        start = ind.start if isinstance(ind.start, int | float) and not isinstance(ind.start, bool) else 0
        base = max(abs(float(start)), abs(ind.min or 0.0), abs(ind.max or 0.0))
        grow = 0.0
        for node in spec.nodes.values():
            add, put = _adds(node.effects, ident)
            step = add
            for b in node.branches or ():
                b_add, b_put = _adds(b.effects, ident)
                step = max(step, b_add)
                put = max(put, b_put)
            base = max(base, put)
            grow += step
        bounds[ident] = base + grow
    return bounds


def magnitude_problems(spec: ScenarioFile, doc: Document) -> list[Diagnostic]:
    """Errors for indicators and scores that could grow past QUANTITY_LIMIT on some path."""
    problems = []
    limit = f"{QUANTITY_LIMIT:.0e}".replace("e+", "e")
    bounds = indicator_bounds(spec)
    for ident, bound in bounds.items():
        if bound > QUANTITY_LIMIT:
            problems.append(Diagnostic(
                "error", _("indicator '{id}': its start and the effects on it could add up to {bound} on some path, "
                           "past the ±{limit} a number may reach; use smaller units").format(
                    id=ident, bound=f"{bound:.3g}", limit=limit),
                doc.pos(("indicators", ident), key=True)))
    if problems:
        return problems
    for aid, actor in spec.actors.items():
        total = sum(_largest(spec, w) * bounds.get(ind, 0.0) for ind, w in actor.values.items())
        payoff = max((_largest(spec, n.payoffs[aid]) for n in spec.nodes.values() if aid in n.payoffs), default=0.0)
        if total + payoff > QUANTITY_LIMIT:
            problems.append(Diagnostic(
                "error", _("actor '{id}': its score (values × indicators, plus payoffs) could reach {bound}, past "
                           "the ±{limit} a number may reach; use smaller values").format(
                    id=aid, bound=f"{total + payoff:.3g}", limit=limit),
                doc.pos(("actors", aid), key=True)))
    return problems


def _largest(spec: ScenarioFile, worth: float | str) -> float:
    """The largest size a value or payoff can take: the number, or its assumption's anywhere in its range."""
    if not isinstance(worth, str):
        return abs(worth)
    a = spec.assumptions.get(worth)
    return max(abs(x) for x in (a.value, a.low, a.high) if x is not None) if a else 0.0
