"""Exports of the model for other tools, registered in one dict (the CLI's -f choices are its keys).

efg: a Gambit game, unfolded by state.  json: the model as written plus its node
graph.  graphml: the node graph, one edge per branch, for yEd, Gephi or networkx.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from scenarios.engine.errors import UsageError, one_of
from scenarios.engine.output.exports.efg import to_efg
from scenarios.engine.output.exports.graphml import to_graphml
from scenarios.engine.text.i18n import _

from .. import EXPORT_FORMATS
from ..files import MARK

if TYPE_CHECKING:
    from scenarios.engine.core.scenario import Scenario

Exporter = Callable[..., str]


def _graph(scenario: Scenario) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    spec = scenario.spec
    nodes = []
    edges = []
    for nid, node in spec.nodes.items():
        entry = {"id": nid, "type": node.type, "label": node.label, "actor": node.actor, "phase": node.phase}
        nodes.append({k: v for k, v in entry.items() if v is not None})
        for k, b in enumerate(node.branches or []):
            edge = {"source": nid, "target": b.to, "branch": k, "label": b.label,
                    "weight": None if b.weight is None else str(b.weight),
                    "when": None if b.when is None else str(b.when), "effects": dict(b.effects) or None}
            edges.append({key: v for key, v in edge.items() if v is not None})
    return nodes, edges


def to_json(scenario: Scenario, assumptions: Mapping[str, float] | None = None, **_: Any) -> str:
    nodes, edges = _graph(scenario)
    data = {"generator": f"{MARK.decode()} export", "scenario": scenario.name, "title": scenario.title,
            "disclaimer": scenario.disclaimer,
            "model": scenario.spec.model_dump(mode="json", exclude_none=True),
            "graph": {"nodes": nodes, "edges": edges}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _graphml(scenario: Scenario, assumptions: Mapping[str, float] | None = None, **_: Any) -> str:

    return to_graphml(scenario, assumptions)


def _efg(scenario: Scenario, assumptions: Mapping[str, float] | None = None, *, uniform: bool = False,
         **_: Any) -> str:

    return to_efg(scenario, assumptions, uniform=uniform)


EXPORTS: dict[str, Exporter] = dict(zip(EXPORT_FORMATS, (_efg, to_json, _graphml), strict=True))


def export(scenario: Scenario, fmt: str, assumptions: Mapping[str, float] | None = None, **options: Any) -> str:
    """The scenario in format `fmt` (one of EXPORTS) as text."""
    if fmt not in EXPORTS:
        raise UsageError(_("unknown export format '{format}' ({choices})").format(format=fmt, choices=one_of(EXPORTS)))
    return EXPORTS[fmt](scenario, assumptions, **options)
