"""Scenario discovery: PRIM boxes (ranges of assumptions) in which a target happens, via EMA Workbench.

EMA Workbench's `prim` is the field's reference implementation (Kwakkel's, used by the
RAND/Deltares scenario-discovery literature), so coverage and density mean exactly what
they mean there.  It is a dependency imported only
when a target is given (it is heavy: about 6 s to import).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.engine.extras import missing

MAX_SETS = 100_000  # PRIM's peeling is O(sets × assumptions) per step; beyond this, the first MAX_SETS are used
MAX_BOXES = 3


@dataclass(frozen=True)
class Box:
    """Assumption ranges in which the target happens in `density` of the sets inside, holding `coverage` of all."""

    limits: dict[str, tuple[float, float]]  # restricted assumptions only
    coverage: float
    density: float
    mass: float

    def to_dict(self) -> dict[str, Any]:
        return {"limits": {k: list(v) for k, v in self.limits.items()}, "coverage": self.coverage,
                "density": self.density, "mass": self.mass}


@dataclass(frozen=True)
class Discovery:
    target: str
    description: str
    share: float  # of all sampled sets in which the target happens
    sets: int  # how many sets PRIM looked at
    threshold: float
    boxes: tuple[Box, ...]
    trajectory: tuple[tuple[float, float, int], ...]  # first box's peeling: (coverage, density, restricted dims)

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "description": self.description, "share": self.share, "sets": self.sets,
                "threshold": self.threshold, "boxes": [b.to_dict() for b in self.boxes],
                "tradeoff": [{"coverage": c, "density": d, "restricted": r} for c, d, r in self.trajectory]}


def prim_boxes(names: tuple[str, ...], x: np.ndarray, y: np.ndarray, threshold: float = 0.8) -> tuple[
        tuple[Box, ...], tuple[tuple[float, float, int], ...], int]:
    """Up to MAX_BOXES PRIM boxes, each meeting `threshold` density; and the first box's trade-off curve."""
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
        for _ in range(MAX_BOXES):
            box = algorithm.find_box()
            if box is None:
                break
            limits = box.box_lims[-1]
            restricted = {n: (float(limits[n][0]), float(limits[n][1])) for n in names
                          if limits[n][0] != initial[n][0] or limits[n][1] != initial[n][1]}
            if not restricted or box.density < threshold:
                break
            if not boxes:
                t = box.peeling_trajectory
                trajectory = tuple((float(c), float(d), int(r)) for c, d, r in
                                   zip(t["coverage"], t["density"], t["res_dim"], strict=True))
            boxes.append(Box(restricted, float(box.coverage), float(box.density), float(box.mass)))
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
