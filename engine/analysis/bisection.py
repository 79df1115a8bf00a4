"""Where a sweep's choices flip: every flip's bisection, side by side, in groups that share their midpoints.

A flip is a decision point whose choice differs between two adjacent sweep points; it is located
by bisection to PRECISION (a flip and flip back within one step is missed, so `steps` sets the
resolution). The flips of one assumption in one step ask for the same midpoints for as long as
their choices go the same way at each one (copies of one node under different states mostly flip
at exactly the same value), so they are bisected as one group: one bracket, the points at its ends,
and its members' choices, read at a midpoint with one NumPy comparison of the batch's bit masks. A
midpoint where the members part splits the group in two. Each member still visits exactly the
midpoints its own bisection visits, in order, and finds the same threshold to the bit; the
bookkeeping costs per group and midpoint, not per flip.

A round asks for more than the next midpoint: the midpoints of the next few halvings, and, once the
watched decisions' branch values on both sides say where their margins cross zero, every midpoint
the bisection will visit if that guess is right. Each answer is checked as the bisection goes, so a
wrong guess only costs a round.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.engine.core.runtime import Runtime
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded

from .records import Threshold, labels
from .sweep import Key, Point, Runner

PRECISION = 1e-6
# the halvings a round looks ahead (every midpoint the bisection may visit next: 2^AHEAD - 1 of them) without a
# guess; beside a guessed path (so a wrong guess still moves the bracket on); and after a guess that missed (a round
# costs a batch's fixed part: a few milliseconds, the rollback of a few dozen sets)
AHEAD, BESIDE, LAST = 3, 1, 4
# a guess is seldom exact (a margin that is not a straight line, a rounded value): the paths to the values beside
# it as well, which part from its own only in the last halvings
NEAR = (0.0, -PRECISION, PRECISION)
WATCHED = 1  # the members of a group (of distinct nodes) whose branch values are watched, for the guesses


@dataclass(frozen=True)
class Member:
    """One flip's search: its number (its thresholds are found in order), decision point, the choice it holds below
    the bracket, and the choice at the step's end (a tie at a sweep point can hide a second flip in the step)."""

    n: int
    key: Key
    choice: str
    target: str | None


class Group:
    """Flips of one assumption bisected together: one bracket [lo, hi] inside the step that ends at `end`, the points
    at its ends (`above` is None until a midpoint falls), and its members with their choices as bit masks."""

    def __init__(self, rt: Runtime, j: int, lo: float, hi: float, members: list[Member], below: Point):
        self.j, self.lo, self.hi, self.end = j, lo, hi, hi
        self.below, self.above = below, None
        self.u = below.unfolded
        self.members = members
        self.step = (lo, hi)  # a choice often flips at a sweep point itself (a tie there): a guess from the start
        self.tries = -1
        # the values the choices were found to hold at, and not to, in the order met
        self.sides: tuple[list[tuple[float, Point]], list[tuple[float, Point]]] = ([], [])
        index = self.u.index
        self.vs = [index[m.key] for m in members]
        nodes = {m.key[0] for m in members}  # two branches of a node with one label: another mask may read the same
        twins = {n for n in nodes if _twins(rt, n)}
        self.dup = np.array([m.key[0] in twins for m in members], dtype=bool)
        self.ref = below.masks(self.vs, {})
        self.memo: dict[int, object] = {}
        self.margins = _watch(members, self.vs, below)

    def part(self, keep: np.ndarray) -> Group:
        """The members at `keep` as a group of their own, with this one's bracket and history."""
        other = Group.__new__(Group)
        other.__dict__.update(self.__dict__)
        ks = np.flatnonzero(keep).tolist()
        other.members = [self.members[k] for k in ks]
        other.vs = [self.vs[k] for k in ks]
        other.dup, other.ref, other.memo = self.dup[keep], self.ref[keep], {}
        other.sides = (list(self.sides[0]), list(self.sides[1]))
        kept = {m.key for m in other.members}
        other.margins = [m for m in self.margins if m.key in kept] or _watch(other.members, other.vs, self.below)
        return other

    def same(self, point: Point) -> np.ndarray:
        """Whether each member's choice at `point` is the one it holds (as its text reads)."""
        if point.unfolded is self.u:
            held = point.masks(self.vs, self.memo) == self.ref
            if self.dup.any():  # two branches with one label: another mask may read the same
                for k in np.flatnonzero(~held & self.dup).tolist():
                    held[k] = point.text(self.vs[k]) == self.members[k].choice
            return held  # type: ignore[no-any-return]
        return np.array([point.choice(m.key) == m.choice for m in self.members], dtype=bool)

    def guesses(self) -> tuple[float, ...]:
        found = [x for x in self.step if self.lo <= x <= self.hi]
        for margin in self.margins:
            found += [x for x in margin.guesses(self.sides) if self.lo <= x <= self.hi]
        return tuple(dict.fromkeys(found))


