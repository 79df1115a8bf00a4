"""What every path report shares: the filtered path stream and a summary built on the way."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..scenario import Scenario
from ..walk import OutcomeSummary, Path, Summary


@dataclass
class Tally:
    """A summary gathered while streaming (used when --where filters the paths)."""

    width: int
    counts: dict[int, list[Any]] = field(default_factory=dict)

    def add(self, path: Path) -> None:
        values = path.state[: self.width]
        entry = self.counts.get(path.outcome)
        if entry is None:
            self.counts[path.outcome] = [1, values, values]
            return
        entry[0] += 1
        entry[1] = tuple(map(min, entry[1], values))
        entry[2] = tuple(map(max, entry[2], values))

    def summary(self, scenario: Scenario) -> Summary:
        nodes = scenario.runtime.nodes
        outcomes = tuple(OutcomeSummary(nodes[o].id, nodes[o].label, c, lo, hi)
                         for o, (c, lo, hi) in sorted(self.counts.items()))
        return Summary(sum(o.paths for o in outcomes), outcomes)


def tallied(scenario: Scenario, paths: Iterator[Path], tally: Tally) -> Iterator[Path]:
    for path in paths:
        tally.add(path)
        yield path


def assumptions_used(scenario: Scenario, overrides: Mapping[str, float] | None) -> dict[str, float]:
    vector = scenario.assumption_values(overrides)
    return dict(zip(scenario.spec.assumptions, vector, strict=True))


def weight_note(scenario: Scenario) -> str:
    return ("Weights are relative likelihoods that follow from the stated assumptions; "
            "they are not forecasts.") if scenario.has_weights else ""
