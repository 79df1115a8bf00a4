"""A rotated alternative to the first PRIM box (PCA-PRIM, Dalal et al. 2013), for boundaries no axis-aligned box
follows (in `mexico`, `p_flow_joint > p_flow_strikes`).

The dimensions the first box restricts (two or more) are standardized and rotated by the
principal components of the target's sets (EMA Workbench's `rotate_subset`); the others stay
as they are; PRIM runs on the rotated sets with the same density threshold.  Each rotated
dimension is a weighted sum of assumptions, written back in the assumptions' own units
(weights scaled so the largest is 1), with its limits.  Both trajectories are compared at
their widest box meeting the threshold (the point of most coverage with density at least
the threshold); the rotated box is reported when it covers at least BETTER more of the
target's sets than the axis-aligned one.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from .discovery import MAX_SETS, Box, _prim_module, prim_boxes, stability

BETTER = 0.05


@dataclass(frozen=True)
class Rotated:
    dims: tuple[str, ...]  # the rotated assumptions
    # each restricted rotated dimension: weights per assumption (largest 1), low, high (in those units)
    limits: tuple[tuple[dict[str, float], float, float], ...]
    kept: dict[str, tuple[float, float]]  # restricted assumptions that were not rotated
    coverage: float
    density: float
    mass: float

    def to_dict(self) -> dict[str, Any]:
        return {"rotated": list(self.dims), "coverage": self.coverage, "density": self.density, "mass": self.mass,
                "limits": [{"weights": w, "low": None if lo == -np.inf else lo, "high": None if hi == np.inf else hi}
                           for w, lo, hi in self.limits],  # None: that side is open
                "other_limits": {k: list(v) for k, v in self.kept.items()}}


def rotated_box(names: tuple[str, ...], x: np.ndarray, y: np.ndarray, first: Box, threshold: float) -> Rotated | None:
    """PCA-PRIM over the first box's restricted dimensions; None when there are fewer than two or no box."""
    dims = tuple(n for n in names if n in first.limits)
    if len(dims) < 2 or y.sum() < len(dims) + 1:
        return None
    prim = _prim_module()
    import pandas as pd
    from ema_workbench.analysis.prim_util import rotate_subset

    frame = pd.DataFrame(x, columns=list(names))
    sub = frame[list(dims)]
    rotation, turned = rotate_subset(sub, y.astype(bool))
    rotation = np.asarray(rotation)
    mean, std = sub.mean(axis=0).to_numpy(), sub.std(axis=0, ddof=0).to_numpy().copy()
    std[std == 0] = 1
    columns = [f"r_{k}" for k in range(len(dims))]
    data = frame.drop(columns=list(dims))
    for k, c in enumerate(columns):
        data[c] = turned[:, k]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        algorithm = prim.Prim(data, y.astype(int), threshold=threshold)
        box = algorithm.find_box()
    if box is None:
        return None
    i = widest(box.peeling_trajectory, threshold)
    if i is None:
        return None
    lims = box.box_lims[i]
    t = box.peeling_trajectory
    initial = algorithm.box_init
    limits = []
    for k, c in enumerate(columns):
        lo, hi = float(lims[c][0]), float(lims[c][1])
        if lo == initial[c][0] and hi == initial[c][1]:
            continue
        # r_k = sum_j R[j, k] (x_j - mean_j) / std_j = sum_j w_j x_j - shift
        w = rotation[:, k] / std
        shift = float(np.sum(rotation[:, k] * mean / std))
        scale = float(np.max(np.abs(w)))
        weights = {d: float(w[j] / scale) for j, d in enumerate(dims)}
        low = (lo + shift) / scale if lo != initial[c][0] else -np.inf
        high = (hi + shift) / scale if hi != initial[c][1] else np.inf
        limits.append((weights, low, high))
    kept = {n: (float(lims[n][0]), float(lims[n][1])) for n in names if n not in dims and
            (lims[n][0] != initial[n][0] or lims[n][1] != initial[n][1])}
    return Rotated(dims, tuple(limits), kept, float(t["coverage"][i]), float(t["density"][i]), float(t["mass"][i]))


def widest(trajectory: Any, threshold: float) -> int | None:
    """The trajectory point of most coverage among those with density at least `threshold`."""
    ok = np.flatnonzero(trajectory["density"].to_numpy() >= threshold)
    return None if len(ok) == 0 else int(ok[np.argmax(trajectory["coverage"].to_numpy()[ok])])


def worth_reporting(rotated: Rotated | None, axis_coverage: float) -> bool:
    """The rotated box covers at least BETTER more than the axis-aligned one's widest box meeting the threshold."""
    return rotated is not None and rotated.coverage >= axis_coverage + BETTER


def discover(names: tuple[str, ...], x: np.ndarray, y: np.ndarray, threshold: float, pick: str | int | None,
             seed: int) -> tuple[tuple[Box, ...], tuple[tuple[float, float, int], ...], int, dict[str, float],
                                 Rotated | None]:
    """PRIM's boxes and trade-off curve, the first box's stability, and the rotated box when it is worth reporting."""
    boxes, trajectory, used = prim_boxes(names, x, y, threshold, pick)
    if not boxes:
        return boxes, trajectory, used, {}, None
    x, y = x[:MAX_SETS], y[:MAX_SETS]
    steady = stability(names, x, y, boxes[0].coverage, seed)
    meeting = [c for c, d, _r in trajectory if d >= threshold]
    rotated = rotated_box(names, x, y, boxes[0], threshold)
    return boxes, trajectory, used, steady, rotated if worth_reporting(rotated, max(meeting, default=0.0)) else None
