"""`diff`: what changed between two versions of a scenario, in the terms its authors use.

Nodes, branches (matched by label within their node), effects and assumptions
added, removed or changed, then the outcomes that gained or lost paths.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.format.model import Node

from .html import HtmlView

NODE_FIELDS = ("type", "label", "actor", "payoffs")
BRANCH_FIELDS = ("to", "when", "weight")
ASSUMPTION_FIELDS = ("value", "low", "high", "label")


@dataclass(frozen=True)
class Change(HtmlView):
    """One difference: `kind` node|branch|effect|assumption|actor|indicator, `action` added|removed|changed."""

    kind: str
    action: str
    id: str
    field: str | None = None
    old: Any = None
    new: Any = None

    def __str__(self) -> str:
        if self.action == "changed" and self.field:
            return f"{self.kind} {self.id}: {self.field} {_show(self.old)} → {_show(self.new)}"
        value = self.new if self.action == "added" else self.old
        return f"{self.kind} {self.id} {self.action}" + ("" if value is None else f" ({_show(value)})")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "action": self.action, "id": self.id, "field": self.field,
                "old": self.old, "new": self.new}


@dataclass(frozen=True)
class OutcomeChange(HtmlView):
    node: str
    label: str
    old_paths: int
    new_paths: int

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "label": self.label, "old_paths": self.old_paths, "new_paths": self.new_paths}


@dataclass(frozen=True)
class Diff(HtmlView):
    old: str
    new: str
    changes: tuple[Change, ...]
    outcomes: tuple[OutcomeChange, ...]
    old_path_count: int
    new_path_count: int

    @property
    def same(self) -> bool:
        return not self.changes and not self.outcomes

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "changes": [c.to_dict() for c in self.changes],
                "outcomes": [o.to_dict() for o in self.outcomes],
                "path_count": {"old": self.old_path_count, "new": self.new_path_count}}


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def diff(old: Scenario, new: Scenario) -> Diff:
    """Every difference in model content (not in wording of notes or sources) and in paths per outcome."""
    changes: list[Change] = []
    a, b = old.spec, new.spec
    _maps(changes, "actor", a.actors, b.actors, ("name", "values"))
    _maps(changes, "indicator", a.indicators, b.indicators, ("type", "levels", "start", "min", "max"))
    _maps(changes, "assumption", a.assumptions, b.assumptions, ASSUMPTION_FIELDS)
    if a.start != b.start:
        changes.append(Change("start", "changed", "start", "start", a.start, b.start))
    for nid in [n for n in a.nodes if n not in b.nodes]:
        changes.append(Change("node", "removed", nid, old=a.nodes[nid].label))
    for nid, node in b.nodes.items():
        if nid not in a.nodes:
            changes.append(Change("node", "added", nid, new=node.label))
        else:
            _node(changes, nid, a.nodes[nid], node)
    changes.sort(key=_order(old, new))
    before, after = old.summarize(), new.summarize()
    counts_a = {o.node: o for o in before.outcomes}
    counts_b = {o.node: o for o in after.outcomes}
    outcomes = []
    for nid in [*counts_a, *(n for n in counts_b if n not in counts_a)]:
        x, y = counts_a.get(nid), counts_b.get(nid)
        n_old, n_new = x.paths if x else 0, y.paths if y else 0
        if n_old != n_new:
            outcomes.append(OutcomeChange(nid, (y or x).label, n_old, n_new))  # type: ignore[union-attr]
    return Diff(old.name, new.name, tuple(changes), tuple(outcomes), before.path_count, after.path_count)


def _order(old: Scenario, new: Scenario) -> Callable[[Change], tuple[int, int]]:
    """Top-level changes first (start, actors, indicators, assumptions), then nodes in file order."""
    kinds = ("start", "actor", "indicator", "assumption")
    ids = [*new.spec.nodes, *(n for n in old.spec.nodes if n not in new.spec.nodes)]
    position = {nid: k for k, nid in enumerate(ids)}

    def key(change: Change) -> tuple[int, int]:
        if change.kind in kinds:
            return (0, kinds.index(change.kind))
        return (1, position[change.id.split(" ", 1)[0]])
    return key


def _maps(out: list[Change], kind: str, old: Mapping[str, Any], new: Mapping[str, Any],
          fields: tuple[str, ...]) -> None:
    for key in [k for k in old if k not in new]:
        out.append(Change(kind, "removed", key))
    for key, value in new.items():
        if key not in old:
            out.append(Change(kind, "added", key))
        else:
            _fields(out, kind, key, old[key], value, fields)


def _fields(out: list[Change], kind: str, ident: str, old: Any, new: Any, fields: tuple[str, ...]) -> None:
    for f in fields:
        x, y = getattr(old, f), getattr(new, f)
        if x != y:
            out.append(Change(kind, "changed", ident, f, x, y))


def _node(out: list[Change], nid: str, old: Node, new: Node) -> None:
    _fields(out, "node", nid, old, new, NODE_FIELDS)
    _effects(out, nid, old.effects, new.effects)
    before = {br.label: br for br in old.branches or []}
    after = {br.label: br for br in new.branches or []}
    for label, br in before.items():
        if label not in after:
            out.append(Change("branch", "removed", f"{nid} [{label}]", old=f"to {br.to}"))
    for label, br in after.items():
        ident = f"{nid} [{label}]"
        if label not in before:
            out.append(Change("branch", "added", ident, new=f"to {br.to}"))
        else:
            _fields(out, "branch", ident, before[label], br, BRANCH_FIELDS)
            _effects(out, ident, before[label].effects, br.effects)


def _effects(out: list[Change], ident: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    for ind in [k for k in old if k not in new]:
        out.append(Change("effect", "removed", f"{ident} {ind}", old=old[ind]))
    for ind, value in new.items():
        if ind not in old:
            out.append(Change("effect", "added", f"{ident} {ind}", new=value))
        elif old[ind] != value:
            out.append(Change("effect", "changed", f"{ident} {ind}", ind, old[ind], value))
