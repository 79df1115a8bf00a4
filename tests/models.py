"""Scenario text generators shared by tests and benchmarks (lattices, chains, random DAGs)."""

from __future__ import annotations

import random


def lattice_yaml(stages: int, width: int, *, chance: bool = False, weights: bool = False) -> str:
    """`stages` nodes in a row, each with `width` branches to the next: width**stages paths.

    Branch j adds j to the number indicator `x`, so states stay few and summaries stay fast.
    """
    lines = ["format: 1", f"title: Lattice {stages}x{width}", "actors:", "  a: {name: A, values: {x: 1}}",
             "indicators:", "  x: {type: number, start: 0}", "start: s0", "nodes:"]
    for k in range(stages):
        kind = "chance" if chance else "decision"
        lines.append(f"  s{k}:")
        lines.append(f"    type: {kind}")
        if not chance:
            lines.append("    actor: a")
        lines.append(f"    label: Stage {k}")
        lines.append("    branches:")
        target = f"s{k + 1}" if k + 1 < stages else "end"
        for j in range(width):
            weight = f", weight: {j + 1}" if weights else ""
            lines.append(f"      - {{label: b{j}, to: {target}, effects: {{x: {j}}}{weight}}}")
    lines.append("  end: {type: outcome, label: End}")
    return "\n".join(lines) + "\n"


def chain_yaml(depth: int) -> str:
    """A single path `depth` decisions long (two branches each, converging), for recursion limits."""
    lines = ["title: Deep chain", "actors:", "  a: {name: A}", "indicators:",
             "  x: {type: number}", "start: n0", "nodes:"]
    for k in range(depth):
        target = f"n{k + 1}" if k + 1 < depth else "end"
        lines.append(f"  n{k}: {{type: decision, actor: a, label: N{k}, branches: "
                     f"[{{label: go, to: {target}, effects: {{x: 1}}}}, "
                     f"{{label: stop, to: end, when: x > {depth + 5}}}]}}")
    lines.append("  end: {type: outcome, label: End}")
    return "\n".join(lines) + "\n"


def random_yaml(seed: int, size: int = 8, *, decisions: bool = True, weighted: bool = True) -> str:
    """A random DAG scenario: nodes in topological order, branches only forward, guards that
    never leave a node without an unguarded branch, weights on every chance node."""
    rng = random.Random(seed)
    n_inner = max(1, size)
    outcomes = [f"o{k}" for k in range(rng.randint(1, 4))]
    lines = ["title: Random", "actors:", "  a: {name: A, values: {x: 1, lv: 2}}",
             "  b: {name: B, values: {x: -1, flag: 3}}", "indicators:",
             "  x: {type: number, start: 0, min: -5, max: 5}",
             "  lv: {levels: [l0, l1, l2, l3], start: l1}", "  flag: {type: flag}",
             "assumptions:", "  p: {value: 0.3, low: 0.1, high: 0.9}", "start: n0", "nodes:"]
    for k in range(n_inner):
        later = [f"n{j}" for j in range(k + 1, n_inner)] + outcomes
        is_decision = decisions and rng.random() < 0.5
        lines.append(f"  n{k}:")
        lines.append(f"    type: {'decision' if is_decision else 'chance'}")
        if is_decision:
            lines.append(f"    actor: {rng.choice(['a', 'b'])}")
        lines.append(f"    label: Node {k}")
        lines.append("    branches:")
        count = rng.randint(1 if is_decision else 2, 3)
        for j in range(count):
            effect = rng.choice(["{x: 1}", "{x: -2}", "{lv: 1}", "{lv: -1}", "{flag: true}", "{}", "{lv: l3}"])
            parts = [f"label: b{j}", f"to: {rng.choice(later)}", f"effects: {effect}"]
            if j > 0 and rng.random() < 0.3:
                parts.append(f"when: {rng.choice(['x > 0', 'lv >= l2', 'not flag', 'visited(n0)'])}")
            if not is_decision and weighted:
                parts.append(f"weight: {rng.choice(['p', '1 - p', '2', '0.5', 'x + 6'])}")
            lines.append("      - {" + ", ".join(parts) + "}")
    for o in outcomes:
        payoff = rng.choice(["", ", payoffs: {a: 1}", ", effects: {x: 1}"])
        lines.append(f"  {o}: {{type: outcome, label: Outcome {o}{payoff}}}")
    return "\n".join(lines) + "\n"