def _twins(rt: Runtime, node: int) -> bool:
    """Whether two of the node's branches have one label."""
    found = [b.label for b in rt.nodes[node].branches]
    return len(set(found)) < len(found)


def _watch(members: list[Member], vs: list[int], start: Point | None) -> list[_Margin]:
    """Margins for the first members of distinct nodes (up to WATCHED), read where the group watches them."""
    found: dict[int, _Margin] = {}
    for m, i in zip(members, vs, strict=True):
        if m.key[0] not in found:
            found[m.key[0]] = _Margin(m.key, i, start, m.choice)
            if len(found) == WATCHED:
                break
    return list(found.values())


def drive(scenario: Scenario, runner: Runner, groups: list[Group], searches: int) -> list[list[Threshold]]:
    """Bisect every group side by side: each round, the values they ask for are rolled back together (a batch per
    cluster of assumptions, see `Runner.run` and `_plan`), each group's watched decision points watched there;
    returns each search's (flip's) thresholds, in order.

    A group asking for its next midpoints is given every midpoint its bisection would visit if the choices flip
    at any of the places where the margins of this assumption's groups so far cross zero: a flip upstream of
    another often sits exactly where that one flips (the values above it jump there), which its own margin
    cannot see."""
    results: list[list[Threshold]] = [[] for _ in range(searches)]
    histories: dict[int, dict[int, tuple[str, ...]]] = {}  # per DAG: vertex → its history
    pending = _walk(scenario, runner, groups, results, histories)
    guessed: dict[int, set[float]] = {}  # assumption → where its groups' margins cross zero
    while pending:
        wants = []
        for g in pending:
            g.tries += 1
            guesses = g.guesses() if g.tries else ()
            guessed.setdefault(g.j, set()).update(round(x, 10) for x in guesses)
            wants.append((g, min(g.tries, 2)))
        near = {j: sorted(found) for j, found in guessed.items()}
        plans: dict[tuple[int, float, float, int], tuple[float, ...]] = {}
        watch: list[tuple[Key, int, Sequence[float]]] = []
        for g, tries in wants:
            if not runner.batch:  # one at a time, a midpoint asked for ahead would be rolled back for nothing
                plans[(g.j, g.lo, g.hi, -1)] = ((g.lo + g.hi) / 2,)
                continue
            xs = plans.get((g.j, g.lo, g.hi, tries))
            if xs is None:
                within = near.get(g.j, [])
                xs = plans[(g.j, g.lo, g.hi, tries)] = _plan(g.lo, g.hi, tuple(
                    within[bisect.bisect_left(within, g.lo):bisect.bisect_right(within, g.hi)]), tries)
            if tries != 1:
                watch += [(m.key, g.j, xs) for m in g.margins]
        runner.run(((j, x) for (j, _lo, _hi, _t), xs in plans.items() for x in xs), watch)
        pending = _walk(scenario, runner, pending, results, histories)
    return results


def _walk(scenario: Scenario, runner: Runner, groups: list[Group], results: list[list[Threshold]],
          histories: dict[int, dict[int, tuple[str, ...]]]) -> list[Group]:
    """Carry each group's bisection on through the midpoints rolled back so far: split where its members part,
    finish where its bracket is narrow enough; returns the groups waiting for a midpoint."""
    cache = runner.cache
    waiting = []
    stack = list(groups)
    while stack:
        g = stack.pop()
        while g.hi - g.lo > PRECISION:
            mid = (g.lo + g.hi) / 2
            point = cache.get((g.j, mid))
            if point is None:
                waiting.append(g)
                break
            held = g.same(point)
            if not held.all():
                fell = g.part(~held) if held.any() else g
                fell.hi, fell.above = mid, point
                fell.sides[1].append((mid, point))
                if fell is g:
                    continue
                stack.append(fell)
                g = g.part(held)
            g.lo, g.below = mid, point
            g.sides[0].append((mid, point))
        else:
            more = _finish(scenario, runner, g, results, histories)
            if more is not None:
                stack.append(more)
    return waiting


def _finish(scenario: Scenario, runner: Runner, g: Group, results: list[list[Threshold]],
            histories: dict[int, dict[int, tuple[str, ...]]]) -> Group | None:
    """Each member's threshold at the group's bracket; the members whose choice goes on to another before the step's
    end (through a tie) as a new group from there."""
    below = g.below
    above = g.above if g.above is not None else runner.at(g.j, g.hi)  # the flip is at the sweep point itself
    rest = []
    value = (g.lo + g.hi) / 2
    nodes = scenario.runtime.nodes
    u = below.unfolded
    afters = above.texts(g.vs, {}) if above.unfolded is g.u else [above.choice(m.key) for m in g.members]
    for m, after in zip(g.members, afters, strict=True):
        key = m.key
        after = after or "(not reached)"
        on_below, on_above = key in below.on_play, key in above.on_play
        if on_below:
            hist = labels(below.on_play[key])
        elif on_above:
            hist = labels(above.on_play[key])
        else:
            hist = _history(u, u.index[key], histories.setdefault(id(u), {}))
        node = nodes[key[0]]
        results[m.n].append(Threshold(value, node.id, hist, node.actor or "", m.choice, after, on_below or on_above))
        if after not in (m.target, "(not reached)") and g.end - g.hi > PRECISION:
            rest.append(Member(m.n, key, after, m.target))
    if not rest:
        return None
    return Group(scenario.runtime, g.j, g.hi, g.end, rest, above)


