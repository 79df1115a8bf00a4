"""Scenario discovery: PRIM boxes (ranges of assumptions) in which a target happens, via EMA Workbench.

EMA Workbench's `prim` is the field's reference implementation (Kwakkel's, used by the
RAND/Deltares scenario-discovery literature), so coverage and density mean exactly what
they mean there.  It is a dependency imported only
when a target is given (it is heavy: about 6 s to import).

The first box is a point on PRIM's peeling trajectory (coverage against density): by
default the last one (the densest), `pick="knee"` the point farthest from the chord joining
the trajectory's first and last points in the (coverage, density) plane, or `pick=N` the
N-th point (EMA Workbench's `select(N)`).  Each box carries its quasi-p-values per restricted
dimension (EMA Workbench's, Bryant and Lempert 2010: a one-sided binomial test of the box
against the box without that restriction; `inspect` shows them), and the first box its
stability: PRIM re-run on STABILITY_RUNS random halves of the sets (seeded), the point of
each half's trajectory nearest the chosen box's coverage taken (as EMA Workbench's
`resample` does, "reproduce coverage"), the share of halves restricting each dimension.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scenarios.engine.errors import UsageError
from scenarios.engine.extras import missing
from scenarios.engine.text.i18n import _

MAX_SETS = 100_000  # PRIM's peeling is O(sets × assumptions) per step; beyond this, the first MAX_SETS are used
MAX_BOXES = 3
STABILITY_RUNS = 10
STABILITY_SETS = 10_000  # the halves are drawn from at most this many sets


@dataclass(frozen=True)
class Box:
    """Assumption ranges in which the target happens in `density` of the sets inside, holding `coverage` of all."""

    limits: dict[str, tuple[float, float]]  # restricted assumptions only
    coverage: float
    density: float
    mass: float
    quasi_p: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)  # lower, upper limit
    point: int = -1  # its index on the peeling trajectory

    def to_dict(self) -> dict[str, Any]:
        return {"limits": {k: list(v) for k, v in self.limits.items()}, "coverage": self.coverage,
                "density": self.density, "mass": self.mass, "trajectory_point": self.point,
                "quasi_p": {k: list(v) for k, v in self.quasi_p.items()}}


@dataclass(frozen=True)
class Discovery:
    target: str
    description: str
    share: float  # of all sampled sets in which the target happens
    sets: int  # how many sets PRIM looked at
    threshold: float
    boxes: tuple[Box, ...]
    trajectory: tuple[tuple[float, float, int], ...]  # first box's peeling: (coverage, density, restricted dims)
    pick: str | int | None = None  # how the first box was chosen: None (the last point), "knee", or a point
    stability: dict[str, float] = field(default_factory=dict)  # share of halves restricting each dimension
    rotated: Any = None  # pca_prim.Rotated, when reported

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "description": self.description, "share": self.share, "sets": self.sets,
                "threshold": self.threshold, "boxes": [b.to_dict() for b in self.boxes],
                "tradeoff": [{"coverage": c, "density": d, "restricted": r} for c, d, r in self.trajectory],
                "first_box": "last" if self.pick is None else self.pick, "stability": {
                    "runs": STABILITY_RUNS, "restricted_in": dict(self.stability)},
                "rotated": None if self.rotated is None else self.rotated.to_dict()}


def knee(coverage: np.ndarray, density: np.ndarray) -> int:
    """The trajectory point farthest from the chord joining its first and last points (coverage, density)."""
    p0 = np.array([coverage[0], density[0]])
    d = np.array([coverage[-1], density[-1]]) - p0
    length = float(np.hypot(*d))
    if length == 0:
        return len(coverage) - 1
    dist = np.abs(d[0] * (np.asarray(density) - p0[1]) - d[1] * (np.asarray(coverage) - p0[0])) / length
    return int(np.argmax(dist))


def _quasi_p(box: Any, i: int) -> dict[str, tuple[float | None, float | None]]:
    """EMA Workbench's quasi-p-values of box i: (lower limit, upper limit); None for a side not restricted (-1)."""
    return {name: tuple(None if v is None or np.isnan(v) or v < 0 else float(v) for v in pair)  # type: ignore[misc]
            for name, pair in box.qp[i].items()}


def prim_boxes(names: tuple[str, ...], x: np.ndarray, y: np.ndarray, threshold: float = 0.8,
               pick: str | int | None = None) -> tuple[tuple[Box, ...], tuple[tuple[float, float, int], ...], int]:
    """Up to MAX_BOXES PRIM boxes (the first at the `pick` point of its trade-off curve, each after it meeting
    `threshold` density); and the first box's trade-off curve."""
    x, y = x[:MAX_SETS], y[:MAX_SETS]
    if not y.any() or y.all():
        return (), (), len(y)
    prim = _prim_module()
    import pandas as pd

    frame = pd.DataFrame(x, columns=list(names))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        algorithm = prim.Prim(frame, y.astype(int), threshold=threshold)
        boxes: list[Box] = []
        trajectory: tuple[tuple[float, float, int], ...] = ()
        initial = algorithm.box_init
        for _round in range(MAX_BOXES):
            box = algorithm.find_box()
            if box is None:
                break
            t = box.peeling_trajectory
            i = len(t) - 1
            if not boxes and pick is not None:
                i = knee(t["coverage"].to_numpy(), t["density"].to_numpy()) if pick == "knee" else int(pick)
                if i >= len(t):
                    raise UsageError(_("--box {n}: the trade-off curve has points 0 to {last}").format(
                        n=i, last=len(t) - 1))
                box.select(i)
            limits = box.box_lims[i]
            restricted = {n: (float(limits[n][0]), float(limits[n][1])) for n in names
                          if limits[n][0] != initial[n][0] or limits[n][1] != initial[n][1]}
            if not restricted or (box.density < threshold and (boxes or pick is None)):
                break
            if not boxes:
                trajectory = tuple((float(c), float(d), int(r)) for c, d, r in
                                   zip(t["coverage"], t["density"], t["res_dim"], strict=True))
            boxes.append(Box(restricted, float(t["coverage"][i]), float(t["density"][i]), float(t["mass"][i]),
                             _quasi_p(box, i), i))
    return tuple(boxes), trajectory, len(y)


def _prim_module() -> Any:
    logging.getLogger("EMA").setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError:
        raise missing("discovery") from None
    return prim


def stability(names: tuple[str, ...], x: np.ndarray, y: np.ndarray, coverage: float, seed: int) -> dict[str, float]:
    """Per dimension, the share of STABILITY_RUNS PRIM runs on random halves restricting it at `coverage`."""
    x, y = x[:STABILITY_SETS], y[:STABILITY_SETS]
    prim = _prim_module()
    import pandas as pd

    rng = np.random.default_rng([seed, 2010])
    counts = dict.fromkeys(names, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _run in range(STABILITY_RUNS):
            half = rng.choice(len(y), size=len(y) // 2, replace=False)
            if not y[half].any():
                continue
            box = prim.Prim(pd.DataFrame(x[half], columns=list(names)), y[half].astype(int), threshold=0.1).find_box()
            at = int(np.argmin(np.abs(box.peeling_trajectory["coverage"].to_numpy() - coverage)))
            for name in box.qp[at]:
                counts[name] += 1
    return {n: c / STABILITY_RUNS for n, c in sorted(counts.items(), key=lambda kv: -kv[1])}
