"""Decision rules: how an actor values the branches of an uncertain event, each in one sentence.

One dict, RULES, maps a rule's name to its definition; the CLI's --rule choices
are its keys.  Each rule combines the branch values of every actor at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Values = tuple[float, ...]
Combine = Callable[[Sequence[Values], Sequence[float] | None, float], Values]


@dataclass(frozen=True)
class Rule:
    name: str
    summary: str
    needs_weights: bool
    combine: Combine


def _expected(values: Sequence[Values], shares: Sequence[float] | None, alpha: float) -> Values:
    assert shares is not None
    return tuple(sum(p * v for p, v in zip(shares, column, strict=True)) for column in zip(*values, strict=True))


def _laplace(values: Sequence[Values], shares: Sequence[float] | None, alpha: float) -> Values:
    n = len(values)
    return tuple(sum(column) / n for column in zip(*values, strict=True))


def _maximin(values: Sequence[Values], shares: Sequence[float] | None, alpha: float) -> Values:
    return tuple(min(column) for column in zip(*values, strict=True))


def _maximax(values: Sequence[Values], shares: Sequence[float] | None, alpha: float) -> Values:
    return tuple(max(column) for column in zip(*values, strict=True))


def _hurwicz(values: Sequence[Values], shares: Sequence[float] | None, alpha: float) -> Values:
    return tuple(alpha * max(column) + (1 - alpha) * min(column) for column in zip(*values, strict=True))


RULES: dict[str, Rule] = {rule.name: rule for rule in (
    Rule("expected", "each uncertain event is worth the average of its branches, weighted by the "
                     "stated weights (normalized).", True, _expected),
    Rule("laplace", "each uncertain event is worth the plain average of its branches, as if all were "
                    "equally likely.", False, _laplace),
    Rule("maximin", "each uncertain event is worth its worst branch for the actor judging it "
                    "(the cautious view).", False, _maximin),
    Rule("maximax", "each uncertain event is worth its best branch for the actor judging it "
                    "(the hopeful view).", False, _maximax),
    Rule("hurwicz", "each uncertain event is worth α × its best branch + (1 − α) × its worst, "
                    "for the actor judging it (α = optimism, 0 to 1).", False, _hurwicz),
)}
