"""`check` on big bad files: thousands of misspelled targets (each with a "did you mean"), and
chance nodes with tens of thousands of branches.  Prints each time and how it grows.
"""

from __future__ import annotations

import time

from scenarios.engine import ScenarioError, load_text


def misspelled(n: int) -> str:
    """n decisions, each with a branch to a misspelled outcome name (one letter swapped)."""
    lines = ["title: Misspellings", "actors: {a: {name: A}}", "start: d0", "nodes:"]
    for i in range(n):
        lines.append(f"  d{i}: {{type: decision, actor: a, label: D{i}, branches: "
                     f"[{{label: go, to: outcome_{i:05d}_ok}}, {{label: stay, to: oucome_{i:05d}_ok}}]}}")
        lines.append(f"  outcome_{i:05d}_ok: {{type: outcome, label: O{i}}}")
    return "\n".join(lines) + "\n"


def wide(n: int) -> str:
    """One chance node with n weighted branches, each to its own outcome."""
    lines = ["title: Wide", "start: c", "nodes:", "  c:", "    type: chance", "    label: C", "    branches:"]
    lines += [f"      - {{label: b{i}, to: o{i}, weight: 1}}" for i in range(n)]
    lines += [f"  o{i}: {{type: outcome, label: O{i}}}" for i in range(n)]
    return "\n".join(lines) + "\n"


def timed(text: str) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        scenario = load_text(text, "bench.yaml")
        count = len(scenario.warnings)
    except ScenarioError as exc:
        count = len(exc.diagnostics)
        suggestions = sum("did you mean" in d.message for d in exc.diagnostics)
        assert suggestions, "the misspellings should get suggestions"
    return time.perf_counter() - start, count


def _series(label: str, make, sizes: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    previous = None
    for n in sizes:
        seconds, count = timed(make(n))
        growth = "" if previous is None else f"  ×{seconds / previous[1]:.1f} time for ×{n / previous[0]:.1f} size"
        print(f"check, {label} {n:>6,}: {seconds:6.2f} s  ({count:,} diagnostics){growth}", flush=True)
        previous = (n, seconds)


def main() -> None:
    _series("misspelled targets", misspelled, (1_000, 3_000, 20_000))
    _series("branches on one chance node", wide, (10_000, 20_000))
