"""Which assumptions drive each result: global sensitivity indices from SALib.

With Sobol'/Saltelli samples: first-order (S1) and total-order (ST) Sobol' indices, the
field's standard.  With Latin-hypercube or random samples: RBD-FAST first-order
indices from the same samples (no extra model runs), a cheaper estimate of S1 that
ranks the assumptions but says nothing about interactions; SALib's estimator, with
each input's ordering computed once for all outputs (tested equal to SALib's).  Indices do not depend on
the inputs' distributions beyond their ranks: a monotone transform of one input leaves
the variance split unchanged.

Every index comes with its 95% confidence half-width: SALib's `S1_conf`/`ST_conf` (bootstrap
over the Saltelli base points, CONFIDENCE_RESAMPLES resamples, seeded by the run's seed), and
for RBD-FAST SALib's bootstrap (each resample half the sets drawn with replacement, the same
generator and order of draws as `rbd_fast.analyze`, each resample's ordering shared by every
output); beyond CI_SETS sets the RBD-FAST half-width is the one of the first CI_SETS sets
scaled by sqrt(CI_SETS / n).  An estimate outside [0, 1] (sampling error) is shown clipped and
flagged; when some half-width exceeds WIDE, `wide` names the number of sets for WIDE from the
1/sqrt(N) scaling of the half-widths.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .sampling import Draw

Output = Callable[[], np.ndarray]  # makes one output's value in every set, when asked (one at a time in memory)
CONFIDENCE_RESAMPLES = 100
CONFIDENCE = 0.95
CI_SETS = 20_000  # RBD-FAST's bootstrap on at most this many sets (see above)
WIDE = 0.1  # a half-width above this is wide
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
    first_conf: dict[str, float | None] | None = None  # 95% half-width of S1 per assumption (None: undefined)
    total_conf: dict[str, float | None] | None = None  # 95% half-width of ST per assumption
    clipped: tuple[tuple[str, str, float], ...] = ()  # ("S1" or "ST", assumption, the estimate outside [0, 1])

    def to_dict(self) -> dict[str, Any]:
        return {"output": self.output, "first_order": dict(self.first),
                "total_order": None if self.total is None else dict(self.total),
                "first_order_conf": None if self.first_conf is None else dict(self.first_conf),
                "total_order_conf": None if self.total_conf is None else dict(self.total_conf),
                "confidence": CONFIDENCE,
                "clipped": [{"index": i, "assumption": n, "estimate": x} for i, n, x in self.clipped]}

    def widest(self) -> float:
        found = [*(self.first_conf or {}).values(), *(self.total_conf or {}).values()]
        return max([x for x in found if x is not None] + [0.0])

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
        for label, make in varying.items():  # seed [s]: SALib 1.6 reads seed 0 as none, and its intervals as random
            result = sobol.analyze(problem, np.asarray(make(), dtype=float), calc_second_order=False,
                                   num_resamples=CONFIDENCE_RESAMPLES, conf_level=CONFIDENCE, seed=[draw.seed])
            clipped: list[tuple[str, str, float]] = []
            first = {n: _clip(result["S1"][k], "S1", n, clipped) for k, n in enumerate(names)}
            total = {n: _clip(result["ST"][k], "ST", n, clipped) for k, n in enumerate(names)}
            found.append(Importance(label, first, total, first_conf=_conf(result["S1_conf"], names),
                                    total_conf=_conf(result["ST_conf"], names), clipped=tuple(clipped)))
        return tuple(found)
    if draw.n < MIN_SETS:
        return ()
    raw: dict[str, dict[str, float]] = {label: {} for label in varying}
    for k, n in enumerate(names):  # one input's ordering at a time, shared by every output
        order = _rbd_order(draw.column(k))
        for label, make in varying.items():
            raw[label][n] = rbd_fast_s1(order, make())
        del order
    conf = rbd_fast_conf(draw, varying, CONFIDENCE_RESAMPLES, CONFIDENCE, CI_SETS)
    rbd = []
    for label in varying:
        clipped = []
        first = {n: _clip(raw[label][n], "S1", n, clipped) for n in names}
        rbd.append(Importance(label, first, None, first_conf=conf[label], clipped=tuple(clipped)))
    return tuple(rbd)


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
    scipy's periodogram, unskew_S1), with NumPy's FFT for the periodogram: `rbd_fast_s1_rows` on one row.
    """
    return float(rbd_fast_s1_rows(order, np.asarray(y, dtype=float).reshape(1, -1), harmonics)[0])


