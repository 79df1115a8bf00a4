"""Strategies across worlds (`uncertainty --strategy`): a fixed choice at one or more decision points,
evaluated on every sampled assumption set, with regret and satisficing measures of robustness.

A strategy commits its actors to one branch at each decision point it names (at every
state in which the point is met); every other decision, the committed actors' other
decisions included, is still made by the rule, so the other actors respond to the
commitment in each set.  The rollback of a strategy is the bulk rollback of the
unfolded scenario with the other branches of the fixed points taken away.

Regret of a strategy for an actor in a set: the actor's value under the best of the
strategies tested in that set, minus its value under this one (0 for the best).
Satisficing: the share of sets in which a criterion such as `us_exec >= 0` holds.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scenarios.engine.core.runtime import DECISION
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded
from scenarios.engine.errors import UsageError, did_you_mean
from scenarios.engine.text.i18n import N_, _

from .records import ValueSpread

SEPARATOR = " & "
HELP = N_("a strategy is NODE=BRANCH (a decision node and one of its branch labels), several joined by ' & ', "
          "or a decision node alone for one strategy per branch")  # shown through _()
MEASURES = ("mean_regret", "max_regret", "p90_regret", "satisficing")
OPS: dict[str, Callable[[Any, Any], Any]] = {">=": operator.ge, ">": operator.gt, "<=": operator.le,
                                             "<": operator.lt}


@dataclass(frozen=True)
class Strategy:
    name: str  # the branches it fixes, as a reader sees them
    text: str  # as written (NODE=BRANCH & …)
    fixes: tuple[tuple[int, int], ...]  # (node index, branch index in file order)
    actors: tuple[str, ...]  # whose choices it fixes


@dataclass(frozen=True)
class Criterion:
    """A satisficing threshold on one actor's value: `ACTOR OP NUMBER`."""

    text: str
    actor: str
    op: str
    threshold: float

    def holds(self, values: np.ndarray) -> np.ndarray:
        return OPS[self.op](values, self.threshold)  # type: ignore[no-any-return]


def parse_strategies(scenario: Scenario, texts: Sequence[str]) -> tuple[Strategy, ...]:
    """Each text: NODE=BRANCH [& NODE=BRANCH …], or NODE alone (one strategy per branch); one line when wrong."""
    found: list[Strategy] = []
    for text in texts:
        text = text.strip()
        if text and "=" not in text:
            node = _decision(scenario, text, text)
            for b in node.branches:
                found.append(_strategy(scenario, f"{text}={b.label}", [(text, b.label)]))
            continue
        parts = []
        for part in text.split(SEPARATOR.strip()):
            left, sep, right = part.partition("=")
            if not sep or not left.strip() or not right.strip():
                raise UsageError(_("--strategy {text}: {help}").format(text=repr(text), help=_(HELP)))
            parts.append((left.strip(), right.strip()))
        found.append(_strategy(scenario, text, parts))
    names = [s.text for s in found]
    for k, s in enumerate(found):
        if s.text in names[:k]:
            raise UsageError(_("--strategy {text} is given twice").format(text=repr(s.text)))
    short = [s.name for s in found]
    found = [s if short.count(s.name) == 1 else dataclasses.replace(s, name=s.text) for s in found]
    if len(found) == 1:
        raise UsageError(_("--strategy: regret compares strategies; give at least two (or a decision node alone, "
                           "one strategy per branch)"))
    return tuple(found)


def _decision(scenario: Scenario, text: str, node_id: str) -> Any:
    rt = scenario.runtime
    decisions = [n.id for n in rt.nodes if n.kind == DECISION]
    if node_id not in rt.index or rt.nodes[rt.index[node_id]].kind != DECISION:
        raise UsageError(_("--strategy {text}: '{node}' is not a decision node").format(text=repr(text), node=node_id)
                         + did_you_mean(node_id, decisions))
    return rt.nodes[rt.index[node_id]]


