"""The scenario unfolded by state: one vertex per reachable (node, state), built once and cached.

Every analysis is a pass over this DAG in children-first order, so a sweep of
1,000 assumption values walks the scenario once and then only re-evaluates the
weights.  The DAG depends on the assumptions only through `when` guards that read
them; it is cached per compiled scenario under the values of exactly those.

One walk finds the vertices, their children and the outcomes' scores: what a rollback
reads.  What only a sweep, a page or a later question reads (each chance vertex's kind
of weights, the vertices that move with the assumptions, the first parent of each vertex)
is worked out the first time it is read and kept on the DAG (`Later`), so `analyze` on a
freshly loaded scenario pays for none of it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import _

from .cache import Memo
from .runtime import CHANCE, DECISION, OUTCOME, CBranch, CNode, Runtime, State
from .walk import WalkError, _available, _weights, walk_message

if TYPE_CHECKING:
    from .scenario import Scenario

LIMIT = 500_000
Key = tuple[int, State]


class Later:
    """An attribute of `Unfolded` worked out by `make(u)` when first read, then kept on the instance.

    `make` may set several attributes at once (they come from one pass); each is an ordinary
    attribute after that, so a later read costs nothing and a copy may be given its own.
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
    """Vertices in children-first order; `kids[i]` are (branch, child vertex) in file order."""

    keys: list[Key]
    kind: list[int]
    kids: list[tuple[tuple[CBranch, int], ...]]
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
    rt = scenario.runtime

    def build() -> Unfolded:
        try:
            return _build(scenario, rt, a)
        except WalkError as exc:
            raise UsageError(walk_message(scenario.name, rt.nodes, exc)) from None

    return _DAGS.get(rt, scenario.guard_key(a), build)


def _build(scenario: Scenario, rt: Runtime, a: Sequence[float]) -> Unfolded:
    """One depth-first walk: each vertex numbered when its children are done, each outcome scored as it is met."""
    nodes = rt.nodes
    terms = score_terms(scenario)
    row = scorer(terms, nodes, a)
    index: dict[Key, int] = {}
    keys: list[Key] = []
    kind: list[int] = []
    kids: list[tuple[tuple[CBranch, int], ...]] = []
    scores: list[tuple[float, ...] | None] = []
    kinds = [node.kind for node in nodes]
    # a key (node, state) to enter that vertex; [key, kind, branches, children's keys] to finish it once its
    # children are done. A vertex is entered once: another copy of its key on the stack is met after it is
    # finished (the DAG has no cycles), so it is passed over.
    stack: list[Any] = [(rt.start, rt.initial)]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        top = pop()
        if top.__class__ is tuple:
            if top in index:
                continue
            n, s = top
            k = kinds[n]
            if k == OUTCOME:
                index[top] = len(keys)
                keys.append(top)
                kind.append(OUTCOME)
                kids.append(())
                scores.append(row(n, s))
                continue
            node = nodes[n]
            avail = _available(node.branches, s, a, True, n, ()) if node.guarded else node.branches
            if not avail:
                raise WalkError(n, (), _("no branch is available here (every 'when' is false)"))
            children = [(b.to, b.apply(s) if b.apply else s) for b in avail]
            push([top, k, avail, children])
            extend(reversed(children))
            if len(index) > LIMIT:
                raise UsageError(f"{scenario.name}: " + _("more than {limit} distinct (node, state) pairs; too "
                                                          "many to analyze").format(limit=f"{LIMIT:,}"))
            continue
        key, k, avail, children = top
        index[key] = len(keys)
        keys.append(key)
        kind.append(k)
        kids.append(tuple([(b, index[c]) for b, c in zip(avail, children, strict=True)]))
        scores.append(None)
    reached = {n for n, _s in keys}
    missing = tuple(node.id for n, node in enumerate(nodes) if n in reached and node.kind == CHANCE
                    and not node.weighted)
    risk = tuple(actor.tolerance for actor in scenario.spec.actors.values())
    return Unfolded(keys, kind, kids, scores, missing, index, nodes, scenario.name,
                    risk=risk if any(t is not None for t in risk) else (), terms=terms, at=tuple(a))


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
        kids = u.kids[i]
        if any(b.weight is not None and b.weight.uses_assumptions for b, _ in kids):
            dynamic.append(i)
            if not any(b.weight is not None and b.weight.uses_state for b, _ in kids):
                groups[i] = (n, *(id(b) for b, _ in kids))
        else:
            try:
                fixed[i] = _weights(tuple(b for b, _ in kids), s, u.at, n, ())
            except WalkError as exc:
                raise UsageError(walk_message(u.name, u.nodes, exc)) from None
    u.dynamic, u.fixed, u.share_groups = dynamic, fixed, groups


