"""Frozen result records of the analyses, each carrying the rule and assumptions that produced it.

`to_dict()` gives the documented `--format json` shape; the numbers in them follow
from the stated assumptions and are not forecasts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from scenarios.engine.text.i18n import N_, _

from .html import HtmlView


class Trail:
    """The branch labels from the start to a point, sharing prefixes with its parent's trail.

    Histories of every decision point on a 10,000-step play stay linear in memory;
    `labels()` spells one out when it is asked for, and keeps it (a room's analysis is read
    again at each change of the room).
    """

    __slots__ = ("_labels", "label", "parent")

    def __init__(self, parent: Trail | None, label: str):
        self.parent = parent
        self.label = label
        self._labels: tuple[str, ...] | None = None

    def labels(self) -> tuple[str, ...]:
        if self._labels is None:
            out = []
            trail: Trail | None = self
            while trail is not None:
                out.append(trail.label)
                trail = trail.parent
            self._labels = tuple(reversed(out))
        return self._labels


def labels(trail: Trail | None) -> tuple[str, ...]:
    return () if trail is None else trail.labels()


def choice_text(best: tuple[str, ...] | list[str]) -> str:
    """One best branch by its label; several as "indifferent between A, B and C" (a tie is not a choice)."""
    if len(best) == 1:
        return best[0]
    return _(TIE).format(choices=", ".join(best[:-1]), last=best[-1])


TIE = N_("indifferent between {choices} and {last}")  # in the reader's language, through _()


def is_tie(text: str) -> bool:
    """Whether a choice_text (written in the current language) is a tie rather than one branch."""
    return text.startswith(_(TIE).split("{choices}")[0])


@dataclass(frozen=True)
class Choice(HtmlView):
    """What the deciding actor takes at one decision point (a node in one state), and why."""

    node: str
    label: str
    actor: str
    best: tuple[str, ...]  # the branch worth most to the actor; several when it is indifferent between them
    values: dict[str, float]  # branch label → the deciding actor's value
    trail: Trail | None = field(default=None, repr=False, compare=False)

    @property
    def choice(self) -> str | None:
        """The branch taken, or None when the actor is indifferent (see `best`)."""
        return self.best[0] if len(self.best) == 1 else None

    @property
    def tied(self) -> tuple[str, ...]:
        """The branches the actor is indifferent between (empty when one is best)."""
        return self.best if len(self.best) > 1 else ()

    @property
    def text(self) -> str:
        return choice_text(self.best)

    @property
    def history(self) -> tuple[str, ...]:
        """Branch labels from the start to this decision point (the first such path, depth-first)."""
        return labels(self.trail)

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "actor": self.actor, "history": list(self.history), "choice": self.choice,
                "best": list(self.best), "values": dict(self.values), "tied": list(self.tied)}


@dataclass(frozen=True)
class PlayPath(HtmlView):
    """One path of the play: chosen branches at decisions, every branch at chance nodes."""

    steps: tuple[tuple[str, str], ...]  # (node id, branch label)
    outcome: str
    weight: float | None
    scores: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"steps": [{"node": n, "branch": b} for n, b in self.steps], "outcome": self.outcome,
                "weight": self.weight, "scores": dict(self.scores)}


@dataclass(frozen=True)
class RuleRow(HtmlView):
    """One decision point and what each rule chooses there, as choice_text (None: the rule can't be applied)."""

    node: str
    actor: str
    by_rule: dict[str, str | None]
    trail: Trail | None = field(default=None, repr=False, compare=False)

    @property
    def history(self) -> tuple[str, ...]:
        return labels(self.trail)

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "history": list(self.history), "actor": self.actor, "by_rule": dict(self.by_rule)}


