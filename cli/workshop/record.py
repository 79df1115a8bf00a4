"""Steps and notes as people read them: node labels, who decided how, the tally with shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenarios.engine.text.i18n import N_, _
from scenarios.engine.text.wording import branch_weight
from scenarios.engine.workshop import Participant, Step
from scenarios.engine.workshop.standing import step_label
from scenarios.engine.workshop.voices import relabel

HOW = {"vote": N_("by vote"), "override": N_("overridden by the facilitator"),
       "tiebreak": N_("tie broken by the facilitator"), "chosen": N_("chosen by the facilitator"),
       "drawn": N_("drawn at random by the weights")}  # shown through _()


def step_view(scenario: Any, step: Step, origin: Any = None) -> dict[str, Any]:
    """A step as people read it, in the language of `scenario`; `origin`, for a session read in another language (a
    voice), is the session's scenario, in whose language the tally's and the weights' labels are kept."""
    node = scenario.spec.nodes[step.node]
    actor = scenario.spec.actors.get(node.actor) if node.actor else None
    total = sum((step.tally or {}).values())
    def say(label: str) -> str:
        return relabel(origin, scenario, step.node, label)

    tally = [{"label": say(label), "votes": n, "share": (n / total) if total else 0.0, "taken": label == step.label}
             for label, n in (step.tally or {}).items()]
    weights = [{"label": say(label), "share": share, "taken": label == step.label, "text": branch_weight(share)}
               for label, share in (step.weights or {}).items()]
    return {"id": step.id, "node": step.node, "node_label": node.label, "kind": node.type,
            "actor": actor.name if actor else None, "label": step_label(scenario, step), "how": step.how,
            "how_text": _(HOW[step.how]),
            "tally": tally, "votes": total, "weights": weights, "assumptions": step.assumptions or {},
            "created": step.created}


def author_label(author: str, participants: Mapping[str, Participant], show_names: bool) -> str:
    if author == "facilitator":
        return _("the facilitator")
    p = participants.get(author)
    return p.label(show_names) if p else _("a participant")
