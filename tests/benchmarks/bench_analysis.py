"""Benchmark: a 1,000-point sweep against 1,000 separate analyses (load + compile + analyze each time).

Run:  python -m tests.benchmarks.bench_analysis [SCENARIO] [POINTS]
Target: the sweep reuses the compiled, unfolded model and costs at most a tenth of the separate runs.
"""

from __future__ import annotations

import sys
import time

from scenarios import engine
from scenarios.engine.analysis.analyze import analyze
from scenarios.engine.analysis.sensitivity import sensitivity


def main(name: str = "mexico", points: int = 1000) -> None:
    scenario = engine.load(name)
    ranged = [n for n, a in scenario.spec.assumptions.items() if a.low is not None and a.high is not None]
    if not ranged:
        raise SystemExit(f"{name} has no assumption with a low..high range")
    target = ranged[0]
    spec = scenario.spec.assumptions[target]
    low, high = float(spec.low), float(spec.high)  # type: ignore[arg-type]
    xs = [low + (high - low) * k / (points - 1) for k in range(points)]

    start = time.perf_counter()
    result = sensitivity(engine.load(name), [target], steps=points)
    sweep = time.perf_counter() - start

    start = time.perf_counter()
    for x in xs:
        analyze(engine.load(name), assumptions={target: x})
    separate = time.perf_counter() - start

    sample = max(1, points // 10)
    start = time.perf_counter()
    for x in xs[:sample]:
        analyze(scenario, assumptions={target: x})
    warm = (time.perf_counter() - start) / sample

    print(f"scenario {name}, assumption {target} over [{low:g}, {high:g}], {points} points")
    print(f"  sweep (load once, unfold once, {points} rollbacks + bisection of "
          f"{len(result.sweeps[0].thresholds)} flips): {sweep:.3f} s")
    print(f"  {points} separate analyses (load + compile + analyze each): {separate:.3f} s")
    print(f"  ratio: {sweep / separate:.3f} (target ≤ 0.1)")
    print(f"  one full analyze on a loaded scenario (5 rules for the table): {warm * 1000:.2f} ms")


if __name__ == "__main__":
    main(*(sys.argv[1:2] or ["mexico"]), *(int(a) for a in sys.argv[2:3]))
