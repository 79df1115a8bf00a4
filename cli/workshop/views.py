"""What each screen shows, as JSON: the phones' shared view, one participant's own, and the big screen.

Names and notes go out as data and are inserted as text by the pages, never as HTML.
Votes are counted per branch; who voted what appears only when the facilitator shows names.
Who may vote is the engine's `may_vote`: a phone is told whether it may, and never works it out.
"""

from __future__ import annotations

from typing import Any

from scenarios.engine.analysis.facts import slider
from scenarios.engine.text.i18n import N_, _, language
from scenarios.engine.text.names import contracted
from scenarios.engine.workshop import Participant, Workshop
from scenarios.engine.workshop.play import follow
from scenarios.engine.workshop.spread import spread
from scenarios.engine.workshop.standing import step_label
from scenarios.engine.workshop.voting import may_vote
from scenarios.engine.workshop.worth import branch_values

from .diagram import marks
from .dots import spread_svg
from .record import author_label, step_view

NOTE = N_("Weights, values and draws follow from the group's stated assumptions; they are not forecasts.")


def public_view(w: Workshop) -> dict[str, Any]:
    """What every phone sees: the node, its branches, the open vote, the roles and the assumptions to set."""
    s = w.scenario
    settings = w.settings
    position = w.standing.position()
    vote = position.pop("round")
    if vote and settings["show_values"]:
        values, why = branch_values(s, w.standing.spot(), w.standing.group_vector(), settings["rule"],
                                    settings["alpha"])
        position["values"] = {str(k): v for k, v in values.items()}
        position["values_note"] = why or contracted(_("value to {actor} under the rule '{rule}'").format(
            actor=position["actor_said"], rule=settings["rule"]), language())
    position["path"] = [p["label"] for p in position["path"]]
    position["indicators"] = _by_label(s, position["indicators"])
    return {
        "title": s.title, "disclaimer": s.disclaimer, "note": _(NOTE), "position": position, "round": vote,
        "ended": w.record.ended() is not None, "participant_notes": settings["participant_notes"],
        "roles": [{"id": k, "name": a.name} for k, a in s.spec.actors.items()],
        "assumptions": [{"name": k, "label": a.label or k, "note": (a.note or "").strip(), "low": a.low,
                         "high": a.high, "value": a.value, "slider": slider(a)} for k, a in s.spec.assumptions.items()],
    }


def phone_view(public: dict[str, Any], role: str | None) -> dict[str, Any]:
    """What the phones of one role see: the shared view, and whether they may vote in the open vote."""
    vote = public["round"]
    return {**public, "may_vote": bool(vote) and may_vote(vote["voters"], public["position"]["actor"], role)}


def my_view(w: Workshop, me: Participant, csrf: str, phone: dict[str, Any]) -> dict[str, Any]:
    """One participant's page after a (re)load: their role's view (`phone`, built once for the role) plus their own."""
    vote = phone["round"]
    roles = {r["id"]: r["name"] for r in phone["roles"]}
    return {"me": {"number": me.number, "name": me.name, "role": me.role, "role_name": roles.get(me.role or "")},
            "csrf": csrf, "my_vote": w.record.my_vote(me.id, vote["id"]) if vote else None,
            "my_assumptions": w.record.assumption_set(me.id), "public": phone, "version": w.version}


def screen_view(w: Workshop, before: dict[str, Any] | None = None) -> dict[str, Any]:
    """The facilitator's big screen: everything but the heavy analysis (fetched on its own).

    `before`, the view built since the last change other than a vote, is reused with only
    the tally recounted: during a vote, nothing else moves.
    """
    if before is not None:
        return {**before, "version": w.version, "tally": _tally(w, before)}
    s = w.scenario
    settings = w.settings
    participants = w.record.participants()
    by_id = {p.id: p for p in participants}
    show = settings["show_names"]
    position = w.standing.position()
    vote = position.pop("round")
    position["indicators"] = _by_label(s, position["indicators"])
    current = w.standing.path()
    steps = w.record.steps()
    view = {
        "version": w.version, "code": w.code, "title": s.title, "disclaimer": s.disclaimer, "note": _(NOTE),
        "settings": settings, "ended": w.record.ended() is not None, "position": position, "round": vote, "tally": None,
        "participants": [{"number": p.number, "label": p.label(show), "role": p.role} for p in participants],
        "roles": [{"id": k, "name": a.name, "count": sum(p.role == k for p in participants)}
                  for k, a in s.spec.actors.items()],
        "steps": [step_view(s, st, w.origin) | {"parent": st.parent, "undone": st.undone} for st in steps],
        "current": [st.id for st in current],
        "marks": marks(s, w.standing.played_paths(), current),
        "paths": [_path_summary(w, chain) for chain in w.standing.played_paths()],
        "notes": [{"text": n.text, "author": author_label(n.author, by_id, show),
                   "node": s.spec.nodes[n.node].label if n.node in s.spec.nodes else "", "step": n.step}
                  for n in w.record.notes()],
        # drawn once per change of the participants' values (shared by every view built until then: not to be changed)
        "spread": w.standing.from_sets("spread", lambda sets: [with_svg(r.to_dict()) for r in spread(s, sets)]),
        "assumption_sets": w.standing.from_sets("count", len),
    }
    view["tally"] = _tally(w, view)
    return view


def _tally(w: Workshop, view: dict[str, Any]) -> dict[str, Any] | None:
    """The open vote's count per branch, how many of those who may vote did, and (if shown) who voted what."""
    vote, position = view["round"], view["position"]
    if not vote:
        return None
    counts = w.standing.tally(vote["id"])
    labels = {b["index"]: b["label"] for b in position["branches"]}
    eligible = sum(may_vote(vote["voters"], position["actor"], p["role"]) for p in view["participants"])
    ballots = w.record.ballots(vote["id"])
    names = None
    if view["settings"]["show_names"]:
        # participants are kept by the session: a recount while votes arrive reads none of them again
        names = {str(k): [w.people.participant(p).label(True) for p, b in ballots if b == k] for k in counts}
    return {"branches": [{"index": k, "label": labels.get(k, "?"), "votes": n} for k, n in counts.items()],
            "voted": len(ballots), "eligible": eligible, "names": names}


def shown_indicators(s: Any, state: Any) -> dict[str, str]:
    """Each indicator by its label, with a level as the file labels it (in the session's language)."""
    return _by_label(s, s.shown_values(state))


def _by_label(s: Any, indicators: dict[str, str]) -> dict[str, str]:
    """Indicator values keyed by each indicator's label (its id where it has none), for people to read."""
    return {s.spec.indicators[k].label or k: v for k, v in indicators.items()}


def with_svg(row: dict[str, Any]) -> dict[str, Any]:
    """A spread row with its dot plot drawn on the server (the page inserts it as it is)."""

    return {**row, "svg": spread_svg(row)}


def _path_summary(w: Workshop, chain: list[Any]) -> dict[str, Any]:
    s = w.scenario
    spot = follow(s, [(st.node, st.branch) for st in chain])
    node = s.runtime.nodes[spot.node]
    ended = node.kind == 2
    return {"steps": [step_label(s, st) for st in chain], "how": [st.how for st in chain], "last": chain[-1].id,
            "end": node.label, "outcome": ended,
            "indicators": shown_indicators(s, spot.state),
            "scores": s.score_at(spot.node, spot.state) if ended else None}