def _strategy(scenario: Scenario, text: str, parts: list[tuple[str, str]]) -> Strategy:
    fixes = []
    actors: list[str] = []
    seen = set()
    for node_id, label in parts:
        node = _decision(scenario, text, node_id)
        labels = [b.label for b in node.branches]
        if label not in labels:
            raise UsageError(_("--strategy {text}: decision '{node}' has no branch '{branch}'").format(
                text=repr(text), node=node_id, branch=label) + did_you_mean(label, labels) + "; "
                + _("its branches: {branches}").format(branches=", ".join(labels)))
        if node_id in seen:
            raise UsageError(_("--strategy {text}: '{node}' is fixed twice").format(text=repr(text), node=node_id))
        seen.add(node_id)
        fixes.append((scenario.runtime.index[node_id], labels.index(label)))
        if node.actor not in actors:
            actors.append(node.actor)
    return Strategy(SEPARATOR.join(label for _, label in parts), text, tuple(fixes), tuple(actors))


def parse_criteria(scenario: Scenario, texts: Sequence[str]) -> tuple[Criterion, ...]:
    """`ACTOR >= NUMBER` (or >, <=, <) for each --satisfice."""
    found = []
    for text in texts:
        match = re.fullmatch(r"\s*([A-Za-z_][\w-]*)\s*(>=|<=|>|<)\s*(\S+)\s*", text)
        number = None
        if match:
            try:
                number = float(match.group(3))
            except ValueError:
                number = None
        if not match or number is None or not np.isfinite(number):
            raise UsageError(_("--satisfice {text}: write ACTOR >= NUMBER (or >, <=, <), e.g. 'us_exec >= 0'")
                             .format(text=repr(text)))
        actor = match.group(1)
        if actor not in scenario.spec.actors:
            raise UsageError(_("--satisfice {text}: no actor '{actor}'").format(text=repr(text), actor=actor)
                             + did_you_mean(actor, scenario.spec.actors) + "; "
                             + _("the actors: {actors}").format(actors=", ".join(scenario.spec.actors)))
        found.append(Criterion(f"{actor} {match.group(2)} {number:g}", actor, match.group(2), number))
    return tuple(found)


def restrict(u: Unfolded, strategy: Strategy) -> tuple[Unfolded, int]:
    """`u` with only the fixed branch at each fixed decision vertex; and how many vertices do not offer it."""
    fixed = dict(strategy.fixes)
    branches, children = list(u.branches), list(u.children)
    missing = 0
    for i, (n, _s) in enumerate(u.keys):
        if u.kind[i] != DECISION or n not in fixed or not children[i]:
            continue
        kept = [k for k, b in enumerate(branches[i]) if b.index == fixed[n]]
        if kept:
            branches[i] = tuple(branches[i][k] for k in kept)
            children[i] = tuple(children[i][k] for k in kept)
        else:
            missing += 1  # a guard takes the branch away in this state: the actor decides by the rule here
    reach = _reachable(children, u.root)  # what the strategy cuts off is never rolled back again
    restricted = dataclasses.replace(u, branches=branches, children=children, solved={})
    for name in ("parent", "dynamic", "fixed", "share_groups"):  # as in `u` (the cut branches would give others)
        setattr(restricted, name, getattr(u, name))
    restricted.dirty = [i for i in u.dirty if reach[i]]
    restricted.scored = tuple(i for i in u.scored if reach[i])
    return restricted, missing


def _reachable(children: Sequence[tuple[int, ...]], root: int) -> list[bool]:
    seen = [False] * len(children)
    seen[root] = True
    for i in range(root, -1, -1):  # children first: a parent's number is above its children's
        if seen[i]:
            for c in children[i]:
                seen[c] = True
    return seen


class Restricted:
    """Each unfolded scenario restricted by each strategy, built once per run."""

    def __init__(self, strategies: Sequence[Strategy]):
        self.strategies = tuple(strategies)
        self._found: dict[int, tuple[Unfolded, list[Unfolded]]] = {}
        self.unoffered = [False] * len(strategies)  # a fixed branch is not offered somewhere

    def of(self, u: Unfolded) -> list[Unfolded]:
        found = self._found.get(id(u))
        if found is None or found[0] is not u:
            made = []
            for k, s in enumerate(self.strategies):
                r, missing = restrict(u, s)
                self.unoffered[k] |= missing > 0
                made.append(r)
            found = self._found[id(u)] = (u, made)
        return found[1]


