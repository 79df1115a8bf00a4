"""`uncertainty`: every assumption moved at once.  Many sampled assumption sets, each rolled back.

Reports what happens across the sets (never a probability of events): each actor's
value, how often each decision point takes each branch, how often the play reaches
each outcome and with what weight, which assumptions drive the results, and (with a
target) the ranges of assumptions in which the target happens.  Sets are evaluated
in chunks, each by the bulk rollback, so memory stays bounded.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any

import numpy as np

from scenarios.engine.analysis.rollback import check_rule
from scenarios.engine.core.runtime import DECISION, OUTCOME
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded, unfold
from scenarios.engine.errors import UsageError
from scenarios.engine.extras import require
from scenarios.engine.text.i18n import _

from .bulk import Many, Reach, groups, play_many, solve_many, subset
from .discovery import MAX_SETS, Discovery
from .evppi import check_sets, learning_plans
from .importance import Output, indices, method_of
from .levels import mask_type
from .moving import moving
from .pca_prim import discover
from .records import ActorSpread, DecisionShare, OutcomeShare, Samples, Uncertainty, ValueSpread
from .sampling import Draw, describe, draw
from .scores import distinct_rows
from .strategies import Restricted, parse_criteria, parse_strategies, robustness
from .targets import parse_target

CHUNK = 32_768
BUDGET = 512 * 2**20  # bytes a chunk's rollback arrays may hold: a big model's chunk holds fewer sets


class _Tally:
    """What the outputs need, gathered chunk by chunk.

    Kept per set, compactly: each actor's value (float64: percentiles, indices, the CSV),
    the branches the play takes at each decision node (one small unsigned integer each),
    and, for each outcome the play reaches, its weight in the sets that reach it (float32).
    Counted only: decision points and how often each branch is chosen there, how often
    each outcome is reached.  Chunks arrive in order of set number, so nothing kept
    depends on how a run is cut into chunks.
    """

    def __init__(self, scenario: Scenario, n: int, risky: bool):
        rt = scenario.runtime
        self.rt = rt
        self.actors = tuple(scenario.spec.actors)
        self.values = np.empty((n, len(self.actors)))
        self.expected = np.zeros((n, len(self.actors))) if risky else None
        self.outcome_nodes = [k for k, node in enumerate(rt.nodes) if node.kind == OUTCOME]
        self.outcome_col = {k: j for j, k in enumerate(self.outcome_nodes)}
        self.n = n
        self.weighted = True  # False once the play crosses a chance node without weights
        self.reached = np.zeros(len(self.outcome_nodes), dtype=np.int64)  # sets in which the play reaches each
        # per outcome, its weight in each set that reaches it, in order of set number
        self.weights: dict[int, list[np.ndarray]] = {}
        self.decision_nodes = [k for k, node in enumerate(rt.nodes) if node.kind == DECISION]
        self.decision_col = {k: j for j, k in enumerate(self.decision_nodes)}
        widest = max((len(rt.nodes[k].branches) for k in self.decision_nodes), default=1)
        self.masks = np.zeros((n, len(self.decision_nodes)), dtype=mask_type(widest))
        self.points: dict[Any, list[Any]] = {}  # key → [history, exists, reached, counts per label]
        self._hit: dict[int, np.ndarray] = {}  # this chunk: per outcome, the sets reaching it
        self._mass: dict[int, np.ndarray] = {}  # this chunk: per outcome, its weight in each set

    def start(self, m: int) -> None:
        """A new chunk of m sets begins."""
        self._m = m
        self._hit = {}
        self._mass = {}

    def add(self, u: Unfolded, rows: np.ndarray, start: int, many: Many, reach: Reach) -> dict[int, np.ndarray]:
        """One group's sets (positions `rows` within the chunk beginning at set `start`)."""
        m = len(rows)
        self.values[rows + start] = many.root.T
        masks: dict[int, np.ndarray] = {}
        for i in _decision_vertices(u):
            kids = u.kids[i]
            entry = self.points.get(u.keys[i])
            if entry is None:
                entry = self.points[u.keys[i]] = [u, i, 0, 0, {}, 0, {}]
            entry[2] += m
            best = many.choice[i]
            counts, sole = entry[4], entry[6]
            index = [b.index for b, _ in kids]
            if isinstance(best, np.ndarray):  # a bit mask over the branch positions, per set
                for pos in range(len(kids)):
                    label = kids[pos][0].label
                    counts[label] = counts.get(label, 0) + int(np.count_nonzero(best & (1 << pos)))
                    sole[label] = sole.get(label, 0) + int(np.count_nonzero(best == (1 << pos)))
                entry[5] += int(np.count_nonzero(best & (best - 1)))  # more than one bit: indifferent
                bits: Any = best if index == list(range(len(kids))) else _renumber(best, index)
            else:
                for pos, (b, _) in enumerate(kids):
                    counts[b.label] = counts.get(b.label, 0) + (m if pos in best else 0)
                    sole[b.label] = sole.get(b.label, 0) + (m if best == (pos,) else 0)
                entry[5] += m if len(best) > 1 else 0
                bits = sum(1 << index[pos] for pos in best)
            hit = reach.decisions.get(i)
            if hit is None:
                continue
            hit = np.broadcast_to(hit, (m,))
            entry[3] += int(np.count_nonzero(hit))
            bits = np.where(hit, bits, 0).astype(np.int64)
            node = u.keys[i][0]
            masks[node] = masks[node] | bits if node in masks else bits
        for node, bits in masks.items():
            self.masks[rows + start, self.decision_col[node]] |= bits.astype(self.masks.dtype)
        weights: dict[int, Any] = {}
        for i, (mass, hit) in reach.ends.items():
            j = self.outcome_col[u.keys[i][0]]
            if j not in self._hit:
                self._hit[j] = np.zeros(self._m, dtype=bool)
            self._hit[j][rows] |= np.broadcast_to(hit, (m,))
            if mass is None:
                self.weighted = False
            else:
                weights[j] = weights.get(j, 0.0) + mass
                if self.expected is not None:
                    score = many.outcomes.get(i)
                    if score is None:
                        score = np.asarray(u.scores[i]).reshape(-1, 1)
                    self.expected[rows + start] += np.broadcast_to(mass, (m,))[:, None] * np.broadcast_to(
                        score, (score.shape[0], m)).T
        if self.weighted:
            for j, w in weights.items():
                if j not in self._mass:
                    self._mass[j] = np.zeros(self._m)
                self._mass[j][rows] += np.broadcast_to(w, (m,))
        return masks

    def finish(self) -> None:
        """The chunk is done: count the sets reaching each outcome, keep the weights of those that do."""
        for j, hit in self._hit.items():
            self.reached[j] += int(np.count_nonzero(hit))
            if self.weighted:
                mass = self._mass.get(j)
                kept = np.zeros(int(np.count_nonzero(hit)), dtype=np.float32) if mass is None else \
                    mass[hit].astype(np.float32)
                self.weights.setdefault(j, []).append(kept)
        self._hit = {}
        self._mass = {}

    def weight_spread(self, j: int) -> ValueSpread:
        """Outcome j's weight across every set (0 where the play does not reach it)."""
        found = self.weights.get(j)
        if not found:
            return ValueSpread(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        dense = np.zeros(self.n)
        kept = np.concatenate(found)
        dense[:len(kept)] = kept
        return ValueSpread.of(dense)


def _renumber(best: np.ndarray, index: list[int]) -> np.ndarray:
    """Bit masks over branch positions as masks over the node's branches in file order (guards drop some)."""
    out = np.zeros(best.shape, dtype=np.int64)
    for pos, k in enumerate(index):
        out |= (best.astype(np.int64) >> pos & 1) << k
    return out


_DECISIONS: dict[int, tuple[Unfolded, list[int]]] = {}


def _decision_vertices(u: Unfolded) -> list[int]:
    found = _DECISIONS.get(id(u))
    if found is None or found[0] is not u:
        if len(_DECISIONS) > 256:
            _DECISIONS.clear()
        found = _DECISIONS[id(u)] = (u, [i for i, k in enumerate(u.kind) if k == DECISION and u.kids[i]])
    return found[1]


def uncertainty(scenario: Scenario, samples: int = 10_000, method: str = "lhs", seed: int = 0,
                rule: str = "expected", alpha: float = 0.5, assumptions: Mapping[str, float] | None = None,
                target: str | None = None, min_weight: float = 0.0, threshold: float = 0.8,
                chunk: int = CHUNK, strategies: tuple[str, ...] = (), satisfice: tuple[str, ...] = (),
                evppi: bool = False, box: str | int | None = None) -> Uncertainty:
    """Sample every ranged assumption (those in `assumptions` stay at the value given) and roll each set back.

    With `strategies` (see strategies.py), each is also rolled back on every set, for regret and satisficing.
    With `box` ("knee" or a point of the trade-off curve), the first PRIM box is chosen there (discovery.py).
    With `evppi` (see evppi.py), the value of learning each assumption before choosing among them (or, without
    `strategies`, among each actor's options at its first decision point).
    """
    check_rule(rule, alpha)
    if not 0 < threshold <= 1:
        raise UsageError(_("density threshold {threshold}: a share above 0 and at most 1").format(
            threshold=f"{threshold:g}"))
    overrides = dict(assumptions or {})
    base = scenario.assumption_values(overrides)
    specs = scenario.spec.assumptions
    ranged = {n: a for n, a in specs.items()
              if a.low is not None and a.high is not None and a.low < a.high and n not in overrides}
    if not ranged:
        raise UsageError(_("{name}: no assumption has a low..high range to sample").format(name=scenario.name)
                         + (" " + _("(those with one are held by --set/--assumptions)") if overrides else ""))
    wanted = parse_target(scenario, target, min_weight) if target is not None else None
    if box is not None and wanted is None:
        raise UsageError(_("--box and --knee choose a PRIM box: add --target"))
    fixed = Restricted(parse_strategies(scenario, strategies)) if strategies else None
    criteria = parse_criteria(scenario, satisfice)
    if criteria and fixed is None:
        raise UsageError(_("--satisfice measures strategies: add two or more --strategy"))
    for extra, needed in (("discovery", wanted is not None), ("sobol", method == "sobol")):
        if needed:
            require(extra)  # one line now, not after the sampling
    sets = draw(ranged, samples, method, seed)
    n = sets.n
    if evppi:
        check_sets(n)
    ids = scenario.runtime.assumption_ids
    column_of = {name: j for j, name in enumerate(sets.names)}
    actor_index = {x: k for k, x in enumerate(scenario.spec.actors)}
    risky = any(a.tolerance is not None for a in scenario.spec.actors.values())
    tally = _Tally(scenario, n, risky)
    y = np.zeros(n, dtype=bool) if wanted else None
    tested = np.empty((len(fixed.strategies), n, len(actor_index))) if fixed else None
    learning = learning_plans(scenario, fixed, tested, n) if evppi else None
    runs = ([(fixed, tested)] if fixed and tested is not None else []) + (learning.runs if learning else [])
    if chunk < 1:
        raise UsageError(f"chunk = {chunk}: at least 1 set per chunk")  # a programming error, not a user's
    chunk = _fitting(scenario, base, chunk)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        values = sets.rows(start, stop)
        columns = [values[:, column_of[name]] if name in column_of else base[k] for k, name in enumerate(ids)]
        tally.start(stop - start)
        for u, rows in groups(scenario, columns, stop - start):
            sub = subset(columns, rows)
            many = solve_many(scenario, u, sub, len(rows), rule, alpha, actor_index)
            reach = play_many(scenario, many, sub)
            masks = tally.add(u, rows, start, many, reach)
            if wanted is not None and y is not None:
                y[rows + start] = wanted.hits(u, reach, masks, sub, len(rows))
            for restricting, into in runs:
                for k, restricted in enumerate(restricting.of(u)):
                    into[k, rows + start] = solve_many(scenario, restricted, sub, len(rows), rule, alpha,
                                                       actor_index, scores=many.outcomes).root.T
            del many, reach, masks, sub
        tally.finish()
        del values, columns
    robust = None if fixed is None or tested is None else \
        robustness(fixed.strategies, tested, tally.actors, criteria, fixed.unoffered)
    return dataclasses.replace(_result(scenario, sets, tally, rule, alpha, overrides, base, y, wanted, threshold, box),
                               robust=robust, learning=learning.value(sets, seed) if learning else None)


def _fitting(scenario: Scenario, base: tuple[float, ...], chunk: int) -> int:
    """Sets per chunk: at most `chunk`, and few enough that a chunk stays near BUDGET bytes. Per set, a chunk holds
    the scored outcomes' distinct rows, the weights of the chance vertices whose weights move, a bit mask per
    decision vertex, and where the play goes (a weight and a flag per outcome vertex, a flag per decision vertex);
    the rollback's own table of values goes through the sets a slice at a time (at most levels.TABLE bytes). The
    rebuilt mexico: about 150 KB a set, 3,400 sets a chunk (32,768 sets at once, every vertex held, took ~10 GB)."""
    rt = scenario.runtime
    u = unfold(scenario, base)
    move = moving(u, rt, frozenset(range(len(rt.assumption_ids))))
    ends = sum(1 for k in u.kind if k == OUTCOME)
    weights = sum(len(u.kids[i]) for i in u.dynamic)
    per_set = 8 * (distinct_rows(u, rt, move.scored) + weights) + 9 * ends + 9 * (len(u.kind) - ends)
    return max(16, min(chunk, BUDGET // per_set))


def _result(scenario: Scenario, sets: Draw, tally: _Tally, rule: str, alpha: float, overrides: dict[str, float],
            base: tuple[float, ...], y: np.ndarray | None, wanted: Any, threshold: float,
            pick: str | int | None = None) -> Uncertainty:
    n = sets.n
    spec = scenario.spec
    rt = scenario.runtime
    actors = tuple(ActorSpread(a, spec.actors[a].name, ValueSpread.of(tally.values[:, k]),
                               None if tally.expected is None or spec.actors[a].tolerance is None
                               else ValueSpread.of(tally.expected[:, k]))
                   for k, a in enumerate(tally.actors))
    decisions = []
    for key, (u, i, exists, reached, counts, tied, sole) in tally.points.items():
        node = rt.nodes[key[0]]
        labels = [b.label for b in node.branches if b.label in counts]  # offered in some set
        decisions.append(DecisionShare(node.id, node.actor or "", u.history(i), exists / n, reached / n,
                                       {label: sole.get(label, 0) / n for label in labels}, tied / n,
                                       {label: counts.get(label, 0) / n for label in labels}))
    decisions.sort(key=lambda d: -d.reached)
    outcomes = tuple(
        OutcomeShare(rt.nodes[k].id, rt.nodes[k].label, float(tally.reached[j]) / n,
                     None if not tally.weighted else tally.weight_spread(j))
        for j, k in enumerate(tally.outcome_nodes))
    outputs: dict[str, Output] = {f"value of {a}": functools.partial(_column, tally.values, k)
                                  for k, a in enumerate(tally.actors)}
    about = {f"value of {a}": ("value", a, "") for a in tally.actors}  # each output: what it is, for display
    labels_of = tuple(tuple(b.label for b in rt.nodes[k].branches) for k in tally.decision_nodes)
    for j, k in enumerate(tally.decision_nodes):
        column = tally.masks[:, j]
        if column.dtype.itemsize <= 2:  # masks over at most 16 branches: count every possible mask
            counts = np.bincount(column, minlength=1)
            values = np.flatnonzero(counts)
            counts = counts[values]
        else:
            values, counts = np.unique(column, return_counts=True)
        if len(values) > 1 and np.any(values != 0):
            counts[values == 0] = 0
            common = int(values[np.argmax(counts)])
            text = " | ".join(b for i, b in enumerate(labels_of[j]) if common >> i & 1)
            outputs[f"choice at {rt.nodes[k].id}: {text}"] = functools.partial(_chosen, tally.masks, j, common)
            about[f"choice at {rt.nodes[k].id}: {text}"] = ("choice", rt.nodes[k].id, text)
    discovery = None
    if wanted is not None and y is not None:
        boxes, trajectory, used, steady, rotated = discover(sets.names, sets.rows(0, min(n, MAX_SETS)), y,
                                                            threshold, pick, sets.seed)
        discovery = Discovery(wanted.text, wanted.description, float(np.count_nonzero(y)) / n, used, threshold,
                              boxes, trajectory, pick, steady, rotated)
    data = Samples(sets, tally.actors, tally.values, tuple(rt.nodes[k].id for k in tally.decision_nodes),
                   labels_of, tally.masks)
    ids = rt.assumption_ids
    found = tuple(dataclasses.replace(imp, kind=about[imp.output][0], about=about[imp.output][1],
                                      branch=about[imp.output][2]) for imp in indices(sets, outputs))
    return Uncertainty(
        scenario.name, scenario.title, rule, alpha, sets.method, sets.seed, n, sets.base,
        {name: describe(spec.assumptions[name]) for name in sets.names},
        {name: base[k] for k, name in enumerate(ids) if name not in sets.names},
        actors, tuple(decisions), outcomes, method_of(sets), found, discovery, data)


def _column(values: np.ndarray, k: int) -> np.ndarray:
    return values[:, k]


def _chosen(masks: np.ndarray, j: int, common: int) -> np.ndarray:
    """1.0 in the sets whose play takes the most common branches at decision node j, else 0.0."""
    return (masks[:, j] == common).astype(float)
