"""The words of a drawing that follow the assumptions, by the ids its SVG carries (`e:FROM:TO`, `n:NODE`).

A page lays a view out once with Graphviz and swaps these words in as the assumptions move,
so a slider never waits for a new layout; the words are the renderer's own, as
`scenarios render --assumptions` draws them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import diagram, labels
from .dot import detail_lines
from .space import reach
from .text import text_lines
from .view import make_view


def drawn_texts(scenario: Any, assumptions: Mapping[str, float] | None = None, fold: Sequence[str] = (),
                direction: str = "LR") -> dict[str, Any]:
    """Each edge's weight-and-guard lines (by SVG id), each stub's label, and the notes under the title."""

    view = make_view(scenario, {"assumptions": dict(assumptions or {}), "fold": tuple(fold), "direction": direction})
    d = diagram(scenario, view)
    edges: dict[str, list[str]] = {}
    for e in d.edges:
        edges.setdefault(f"e:{e.source}:{e.target}", []).extend(detail_lines(e))
    return {"edges": edges, "stubs": {f"n:{n.id}": n.label for n in d.nodes if n.kind == "stub"},
            "notes": [line for note in d.notes for line in text_lines(note)]}


def layout_shape(texts: Mapping[str, Any]) -> tuple[Any, ...]:
    """What must match for `texts` to be swapped into a drawing: the same edges, stubs and line counts."""
    return (tuple((k, len(v)) for k, v in texts["edges"].items()), tuple(texts["stubs"]), len(texts["notes"]))


def branch_shares(scenario: Any, assumptions: Mapping[str, float] | None = None) -> dict[str, list[str | None]]:
    """Each chance branch's normalized weight as the drawing writes it (a range where it depends on the
    path), by node id and branch position; nodes none of whose branches has a weight are left out."""

    rt = scenario.runtime
    space = reach(scenario, scenario.assumption_values(assumptions))
    out: dict[str, list[str | None]] = {}
    for nid, node in scenario.spec.nodes.items():
        n = rt.index[nid]
        found = [space.shares.get((n, k)) for k in range(len(node.branches or []))]
        if any(found):
            out[nid] = [labels.share_range(*share) if share else None for share in found]
    return out
