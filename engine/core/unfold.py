"""The scenario unfolded by state: one vertex per reachable (node, state), built once and cached.

Every analysis is a pass over this DAG in children-first order, so a sweep of
1,000 assumption values walks the scenario once and then only re-evaluates the
weights.  The DAG depends on the assumptions only through `when` guards that read
them; it is cached per compiled scenario under the values of exactly those.

One walk finds the vertices, each one's available branches and child vertices, and the
outcomes' scores: what a rollback reads. A rollback may ride along (`unfold_rolling`): each
vertex's values are worked out as its children finish, so `analyze` walks the scenario once.
What only a sweep, a page or a later question reads (the (branch, child) pairs, each chance
vertex's kind of weights, the vertices that move with the assumptions, first parents) is worked
out the first time it is read and kept on the DAG (`Later`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import _

from .cache import Memo
from .runtime import CHANCE, DECISION, OUTCOME, CBranch, CNode, Runtime, State
from .scoring import reads_assumptions, row_at, score_row, score_terms, scorer
from .walk import WalkError, _available, _weights, walk_message

if TYPE_CHECKING:
    from .scenario import Scenario

LIMIT = 500_000
Key = tuple[int, State]


class Later:
    """An attribute of `Unfolded` worked out by `make(u)` when first read, then kept on the instance.

    `make` may set several attributes at once (they come from one pass), keeping any the instance was given
    already; each is an ordinary attribute after that, so a later read costs nothing and a copy may be given
    its own.
    """

    def __init__(self, make: Callable[[Unfolded], None]) -> None:
        self.make = make
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, u: Unfolded | None, owner: type | None = None) -> Any:
        if u is None:
            return self
        self.make(u)
        return u.__dict__[self.name]


@dataclass(eq=False)
class Unfolded:
    """Vertices in children-first order; `branches[i]` are vertex i's available branches in file order and
    `children[i]` the vertex each leads to (`kids[i]`: the two zipped)."""

    keys: list[Key]
    kind: list[int]
    branches: list[tuple[CBranch, ...]]
    children: list[tuple[int, ...]]
    scores: list[tuple[float, ...] | None]
    unweighted: tuple[str, ...]  # ids of reachable chance nodes without weights, in file order
    index: dict[Key, int]
    nodes: Sequence[CNode] = ()  # the compiled nodes, for what is worked out later
    name: str = ""  # the scenario's, for the messages of what is worked out later
    solved: dict[Any, Any] = field(default_factory=dict)  # (rule, alpha) → a full rollback to start from
    risk: tuple[float | None, ...] = ()  # each actor's risk tolerance (None: risk-neutral), in actor order
    terms: Any = ()
    at: tuple[float, ...] = ()  # the assumption vector `scores` were computed under

    # worked out when first read (see `Later`):
    # (branch, child vertex) pairs of each vertex: list[tuple[tuple[CBranch, int], ...]]
    kids = Later(lambda u: _pairs(u))
    # the link each vertex is first reached by, depth-first: list[tuple[int, CBranch] | None]
    parent = Later(lambda u: _parents(u))
    # weighted chance vertices whose weights read assumptions: list[int]; the other weighted chance vertices'
    # shares: dict[int, list[float]]; dynamic vertices whose weights read no state, keyed by node and branches
    # (one set of shares per key): dict[int, tuple[int, ...]]
    dynamic = Later(lambda u: _chances(u))
    fixed = Later(lambda u: _chances(u))
    share_groups = Later(lambda u: _chances(u))
    # outcome vertices whose scores read assumptions (values or payoffs that name one): tuple[int, ...];
    # the vertices whose value can depend on the assumptions, children first: list[int]
    scored = Later(lambda u: _moving(u))
    dirty = Later(lambda u: _moving(u))

    @property
    def root(self) -> int:
        return len(self.keys) - 1

    def history(self, i: int) -> tuple[str, ...]:
        """Branch labels of the first depth-first path from the start to vertex i."""
        labels = []
        link = self.parent[i]
        while link is not None:
            labels.append(link[1].label)
            link = self.parent[link[0]]
        return tuple(reversed(labels))


# per compiled scenario: the DAGs by the values of the assumptions its guards read
_DAGS: Memo[Unfolded] = Memo()


def unfold(scenario: Scenario, a: Sequence[float]) -> Unfolded:
    """The unfolded DAG for assumption vector `a` (cached; rebuilt only when a guard's assumptions change)."""
    return unfold_rolling(scenario, a, None)[0]


# a rollback's step at one inner vertex: (vertex, its kind, its child vertices) → its values, once every
# child's values are known
Settle = Callable[[int, int, tuple[int, ...]], Any]
# what starts a rollback that rides along the walk: given the walk's growing keys, branches and values
Rollback = Callable[[list[Key], list[tuple[CBranch, ...]], list[Any]], Settle]


def unfold_rolling(scenario: Scenario, a: Sequence[float], rollback: Rollback | None
                   ) -> tuple[Unfolded, list[Any] | None]:
    """`unfold`, and when the DAG is walked now and `rollback` is given, every vertex's values as it left them
    (each inner vertex's from its `Settle` step, as its children finish); None when the DAG was cached."""
    rt = scenario.runtime
    rolled: list[list[Any]] = []

    def build() -> Unfolded:
        try:
            u, values = _build(scenario, rt, a, rollback)
        except WalkError as exc:
            raise UsageError(walk_message(scenario.name, rt.nodes, exc)) from None
        if values is not None:
            rolled.append(values)
        return u

    u = _DAGS.get(rt, scenario.guard_key(a), build)
    return u, rolled[0] if rolled else None


def _build(scenario: Scenario, rt: Runtime, a: Sequence[float], rollback: Rollback | None
           ) -> tuple[Unfolded, list[Any] | None]:
    """One depth-first walk: each vertex numbered when its children are done, each outcome scored as it is met."""
    nodes = rt.nodes
    terms = score_terms(scenario)
    row = scorer(terms, nodes, a)
    index: dict[Key, int] = {}
    keys: list[Key] = []
    kind: list[int] = []
    branches: list[tuple[CBranch, ...]] = []
    children: list[tuple[int, ...]] = []
    scores: list[tuple[float, ...] | None] = []
    values: list[Any] = []
    settle = rollback(keys, branches, values) if rollback is not None else None
    kinds = [node.kind for node in nodes]
    # a key (node, state) to enter that vertex; [key, kind, branches, its children's numbers] to finish it once
    # its children are done. Each child's number is handed to the vertex entered last and not yet finished
    # (`waiting`: its parent) as the child is passed over (done already: the DAG has no cycles, so another copy
    # of a key on the stack is met after that vertex is finished), scored or finished, so branch by branch.
    stack: list[Any] = [(rt.start, rt.initial)]
    pop, push, extend = stack.pop, stack.append, stack.extend
    waiting: list[list[int]] = [[]]
    shared: dict[tuple[CBranch, ...], tuple[CBranch, ...]] = {}
    while stack:
        top = pop()
        if top.__class__ is tuple:
            i = len(keys)
            done = index.setdefault(top, i)  # an inner vertex's number is given when it is finished
            if done != i:
                waiting[-1].append(done)
                continue
            n, s = top
            k = kinds[n]
            if k == OUTCOME:
                waiting[-1].append(i)
                keys.append(top)
                kind.append(OUTCOME)
                branches.append(())
                children.append(())
                scores.append(score := row(n, s))
                values.append(score)
                continue
            node = nodes[n]
            avail = _available(node.branches, s, a, True, n, ()) if node.guarded else node.branches
            avail = shared.setdefault(avail, avail)  # one tuple per set of available branches, kept
            if not avail:
                raise WalkError(n, (), _("no branch is available here (every 'when' is false)"))
            got: list[int] = []
            waiting.append(got)
            push([top, k, avail, got])
            extend([(b.to, b.apply(s) if b.apply else s) for b in reversed(avail)])
            if len(index) > LIMIT:
                raise UsageError(f"{scenario.name}: " + _("more than {limit} distinct (node, state) pairs; too "
                                                          "many to analyze").format(limit=f"{LIMIT:,}"))
            continue
        key, k, avail, got = top
        waiting.pop()
        waiting[-1].append(i := len(keys))
        index[key] = i
        keys.append(key)
        kind.append(k)
        branches.append(avail)
        children.append(mine := tuple(got))
        scores.append(None)
        values.append(None if settle is None else settle(i, k, mine))
    reached = set(map(itemgetter(0), keys))
    missing = tuple(node.id for n, node in enumerate(nodes) if n in reached and node.kind == CHANCE
                    and not node.weighted)
    u = Unfolded(keys, kind, branches, children, scores, missing, index, nodes, scenario.name, risk=risk_of(scenario),
                 terms=terms, at=tuple(a))
    return u, values if settle is not None else None


def risk_of(scenario: Scenario) -> tuple[float | None, ...]:
    """Each actor's risk tolerance (None: risk-neutral) in actor order; () when every actor is risk-neutral."""
    risk = tuple(actor.tolerance for actor in scenario.spec.actors.values())
    return risk if any(t is not None for t in risk) else ()


def _pairs(u: Unfolded) -> None:
    _keep(u, kids=[tuple(zip(b, c, strict=True)) for b, c in zip(u.branches, u.children, strict=True)])


def _keep(u: Unfolded, **found: Any) -> None:
    """Keep what one pass found on `u`, except what was given to it already (a restricted copy's own)."""
    for name, value in found.items():
        u.__dict__.setdefault(name, value)


def _chances(u: Unfolded) -> None:
    """Sort the weighted chance vertices: weights that read assumptions (`dynamic`, grouped where they read
    no state) and the others, whose shares are worked out now (`fixed`)."""
    dynamic: list[int] = []
    fixed: dict[int, list[float]] = {}
    groups: dict[int, tuple[int, ...]] = {}
    nodes = u.nodes
    for i, kind in enumerate(u.kind):
        if kind != CHANCE:
            continue
        n, s = u.keys[i]
        if not nodes[n].weighted:
            continue
        avail = u.branches[i]
        if any(b.weight is not None and b.weight.uses_assumptions for b in avail):
            dynamic.append(i)
            if reads_no_state(avail):
                groups[i] = share_group(n, avail)
        else:
            try:
                fixed[i] = _weights(avail, s, u.at, n, ())
            except WalkError as exc:
                raise UsageError(walk_message(u.name, u.nodes, exc)) from None
    _keep(u, dynamic=dynamic, fixed=fixed, share_groups=groups)


def _moving(u: Unfolded) -> None:
    """The outcome vertices whose scores read assumptions, and every vertex whose value can move with them."""
    reads = [node.kind == OUTCOME and reads_assumptions(u.terms, node) for node in u.nodes]
    scored = tuple(i for i, (n, _) in enumerate(u.keys) if reads[n])
    moving = set(u.dynamic) | set(scored)
    dirty = []
    for i, children in enumerate(u.children):  # children first, so one pass finds every ancestor
        if i in moving:
            dirty.append(i)
            continue
        for c in children:
            if c in moving:
                moving.add(i)
                dirty.append(i)
                break
    _keep(u, scored=scored, dirty=dirty)


def _parents(u: Unfolded) -> None:
    """Each vertex's first parent link in the walk's depth-first order (branches in file order)."""
    parent: list[tuple[int, CBranch] | None] = [None] * len(u.keys)
    seen = [False] * len(u.keys)
    stack: list[tuple[int, tuple[int, CBranch] | None]] = [(u.root, None)]
    while stack:
        i, link = stack.pop()
        if seen[i]:
            continue
        seen[i] = True
        parent[i] = link
        stack.extend((c, (i, b)) for b, c in zip(reversed(u.branches[i]), reversed(u.children[i]), strict=True))
    _keep(u, parent=parent)


def arrivals(u: Unfolded) -> list[int]:
    """How many paths from the start reach each vertex: one pass, every parent before its children."""
    ways = [0] * len(u.keys)
    ways[u.root] = 1
    for i in range(u.root, -1, -1):  # children-first order reversed
        w = ways[i]
        for c in u.children[i]:
            ways[c] += w
    return ways


def path_counts(u: Unfolded, width: int) -> dict[int, list[Any]]:
    """Paths per outcome node and each indicator's range there (a `merge_outcome` tally), no path listed.

    `arrivals` counts the ways to reach each vertex; an outcome vertex's state
    is the final state of every path reaching it, so an outcome's ranges are those of its vertices.
    """
    ways = arrivals(u)
    ends: dict[int, list[int]] = {}
    for i in range(u.root, -1, -1):
        if u.kind[i] == OUTCOME:
            ends.setdefault(u.keys[i][0], []).append(i)
    table: dict[int, list[Any]] = {}
    for n, found in ends.items():
        columns = list(zip(*(u.keys[i][1][:width] for i in found), strict=True)) if width else []
        table[n] = [sum(ways[i] for i in found), tuple(map(min, columns)), tuple(map(max, columns)),
                    math.inf, -math.inf]
    return table


def shares(u: Unfolded, rt: Runtime, i: int, a: Sequence[float]) -> list[float] | None:
    """Normalized weights of chance vertex i's branches under `a` (None when the node has none)."""
    found = u.fixed.get(i)
    if found is not None:
        return found
    n, s = u.keys[i]
    return branch_shares(rt, u.name, n, s, u.branches[i], a)


def reads_no_state(branches: Sequence[CBranch]) -> bool:
    """No weight of `branches` reads the state: their shares are the same at every vertex that offers them."""
    return not any(b.weight is not None and b.weight.uses_state for b in branches)


def share_group(n: int, branches: Sequence[CBranch]) -> tuple[int, ...]:
    """The key under which vertices of chance node n offering `branches` (whose weights read no state) share their
    shares: the node and the very branches offered."""
    return (n, *map(id, branches))


def branch_shares(rt: Runtime, name: str, n: int, s: State, branches: tuple[CBranch, ...],
                  a: Sequence[float]) -> list[float] | None:
    """Normalized weights under `a` of the available `branches` of chance node n in state s (None when it has
    none). A failure names the node, with the assumptions' values when the weights read them."""
    if not rt.nodes[n].weighted:
        return None
    try:
        return _weights(branches, s, a, n, ())
    except WalkError as exc:
        if not any(b.weight is not None and b.weight.uses_assumptions for b in branches):
            raise UsageError(walk_message(name, rt.nodes, exc)) from None
        values = ", ".join(f"{x} = {v:g}" for x, v in zip(rt.assumption_ids, a, strict=True))
        raise UsageError(_("at node '{id}': {problem}").format(id=rt.nodes[n].id, problem=exc.message) + " "
                         + _("(with {values})").format(values=values)) from None


def scores_at(u: Unfolded, rt: Runtime, a: Sequence[float]) -> list[tuple[float, ...] | None]:
    """Every vertex's scores under `a` (None off outcomes): `u.scores`, with the outcomes that read
    assumptions rescored."""
    if tuple(a) == u.at or not u.scored:
        return u.scores
    found = list(u.scores)
    for i in u.scored:
        found[i] = rescore(u, rt, i, a)
    return found


def rescore(u: Unfolded, rt: Runtime, i: int, a: Sequence[float]) -> tuple[float, ...]:
    """Outcome vertex i's scores under assumption vector `a`."""
    n, s = u.keys[i]
    return row_at(u.terms, rt.nodes[n], s, a)


__all__ = ["CHANCE", "DECISION", "OUTCOME", "Unfolded", "branch_shares", "rescore", "row_at", "score_row",
           "score_terms", "scores_at", "shares", "unfold", "unfold_rolling"]
