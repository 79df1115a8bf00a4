"""The engine's rules as the browser pages show them: the decision rules to choose from, each assumption's slider.

A rule lives once, here: the pages' rule menus (which rule is the default, which takes α) and
the sliders' ranges and steps reach templates and scripts as this data, so no template or
script writes them again.
"""

from __future__ import annotations

import math
from typing import Any

from scenarios.engine.format.model import Assumption

from .rules import DEFAULT_RULE, RULES


def rule_choices() -> list[dict[str, Any]]:
    """Each decision rule as a menu offers it, in RULES order.

    `name` is what `--rule` and a page's URL say; `label` what the menu shows (the same
    word: the rules are named alike on the command line, in the URL and on the page);
    `default` marks the rule used when none is asked for; `alpha` the rule that takes α.
    """
    return [{"name": rule.name, "label": rule.name, "default": rule.name == DEFAULT_RULE, "alpha": rule.uses_alpha}
            for rule in RULES.values()]


def slider_step(low: float, high: float) -> float:
    """A round step (0.001, 0.01, 1…) about a hundredth of low..high, so typed values are reachable."""
    return 10 ** math.floor(math.log10((high - low) / 100 or 0.01))  # type: ignore[no-any-return]


def slider(assumption: Assumption) -> dict[str, Any]:
    """An assumption's slider: `min`, `max` and `step`, and whether the file states a range to slide over.

    An open end is 0 below and 1 (or twice the value) above, for pages that always show a
    slider; `ranged` is False where the file states no low..high range (or an empty one),
    and a page may take a typed value there instead.
    """
    low = assumption.low if assumption.low is not None else min(0, assumption.value)
    high = assumption.high if assumption.high is not None else max(1, assumption.value * 2)
    ranged = assumption.low is not None and assumption.high is not None and assumption.high > assumption.low
    return {"min": low, "max": high, "step": slider_step(low, high), "ranged": ranged}
