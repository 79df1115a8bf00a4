"""GraphML of the node graph (one edge per branch) that networkx, igraph, yEd and Gephi read as written.

`weight` is numeric only: the branch's weight under the stated assumptions where it is a
number there (it does not depend on the path taken); the expression itself is under
`weight_expr`, so weighted algorithms (shortest paths) work on the file.  Every edge has
a unique id (`NODE.K`, the K-th branch of NODE).  Text is escaped for XML, carriage
returns included, so every label reads back exactly as written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from scenarios.engine.core.expr import EvalError
from scenarios.engine.stamps import EXPORT

if TYPE_CHECKING:
    from scenarios.engine.core.scenario import Scenario

# (id, for, name, type) of every key the file declares
_KEYS = (
    ("g_title", "graph", "title", "string"), ("g_disclaimer", "graph", "disclaimer", "string"),
    ("n_type", "node", "type", "string"), ("n_label", "node", "label", "string"),
    ("n_actor", "node", "actor", "string"), ("n_phase", "node", "phase", "string"),
    ("e_branch", "edge", "branch", "int"), ("e_label", "edge", "label", "string"),
    ("e_weight", "edge", "weight", "double"), ("e_weight_expr", "edge", "weight_expr", "string"),
    ("e_when", "edge", "when", "string"), ("e_effects", "edge", "effects", "string"),
)


def xml_text(text: str) -> str:
    """Text for XML content or attributes: `& < > "` as entities and CR as &#13; so it survives parsing."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\r", "&#13;"))


def _data(key: str, value: Any) -> str:
    return f'<data key="{key}">{xml_text(str(value))}</data>'


def _weight(scenario: Scenario, node: str, k: int, vector: Sequence[float]) -> float | None:
    expr = scenario.compiled.weights.get((node, k))
    if expr is None or expr.uses_state:
        return None
    try:
        return float(expr((), vector))
    except EvalError:
        return None


def to_graphml(scenario: Scenario, assumptions: Mapping[str, float] | None = None, **_: Any) -> str:
    spec = scenario.spec
    vector = scenario.assumption_values(assumptions)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f"<!-- {EXPORT} -->",
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    out += [f'  <key id="{i}" for="{f}" attr.name="{n}" attr.type="{t}"/>' for i, f, n, t in _KEYS]
    out.append(f'  <graph id="{xml_text(scenario.name)}" edgedefault="directed">')
    out.append("    " + _data("g_title", scenario.title))
    out.append("    " + _data("g_disclaimer", scenario.disclaimer))
    for nid, node in spec.nodes.items():
        attrs = [("n_type", node.type), ("n_label", node.label), ("n_actor", node.actor), ("n_phase", node.phase)]
        inner = "".join(_data(key, v) for key, v in attrs if v is not None)
        out.append(f'    <node id="{nid}">{inner}</node>')
    for nid, node in spec.nodes.items():
        for k, b in enumerate(node.branches or []):
            weight = _weight(scenario, nid, k, vector)
            fields: list[tuple[str, Any]] = [("e_branch", k), ("e_label", b.label),
                      ("e_weight", None if weight is None else repr(weight)),
                      ("e_weight_expr", None if b.weight is None else str(b.weight)),
                      ("e_when", None if b.when is None else str(b.when).lower() if isinstance(b.when, bool)
                       else b.when),
                      ("e_effects", json.dumps(dict(b.effects), ensure_ascii=False) if b.effects else None)]
            inner = "".join(_data(key, v) for key, v in fields if v is not None)
            out.append(f'    <edge id="{nid}.{k}" source="{nid}" target="{b.to}">{inner}</edge>')
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"
