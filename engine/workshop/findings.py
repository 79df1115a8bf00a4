"""What the room's disagreement changes, each said once: the thresholds it straddles and the decisions on its path.

`group_analysis` lists a threshold for every place in the tree where a choice flips, and
the same decision is reached along many histories, so one flip ("the choice at X flips
from A to B at 0.5") can stand there dozens of times.  A finding is that flip counted once,
with how many places it holds in.  The strongest comes first: one on the path the room
played (or the next step) before one elsewhere, then the one the room is split on most
evenly (most participants on the smaller side of the value), then the one holding in more
places.  All of it follows from the assumptions people stated; none of it is a forecast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def _near(history: Sequence[str], labels: Sequence[str], ahead: int) -> bool:
    """A decision reached after `history` is on the played path (`labels`), or at most `ahead` steps past its end."""
    n = len(labels)
    if len(history) <= n:
        return list(history) == list(labels[:len(history)])
    return len(history) - n <= ahead and list(history[:n]) == list(labels)


def findings(analysis: Mapping[str, Any], played: Sequence[str]) -> list[dict[str, Any]]:
    """Every threshold inside the room's spread, once, the strongest first.

    `played` is the labels of the branches taken on the path played.  Each finding is
    {"assumption", "label", "value", "node", "from", "to", "below", "above", "places", "on_path"}:
    `below`/`above` count the participants on each side of the value.
    """
    return ranked(flips(analysis), played)


def flips(analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The findings before the path is known: each flip inside the room's spread once, with the places it holds in
    (`histories`) and their parents (`parents`), so that `ranked` tells one near the path without reading each.
    The room's worker sends these rather than every threshold (5,696 on mexico's 300 sets)."""
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in analysis.get("spread") or ():
        values = row.get("values") or ()
        for t in row.get("crossed") or ():
            key = (row["name"], round(float(t["value"]), 6), t["node"], t["from"], t["to"])
            history = tuple(t.get("history") or ())
            if key in found:
                found[key]["places"] += 1
            else:
                found[key] = {"assumption": row["name"], "label": row.get("label") or row["name"],
                              "value": t["value"], "node": t["node"], "from": t["from"], "to": t["to"],
                              "below": sum(1 for v in values if v < t["value"]),
                              "above": sum(1 for v in values if v > t["value"]), "places": 1,
                              "histories": set(), "parents": set()}
            found[key]["histories"].add(history)
            if history:
                found[key]["parents"].add(history[:-1])
    return list(found.values())


def ranked(found: Sequence[Mapping[str, Any]], played: Sequence[str]) -> list[dict[str, Any]]:
    """`flips` as findings, the strongest first: one is on the path when one of its places is reached along the path
    played or one step past its end (`_near` with one step ahead)."""
    path = tuple(played)
    before = {path[:n] for n in range(len(path) + 1)}  # the places reached along the path, the start included
    out = [{**{k: v for k, v in f.items() if k not in ("histories", "parents")},
            "on_path": not before.isdisjoint(f["histories"]) or path in f["parents"]} for f in found]
    return sorted(out, key=lambda f: (not f["on_path"], -min(f["below"], f["above"]), -f["places"],
                                      f["label"], f["value"]))


def path_decisions(analysis: Mapping[str, Any], played: Sequence[str], at_decision: bool) -> list[dict[str, Any]]:
    """The compared decisions on the path played and the next one, not the whole tree.

    `played` is the labels of the branches taken; `at_decision` says whether the group
    stands at a decision (the next one is then where it stands; at a chance event, the
    decisions one draw ahead).
    """
    comparison = analysis.get("comparison") or {}
    ahead = 0 if at_decision else 1
    return [d for d in comparison.get("decisions") or () if _near(d.get("history") or (), played, ahead)]


def choice_counts(decision: Mapping[str, Any], median: str = "median") -> list[tuple[str, int]]:
    """How many participants' sets lead to each choice at a compared decision, most first."""
    counts: dict[str, int] = {}
    for group, choice in (decision.get("by_group") or {}).items():
        if group != median and choice:
            counts[choice] = counts.get(choice, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
