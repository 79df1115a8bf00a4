"""Decision rules: how an actor values the branches of an uncertain event, each in one sentence.

One dict, RULES, maps a rule's name to its definition; the CLI's --rule choices
are its keys.  Each rule combines the branch values of every actor at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from operator import mul

from scenarios.engine.text.i18n import N_, _

DEFAULT_RULE = "expected"  # what --rule, a page's rule menu and a workshop start with
# A rule's name as people read it; the English is the id (`expected` etc. on the command line and in data),
# other languages name it in words ("valor esperado").
LABELS = {"expected": N_("expected"), "laplace": N_("laplace"), "maximin": N_("maximin"),
          "maximax": N_("maximax"), "hurwicz": N_("hurwicz")}


def rule_label(rule: str, alpha: float | None = None) -> str:
    """A rule's name in the reader's language, with α for Hurwicz when given: "valor esperado", "Hurwicz (α=0.5)"."""
    label = _(LABELS.get(rule, rule))
    return f"{label} (α={alpha:g})" if alpha is not None and rule == "hurwicz" else label

Values = tuple[float, ...]
Combine = Callable[[Sequence[Values], Sequence[float] | None, float], Values]


class Rule:
    """One decision rule (a plain class, not a dataclass: a command's --help reads RULES' names, and the
    dataclasses module would cost it an import)."""

    __slots__ = ("combine", "name", "needs_weights", "summary", "uses_alpha")

    def __init__(self, name: str, summary: str, needs_weights: bool, combine: Combine, uses_alpha: bool = False):
        self.name = name
        self.summary = summary  # in English; shown through _()
        self.needs_weights = needs_weights
        self.combine = combine
        self.uses_alpha = uses_alpha  # α (optimism, 0 to 1) weighs the best branch against the worst

    def __repr__(self) -> str:
        return f"Rule({self.name!r})"


def _expected(values: Sequence[Values], shares: Sequence[float] | None, alpha: float) -> Values:
    assert shares is not None
    if len(shares) != len(values):
        raise ValueError("one share per branch")
    return tuple(sum(map(mul, shares, column)) for column in zip(*values, strict=True))


def _laplace(values: Sequence[Values], shares: Sequence[float] | None, alpha: float) -> Values:
    n = len(values)
    return tuple(sum(column) / n for column in zip(*values, strict=True))


def _maximin(values: Sequence[Values], shares: Sequence[float] | None, alpha: float) -> Values:
    return tuple(map(min, zip(*values, strict=True)))


def _maximax(values: Sequence[Values], shares: Sequence[float] | None, alpha: float) -> Values:
    return tuple(map(max, zip(*values, strict=True)))


def _hurwicz(values: Sequence[Values], shares: Sequence[float] | None, alpha: float) -> Values:
    return tuple(alpha * max(column) + (1 - alpha) * min(column) for column in zip(*values, strict=True))


RULES: dict[str, Rule] = {rule.name: rule for rule in (
    Rule("expected", N_("each uncertain event is worth the average of its branches, weighted by the "
                     "stated weights (normalized)."), True, _expected),
    Rule("laplace", N_("each uncertain event is worth the plain average of its branches, as if all were "
                    "equally likely."), False, _laplace),
    Rule("maximin", N_("each uncertain event is worth its worst branch for the actor judging it "
                    "(the cautious view)."), False, _maximin),
    Rule("maximax", N_("each uncertain event is worth its best branch for the actor judging it "
                    "(the hopeful view)."), False, _maximax),
    Rule("hurwicz", N_("each uncertain event is worth α × its best branch + (1 − α) × its worst, "
                    "for the actor judging it (α = optimism, 0 to 1)."), False, _hurwicz, uses_alpha=True),
)}


def lottery(rule: str, column: Sequence[float], shares: Sequence[float] | None, alpha: float) -> list[float]:
    """The weights a rule puts on the branches of one chance node for one actor (they sum to 1).

    expected: the stated shares; laplace: equal; maximin/maximax: all on the worst/best
    branch; hurwicz: α on the best and 1 − α on the worst (first in file order on ties).
    """
    n = len(column)
    if rule == "expected":
        assert shares is not None
        return list(shares)
    if rule == "laplace":
        return [1 / n] * n
    weights = [0.0] * n
    best, worst = column.index(max(column)), column.index(min(column))
    if rule == "maximin":
        weights[worst] = 1.0
    elif rule == "maximax":
        weights[best] = 1.0
    else:
        weights[best] += alpha
        weights[worst] += 1 - alpha
    return weights


def certainty_equivalent(column: Sequence[float], weights: Sequence[float], tolerance: float) -> float:
    """The sure score worth as much as the lottery to an actor with exponential utility 1 − exp(−x/T).

    CE = −T·ln Σ wₖ·exp(−xₖ/T), computed from the worst branch up so large scores never overflow.
    """
    live = [(w, x) for w, x in zip(weights, column, strict=True) if w > 0]
    low = min(x for _, x in live)
    total = sum(w * math.exp(-(x - low) / tolerance) for w, x in live)
    return low - tolerance * math.log(total)


def combine_with_risk(rule: str, values: Sequence[Values], shares: Sequence[float] | None, alpha: float,
                      risk: Sequence[float | None]) -> Values:
    """The rule's combination, except that actors with a risk tolerance take the certainty equivalent."""
    plain = RULES[rule].combine(values, shares, alpha)
    out = list(plain)
    for x, tolerance in enumerate(risk):
        if tolerance is not None:
            column = [v[x] for v in values]
            out[x] = certainty_equivalent(column, lottery(rule, column, shares, alpha), tolerance)
    return tuple(out)