def _moving(u: Unfolded) -> None:
    """The outcome vertices whose scores read assumptions, and every vertex whose value can move with them."""
    reads = [node.kind == OUTCOME and reads_assumptions(u.terms, node) for node in u.nodes]
    scored = tuple(i for i, (n, _) in enumerate(u.keys) if reads[n])
    moving = set(u.dynamic) | set(scored)
    dirty = []
    for i, children in enumerate(u.kids):  # children first, so one pass finds every ancestor
        if i in moving:
            dirty.append(i)
            continue
        for _b, c in children:
            if c in moving:
                moving.add(i)
                dirty.append(i)
                break
    u.scored, u.dirty = scored, dirty


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
        stack.extend((c, (i, b)) for b, c in reversed(u.kids[i]))
    u.parent = parent


def arrivals(u: Unfolded) -> list[int]:
    """How many paths from the start reach each vertex: one pass, every parent before its children."""
    ways = [0] * len(u.keys)
    ways[u.root] = 1
    for i in range(u.root, -1, -1):  # children-first order reversed
        w = ways[i]
        for _b, c in u.kids[i]:
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
    if not rt.nodes[n].weighted:
        return None
    try:
        return _weights(tuple(b for b, _ in u.kids[i]), s, a, n, ())
    except WalkError as exc:
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


__all__ = ["CHANCE", "DECISION", "OUTCOME", "Unfolded", "rescore", "scores_at", "shares", "unfold"]


# each actor with its (state slot, weight, assumption position or -1) triples: the weight is the assumption's
# value where the file names one in `values`, else the number written
ScoreTerms = tuple[tuple[str, tuple[tuple[int, float, int], ...]], ...]


def score_terms(scenario: Scenario) -> ScoreTerms:
    """Each actor with its (state slot, weight, assumption) triples: the names looked up once."""
    rt = scenario.runtime
    index = rt.indicator_index
    where = {x: j for j, x in enumerate(rt.assumption_ids)}
    values = rt.assumption_values
    terms = []
    for aid, actor in scenario.spec.actors.items():
        row = []
        for ind, w in actor.values.items():
            ref = where[w] if isinstance(w, str) else -1
            row.append((index[ind], values[ref] if ref >= 0 else float(w), ref))
        terms.append((aid, tuple(row)))
    return tuple(terms)


def reads_assumptions(terms: ScoreTerms, node: CNode) -> bool:
    """Whether an outcome's scores read an assumption (a value or one of its payoffs names one)."""
    return bool(node.payoff_refs) or any(ref >= 0 for _, row in terms for _, _, ref in row)


def scorer(terms: ScoreTerms, nodes: Sequence[CNode], a: Sequence[float] | None
           ) -> Callable[[int, State], tuple[float, ...]]:
    """`row_at` for many outcome states at one `a`: each weight and payoff looked up once, then the same
    additions in the same order (the same numbers, bit for bit)."""
    weights = [tuple((slot, weight if ref < 0 or a is None else a[ref]) for slot, weight, ref in row)
               for _, row in terms]
    pays: dict[int, list[tuple[tuple[tuple[int, float], ...], float]]] = {}

    def payoffs(n: int) -> list[tuple[tuple[tuple[int, float], ...], float]]:
        node = nodes[n]
        return [(w, node.payoffs.get(aid, 0.0) if node.payoff_refs.get(aid, -1) < 0 or a is None
                 else a[node.payoff_refs[aid]]) for w, (aid, _) in zip(weights, terms, strict=True)]

    def row(n: int, state: State) -> tuple[float, ...]:
        actors = pays.get(n)
        if actors is None:
            actors = pays[n] = payoffs(n)
        out = []
        for actor_terms, payoff in actors:
            total = 0.0
            for slot, w in actor_terms:
                total += w * state[slot]  # a flag counts 1 or 0: True * w == w
            out.append(total + payoff)
        return tuple(out)
    return row


def score_row(scenario: Scenario, terms: ScoreTerms, outcome: int, state: tuple[Any, ...],
              a: Sequence[float] | None = None) -> tuple[float, ...]:
    """Each actor's score (in actor order) at outcome node number `outcome` reached in `state`:
    Σ values × indicator, plus the outcome's payoffs. The analyses score every outcome state this way."""
    return row_at(terms, scenario.runtime.nodes[outcome], state, a)


def row_at(terms: ScoreTerms, node: CNode, state: tuple[Any, ...], a: Sequence[float] | None) -> tuple[float, ...]:
    """The one rule for a score: Σ weight × indicator, then + payoff; a weight or payoff that names an
    assumption reads it from `a` (its default when `a` is None)."""
    payoffs, refs = node.payoffs, node.payoff_refs
    row = []
    for aid, actor_terms in terms:
        total = 0.0
        for slot, weight, ref in actor_terms:
            w = weight if ref < 0 or a is None else a[ref]
            total += w * state[slot]  # a flag counts 1 or 0: True * w == w
        ref = refs.get(aid, -1)
        row.append(total + (payoffs.get(aid, 0.0) if ref < 0 or a is None else a[ref]))
    return tuple(row)
