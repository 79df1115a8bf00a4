"""`balance --reach`: for each option with a stance, whether some allowed assumption set makes it the choice.

A fairness check: a model whose analysis can never play what one side argues for
has decided the argument before the room starts.  For every decision option with
a stance, the search looks for a set of assumptions, each within its stated range
(weights, values and payoffs alike), under which the deciding actor chooses that
option, or counts it among its tied best, at a decision point the play reaches,
under some decision rule.  It samples the ranges (the stated values, random sets,
sets at the ends of the ranges), then searches locally around the sets that came
closest (the option's value to its actor against the best other option), and
counts every set it tried.  The sets are rolled back many at once (uncertainty's
vectorized rollback); a found set is rounded for pasting as `--set` and checked
again after rounding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.engine.core.runtime import CHANCE, DECISION
from scenarios.engine.core.scenario import Scenario

from .rollback import base_solution
from .rules import RULES
from .uncertainty.bulk import groups, play_many, sample_vector, solve_many, subset

UNREACHED = 1e12  # an objective's penalty where the play does not reach the decision point


@dataclass(frozen=True)
class Playable:
    """One stanced option and where (if anywhere) the search found it played."""

    node: str
    node_label: str
    actor: str
    label: str
    stance: str
    rules: tuple[str, ...]  # the rules under which some tried set plays it, in RULES order
    setting: dict[str, float] | None  # one such set: the assumptions that differ from the stated values
    rule: str | None  # the rule that set was found under
    note: str | None  # the branch's note (what a file says about an option no set plays)

    @property
    def played(self) -> bool:
        return self.rule is not None

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "node_label": self.node_label, "actor": self.actor, "option": self.label,
                "stance": self.stance, "played": self.played, "rule": self.rule, "rules": list(self.rules),
                "set": self.setting, "note": self.note}


@dataclass(frozen=True)
class Reachability:
    options: tuple[Playable, ...]  # never played first, then in file order
    tried: int  # assumption sets tried, over all rules
    varied: tuple[str, ...]  # the assumptions with a range (the others keep their stated value)
    alpha: float
    skipped: tuple[str, ...]  # rules that need weights the model lacks

    def to_dict(self) -> dict[str, Any]:
        return {"tried": self.tried, "varied": list(self.varied), "alpha": self.alpha,
                "skipped_rules": list(self.skipped), "options": [o.to_dict() for o in self.options]}


Target = tuple[int, int]  # (node number, branch index in the file)


class _Search:
    """The sets tried so far under one scenario, and the best one seen per option and rule."""

    def __init__(self, scenario: Scenario, alpha: float, targets: Sequence[Target]) -> None:
        self.scenario, self.alpha, self.targets = scenario, alpha, list(targets)
        rt = scenario.runtime
        specs = scenario.spec.assumptions
        self.low = np.array([specs[x].low if specs[x].low is not None else specs[x].value for x in rt.assumption_ids])
        self.high = np.array([specs[x].high if specs[x].high is not None else specs[x].value
                              for x in rt.assumption_ids])
        self.actor_index = {x: j for j, x in enumerate(scenario.spec.actors)}
        self.tried = 0
        self.found: dict[Target, dict[str, np.ndarray]] = {t: {} for t in self.targets}

    def unit(self, values: Sequence[float]) -> np.ndarray:
        span = np.where(self.high > self.low, self.high - self.low, 1.0)
        return np.clip((np.asarray(values, dtype=float) - self.low) / span, 0.0, 1.0)

    def values(self, unit: np.ndarray) -> np.ndarray:
        return self.low + unit * (self.high - self.low)

    def run(self, rule: str, unit: np.ndarray, targets: Sequence[Target]) -> dict[Target, np.ndarray]:
        """Try the sets (rows of `unit`) under `rule`; note where each target is played; its objective per set."""
        values = self.values(unit)
        return self.run_values(rule, values, targets)

    def run_values(self, rule: str, values: np.ndarray, targets: Sequence[Target]) -> dict[Target, np.ndarray]:
        m = len(values)
        self.tried += m
        columns = [values[:, j] for j in range(values.shape[1])]
        objective = {t: np.full(m, -np.inf) for t in targets}
        played = {t: np.zeros(m, dtype=bool) for t in targets}
        wanted = {n for n, _ in targets}
        rt = self.scenario.runtime
        for u, rows in groups(self.scenario, columns, m):
            sub = subset(columns, rows)
            watch = frozenset(i for i in range(len(u.keys)) if u.kind[i] == DECISION and u.keys[i][0] in wanted)
            many = solve_many(self.scenario, u, sub, len(rows), rule, self.alpha, self.actor_index, watch)
            reach = play_many(self.scenario, many, sub)
            base = None
            for i in watch:
                n = u.keys[i][0]
                branch_at = {b.index: pos for pos, (b, _) in enumerate(u.kids[i])}
                child = many.watched.get(i)
                if child is None:
                    base = base or many.base or base_solution(u, rt, self.actor_index, sample_vector(sub, 0), rule,
                                                              self.alpha)
                    d = self.actor_index[rt.nodes[n].actor]  # type: ignore[index]
                    child = [base.values[c][d] for _, c in u.kids[i]]  # type: ignore[index]
                hit = np.broadcast_to(reach.decisions.get(i, False), (len(rows),))
                best = many.choice[i]
                for t in targets:
                    if t[0] != n or t[1] not in branch_at:
                        continue
                    pos = branch_at[t[1]]
                    chosen = (((best >> pos) & 1).astype(bool) if isinstance(best, np.ndarray)
                              else np.full(len(rows), pos in best))
                    mine = np.broadcast_to(np.asarray(child[pos], dtype=float), (len(rows),))
                    others = [np.broadcast_to(np.asarray(v, dtype=float), (len(rows),))
                              for k, v in enumerate(child) if k != pos]
                    margin = mine - np.max(others, axis=0) if others else np.zeros(len(rows))
                    score = np.where(hit, margin, margin - UNREACHED)
                    objective[t][rows] = np.maximum(objective[t][rows], score)
                    played[t][rows] |= hit & chosen
        for t in targets:
            where = np.flatnonzero(played[t])
            if where.size and rule not in self.found[t]:
                self.found[t][rule] = values[where[0]]
        return objective


def reachability(scenario: Scenario, overrides: Mapping[str, float] | None = None, alpha: float = 0.5, *,
                 samples: int = 400, rounds: int = 4, seed: int = 0) -> Reachability:
    """Search the allowed assumption sets for each stanced option (see the module docstring)."""
    rt = scenario.runtime
    spec = scenario.spec
    targets = [(n, k) for n, node in enumerate(rt.nodes) if node.kind == DECISION
               for k, b in enumerate(spec.nodes[node.id].branches or []) if b.stance is not None]
    search = _Search(scenario, alpha, targets)
    rng = np.random.default_rng(seed)
    d = len(rt.assumption_ids)
    skipped = tuple(r for r, x in RULES.items() if x.needs_weights and _unweighted(scenario))
    rules = [r for r in RULES if r not in skipped]
    start = np.vstack([search.unit(rt.assumption_values), search.unit(scenario.assumption_values(overrides))])
    first = np.vstack([start, rng.random((samples, d)), (rng.random((samples // 2, d)) < 0.5).astype(float)])
    for rule in rules:
        objective = search.run(rule, first, targets)
        pool = {t: first[np.argsort(-objective[t])[:4]] for t in targets}
        for step in range(rounds):
            open_ = [t for t in targets if not search.found[t]]
            if not open_:
                break
            scale = 0.25 / (2 ** step)
            batch = []
            for t in open_:
                for point in pool[t]:
                    batch.append(np.clip(point + rng.normal(0.0, scale, (12, d)), 0.0, 1.0))
                    ends = np.repeat(point[None, :], 2 * d, axis=0)
                    for j in range(d):
                        ends[2 * j, j], ends[2 * j + 1, j] = 0.0, 1.0
                    batch.append(ends)
            candidates = np.vstack(batch)
            objective = search.run(rule, candidates, open_)
            for t in open_:
                merged = np.vstack([pool[t], candidates])
                scores = np.concatenate([np.full(len(pool[t]), -np.inf), objective[t]])
                pool[t] = merged[np.argsort(-scores)[:4]] if np.isfinite(scores).any() else pool[t]
    options = [_option(scenario, search, t, rules) for t in targets]
    options.sort(key=lambda o: o.played)  # stable: never played first, each group in file order
    varied = tuple(x for j, x in enumerate(rt.assumption_ids) if search.high[j] > search.low[j])
    return Reachability(tuple(options), search.tried, varied, alpha, skipped)


def _option(scenario: Scenario, search: _Search, t: Target, rules: Sequence[str]) -> Playable:
    rt = scenario.runtime
    node = rt.nodes[t[0]]
    branch = (scenario.spec.nodes[node.id].branches or [])[t[1]]
    found = search.found[t]
    rule = next((r for r in rules if r in found), None)
    setting = None
    if rule is not None:
        setting = _pasteable(search, rule, t, found[rule])
        if setting is None:  # rounding lost it (a tie at exact values): the exact numbers
            setting = {x: float(v) for x, v, s in zip(rt.assumption_ids, found[rule], rt.assumption_values,
                                                       strict=True) if v != s}
    actor = scenario.spec.actors[node.actor].name if node.actor in scenario.spec.actors else node.actor or ""
    return Playable(node.id, node.label, actor, branch.label, branch.stance or "",
                    tuple(r for r in rules if r in found), setting, rule, branch.note.strip() if branch.note else None)


def _pasteable(search: _Search, rule: str, t: Target, values: np.ndarray) -> dict[str, float] | None:
    """The set rounded to four significant digits, if the option is still played after rounding."""
    rt = search.scenario.runtime
    rounded = np.array([float(f"{v:.4g}") for v in values])
    rounded = np.clip(rounded, search.low, search.high)
    before = search.found[t].get(rule)
    search.found[t].pop(rule, None)
    search.run_values(rule, rounded[None, :], [t])
    kept = rule in search.found[t]
    search.found[t][rule] = before  # type: ignore[assignment]
    if not kept:
        return None
    return {x: float(v) for x, v, s in zip(rt.assumption_ids, rounded, rt.assumption_values, strict=True)
            if v != s}


def _unweighted(scenario: Scenario) -> bool:
    return any(node.kind == CHANCE and not node.weighted for node in scenario.runtime.nodes)
