"""The compiled form of a scenario that the walker runs: integer node ids, closures.

A state is a tuple: one value per indicator (a level's position, a number, a bool),
then one bool per node that some `visited()` asks about.  Each branch carries one
closure that applies its effects, marks its target visited and applies the
target outcome's arrival effects, so a step of the walk is a single call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.text.i18n import _

from .expr import Expr

State = tuple[Any, ...]
Transition = Callable[[State], State]

DECISION, CHANCE, OUTCOME = 0, 1, 2
KIND_NAMES = ("decision", "chance", "outcome")


@dataclass(eq=False, slots=True)
class CBranch:
    """One compiled branch.  `weight` is None on unweighted branches."""

    node: int
    index: int
    label: str
    to: int
    when: Expr | None
    weight: Expr | None
    apply: Transition | None


@dataclass(eq=False, slots=True)
class CNode:
    id: str
    kind: int
    label: str
    actor: str | None
    branches: tuple[CBranch, ...]
    weighted: bool
    payoffs: dict[str, float]
    guarded: bool = False  # some branch has a `when`, so availability must be tested per state
    payoff_refs: dict[str, int] = field(default_factory=dict)  # actor → position of the assumption its payoff names


@dataclass(eq=False)
class Runtime:
    """Everything the walker needs, in flat lists indexed by node number."""

    nodes: list[CNode]
    start: int
    initial: State
    indicator_ids: tuple[str, ...]
    indicator_kinds: tuple[str, ...]
    indicator_levels: tuple[tuple[str, ...], ...]
    tracked: tuple[str, ...]
    assumption_ids: tuple[str, ...]
    assumption_values: tuple[float, ...]
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.indicator_index = {ident: i for i, ident in enumerate(self.indicator_ids)}

    def display(self, state: State) -> dict[str, Any]:
        """Final indicator values as a reader sees them: level names, numbers, booleans."""
        out: dict[str, Any] = {}
        for i, ident in enumerate(self.indicator_ids):
            out[ident] = display_value(self.indicator_kinds[i], self.indicator_levels[i], state[i])
        return out

    def assumption_vector(self, overrides: dict[str, float] | None = None) -> tuple[float, ...]:
        if not overrides:
            return self.assumption_values
        return tuple(overrides.get(a, v) for a, v in zip(self.assumption_ids, self.assumption_values, strict=True))


def guard_names(rt: Runtime) -> set[str]:
    """The names `when` guards read (indicators and assumptions): what decides which branches exist."""
    return {x for node in rt.nodes for b in node.branches if b.when is not None for x in b.when.names}


def display_value(kind: str, levels: Sequence[str], value: Any) -> Any:
    if kind == "levels":
        return levels[value]
    if kind == "number" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def value_text(value: Any) -> str:
    """An indicator value as a reader sees it: yes/no for flags, no trailing .0."""
    if isinstance(value, bool):

        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def clamp_op(kind: str, levels: int, lo: float | None, hi: float | None,
             effect: Any, level_names: Sequence[str]) -> Update | None:
    """One indicator's update (already type-checked); None when it can never change anything."""
    if isinstance(effect, dict):
        target = effect["set"]
        if kind == "levels":
            target = level_names.index(target) if isinstance(target, str) else _clamp(target, 0, levels - 1)
        elif kind == "number":
            target = _clamp(target, lo, hi)
        return Update(_constant(target))
    if kind == "levels":
        if isinstance(effect, str):
            return Update(_constant(level_names.index(effect)))
        top = levels - 1
        n = int(effect)
        if n == 0:
            return None
        return Update(lambda v: 0 if v + n < 0 else (top if v + n > top else v + n))
    if kind == "flag":
        return Update(_constant(bool(effect)))
    n = effect
    if n == 0:
        return None  # values always lie within min..max, so adding 0 changes nothing
    if lo is None and hi is None:
        return Update(lambda v: v + n, add=n)
    return Update(lambda v: _clamp(v + n, lo, hi))


def _constant(value: Any) -> Callable[[Any], Any]:
    return lambda _old: value


@dataclass(frozen=True, slots=True)
class Update:
    """How one indicator changes; `add` is set for a plain, unclamped addition (the fast case)."""

    fn: Callable[[Any], Any]
    add: float | None = None


def _clamp(value: float, lo: float | None, hi: float | None) -> float:
    if lo is not None and value < lo:
        return lo
    if hi is not None and value > hi:
        return hi
    return value


def transition(ops: list[tuple[int, Update]]) -> Transition | None:
    """Fold a list of (slot, update) into one state → state function."""
    if not ops:
        return None
    if len(ops) == 1:
        (i, update), = ops
        n, f = update.add, update.fn
        if n is not None:
            if i == 0:
                return lambda s: (s[0] + n, *s[1:])
            return lambda s: (*s[:i], s[i] + n, *s[i + 1:])
        return lambda s: (*s[:i], f(s[i]), *s[i + 1:])
    fns = [(i, update.fn) for i, update in ops]

    def many(s: State) -> State:
        values = list(s)
        for i, f in fns:
            values[i] = f(values[i])
        return tuple(values)
    return many
