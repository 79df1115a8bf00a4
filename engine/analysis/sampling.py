"""Drawing assumption sets: points in the unit cube (Latin hypercube, random, or Sobol'/Saltelli),
then each assumption's inverse distribution function over its low..high.

Everything is seeded, so the same seed gives the same sets to the last digit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError, one_of
from ..i18n import _

if TYPE_CHECKING:
    import numpy as np

    from ..model import Assumption

METHODS = ("lhs", "random", "sobol")


@dataclass(frozen=True, eq=False)
class Draw:
    names: tuple[str, ...]  # the sampled assumptions, in file order
    values: np.ndarray  # (n, d): the assumption values (the unit-cube points, transformed in place)
    method: str
    seed: int
    base: int | None = None  # sobol: Saltelli's N (n = N × (d + 2))


def saltelli_base(samples: int, d: int) -> int:
    """The smallest power of two N with N × (d + 2) ≥ samples (Sobol' points balance at powers of two)."""
    base = 1
    while base * (d + 2) < samples:
        base *= 2
    return base


def draw(specs: dict[str, Assumption], samples: int, method: str = "lhs", seed: int = 0) -> Draw:
    """`samples` assumption sets over the named assumptions (each with low and high)."""
    import numpy as np

    if method not in METHODS:
        raise UsageError(f"unknown sampling method '{method}' ({one_of(METHODS)})")
    if samples < 2:
        raise UsageError(f"samples = {samples}: draw at least 2 assumption sets")
    if not 0 <= seed < 2**63:
        raise UsageError(f"seed = {seed}: use a whole number from 0 to 2^63 - 1")
    names = tuple(specs)
    d = len(names)
    base = None
    if method == "lhs":
        from scipy.stats import qmc

        # one dimension at a time (a Latin hypercube's columns are independent stratified permutations),
        # so a million sets need one matrix, not scipy's several temporary ones
        rng = np.random.default_rng(seed)
        unit = np.empty((samples, d))
        for j in range(d):
            unit[:, j] = qmc.LatinHypercube(d=1, rng=rng).random(samples)[:, 0]
    elif method == "random":
        unit = np.random.default_rng(seed).random((samples, d))
    else:
        from SALib.sample import sobol

        base = saltelli_base(samples, d)
        problem = {"num_vars": d, "names": list(names), "bounds": [[0.0, 1.0]] * d}
        unit = sobol.sample(problem, base, calc_second_order=False, scramble=True, seed=seed)
    for j, name in enumerate(names):  # in place: a million sets need one matrix, not two
        unit[:, j] = transform(specs[name], unit[:, j])
    return Draw(names, unit, method, seed, base)


def transform(spec: Assumption, u: np.ndarray) -> np.ndarray:
    """Unit-interval points to values of one assumption, by its `dist` over low..high."""
    import numpy as np

    low, high = float(spec.low), float(spec.high)  # type: ignore[arg-type]
    if high == low:
        return np.full(u.shape, low)
    scale = high - low
    dist = spec.dist or "uniform"
    if dist == "uniform":
        return low + u * scale  # type: ignore[no-any-return]
    from scipy import stats

    if dist == "triangular":
        out = stats.triang.ppf(u, (spec.value - low) / scale, loc=low, scale=scale)
    elif dist == "beta":
        a, b = spec.shape  # type: ignore[misc]
        out = stats.beta.ppf(u, a, b, loc=low, scale=scale)
    else:
        sd = float(spec.sd)  # type: ignore[arg-type]
        out = stats.truncnorm.ppf(u, (low - spec.value) / sd, (high - spec.value) / sd, loc=spec.value, scale=sd)
    return np.clip(out, low, high)  # type: ignore[no-any-return]


def describe(spec: Assumption) -> str:
    """`dist` in words, for headers: "uniform on [0.1, 0.7]"."""
    dist = spec.dist or "uniform"
    where = f"[{spec.low:g}, {spec.high:g}]"
    if dist == "triangular":
        return _("triangular on {range}, mode {mode}").format(range=where, mode=f"{spec.value:g}")
    if dist == "beta":
        a, b = spec.shape  # type: ignore[misc]
        return _("beta({a}, {b}) on {range}").format(a=f"{a:g}", b=f"{b:g}", range=where)
    if dist == "normal":
        return _("normal(mean {mean}, sd {sd}) truncated to {range}").format(mean=f"{spec.value:g}",
                                                                            sd=f"{spec.sd:g}", range=where)
    return _("uniform on {range}").format(range=where)
