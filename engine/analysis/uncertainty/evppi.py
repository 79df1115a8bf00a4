"""The value of learning each assumption before choosing (`uncertainty --evppi`): EVPPI from the sampled sets.

For an actor choosing among strategies k (the options at its first decision point, or the
`--strategy` set), with V[k, i] its value under k in sampled set i:

- EVPI, learning every assumption first: mean over sets of max_k V[k, i], minus max_k of the
  mean of V[k, ·] (the best single strategy's mean).
- EVPPI of assumption X, the binned estimator (Strong & Oakley 2013, "sample partitioning";
  Sadatsafavi et al. 2013): the sets are cut into B bins of equal count by X's sampled value;
  in each bin the best strategy's mean value is taken; these are averaged over the bins
  (weighted by their counts) and the best single strategy's overall mean is subtracted.

Both average over the sampled sets, so they say what learning is worth *if the ranges and
distributions the group set were its beliefs*; nothing here is a forecast.  The estimator
has two errors: a kink inside a bin is smoothed away (at most h²/8 × the change of slope, h
the bin's width, per unit of X's density), and the best of noisy bin means is biased
upward.  The second is measured: the same estimate with the sets binned at random (bins
that carry no information about anything) is the noise floor, its 95th percentile over
NULL_DRAWS random binnings reported; an assumption under it cannot be told from 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.engine.core.runtime import DECISION
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import N_, _

from .sampling import Draw
from .strategies import Restricted, Strategy

MAX_BINS = 20
PER_BIN = 50  # at least this many sets in each bin
NULL_DRAWS = 20
ESTIMATOR = N_("binned, the sets cut into {bins} bins of equal count by the assumption's sampled value; "
               "the best strategy's mean value in each bin, averaged over the bins, minus the best single "
               "strategy's mean")  # shown through _()


def bins_for(n: int) -> int:
    """How many bins: MAX_BINS, fewer when the sets are few, PER_BIN sets in each at least."""
    return min(MAX_BINS, n // PER_BIN)


def binned(values: np.ndarray, bins: np.ndarray, count: int) -> float:
    """values (strategies, sets) of one actor, bins (sets,) in 0..count-1: the binned EVPPI estimate."""
    sizes = np.bincount(bins, minlength=count).astype(float)
    sums = np.stack([np.bincount(bins, weights=v, minlength=count) for v in values])  # (strategies, bins)
    used = sizes > 0
    best_in_bin = (sums[:, used] / sizes[used]).max(axis=0)
    return float(np.sum(best_in_bin * sizes[used]) / sizes.sum() - values.mean(axis=1).max())


def bin_by(x: np.ndarray, count: int) -> np.ndarray:
    """Each set's bin: its rank in x (ties in the order of the sets) cut into `count` bins of equal count."""
    rank = np.empty(len(x), dtype=np.int64)
    rank[np.argsort(x, kind="stable")] = np.arange(len(x))
    return rank * count // len(x)  # type: ignore[no-any-return]


def evpi(values: np.ndarray) -> float:
    """Learning every assumption before choosing: mean of the best in each set minus the best mean."""
    return float(values.max(axis=0).mean() - values.mean(axis=1).max())


@dataclass(frozen=True)
class Learning:
    """One actor: what learning each assumption before choosing among its strategies is worth."""

    actor: str
    decision: str  # the decision node whose options are the strategies, or "" for the --strategy set
    strategies: tuple[str, ...]
    best: str  # the best single strategy on average over the sets (the choice without learning)
    evpi: float
    evppi: dict[str, float]  # assumption → estimate, largest first
    noise: float  # 95th percentile of the estimate with the sets binned at random

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "decision": self.decision or None, "strategies": list(self.strategies),
                "best_without_learning": self.best, "evpi": self.evpi, "evppi": dict(self.evppi),
                "noise_floor": self.noise}


@dataclass(frozen=True)
class ValueOfLearning:
    estimator: str  # "binned"
    bins: int
    sets: int
    actors: tuple[Learning, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"estimator": self.estimator, "bins": self.bins, "sets": self.sets, "null_draws": NULL_DRAWS,
                "note": NOTE, "actors": [a.to_dict() for a in self.actors]}


NOTE = N_("EVPPI averages over the sampled sets: what learning an assumption before choosing would be worth if "
          "the ranges you gave were beliefs; not a forecast.")  # through _()


def _clean(x: float, tiny: float) -> float:
    return 0.0 if x < tiny else x


