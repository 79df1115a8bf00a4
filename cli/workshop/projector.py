"""The projector's screen: what the room should see, and nothing else (no control, no setting, no name unless the
facilitator shows names), built from the big screen's view so it costs one more small dict per change.

The page is read-only and opened by its own link (`/projector?key=…`), which works in any
browser (a second computer drives the projector) until the facilitator renews it.
"""

from __future__ import annotations

from typing import Any

from scenarios.engine.text.i18n import _, language
from scenarios.engine.text.names import contracted

PATH_SHOWN = 6  # the last steps shown in the strip; the earlier ones are counted


def projector_view(screen: dict[str, Any], join_url: str) -> dict[str, Any]:
    """The room's view of the session, as words and numbers the page lays out."""
    p = screen["position"]
    by_id = {st["id"]: st for st in screen["steps"]}
    path = [by_id[i] for i in screen["current"] if i in by_id]
    tally = screen["tally"]
    votes = {b["index"]: b["votes"] for b in tally["branches"]} if tally else {}
    names = (tally or {}).get("names") or {}  # present only when the facilitator shows names
    most = max(votes.values(), default=0)
    return {
        "version": screen["version"], "title": screen["title"], "disclaimer": screen["disclaimer"],
        "note": screen["note"], "code": screen["code"], "join_url": join_url, "ended": screen["ended"],
        "people": len(screen["participants"]),
        "kind": _kind(p), "label": p["label"], "question": _question(p),
        "status": _status(screen, tally),
        "branches": [{"label": b["label"], "votes": votes.get(b["index"]) if tally else None,
                      "share": (votes.get(b["index"], 0) / most) if most else 0.0,
                      "names": names.get(str(b["index"]), []), "weight": b.get("weight_text")}
                     for b in p["branches"]],
        "indicators": p["indicators"] if p["outcome"] else {},
        "path": [{"node": st["node_label"], "label": st["label"]} for st in path[-PATH_SHOWN:]],
        "earlier": max(0, len(path) - PATH_SHOWN),
    }


def _kind(p: dict[str, Any]) -> str:
    if p["decision"]:
        return contracted(_("A decision for {actor}").format(actor=p["actor_said"]), language())
    return _("An uncertain event") if p["chance"] else _("An outcome: this path ends here")


def _question(p: dict[str, Any]) -> str:
    if p["decision"]:
        return contracted(_("What should {actor} do?").format(actor=p["actor_said"]), language())
    return _("What happens next?") if p["chance"] else ""


def _status(screen: dict[str, Any], tally: dict[str, Any] | None) -> str:
    if screen["ended"]:
        return _("The session has ended. Thank you!")
    if tally:
        return _("Vote open: {voted} of {eligible} have voted").format(voted=tally["voted"], eligible=tally["eligible"])
    p = screen["position"]
    if p["decision"]:
        return _("Waiting for the vote to open.")
    return _("The facilitator draws by the weights or picks what happens.") if p["chance"] else ""
