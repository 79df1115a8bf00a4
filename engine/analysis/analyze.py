"""`analyze`: roll a scenario back under one decision rule and report the play that follows.

The play is what happens if every actor decides by the rule from its own point of
view: values, each decision point's choice (unfolded by state), the resulting
paths with their weights, and the expected final indicators where weights exist.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from scenarios.engine.core.runtime import CHANCE, DECISION, Runtime
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded, branch_shares
from scenarios.engine.text.i18n import in_language, language

from .records import Analysis, Choice, Later, PlayPath, RuleRow, Trail, choice_text
from .rollback import Solution, check_rule, played, solve, unfold_solved
from .rules import RULES

PATH_LIMIT = 1000
Links = dict[int, tuple[int, ...] | None]


def analyze(scenario: Scenario, rule: str = "expected", alpha: float = 0.5,
            assumptions: Mapping[str, float] | None = None, *, path_limit: int = PATH_LIMIT) -> Analysis:
    """Roll the model back under `rule` (see RULES) with `assumptions` overriding the stated values."""
    check_rule(rule, alpha)
    a = scenario.assumption_values(assumptions)
    actor_index = {x: k for k, x in enumerate(scenario.spec.actors)}
    u, solution = unfold_solved(scenario, a, actor_index, rule, alpha)
    return analyze_at(scenario, a, u, solution, rule, alpha, actor_index, path_limit=path_limit)


def analyze_at(scenario: Scenario, a: Sequence[float], u: Unfolded, solution: Solution, rule: str, alpha: float,
               actor_index: dict[str, int], *, path_limit: int = PATH_LIMIT, table: bool = True) -> Analysis:
    """The Analysis of a rollback already solved under `rule` at assumption vector `a`; `table=False` leaves
    out the table of every rule's choices (`rules`: four more rollbacks), which `compare` does not show."""
    rt = scenario.runtime
    actors = list(actor_index)
    order = played(u, solution)
    links: Links = dict(order)
    paths = trails_of(u, solution)
    choices = tuple(_choice(u, rt, solution, actor_index, i, paths[i]) for i, _ in order if u.kind[i] == DECISION)
    root = solution.values[u.root] or ()
    return Analysis(
        scenario=scenario.name, title=scenario.title, rule=rule, alpha=alpha,
        assumptions=dict(zip(rt.assumption_ids, a, strict=True)),
        values=dict(zip(actors, root, strict=True)), choices=choices,
        paths=tuple(_paths(scenario, u, rt, solution, a, actors, path_limit)),
        path_count=_count(u, solution, links), indicators=_indicators(u, rt, solution, a, links),
        unweighted=u.unweighted,
        rules=Later(_later_table(u, rt, actor_index, a, rule, alpha, solution)) if table else (),
        expected_values=_expected_scores(u, rt, solution, a, links, actors) if u.risk else None)


def trails(u: Unfolded, order: list[tuple[int, tuple[int, ...] | None]]) -> dict[int, Trail | None]:
    """The history of each vertex of a play, built in one pass (parents come first in depth-first order)."""
    result: dict[int, Trail | None] = {}
    for i, link in order:
        if link is None:
            result[i] = None
        else:
            p, k = link
            result[i] = Trail(result[p], u.branches[p][k].label)
    return result


def trails_of(u: Unfolded, solution: Solution) -> dict[int, Trail | None]:
    """`trails` of the solution's play, kept on the solution (callers only read it)."""
    found = solution.memo.get("trails")
    if found is None:
        found = solution.memo["trails"] = trails(u, played(u, solution))
    return found  # type: ignore[no-any-return]


def _choice(u: Unfolded, rt: Runtime, solution: Solution, actor_index: dict[str, int], i: int,
            trail: Trail | None) -> Choice:
    node = rt.nodes[u.keys[i][0]]
    d = actor_index[node.actor]  # type: ignore[index]
    branches = u.branches[i]
    values = {b.label: solution.values[c][d]  # type: ignore[index]
              for b, c in zip(branches, u.children[i], strict=True)}
    best = tuple(branches[k].label for k in solution.best[i])
    return Choice(node.id, node.label, node.actor or "", best, values, trail)


def _next(u: Unfolded, solution: Solution, i: int) -> Sequence[int]:
    if u.kind[i] == DECISION:
        return solution.best[i]
    return range(len(u.children[i]))


def _paths(scenario: Scenario, u: Unfolded, rt: Runtime, solution: Solution, a: Sequence[float],
           actors: list[str], limit: int) -> list[PlayPath]:
    result: list[PlayPath] = []
    stack: list[tuple[int, Any, float | None]] = [(u.root, None, 1.0)]
    while stack and len(result) < limit:
        i, link, w = stack.pop()
        kids = u.children[i]
        if not kids:
            steps = []
            while link is not None:
                (p, k), link = link
                steps.append((rt.nodes[u.keys[p][0]].id, u.branches[p][k].label))
            score = solution.values[i] or ()
            result.append(PlayPath(tuple(reversed(steps)), rt.nodes[u.keys[i][0]].id, w,
                                   dict(zip(actors, score, strict=True))))
            continue
        p = _shares(u, rt, i, a) if u.kind[i] == CHANCE else None
        for k in reversed(_next(u, solution, i)):
            weight = w if u.kind[i] == DECISION else (None if p is None or w is None else w * p[k])
            stack.append((kids[k], ((i, k), link), weight))
    return result


