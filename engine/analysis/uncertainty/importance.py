"""Which assumptions drive each result: global sensitivity indices from SALib.

With Sobol'/Saltelli samples: first-order (S1) and total-order (ST) Sobol' indices, the
field's standard.  With Latin-hypercube or random samples: RBD-FAST first-order
indices from the same samples (no extra model runs), a cheaper estimate of S1 that
ranks the assumptions but says nothing about interactions; SALib's estimator, with
each input's ordering computed once for all outputs (tested equal to SALib's).  Indices do not depend on
the inputs' distributions beyond their ranks: a monotone transform of one input leaves
the variance split unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .sampling import Draw

Output = Callable[[], np.ndarray]  # makes one output's value in every set, when asked (one at a time in memory)
CONFIDENCE_RESAMPLES = 100
HARMONICS = 10  # RBD-FAST's M, SALib's default
MIN_SETS = 2 * HARMONICS + 1  # RBD-FAST's bias correction needs more sets than twice its harmonics


@dataclass(frozen=True)
class Importance:
    """One result (an actor's value, or a choice) and how much of its variation each assumption explains."""

    output: str  # "value of ACTOR" or "choice at NODE: BRANCH"
    first: dict[str, float]  # S1 per assumption
    total: dict[str, float] | None  # ST per assumption (Sobol' only)
    kind: str = ""  # "value" or "choice", for display
    about: str = ""  # the actor, or the decision node
    branch: str = ""  # a choice's branches

    def to_dict(self) -> dict[str, Any]:
        return {"output": self.output, "first_order": dict(self.first),
                "total_order": None if self.total is None else dict(self.total)}

    @property
    def ranking(self) -> list[str]:
        key = self.total if self.total is not None else self.first
        return sorted(key, key=lambda name: -key[name])


def method_of(draw: Draw) -> str:
    return "sobol" if draw.method == "sobol" else "rbd-fast"


def _varies(y: np.ndarray) -> bool:
    return bool(np.ptp(y) > 1e-12 * max(1.0, float(np.max(np.abs(y)))))


def indices(draw: Draw, outputs: dict[str, Output]) -> tuple[Importance, ...]:
    """Indices for each named output (outputs that do not vary across the sets are left out).

    Each output is made when needed and dropped after use, and each input's values are
    drawn again one assumption at a time, so only one output and one input sit in memory.
    """
    names = list(draw.names)
    varying = {label: make for label, make in outputs.items() if _varies(make())}
    if draw.method == "sobol":
        from SALib.analyze import sobol

        problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
        found = []
        for label, make in varying.items():
            result = sobol.analyze(problem, np.asarray(make(), dtype=float), calc_second_order=False,
                                   num_resamples=CONFIDENCE_RESAMPLES, seed=draw.seed)
            found.append(Importance(label, {n: _clean(result["S1"][k]) for k, n in enumerate(names)},
                                    {n: _clean(result["ST"][k]) for k, n in enumerate(names)}))
        return tuple(found)
    if draw.n < MIN_SETS:
        return ()
    first: dict[str, dict[str, float]] = {label: {} for label in varying}
    for k, n in enumerate(names):  # one input's ordering at a time, shared by every output
        order = _rbd_order(draw.column(k))
        for label, make in varying.items():
            first[label][n] = _clean(rbd_fast_s1(order, make()))
        del order
    return tuple(Importance(label, first[label], None) for label in varying)


def _rbd_order(x: np.ndarray) -> np.ndarray:
    """RBD-FAST's reordering by one input: ascending on even ranks, then descending (Plischke 2010).

    The order depends only on the input, so it is computed once and shared by every output;
    a monotone transform (the input's distribution) leaves it unchanged.
    """
    order = np.argsort(x, kind="stable")
    return np.concatenate([order[::2], order[1::2][::-1]]).astype(np.int32 if len(x) < 2**31 else np.int64)


def rbd_fast_s1(order: np.ndarray, y: np.ndarray, harmonics: int = HARMONICS) -> float:
    """SALib's rbd_fast first-order estimate (periodogram power in the first M harmonics, bias-corrected).

    The same steps as `SALib.analyze.rbd_fast` (permute_outputs, compute_first_order with
    scipy's periodogram, unskew_S1), with NumPy's FFT for the periodogram.
    """
    n = len(y)
    permuted = y[order]
    spectrum = np.abs(np.fft.rfft(permuted - np.mean(permuted))) ** 2
    spectrum[1:] *= 2
    if n % 2 == 0:
        spectrum[-1] /= 2  # the Nyquist term is not doubled
    s1 = float(np.sum(spectrum[1:harmonics + 1]) / np.sum(spectrum[1:]))
    lamb = 2 * harmonics / n
    return s1 - lamb / (1 - lamb) * (1 - s1)


def _clean(x: float) -> float:
    """Estimates a hair below 0 (sampling noise) read as 0."""
    x = float(x)
    return 0.0 if -1e-12 < x < 0 or np.isnan(x) else x