def _history(u: Unfolded, i: int, memo: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    """`u.history(i)`, the paths' shared beginnings worked out once (`memo`: per DAG)."""
    climb = []
    while i not in memo:
        link = u.parent[i]
        if link is None:
            memo[i] = ()
            break
        climb.append((i, link[1].label))
        i = link[0]
    found = memo[i]
    for v, label in reversed(climb):
        found = memo[v] = (*found, label)
    return found


class _Margin:
    """How far the choice at one decision point is from flipping, where its branches were watched: the value to
    the actor of the chosen branch less the best of the others' (of a tie, its lowest branch less the best of
    all: zero while the tie holds, below once a branch parts); read at the last two values the bisection found
    on each side of the flip."""

    def __init__(self, key: Key, i: int, start: Point | None, choice: str):
        self.key, self.i = key, i
        self.chosen = start.best(i) if start is not None and start.text(i) == choice else None
        self.u = start.unfolded if start is not None else None

    def _at(self, point: Point) -> float | None:
        values = point.watched(self.i) if point.unfolded is self.u else None
        chosen = self.chosen
        if values is None or len(values) < 2 or not chosen or len(chosen) == len(values):
            return None
        if len(chosen) == 1:
            c = chosen[0]
            return values[c] - max(v for k, v in enumerate(values) if k != c)
        return min(values[c] for c in chosen) - max(values)

    def _last_two(self, side: list[tuple[float, Point]]) -> list[tuple[float, float]]:
        """The margins at the last two values met on one side where the branches were watched."""
        found = []
        for x, point in reversed(side):
            m = self._at(point)
            if m is not None:
                found.append((x, m))
                if len(found) == 2:
                    break
        return found

    def guesses(self, sides: tuple[list[tuple[float, Point]], list[tuple[float, Point]]]) -> tuple[float, ...]:
        """Where the margin crosses zero: on the line through the nearest values on either side of the flip, and
        on the lines through the two nearest on one side (a flip downstream often bends the margin right at
        this one's flip, so one side's line may be straight up to it where the line across is not)."""
        below, above = self._last_two(sides[0]), self._last_two(sides[1])
        found = []
        for pair in (below[:1] + above[:1], below, above):
            if len(pair) == 2 and pair[0][1] != pair[1][1]:
                (a, ma), (b, mb) = pair
                found.append(a + ma * (b - a) / (ma - mb))
        return tuple(found)


def _plan(lo: float, hi: float, guesses: tuple[float, ...], tries: int) -> tuple[float, ...]:
    """The midpoints a bisection asks for: first, the bracket's start (a sweep point) and the midpoints of the next
    AHEAD halvings; then every midpoint it visits if the choice flips at one of `guesses` or NEAR one, with the
    next BESIDE halvings' in case it flips at none of them; after a guess that missed, every midpoint left, up to
    LAST halvings (the branch values are read at the first values and after a miss: `_Margin`)."""
    if tries == 0:
        return (lo, *_ahead(lo, hi, AHEAD))
    depth = min(LAST, math.ceil(math.log2((hi - lo) / PRECISION))) if tries > 1 else BESIDE if guesses else AHEAD
    near = [guess + d for guess in guesses for d in NEAR]
    return tuple(dict.fromkeys([*_ahead(lo, hi, depth), *(x for guess in near for x in _path(lo, hi, guess))]))


def _path(lo: float, hi: float, guess: float) -> list[float]:
    """The midpoints the bisection of [lo, hi] visits if the choice flips at `guess`."""
    path = []
    while hi - lo > PRECISION:
        mid = (lo + hi) / 2
        path.append(mid)
        if mid < guess:
            lo = mid
        else:
            hi = mid
    return path


@functools.lru_cache(maxsize=1024)
def _ahead(lo: float, hi: float, depth: int) -> tuple[float, ...]:
    """Every midpoint the bisection of [lo, hi] may visit in its next `depth` halvings (computed as it computes
    them, so the floats are the same); the groups of one step share them."""
    found: list[float] = []
    level = [(lo, hi)]
    for _level in range(depth):
        deeper = []
        for a, b in level:
            if b - a > PRECISION:
                mid = (a + b) / 2
                found.append(mid)
                deeper += [(a, mid), (mid, b)]
        level = deeper
    return tuple(found)