def _shares(u: Unfolded, rt: Runtime, i: int, a: Sequence[float]) -> list[float] | None:
    """`shares` of chance vertex i, for the few vertices of a play (without sorting every chance vertex first)."""
    n, s = u.keys[i]
    return branch_shares(rt, u.name, n, s, u.branches[i], a)


def _count(u: Unfolded, solution: Solution, links: Links) -> int:
    count: dict[int, int] = {}
    for i in sorted(links):  # the play's vertices, children first
        kids = u.children[i]
        count[i] = sum(count[kids[k]] for k in _next(u, solution, i)) if kids else 1
    return count[u.root]


def _indicators(u: Unfolded, rt: Runtime, solution: Solution, a: Sequence[float],
                links: Links) -> dict[str, float | None]:
    """Expected final value of each indicator along the play (level position for levels; a flag's share true)."""
    width = len(rt.indicator_ids)
    root = _expect(u, rt, solution, a, links, lambda i: tuple(float(v) for v in u.keys[i][1][:width]), width)
    return {ind: None if root is None else root[j] for j, ind in enumerate(rt.indicator_ids)}


def _expected_scores(u: Unfolded, rt: Runtime, solution: Solution, a: Sequence[float], links: Links,
                     actors: list[str]) -> dict[str, float | None]:
    """Each actor's expected score along the play under the stated weights (None where a chance node has none)."""
    root = _expect(u, rt, solution, a, links, lambda i: solution.values[i], len(actors))
    return {x: None if root is None else root[j] for j, x in enumerate(actors)}


def _expect(u: Unfolded, rt: Runtime, solution: Solution, a: Sequence[float], links: Links,
            leaf: Callable[[int], tuple[float, ...] | None], width: int) -> tuple[float, ...] | None:
    """The expectation along the play of numbers given at each end vertex by `leaf` (None without weights)."""
    expect: dict[int, tuple[float, ...] | None] = {}
    for i in sorted(links):  # the play's vertices, children first
        kids = u.children[i]
        if not kids:
            expect[i] = leaf(i)
        else:
            p: list[float] | None
            if u.kind[i] == DECISION:  # an indifferent actor's best branches count equally
                best = solution.best[i]
                p, parts = [1 / len(best)] * len(best), [expect[kids[k]] for k in best]
            else:
                p, parts = _shares(u, rt, i, a), [expect[c] for c in kids]
            if p is None or any(x is None for x in parts):
                expect[i] = None
            else:
                expect[i] = tuple(sum(q * x[j] for q, x in zip(p, parts, strict=True))  # type: ignore[index, misc]
                                  for j in range(width))
    return expect[u.root]


def _later_table(u: Unfolded, rt: Runtime, actor_index: dict[str, int], a: Sequence[float], rule: str,
                 alpha: float, solution: Solution) -> Callable[[], tuple[RuleRow, ...]]:
    """`_rules_table` when first read (four more rollbacks), its words in the language spoken now."""
    spoken = language()

    def table() -> tuple[RuleRow, ...]:
        with in_language(spoken):
            return _rules_table(u, rt, actor_index, a, rule, alpha, solution)
    return table


def _rules_table(u: Unfolded, rt: Runtime, actor_index: dict[str, int], a: Sequence[float], rule: str,
                 alpha: float, solution: Solution) -> tuple[RuleRow, ...]:
    """Every rule's choice at the decision points any rule's play reaches (this rule's play first)."""
    solutions: dict[str, Solution | None] = {}
    for name, spec in RULES.items():
        if name == rule:
            solutions[name] = solution
        elif spec.needs_weights and u.unweighted:
            solutions[name] = None
        else:
            solutions[name] = solve(u, rt, actor_index, a, name, alpha)
    rows: dict[int, Trail | None] = {}
    for name in [rule, *(r for r in RULES if r != rule)]:
        sol = solutions[name]
        if sol is None:
            continue
        reached = played(u, sol)
        found = trails_of(u, sol)
        for i, _ in reached:
            if u.kind[i] == DECISION and i not in rows:
                rows[i] = found[i]
    table = []
    for i, trail in rows.items():
        node = rt.nodes[u.keys[i][0]]
        by_rule = {name: None if sol is None else choice_text([u.branches[i][k].label for k in sol.best[i]])
                   for name, sol in solutions.items()}
        table.append(RuleRow(node.id, node.actor or "", by_rule, trail))
    return tuple(table)
