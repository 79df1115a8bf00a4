"""Drawing assumption sets: points in the unit cube (Latin hypercube, random, or Sobol'/Saltelli),
then each assumption's inverse distribution function over its low..high.

Sets are drawn by position, not kept: `Draw.rows(start, stop)` gives sets start..stop-1 and
`Draw.column(j)` one assumption across every set, each computed from the seed and the set's
number alone.  So a million sets never sit in memory at once, and the sets (and every number
that follows from them) do not depend on how a run is cut into chunks.

- **lhs**: a Latin hypercube.  Assumption j of set k lies in stratum π_j(k) of n equal
  strata, at a uniform offset within it; π_j is a keyed pseudo-random permutation of
  0..n-1 (a four-round Feistel network with cycle walking), so every stratum of every
  assumption holds exactly one set, as in SciPy's `qmc.LatinHypercube`, whose draw needs
  the whole n × d matrix at once.  (Four rounds, each half trading places: an even number
  of rounds brings the halves' widths back.)
- **random**: independent uniform points.
- Offsets and random points come from a counter-based generator (SplitMix64's mixing
  function over the set's number, keyed per assumption from NumPy's `SeedSequence`).
- **sobol**: Saltelli's scheme exactly as SALib's `sobol.sample` builds it (scrambled Sobol'
  points from SciPy's `qmc.Sobol`, A, AB_1..AB_d, B per base point), each chunk from its own
  `fast_forward`; a test checks it equals SALib's matrix.

Everything is seeded, so the same seed gives the same sets to the last digit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from scenarios.engine.errors import UsageError, one_of
from scenarios.engine.text.i18n import _

from .methods import METHODS

if TYPE_CHECKING:
    from scenarios.engine.format.model import Assumption

ROUNDS = 4  # Feistel rounds: four make a keyed pseudo-random permutation (Luby-Rackoff)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_TAGS = {"lhs": 1, "random": 2}


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finalizer over uint64 arrays (wrapping arithmetic)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))  # type: ignore[no-any-return]


def _uniform(key: np.uint64, index: np.ndarray) -> np.ndarray:
    """A uniform number in [0, 1) for each set number, from the key alone (53 random bits each)."""
    z = _mix(key + (index.astype(np.uint64) + np.uint64(1)) * _GOLDEN)
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53  # type: ignore[no-any-return]


def _permute(keys: np.ndarray, index: np.ndarray, n: int) -> np.ndarray:
    """π(index) for a keyed permutation π of 0..n-1: a Feistel network on the 2^b ≥ n numbers of b bits
    (halves of ⌊b/2⌋ and ⌈b/2⌉ bits, trading places each round), cycle-walked back below n."""
    bits = max(2, (n - 1).bit_length())
    widths = (bits // 2, bits - bits // 2)

    def feistel(x: np.ndarray) -> np.ndarray:
        high, low = widths
        left, right = x >> np.uint64(low), x & np.uint64((1 << low) - 1)
        for r in range(ROUNDS):  # (left: high bits, right: low bits) → (right, left ^ F(right)): widths swap
            left, right = right, left ^ (_mix(right ^ keys[r]) & np.uint64((1 << high) - 1))
            high, low = low, high
        return (left << np.uint64(low)) | right  # type: ignore[no-any-return]

    out = feistel(index.astype(np.uint64))
    outside = np.flatnonzero(out >= np.uint64(n))
    while outside.size:  # cycle walking: the orbit of an index below n returns below n
        again = feistel(out[outside])
        out[outside] = again
        outside = outside[again >= np.uint64(n)]
    return out.astype(np.int64)


@dataclass(frozen=True, eq=False)
class Draw:
    """n assumption sets over the named assumptions, computed on demand (see the module docstring)."""

    names: tuple[str, ...]  # the sampled assumptions, in file order
    specs: tuple[Assumption, ...] = field(repr=False)
    n: int
    method: str
    seed: int
    base: int | None = None  # sobol: Saltelli's N (n = N × (d + 2))
    keys: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.uint64))

    def unit(self, start: int, stop: int) -> np.ndarray:
        """Sets start..stop-1 as points of the unit cube, shape (stop - start, d)."""
        d = len(self.names)
        if self.method == "sobol":
            return self._saltelli(start, stop)
        index = np.arange(start, stop, dtype=np.int64)
        out = np.empty((stop - start, d))
        with np.errstate(over="ignore"):
            for j in range(d):
                out[:, j] = self._unit_column(j, index)
        return out

    def _unit_column(self, j: int, index: np.ndarray) -> np.ndarray:
        keys = self.keys[j * (ROUNDS + 1):(j + 1) * (ROUNDS + 1)]
        offset = _uniform(keys[ROUNDS], index)
        if self.method == "random":
            return offset
        return (_permute(keys, index, self.n) + offset) / self.n  # type: ignore[no-any-return]

    def _saltelli(self, start: int, stop: int) -> np.ndarray:
        import warnings

        from scipy.stats import qmc

        d = len(self.names)
        block = d + 2
        first, last = start // block, -(-stop // block)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scipy's note that a chunk is not a power of two long
            engine = qmc.Sobol(d=2 * d, scramble=True, seed=self.seed)  # as SALib's sobol.sample makes it
            if first:
                engine.fast_forward(first)
            base = engine.random(last - first)
        a, b = base[:, :d], base[:, d:]
        rows = np.repeat(a[:, None, :], block, axis=1)  # per base point: A, AB_1 .. AB_d, B
        for k in range(d):
            rows[:, 1 + k, k] = b[:, k]
        rows[:, block - 1, :] = b
        rows = rows.reshape(-1, d)
        return rows[start - first * block:stop - first * block]

    def rows(self, start: int, stop: int) -> np.ndarray:
        """Sets start..stop-1 as assumption values, shape (stop - start, d)."""
        out = self.unit(start, stop)
        for j, spec in enumerate(self.specs):
            out[:, j] = transform(spec, out[:, j])
        return out

    def column(self, j: int, start: int = 0, stop: int | None = None) -> np.ndarray:
        """Assumption j's values in sets start..stop-1 (all sets by default)."""
        stop = self.n if stop is None else stop
        if self.method == "sobol":
            return self.rows(start, stop)[:, j].copy()
        with np.errstate(over="ignore"):
            u = self._unit_column(j, np.arange(start, stop, dtype=np.int64))
        return transform(self.specs[j], u)


