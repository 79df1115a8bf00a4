"""The balance report: what each actor can do, what it values, where it is named, what the rules advise it.

Editors run it before a workshop to see how a model is built, side by side for
every actor: its decisions and their options by stance (cooperative, escalatory,
neutral), the indicators it values and with what sign, the outcomes whose labels
name it, and the choice each decision rule makes for it at the stated
assumptions, ties shown as ties.  Gaps (an actor who decides nothing, a decision
without a cooperative or an escalatory option, an option without a stance) are
listed plainly; the report judges nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import N_, _
from scenarios.engine.text.names import said

from .analyze import analyze
from .rules import RULES

STANCES = ("cooperative", "escalatory", "neutral")
GENERIC_WORDS = frozenset({"Government", "The", "Of", "And", "For"})


@dataclass(frozen=True)
class Option:
    label: str
    stance: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "stance": self.stance}


@dataclass(frozen=True)
class Decision:
    """One decision node of the actor, its options, and each rule's choices wherever its play reaches it."""

    node: str
    label: str
    options: tuple[Option, ...]
    by_rule: dict[str, tuple[str, ...] | None]  # rule → distinct choices (choice_text); () not reached; None n/a

    def stances(self, stance: str | None) -> tuple[str, ...]:
        return tuple(o.label for o in self.options if o.stance == stance)

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "label": self.label, "options": [o.to_dict() for o in self.options],
                "by_stance": {s or "none": list(self.stances(s)) for s in (*STANCES, None) if self.stances(s)},
                "by_rule": {r: None if c is None else list(c) for r, c in self.by_rule.items()}}


@dataclass(frozen=True)
class Mention:
    outcome: str
    label: str
    word: str  # the word of the actor's name (or the whole name) found in the label

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "label": self.label, "word": self.word}


@dataclass(frozen=True)
class ActorBalance:
    id: str
    name: str
    note: str | None
    decisions: tuple[Decision, ...]
    values: dict[str, float]  # indicator → weight in the actor's score (sign: + wants more of it)
    payoffs: int  # outcomes that give it a payoff
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "note": self.note,
                "decisions": [d.to_dict() for d in self.decisions], "values": dict(self.values),
                "payoff_outcomes": self.payoffs, "mentioned_in": [m.to_dict() for m in self.mentions]}


@dataclass(frozen=True)
class Gap:
    """What one actor or one decision lacks, in one plain sentence."""

    actor: str
    node: str | None  # None: the actor has no decision at all
    kinds: tuple[str, ...]  # "no decision", "no cooperative option", "no escalatory option", "no stance"
    unstanced: tuple[str, ...]  # the options without a stance
    text: str
    note: str | None  # what the file says there (the actor's or the node's note), if anything

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "node": self.node, "kinds": list(self.kinds),
                "unstanced": list(self.unstanced), "text": self.text, "note": self.note}


@dataclass(frozen=True)
class Balance:
    scenario: str
    title: str
    assumptions: dict[str, float]
    rules: tuple[str, ...]
    alpha: float
    actors: tuple[ActorBalance, ...]
    gaps: tuple[Gap, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "title": self.title, "assumptions": dict(self.assumptions),
                "rules": list(self.rules), "alpha": self.alpha, "actors": [a.to_dict() for a in self.actors],
                "gaps": [g.to_dict() for g in self.gaps]}


def balance(scenario: Scenario, assumptions: Mapping[str, float] | None = None, alpha: float = 0.5) -> Balance:
    """The balance report of a scenario at the stated assumptions (with `assumptions` overriding them)."""
    spec = scenario.spec
    a = scenario.assumption_values(assumptions)
    choices = _choices_by_rule(scenario, assumptions, alpha)
    actors = []
    gaps: list[Gap] = []
    for aid, actor in spec.actors.items():
        decisions = []
        for nid, node in spec.nodes.items():
            if node.type != "decision" or node.actor != aid:
                continue
            options = tuple(Option(b.label, b.stance) for b in node.branches or [])
            by_rule = {rule: None if found is None else tuple(dict.fromkeys(found.get(nid, ())))
                       for rule, found in choices.items()}
            decision = Decision(nid, node.label, options, by_rule)
            decisions.append(decision)
            gap = _decision_gap(aid, actor.name, decision, _clean(node.note))
            if gap:
                gaps.append(gap)
        if not decisions:
            gaps.append(Gap(aid, None, ("no decision",), (),
                            _("{actor} ({id}) has no decision in this model.").format(actor=actor.name, id=aid),
                            _clean(actor.note)))
        payoffs = sum(1 for n in spec.nodes.values() if n.type == "outcome" and aid in n.payoffs)
        actors.append(ActorBalance(aid, actor.name, _clean(actor.note), tuple(decisions), dict(actor.values), payoffs,
                                   _mentions(scenario, actor.name, aid)))
    return Balance(scenario.name, scenario.title, dict(zip(scenario.runtime.assumption_ids, a, strict=True)),
                   tuple(RULES), alpha, tuple(actors), tuple(gaps))


def _clean(text: str | None) -> str | None:
    """`text` on one line; a no-break space ("EE. UU.") is kept, not split on."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip() or None if text else None


def _decision_gap(aid: str, name: str, d: Decision, note: str | None) -> Gap | None:
    kinds = [f"no {stance} option" for stance in ("cooperative", "escalatory") if not d.stances(stance)]
    unstanced = d.stances(None)
    if unstanced:
        kinds.append("no stance")
    if not kinds:
        return None
    parts = [_(MISSING[stance]) for stance in ("cooperative", "escalatory") if not d.stances(stance)]
    if unstanced:
        parts.append(_("no stance on {options}").format(options=", ".join(f"'{o}'" for o in unstanced)))
    return Gap(aid, d.node, tuple(kinds), unstanced,
               said(_("'{decision}' ({id}), a decision of {actor}: {gaps}."),
                    decision=d.label, id=d.node, actor=name, gaps="; ".join(parts)), note)


MISSING = {"cooperative": N_("no cooperative option"), "escalatory": N_("no escalatory option")}


def _choices_by_rule(scenario: Scenario, assumptions: Mapping[str, float] | None,
                     alpha: float) -> dict[str, dict[str, list[str]] | None]:
    """rule → decision node → the choice at each decision point its play reaches (None: the rule needs weights)."""

    result: dict[str, dict[str, list[str]] | None] = {}
    for rule in RULES:
        try:
            analysis = analyze(scenario, rule, alpha, assumptions)
        except UsageError:
            if RULES[rule].needs_weights:
                result[rule] = None
                continue
            raise
        found: dict[str, list[str]] = {}
        for c in analysis.choices:
            found.setdefault(c.node, []).append(c.text)
        result[rule] = found
    return result


def _mentions(scenario: Scenario, name: str, aid: str) -> tuple[Mention, ...]:
    """Outcomes whose label names the actor: its whole name, its id, or a capitalized word of its name."""
    words = [name, aid.replace("_", " ")]
    words += [w for w in re.findall(r"[A-Z][\w'’-]*", name) if w not in GENERIC_WORDS and w != name]
    result = []
    for oid, node in scenario.spec.nodes.items():
        if node.type != "outcome":
            continue
        for word in dict.fromkeys(words):
            flags = re.IGNORECASE if word in (name, aid.replace("_", " ")) else 0
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", node.label, flags):
                result.append(Mention(oid, node.label, word))
                break
    return tuple(result)