class Later(Sequence["RuleRow"]):
    """Rows worked out when first read: `analyze`'s table of every rule's choices costs four more
    rollbacks, which a caller that reads only the values, choices and play never pays."""

    __slots__ = ("_make", "_rows")

    def __init__(self, make: Callable[[], tuple[RuleRow, ...]]):
        self._make: Callable[[], tuple[RuleRow, ...]] | None = make
        self._rows: tuple[RuleRow, ...] = ()

    def rows(self) -> tuple[RuleRow, ...]:
        if self._make is not None:
            self._rows, self._make = self._make(), None
        return self._rows

    @overload
    def __getitem__(self, k: int) -> RuleRow: ...
    @overload
    def __getitem__(self, k: slice) -> tuple[RuleRow, ...]: ...
    def __getitem__(self, k: int | slice) -> RuleRow | tuple[RuleRow, ...]:
        return self.rows()[k]

    def __len__(self) -> int:
        return len(self.rows())

    def __iter__(self) -> Iterator[RuleRow]:
        return iter(self.rows())

    def __eq__(self, other: object) -> bool:
        return self.rows() == (other.rows() if isinstance(other, Later) else other)

    def __hash__(self) -> int:
        return hash(self.rows())

    def __repr__(self) -> str:
        return repr(self.rows())

    def __reduce__(self) -> tuple[Any, ...]:  # sent to another process (a pool's worker): the rows themselves
        return (tuple, (self.rows(),))


@dataclass(frozen=True)
class Analysis(HtmlView):
    """The rollback of one scenario under one rule and one set of assumptions."""

    scenario: str
    title: str
    rule: str
    alpha: float
    assumptions: dict[str, float]
    values: dict[str, float]
    choices: tuple[Choice, ...]
    paths: tuple[PlayPath, ...]
    path_count: int
    indicators: dict[str, float | None]  # expected final value (level position for levels); None without weights
    unweighted: tuple[str, ...]
    rules: Sequence[RuleRow]  # a tuple, or the same rows worked out when first read (Later)
    # only when some actor has a risk attitude: `values` are then certainty equivalents, and these are the
    # expected scores of the same play under the stated weights (None without weights)
    expected_values: dict[str, float | None] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {"scenario": self.scenario, "rule": self.rule, "alpha": self.alpha,
                "assumptions": dict(self.assumptions), "values": dict(self.values),
                "choices": [c.to_dict() for c in self.choices], "indicators": dict(self.indicators),
                "rules": [r.to_dict() for r in self.rules], "path_count": self.path_count,
                "paths": [p.to_dict() for p in self.paths], "unweighted": list(self.unweighted)}
        if self.expected_values is not None:
            data["expected_values"] = dict(self.expected_values)
        return data


@dataclass(frozen=True)
class Threshold(HtmlView):
    """An assumption value where a decision's choice flips (bracketed by bisection to 1e-6)."""

    value: float
    node: str
    history: tuple[str, ...]
    actor: str
    before: str  # the choice just below `value`, as choice_text
    after: str  # the choice just above
    on_play: bool  # the decision point is reached by the play on either side

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "node": self.node, "history": list(self.history), "actor": self.actor,
                "from": self.before, "to": self.after, "on_play": self.on_play}


@dataclass(frozen=True)
class Sweep(HtmlView):
    """One assumption swept over low..high with the others held at their stated values."""

    name: str
    label: str
    low: float
    high: float
    base: float
    xs: tuple[float, ...]
    series: dict[str, tuple[float, ...]]  # actor → value at each x
    thresholds: tuple[Threshold, ...]

    @property
    def values(self) -> dict[str, tuple[float, float]]:
        return {actor: (ys[0], ys[-1]) for actor, ys in self.series.items()}

    @property
    def swing(self) -> float:
        """The largest spread of any actor's value over the sweep: the tornado's sort key."""
        return max((max(ys) - min(ys) for ys in self.series.values()), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "low": self.low, "high": self.high, "base": self.base,
                "values": {k: list(v) for k, v in self.values.items()},
                "thresholds": [t.to_dict() for t in self.thresholds],
                "sweep": {"x": list(self.xs), "values": {k: list(v) for k, v in self.series.items()}}}


@dataclass(frozen=True)
class Sensitivity(HtmlView):
    """One-way sweeps of several assumptions, in tornado order (largest swing first)."""

    scenario: str
    title: str
    rule: str
    alpha: float
    assumptions: dict[str, float]  # the stated values the sweeps start from
    base_values: dict[str, float]
    sweeps: tuple[Sweep, ...]
    skipped: tuple[str, ...]  # assumptions without a low..high range

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "rule": self.rule, "alpha": self.alpha,
                "base": {"assumptions": dict(self.assumptions), "values": dict(self.base_values)},
                "assumptions": [s.to_dict() for s in self.sweeps], "skipped": list(self.skipped)}
