"""The decision rules over many assumption sets at once: a chance vertex's value under a rule that
reads no weights, an indifferent actor's tie valued as the rule values it, and the certainty
equivalent of actors with a risk tolerance (the arithmetic of rules.py, set by set).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np


def _each(fn: Callable[[float], float]) -> Callable[[Any], np.ndarray]:
    """`fn` (the C library's exp or log, as rules.py calls it) element by element: NumPy's own exp and log may
    differ from it in the last bit, and the batched rollback must equal the per-set one to the bit. Only actors
    with a risk tolerance take this path."""
    each = np.frompyfunc(fn, 1, 1)
    return lambda x: np.asarray(each(x), dtype=float)


def _exp(v: float) -> float:
    try:
        return math.exp(v)
    except OverflowError:  # a branch masked out in this set (np.where drops it), as np.exp gives it
        return math.inf


EXP, LOG = _each(_exp), _each(math.log)


def judged(rule: str, alpha: float, child: Sequence[np.ndarray], risk: Sequence[float | None]) -> np.ndarray:
    """A chance vertex's value under a rule that reads no weights, in every set (the arithmetic of rules.py)."""
    if rule == "laplace":
        acc = np.zeros(np.broadcast_shapes(*(v.shape for v in child)))
        for v in child:
            acc = acc + v
        out = acc / len(child)
        if risk:
            even = [1 / len(child)] * len(child)
            for x, tolerance in enumerate(risk):
                if tolerance is not None:
                    out[x] = certainty_equivalent([v[x] for v in child], even, tolerance)
        return out
    worst = functools.reduce(np.minimum, child)
    best = functools.reduce(np.maximum, child)
    if rule == "maximin":
        return worst  # type: ignore[no-any-return]
    if rule == "maximax":
        return best  # type: ignore[no-any-return]
    out = alpha * best + (1 - alpha) * worst
    for x, tolerance in enumerate(risk):
        if tolerance is not None and 0 < alpha < 1:
            out[x] = worst[x] - tolerance * LOG(alpha * EXP(-(best[x] - worst[x]) / tolerance) + (1 - alpha))
        elif tolerance is not None:
            out[x] = best[x] if alpha == 1 else worst[x]
    return out  # type: ignore[no-any-return]


def judged_among(tied: Sequence[np.ndarray], child: Sequence[np.ndarray], rule: str, alpha: float,
                  risk: Sequence[float | None], width: int) -> np.ndarray:
    """`judged` over each set's tied branches only (the others masked out): maximin, maximax, hurwicz."""
    shape = (width, tied[0].shape[-1])
    pairs = list(zip(tied, child, strict=True))
    worst = functools.reduce(np.minimum, [np.where(t, np.broadcast_to(v, shape), np.inf) for t, v in pairs])
    best = functools.reduce(np.maximum, [np.where(t, np.broadcast_to(v, shape), -np.inf) for t, v in pairs])
    return judged(rule, alpha, [worst, best], risk)


def certainty_equivalent(columns: Sequence[np.ndarray], weights: Sequence[Any], tolerance: float) -> np.ndarray:
    """rules.certainty_equivalent for arrays: −T·ln Σ wₖ·exp(−(xₖ − low)/T) + low, the same operations in order."""
    live = [np.asarray(w) > 0 for w in weights]
    low = functools.reduce(np.minimum, [np.where(ok, x, np.inf) for ok, x in zip(live, columns, strict=True)])
    total: Any = 0
    for ok, w, x in zip(live, weights, columns, strict=True):
        total = total + np.where(ok, w * EXP(-(x - low) / tolerance), 0.0)
    return low - tolerance * LOG(total)  # type: ignore[no-any-return]