def rbd_fast_s1_rows(order: np.ndarray, ys: np.ndarray, harmonics: int = HARMONICS) -> np.ndarray:
    """`rbd_fast_s1` for each row of `ys` at once (one FFT call for every output of a bootstrap resample)."""
    n = len(order)  # a bootstrap resample orders fewer sets than the rows hold
    if n <= 2 * harmonics:  # too few sets for the harmonics (the bias correction divides by zero): no estimate
        return np.full(len(ys), np.nan)
    permuted = ys[:, order]
    spectrum = np.abs(np.fft.rfft(permuted - np.mean(permuted, axis=1, keepdims=True), axis=1)) ** 2
    spectrum[:, 1:] *= 2
    if n % 2 == 0:
        spectrum[:, -1] /= 2  # the Nyquist term is not doubled
    with np.errstate(invalid="ignore", divide="ignore"):  # an output that does not vary: left out by the caller
        s1 = np.sum(spectrum[:, 1:harmonics + 1], axis=1) / np.sum(spectrum[:, 1:], axis=1)
    lamb = 2 * harmonics / n
    return s1 - lamb / (1 - lamb) * (1 - s1)  # type: ignore[no-any-return]


def _clean(x: float) -> float:
    """Estimates a hair below 0 (sampling noise) read as 0."""
    x = float(x)
    return 0.0 if -1e-12 < x < 0 or np.isnan(x) else x


def _clip(x: float, index: str, name: str, clipped: list[tuple[str, str, float]]) -> float:
    """The estimate within [0, 1]; noted in `clipped` when it fell outside (beyond rounding)."""
    x = _clean(x)
    if x < 0 or x > 1 + 1e-12:
        clipped.append((index, name, x))
    return min(1.0, max(0.0, x))


def _conf(values: Any, names: list[str]) -> dict[str, float | None]:
    return {n: None if np.isnan(values[k]) else float(values[k]) for k, n in enumerate(names)}


def rbd_fast_conf(draw: Draw, outputs: dict[str, Output], resamples: int, level: float,
                  most: int) -> dict[str, dict[str, float | None]]:
    """95% half-widths of RBD-FAST's S1, as SALib's `rbd_fast.analyze(..., num_resamples, conf_level, seed)`.

    SALib draws, input after input, `resamples` bootstrap samples of half the sets (with
    replacement) from one generator seeded by the seed, and takes z × the standard deviation of
    S1 over them; the draws do not depend on the output, so each resample's ordering is made
    once and shared by every output.  On the first `most` sets; beyond, scaled by sqrt(most / n).  Resamples
    in which the output does not vary are left out (SALib's would be NaN); None when fewer than two remain.
    """
    from statistics import NormalDist

    n = min(draw.n, most)
    rng = np.random.default_rng(draw.seed)
    z = NormalDist().inv_cdf(0.5 + level / 2.0)
    made = list(outputs)
    ys = np.empty((len(made), n))
    for j, make in enumerate(outputs.values()):
        ys[j] = make()[:n]
    found: dict[str, dict[str, float | None]] = {label: {} for label in outputs}
    scale = float(np.sqrt(n / draw.n))
    for k, name in enumerate(draw.names):
        x = draw.column(k, 0, n)
        res = np.zeros((len(made), resamples))
        for r in range(resamples):
            idx = rng.choice(n, replace=True, size=int(n * 0.5))
            order = idx[_rbd_order(x[idx])]
            varies = np.ptp(ys[:, idx], axis=1) > 0
            res[:, r] = np.where(varies, rbd_fast_s1_rows(order, ys), np.nan)
        for j, label in enumerate(made):
            kept = res[j][np.isfinite(res[j])]  # a resample where the output does not vary has no index
            found[label][name] = z * float(kept.std(ddof=1)) * scale if len(kept) > 1 else None
    return found


def wide(found: tuple[Importance, ...], draw: Draw) -> tuple[float, int] | None:
    """(widest half-width, sets to draw for WIDE) when some interval is wider than WIDE, from the 1/sqrt(N) law.

    Sobol': Saltelli's N doubles until N x (widest / WIDE)^2 is reached; sets = N x (assumptions + 2).
    RBD-FAST: n x (widest / WIDE)^2, rounded up to two significant digits.
    """
    widest = max((imp.widest() for imp in found), default=0.0)
    if widest <= WIDE:
        return None
    factor = (widest / WIDE) ** 2
    if draw.method == "sobol" and draw.base:
        base = draw.base
        while base < draw.base * factor:
            base *= 2
        return widest, base * (len(draw.names) + 2)
    need = int(np.ceil(draw.n * factor))
    step = 10 ** max(0, len(str(need)) - 2)
    return widest, -(-need // step) * step
