"""What part of a scenario to draw and how: the options every renderer accepts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from scenarios.engine.errors import UsageError, did_you_mean, one_of
from scenarios.engine.text.i18n import _, ngettext

DIRECTIONS = ("LR", "TB")
TREE_LIMIT = 120  # leaves: about what a landscape page or slide can show legibly


@dataclass(frozen=True)
class View:
    """Options of `scenarios render`, checked once; engine.render(scenario, fmt, **options) takes the same names."""

    direction: str = "LR"
    tree: bool = False
    highlight: int | None = None
    where: str | None = None
    focus: str | None = None
    depth: int | None = None
    effects: bool = False
    legend: bool = True
    fold: tuple[str, ...] = ()        # nodes whose subtrees are folded into "… N more paths"
    signposts: bool = False
    sources: bool = False  # each node's and branch's sources as numbered notes, matching the header's list
    assumptions: Mapping[str, float] = field(default_factory=dict)


def make_view(scenario: Any, options: Mapping[str, Any]) -> View:
    """A View from keyword options, with errors that name the option and list what is allowed."""
    unknown = set(options) - set(View.__dataclass_fields__)
    if unknown:
        name = sorted(unknown)[0]
        raise UsageError(_("unknown render option '{name}'").format(name=name)
                         + did_you_mean(name, View.__dataclass_fields__))
    view = View(**{k: v for k, v in options.items() if v is not None})
    direction = view.direction.upper()
    if direction not in DIRECTIONS:
        raise UsageError(_("unknown direction '{direction}' ({choices})").format(direction=view.direction,
                                                                                 choices=one_of(DIRECTIONS)))
    if view.highlight is not None and view.where is not None:
        raise UsageError(_("--highlight and --where both choose what to emphasize; give one of them"))
    if view.highlight is not None and view.highlight < 1:
        raise UsageError(_("--highlight takes a path number from 1 (got {number})").format(number=view.highlight))
    if view.depth is not None and view.depth < 1:
        raise UsageError(_("--depth takes a number of steps from 1 (got {number})").format(number=view.depth))
    nodes = scenario.spec.nodes
    if view.focus is not None and view.focus not in nodes:
        raise UsageError("--focus: " + _("no node '{id}' in {scenario}").format(id=view.focus, scenario=scenario.name)
                         + did_you_mean(view.focus, nodes))
    for node in view.fold:
        if node not in nodes:
            raise UsageError("fold: " + _("no node '{id}' in {scenario}").format(id=node, scenario=scenario.name)
                             + did_you_mean(node, nodes))
    return replace(view, direction=direction, assumptions=dict(view.assumptions), fold=tuple(view.fold))


def nothing_chosen(scenario: Any, view: View, total: int) -> UsageError:
    """The error when --highlight or --where picks no path; `total` is how many paths there are."""
    if view.highlight is not None:
        return UsageError(f"--highlight {view.highlight}: " + ngettext(
            "{scenario} has {count} path (numbered from 1)", "{scenario} has {count} paths (numbered from 1)",
            total).format(scenario=scenario.name, count=total))
    return UsageError(f"--where {view.where!r}: "
                      + _("no path ends in a state where it holds, so nothing to highlight"))
