"""The published JSON Schema, finished for editors: id rules on map keys, no `null` placeholders, hover text.

Pydantic's schema of the models is close to what editors need; this pass adds
`propertyNames` where ids are map keys (so a bad id is flagged as you type), drops
`default: null` and the `null` alternative of optional keys (so completion inserts
`branches:` as a list, not `branches: null`), and gives every key a description.
"""

from __future__ import annotations

from typing import Any

_D = {
    "ScenarioFile": {
        "format": "Format version of this file (1).",
        "title": "The scenario's title, shown on every output.",
        "summary": "A sentence or two on the situation, attributing claims to sources.",
        "as_of": "The date the scenario describes the situation at: YYYY, YYYY-MM or YYYY-MM-DD.",
        "disclaimer": "Replaces the default 'illustrative, not a forecast' line on every output.",
        "tags": "Free words to group scenarios by.",
        "sources": "Documents the scenario draws on, by id; nodes and branches cite them.",
        "actors": "Who decides, by id: name, colour and how each values the indicators.",
        "indicators": "What the story changes, by id: levels, a number or a flag.",
        "assumptions": "Named numbers that weights and guards use: value, and a low..high range to vary.",
        "start": "The id of the node where every path begins.",
        "nodes": "Decisions, chance events and outcomes, by id.",
    },
    "Source": {"title": "The source's title.", "publisher": "Who published it.",
               "date": "Its date: YYYY, YYYY-MM or YYYY-MM-DD.", "url": "Where to read it.",
               "note": "Anything a reader should know about it."},
    "Actor": {"name": "The actor's name as outputs show it.",
              "color": "#rrggbb, #rgb or a CSS colour name for the actor's decisions on diagrams.",
              "note": "Anything a reader should know about the actor."},
    "Indicator": {"label": "The indicator's name as outputs show it.",
                  "levels": "Ordered level names, lowest first (type levels).",
                  "start": "The value at the start: a level name, a number or true/false.",
                  "min": "Lowest value a number indicator can take (effects clamp to it).",
                  "max": "Highest value a number indicator can take (effects clamp to it).",
                  "description": "What the indicator measures.", "note": "Anything a reader should know."},
    "Assumption": {"value": "The stated value weights and guards use.",
                   "low": "The low end of the range sensitivity sweeps and --set accepts.",
                   "high": "The high end of the range sensitivity sweeps and --set accepts.",
                   "label": "What the assumption stands for, in words.",
                   "note": "Why this value: an assumption for discussion, not an estimate."},
    "Branch": {"label": "The option or event as outputs show it.", "to": "The id of the node this branch leads to.",
               "effects": "Changes to indicators: a number (move/add), a level name, true/false or {set: value}.",
               "when": "A guard: the branch is available only where this expression is true.",
               "sources": "Ids of the sources behind this branch.", "note": "Anything a reader should know.",
               "description": "A longer account of the branch."},
    "Node": {"type": "decision (an actor chooses), chance (uncertain) or outcome (an end).",
             "label": "The decision, event or outcome as outputs show it.",
             "description": "A longer account of the node.", "phase": "Diagrams group a phase's nodes together.",
             "sources": "Ids of the sources behind this node.", "tags": "Free words about the node.",
             "note": "Anything a reader should know.", "actor": "The id of the actor who decides (or acts).",
             "branches": "The options (decision) or possible events (chance); outcomes have none."},
}
_KEYED = {"nodes", "actors", "indicators", "assumptions", "sources", "values", "effects", "payoffs"}


def finish_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The pydantic schema with propertyNames, without null placeholders, with descriptions."""
    _walk(schema)
    for model, props in (("ScenarioFile", schema.get("properties", {})),
                         *((name, d.get("properties", {})) for name, d in schema.get("$defs", {}).items())):
        for key, text in _D.get(model, {}).items():
            if key in props and "description" not in props[key]:
                props[key]["description"] = text
    return schema


def _walk(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item)
        return
    if not isinstance(node, dict):
        return
    for key, prop in list(node.get("properties", {}).items()):
        if not isinstance(prop, dict):
            continue
        if prop.get("default", 0) is None:
            del prop["default"]
        options = prop.get("anyOf")
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            del prop["anyOf"]
            if len(rest) == 1:
                prop.update(rest[0])
            else:
                prop["anyOf"] = rest
        patterns = prop.get("patternProperties")
        if key in _KEYED and isinstance(patterns, dict) and len(patterns) == 1:
            prop["propertyNames"] = {"pattern": next(iter(patterns))}
    for value in node.values():
        _walk(value)
