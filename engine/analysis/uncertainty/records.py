"""The records of an `uncertainty` run: spreads of values, shares of choices and outcomes, the sets
themselves, and their CSV (streamed in chunks, so a million sets never sit in memory as text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scenarios.engine.stamps import UNCERTAINTY
from scenarios.engine.text.i18n import N_, _

from .discovery import Discovery
from .importance import Importance
from .sampling import Draw

PHRASE = "of the sampled assumption sets"
NOTE = N_("Shares are of the sampled assumption sets, not probabilities of events; every number follows from "
          "the stated ranges, distributions and rule. Nothing here is a forecast.")  # shown through _()


@dataclass(frozen=True)
class ValueSpread:
    mean: float
    p5: float
    p50: float
    p95: float
    low: float
    high: float

    @classmethod
    def of(cls, x: np.ndarray) -> ValueSpread:
        p5, p50, p95 = np.percentile(x, [5, 50, 95])
        return cls(float(np.mean(x)), float(p5), float(p50), float(p95), float(np.min(x)), float(np.max(x)))

    def to_dict(self) -> dict[str, float]:
        return {"mean": self.mean, "p5": self.p5, "p50": self.p50, "p95": self.p95, "min": self.low,
                "max": self.high}


@dataclass(frozen=True)
class ActorSpread:
    actor: str
    name: str
    value: ValueSpread
    expected: ValueSpread | None  # expected score of the play, when the actor has a risk attitude

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "name": self.name, "value": self.value.to_dict(),
                "expected_value": None if self.expected is None else self.expected.to_dict()}


@dataclass(frozen=True)
class DecisionShare:
    """One decision point (a node in one state): in what share of the sets it exists, is reached, takes each branch."""

    node: str
    actor: str
    history: tuple[str, ...]
    exists: float
    reached: float
    shares: dict[str, float]  # branch label → share of all sets in which it alone is best here
    tied: float = 0.0  # share of the sets in which the actor is indifferent between several best branches
    among: dict[str, float] = field(default_factory=dict)  # label → share of sets in which it is among the best

    @property
    def split(self) -> bool:
        return sum(1 for s in self.shares.values() if s > 0) + (self.tied > 0) > 1

    def to_dict(self) -> dict[str, Any]:
        """`shares` and `indifferent` add up to `exists`: each set counted once, a tie as indifferent."""
        return {"node": self.node, "actor": self.actor, "history": list(self.history), "exists": self.exists,
                "reached": self.reached, "shares": dict(self.shares), "indifferent": self.tied,
                "among_best": dict(self.among or self.shares)}


@dataclass(frozen=True)
class OutcomeShare:
    node: str
    label: str
    reached: float
    weight: ValueSpread | None  # its weight in the play across the sets (None without weights)

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "label": self.label, "reached": self.reached,
                "weight": None if self.weight is None else self.weight.to_dict()}


@dataclass(frozen=True, eq=False)
class Samples:
    """One row per set (the assumptions, each actor's value, the branches the play takes at each decision node)."""

    draw: Draw
    actors: tuple[str, ...]
    values: np.ndarray  # (n, actors)
    nodes: tuple[str, ...]  # decision node ids
    labels: tuple[tuple[str, ...], ...]  # each decision node's branch labels
    masks: np.ndarray  # (n, nodes): bit k set when the play takes branch k there

    def header(self) -> list[str]:
        return ["set", *self.draw.names, *(f"value:{a}" for a in self.actors), *(f"choice:{n}" for n in self.nodes)]

    def rows(self, chunk: int = 8_192) -> Iterator[list[Any]]:
        texts: list[dict[int, str]] = [{} for _ in self.nodes]
        for start in range(0, len(self.values), chunk):
            stop = min(len(self.values), start + chunk)
            sets = self.draw.rows(start, stop).tolist()
            values = self.values[start:stop].tolist()
            masks = self.masks[start:stop].tolist()
            for k in range(stop - start):
                row: list[Any] = [start + k + 1, *map(repr, sets[k]), *map(repr, values[k])]
                for j, mask in enumerate(masks[k]):
                    text = texts[j].get(mask)
                    if text is None:
                        text = texts[j][mask] = " | ".join(b for i, b in enumerate(self.labels[j]) if mask >> i & 1)
                    row.append(text)
                yield row


@dataclass(frozen=True)
class Uncertainty:
    scenario: str
    title: str
    rule: str
    alpha: float
    method: str
    seed: int
    samples: int
    base: int | None  # Saltelli's N with --method sobol
    sampled: dict[str, str]  # name → distribution in words
    fixed: dict[str, float]  # assumptions held at one value
    actors: tuple[ActorSpread, ...]
    decisions: tuple[DecisionShare, ...]
    outcomes: tuple[OutcomeShare, ...]
    importance_method: str
    importance: tuple[Importance, ...]
    discovery: Discovery | None
    data: Samples = field(repr=False, compare=False)
    robust: Any = None  # strategies.Robustness with --strategy
    learning: Any = None  # evppi.ValueOfLearning with --evppi

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "rule": self.rule, "alpha": self.alpha, "method": self.method,
                "seed": self.seed, "samples": self.samples, "saltelli_base": self.base,
                "sampled": dict(self.sampled), "fixed": dict(self.fixed),
                "actors": [a.to_dict() for a in self.actors], "decisions": [d.to_dict() for d in self.decisions],
                "outcomes": [o.to_dict() for o in self.outcomes],
                "importance": {"method": self.importance_method, "results": [i.to_dict() for i in self.importance]},
                "discovery": None if self.discovery is None else self.discovery.to_dict(),
                "strategies": None if self.robust is None else self.robust.to_dict(),
                "evppi": None if self.learning is None else self.learning.to_dict()}


def csv_chunks(result: Uncertainty, *, marked: bool = False, rows_per_chunk: int = 2000) -> Iterator[bytes]:
    """The CSV of one row per set, in chunks of bytes; `marked` begins it with a '#' line naming its maker."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if marked:
        about = _("{scenario}: {count} sets ({method}, seed {seed}), rule {rule}.").format(
            scenario=result.scenario, count=result.samples, method=result.method, seed=result.seed, rule=result.rule)
        note = _(NOTE)
        buffer.write(f"# {UNCERTAINTY}\n# {about} {note}\n")
    writer.writerow(result.data.header())
    for k, row in enumerate(result.data.rows(), 1):
        writer.writerow(row)
        if k % rows_per_chunk == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