def saltelli_base(samples: int, d: int) -> int:
    """The smallest power of two N with N × (d + 2) ≥ samples (Sobol' points balance at powers of two)."""
    base = 1
    while base * (d + 2) < samples:
        base *= 2
    return base


def draw(specs: dict[str, Assumption], samples: int, method: str = "lhs", seed: int = 0) -> Draw:
    """`samples` assumption sets over the named assumptions (each with low and high)."""
    if method not in METHODS:
        raise UsageError(_("unknown sampling method '{method}' ({choices})").format(method=method,
                                                                                     choices=one_of(METHODS)))
    if samples < 2:
        raise UsageError(_("samples = {count}: draw at least 2 assumption sets").format(count=samples))
    if not 0 <= seed < 2**63:
        raise UsageError(_("seed = {seed}: use a whole number from 0 to 2^63 - 1").format(seed=seed))
    names = tuple(specs)
    d = len(names)
    if method == "sobol":
        base = saltelli_base(samples, d)
        return Draw(names, tuple(specs.values()), base * (d + 2), method, seed, base)
    keys = np.random.SeedSequence([seed, _TAGS[method]]).generate_state(d * (ROUNDS + 1), dtype=np.uint64)
    return Draw(names, tuple(specs.values()), samples, method, seed, None, keys)


def transform(spec: Assumption, u: np.ndarray) -> np.ndarray:
    """Unit-interval points to values of one assumption, by its `dist` over low..high."""
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