@dataclass(frozen=True)
class StrategyActor:
    """One strategy, one actor: the value across the sets, its regret, and the share of sets satisficing."""

    actor: str
    value: ValueSpread
    mean_regret: float
    max_regret: float
    p90_regret: float
    best_share: float  # share of the sets in which this strategy is (among) the best for the actor
    satisficing: dict[str, float]  # criterion text → share of sets in which it holds (this actor's criteria)

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "value": self.value.to_dict(), "regret": {
            "mean": self.mean_regret, "max": self.max_regret, "p90": self.p90_regret},
            "best_in": self.best_share, "satisficing": dict(self.satisficing)}


@dataclass(frozen=True)
class StrategyResult:
    name: str
    text: str
    actors: tuple[str, ...]  # whose choices it fixes
    unoffered: bool  # somewhere a guard takes the fixed branch away, and the actor decides by the rule there
    per_actor: tuple[StrategyActor, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"strategy": self.text, "name": self.name, "fixes_choices_of": list(self.actors),
                "fixed_branch_not_always_offered": self.unoffered, "actors": [a.to_dict() for a in self.per_actor]}


@dataclass(frozen=True)
class Robustness:
    """Every strategy across the same sets; `most_robust[actor][measure]` names the best strategies by it."""

    strategies: tuple[StrategyResult, ...]
    criteria: tuple[str, ...]
    owner: str  # the actor whose choices the strategies fix (the first named)
    most_robust: dict[str, dict[str, list[str]]]  # several names where strategies tie
    values: np.ndarray = field(repr=False, compare=False)  # (strategies, sets, actors)

    def to_dict(self) -> dict[str, Any]:
        return {"note": OTHERS, "satisfice": list(self.criteria), "owner": self.owner,
                "strategies": [s.to_dict() for s in self.strategies], "most_robust": self.most_robust}


OTHERS = N_("Each strategy fixes the choices it names in every sampled set; every other decision, the other "
            "actors' included, is still made by the rule, so they respond to it. Regret is against the best "
            "of the strategies tested in each set.")  # shown through _()


def regret(values: np.ndarray) -> np.ndarray:
    """(strategies, sets, actors) values → regrets: the best strategy's value in each set minus each one's."""
    return values.max(axis=0, keepdims=True) - values  # type: ignore[no-any-return]


def robustness(strategies: Sequence[Strategy], values: np.ndarray, actors: Sequence[str],
               criteria: Sequence[Criterion], unoffered: Sequence[bool]) -> Robustness:
    """Measures of each strategy for each actor from the (strategies, sets, actors) values."""
    r = regret(values)
    best = r <= 1e-9 * np.maximum(1.0, np.abs(values.max(axis=0, keepdims=True)))
    results = []
    for k, s in enumerate(strategies):
        per_actor = []
        for a, actor in enumerate(actors):
            mine = r[k, :, a]
            shares = {c.text: float(np.count_nonzero(c.holds(values[k, :, a]))) / values.shape[1]
                      for c in criteria if c.actor == actor}
            per_actor.append(StrategyActor(actor, ValueSpread.of(values[k, :, a]), float(mine.mean()),
                                           float(mine.max()), float(np.percentile(mine, 90)),
                                           float(np.count_nonzero(best[k, :, a])) / values.shape[1], shares))
        results.append(StrategyResult(s.name, s.text, s.actors, unoffered[k], tuple(per_actor)))
    most: dict[str, dict[str, list[str]]] = {}
    for a, actor in enumerate(actors):
        rows = [res.per_actor[a] for res in results]
        scores: dict[str, list[float]] = {  # higher is better
            "mean_value": [row.value.mean for row in rows], "mean_regret": [-row.mean_regret for row in rows],
            "max_regret": [-row.max_regret for row in rows], "p90_regret": [-row.p90_regret for row in rows]}
        for c in criteria:
            if c.actor == actor:
                scores[f"satisficing: {c.text}"] = [row.satisficing[c.text] for row in rows]
        most[actor] = {measure: _best_of(results, score) for measure, score in scores.items()}
    owner = strategies[0].actors[0] if strategies and strategies[0].actors else actors[0]
    return Robustness(tuple(results), tuple(c.text for c in criteria), owner, most, values)


def _best_of(results: Sequence[StrategyResult], score: Sequence[float]) -> list[str]:
    """The strategies with the best score (several where they tie, within rounding)."""
    top = max(score)
    return [res.name for res, x in zip(results, score, strict=True) if x >= top - 1e-9 * max(1.0, abs(top))]
