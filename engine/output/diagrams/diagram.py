"""A format-neutral drawing: the nodes, edges, groups and legend a view decides to show.

Views (node graph, tree) build one `Diagram`; the DOT and Mermaid writers only draw it,
so highlighting, focus and stubs behave the same in every format.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.text.i18n import _

from .style import KIND_TEXT, ActorStyle, actor_styles


@dataclass(frozen=True)
class DNode:
    """One drawn node.  `kind` is decision, chance, outcome or stub ("… N more paths")."""

    id: str
    kind: str
    label: str
    actor: str | None = None          # actor id, for its colour
    actor_name: str | None = None
    note: str | None = None           # a small second line (path number, weight)
    phase: str | None = None
    faded: bool = False
    emphasized: bool = False
    sources: str | None = None        # "sources [1] [3]": numbers of the header's source list


@dataclass(frozen=True)
class DEdge:
    """One drawn branch, with the parts of its label kept apart so each writer can style them."""

    source: str
    target: str
    label: str
    share: str | None = None          # "40%" or "20–40%"
    guard: str | None = None          # readable `when`
    effects: str | None = None
    signposts: str | None = None      # "watch: …" when render --signposts
    faded: bool = False
    emphasized: bool = False
    sources: str | None = None


@dataclass(frozen=True)
class Diagram:
    title: str
    as_of: str | None
    disclaimer: str
    direction: str                    # "LR" or "TB"
    nodes: tuple[DNode, ...]
    edges: tuple[DEdge, ...]
    actors: dict[str, ActorStyle]     # actor id → colours, for actors drawn
    actor_names: dict[str, str]
    notes: tuple[str, ...] = ()       # lines under the title: view, highlight, assumptions
    phases: tuple[str, ...] = field(default=())  # in first-appearance order

    def kinds(self) -> list[str]:
        present = {n.kind for n in self.nodes}
        return [k for k in ("decision", "chance", "outcome", "stub") if k in present]

    def legend_samples(self) -> list[DNode]:
        """One sample node per actor drawn, then one per other kind present (decisions only when no actor)."""
        samples = [DNode(f"legend-actor-{a}", "decision", _("Decision by"), a, self.actor_names.get(a, a))
                   for a in self.actors]
        for kind in self.kinds():
            if kind != "decision" or not self.actors:
                samples.append(DNode(f"legend-{kind}", kind, _(KIND_TEXT[kind])))
        return samples


def scenario_diagram(scenario: Any, direction: str, nodes: Iterable[DNode], edges: Iterable[DEdge],
                     notes: Iterable[str], phases: Iterable[str] = ()) -> Diagram:
    """A Diagram under the scenario's title block, with colours for the actors whose decisions are drawn."""
    spec = scenario.spec
    nodes = tuple(nodes)
    drawn = {n.actor for n in nodes}
    styles = actor_styles({a: actor.color for a, actor in spec.actors.items()})
    return Diagram(scenario.title, None if spec.as_of is None else str(spec.as_of), scenario.disclaimer,
                   direction, nodes, tuple(edges), {a: s for a, s in styles.items() if a in drawn},
                   {a: actor.name for a, actor in spec.actors.items()}, tuple(notes), tuple(phases))