def first_decisions(scenario: Scenario) -> dict[str, int]:
    """Each actor's first decision point with two or more branches, in breadth-first order from the start."""
    rt = scenario.runtime
    found: dict[str, int] = {}
    seen = {rt.start}
    queue = [rt.start]
    for k in queue:  # the list grows as it is read: breadth first
        node = rt.nodes[k]
        if node.kind == DECISION and node.actor and len(node.branches) > 1 and node.actor not in found:
            found[node.actor] = k
        for b in node.branches:
            if b.to not in seen:
                seen.add(b.to)
                queue.append(b.to)
    return found


def options(scenario: Scenario) -> dict[str, tuple[Strategy, ...]]:
    """Per actor, one strategy for each option at its first decision point."""
    rt = scenario.runtime
    made = {}
    for actor, k in first_decisions(scenario).items():
        node = rt.nodes[k]
        made[actor] = tuple(Strategy(b.label, f"{node.id}={b.label}", ((k, b.index),), (actor,))
                            for b in node.branches)
    if not made:
        raise UsageError(_("--evppi: {name} has no decision with two or more branches").format(name=scenario.name))
    return made


def check_sets(n: int) -> None:
    if bins_for(n) < 2:
        raise UsageError(_("--evppi needs at least {count} sets (two bins of {per})").format(
            count=2 * PER_BIN, per=PER_BIN))


def value_of_learning(x: np.ndarray, names: Sequence[str], plans: Sequence[tuple[str, str, Sequence[str],
                      np.ndarray]], seed: int) -> ValueOfLearning:
    """x (sets, assumptions); plans: (actor, decision node or "", strategy names, values (strategies, sets))."""
    n = x.shape[0]
    count = bins_for(n)
    binned_x = [bin_by(x[:, j], count) for j in range(len(names))]
    rng = np.random.default_rng([seed, 23])
    null_bins = [rng.permutation(binned_x[0]) if names else bin_by(rng.random(n), count)
                 for _ in range(NULL_DRAWS)]
    found = []
    for actor, decision, labels, values in plans:
        tiny = 1e-12 * max(1.0, float(np.max(np.abs(values))))  # rounding, read as 0
        est = {name: _clean(binned(values, binned_x[j], count), tiny) for j, name in enumerate(names)}
        ranked = dict(sorted(est.items(), key=lambda kv: -kv[1]))
        noise = float(np.percentile([binned(values, b, count) for b in null_bins], 95))
        best = labels[int(np.argmax(values.mean(axis=1)))]
        found.append(Learning(actor, decision, tuple(labels), best, _clean(evpi(values), tiny), ranked,
                              _clean(noise, tiny)))
    return ValueOfLearning("binned", count, n, tuple(found))


class _Own:
    """Receives a strategy's values for every actor in some sets and keeps one actor's: (strategies, sets)."""

    def __init__(self, strategies: int, n: int, a: int):
        self.array = np.empty((strategies, n))
        self.a = a

    def __setitem__(self, key: tuple[int, np.ndarray], values: np.ndarray) -> None:
        self.array[key] = values[:, self.a]


class Plans:
    """The rollbacks EVPPI needs (`runs`, filled set by set by the run) and, once filled, the estimates."""

    def __init__(self, scenario: Scenario, fixed: Restricted | None, tested: np.ndarray | None, n: int):
        actors = list(scenario.spec.actors)
        self.runs: list[tuple[Restricted, Any]] = []
        self.plans: list[tuple[str, str, tuple[str, ...], Any]] = []
        if fixed is not None and tested is not None:  # the --strategy set, for each actor whose choices it fixes
            owners = [a for s in fixed.strategies for a in s.actors]
            for actor in dict.fromkeys(owners):
                self.plans.append((actor, "", tuple(s.name for s in fixed.strategies),
                                   tested[:, :, actors.index(actor)]))
            return
        rt = scenario.runtime
        for actor, made in options(scenario).items():
            own = _Own(len(made), n, actors.index(actor))
            self.runs.append((Restricted(made), own))
            self.plans.append((actor, rt.nodes[made[0].fixes[0][0]].id, tuple(s.name for s in made), own))

    def value(self, sets: Draw, seed: int) -> ValueOfLearning:
        x = sets.rows(0, sets.n)
        plans = [(actor, node, labels, v.array if isinstance(v, _Own) else v) for actor, node, labels, v in self.plans]
        return value_of_learning(x, sets.names, plans, seed)


def learning_plans(scenario: Scenario, fixed: Restricted | None, tested: np.ndarray | None, n: int) -> Plans:
    return Plans(scenario, fixed, tested, n)
