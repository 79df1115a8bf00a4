"""Gambit's extensive-form game format (.efg), so the strategic play can be checked in Gambit.

The scenario is unfolded into a tree (one game node per path prefix), each decision
its own information set (perfect information), actors as players in file order,
chance probabilities as exact fractions of the normalized weights, and each
actor's score as its payoff.  Labels are ASCII with quotes escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from scenarios.engine.core.runtime import CHANCE, DECISION
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import scores_at, shares, unfold
from scenarios.engine.errors import UsageError
from scenarios.engine.output.files import MARK
from scenarios.engine.text.ascii import ascii_text

TREE_LIMIT = 100_000


def quote(text: str) -> str:
    """A quoted EFG label: ASCII, no backslashes (Gambit's reader doubles them), quotes escaped."""
    return '"' + ascii_text(text).replace("\\", "/").replace('"', '\\"') + '"'


def number(x: float) -> str:
    """A payoff as a plain decimal (no exponent), integers without a point."""
    if float(x).is_integer():
        return str(int(x))
    return format(Decimal(repr(float(x))), "f")


def fractions(ps: list[float]) -> list[Fraction]:
    """Probabilities as fractions that sum to exactly 1."""
    parts = [Fraction(p).limit_denominator(10**9) for p in ps[:-1]]
    return [*parts, max(Fraction(0), Fraction(1) - sum(parts, Fraction(0)))]


def to_efg(scenario: Scenario, assumptions: Mapping[str, float] | None = None, *, uniform: bool = False) -> str:
    """The scenario as an EFG 2 R file; chance nodes without weights are an error unless `uniform`."""
    rt = scenario.runtime
    actors = list(scenario.spec.actors)
    if not actors:
        raise UsageError(f"{scenario.name}: a Gambit game needs at least one player; this scenario has no actors")
    a = scenario.assumption_values(assumptions)
    u = unfold(scenario, a)
    scores = scores_at(u, scenario.runtime, a)
    if u.unweighted and not uniform:
        raise UsageError("a Gambit game needs a probability at every chance node, but these have no weights: "
                         + ", ".join(u.unweighted) + " (give them weights, or pass --uniform to treat their "
                                                     "branches as equally likely, said so in the file)")
    size = [0] * len(u.keys)
    for i, kids in enumerate(u.kids):
        size[i] = 1 + sum(size[c] for _, c in kids)
        if size[i] > TREE_LIMIT:
            raise UsageError(f"{scenario.name}: the game tree would have more than {TREE_LIMIT:,} nodes; "
                             "too many for an .efg file")
    # "Name (id)": `analyze --format json` keys actors by id, so the two can be matched.
    players = " ".join(quote(f"{scenario.spec.actors[x].name} ({x})") if ascii_text(scenario.spec.actors[x].name)
                       else quote(x) for x in actors)
    used = ", ".join(f"{k} = {v:g}" for k, v in zip(rt.assumption_ids, a, strict=True)) or "none"
    comment = (f"{MARK.decode()} export from scenario '{scenario.name}'. {scenario.disclaimer} "
               f"Chance probabilities follow from the stated assumptions ({used}); they are not forecasts. "
               "Payoffs are each actor's score at the outcome.")
    if u.unweighted:
        comment += " Chance nodes without weights are shown as equally likely: " + ", ".join(u.unweighted) + "."
    lines = [f"EFG 2 R {quote(scenario.title)} {{ {players} }}", quote(comment), ""]
    player = {x: k + 1 for k, x in enumerate(actors)}
    infosets = dict.fromkeys(range(len(actors) + 1), 0)
    outcomes: dict[int, int] = {}
    stack = [u.root]
    count = 0
    while stack:
        i = stack.pop()
        n, _ = u.keys[i]
        node = rt.nodes[n]
        kids = u.kids[i]
        count += 1
        name = quote(f"{node.label} #{count}")  # Gambit wants node labels unique
        if not kids:
            number_ = outcomes.setdefault(i, len(outcomes) + 1)
            payoffs = ", ".join(number(v) for v in scores[i] or ())
            # Gambit renames repeated outcome labels; the outcome number keeps each one unique.
            lines.append(f"t {name} {number_} {quote(f'{node.label} #{number_}')} {{ {payoffs} }}")
            continue
        if u.kind[i] == DECISION:
            p = player[node.actor]  # type: ignore[index]
            infosets[p] += 1
            actions = " ".join(quote(b.label) for b, _ in kids)
            lines.append(f"p {name} {p} {infosets[p]} {quote(f'{node.id} #{count}')} {{ {actions} }} 0")
        elif u.kind[i] == CHANCE:
            infosets[0] += 1
            ps = shares(u, rt, i, a) or [1 / len(kids)] * len(kids)
            actions = " ".join(f"{quote(b.label)} {q}" for (b, _), q in zip(kids, fractions(ps), strict=True))
            lines.append(f"c {name} {infosets[0]} {quote(f'{node.id} #{count}')} {{ {actions} }} 0")
        stack.extend(c for _, c in reversed(kids))
    return "\n".join(lines) + "\n"
