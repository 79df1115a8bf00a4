"""What every path report shares: the filtered path stream and a summary built on the way."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.walk import Path, Summary, merge_outcome, summary_of
from scenarios.engine.text.i18n import _
from scenarios.engine.text.wording import WEIGHT_NOTE


@dataclass
class Tally:
    """A summary gathered while streaming (used when --where filters the paths)."""

    width: int
    counts: dict[int, list[Any]] = field(default_factory=dict)

    def add(self, path: Path) -> None:
        values = path.state[: self.width]
        if path.weight is None:
            merge_outcome(self.counts, path.outcome, 1, values, values)
        else:
            merge_outcome(self.counts, path.outcome, 1, values, values, path.weight, path.weight)

    def summary(self, scenario: Scenario) -> Summary:
        return summary_of(scenario.runtime, self.counts)


def tallied(scenario: Scenario, paths: Iterator[Path], tally: Tally) -> Iterator[Path]:
    for path in paths:
        tally.add(path)
        yield path


def assumptions_used(scenario: Scenario, overrides: Mapping[str, float] | None) -> dict[str, float]:
    vector = scenario.assumption_values(overrides)
    return dict(zip(scenario.spec.assumptions, vector, strict=True))


def weight_note(scenario: Scenario) -> str:
    return _(WEIGHT_NOTE) if scenario.has_weights else ""
