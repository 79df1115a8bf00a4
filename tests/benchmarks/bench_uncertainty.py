"""Benchmark: `uncertainty` on mexico, bulk rollback against the per-sample route, and memory at 10^6 sets.

Run:  python -m tests.benchmarks uncertainty
Targets: 100,000 Latin-hypercube sets of mexico under the expected rule in under 5 s end to end;
at least 50x faster than EMA Workbench's perform_experiments calling our engine once per set
(engine.analyze, a per-sample Python callable); peak memory under 300 MB at 10^6 sets.
The per-sample route is timed on a subset (it takes minutes for 100,000) and its rate reported.
"""

from __future__ import annotations

import contextlib
import io
import logging
import subprocess
import sys
import time
import warnings

SETS = 100_000
PER_SAMPLE = 2_000
MILLION = 1_000_000


def _ours() -> float:
    from scenarios.engine.analysis.uncertainty import uncertainty

    from scenarios import engine

    scenario = engine.load("mexico")
    uncertainty(scenario, 1000)  # imports and first unfold out of the timing
    start = time.perf_counter()
    uncertainty(engine.load("mexico"), SETS, "lhs", seed=1)
    return time.perf_counter() - start


def _ema() -> tuple[float, str]:
    from scenarios import engine

    scenario = engine.load("mexico")
    ranged = {n: a for n, a in scenario.spec.assumptions.items() if a.low is not None and a.high is not None}
    actors = list(scenario.spec.actors)

    def model(**values: float) -> dict[str, float]:
        result = engine.analyze(scenario, "expected", assumptions=values)
        return {a: result.values[a] for a in actors}

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ema_workbench import Model, RealParameter, ScalarOutcome, perform_experiments
    except ImportError:
        start = time.perf_counter()
        for _ in range(PER_SAMPLE):
            model(**{n: a.value for n, a in ranged.items()})
        return (time.perf_counter() - start) / PER_SAMPLE, "a per-sample Python loop calling engine.analyze " \
                                                           "(EMA Workbench is not installed)"
    logging.getLogger("EMA").setLevel(logging.WARNING)
    ema = Model("mexico", function=model)
    ema.uncertainties = [RealParameter(n, float(a.low), float(a.high)) for n, a in ranged.items()]  # type: ignore
    ema.outcomes = [ScalarOutcome(a) for a in actors]
    start = time.perf_counter()
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):  # EMA's progress bar
        warnings.simplefilter("ignore")
        perform_experiments(ema, scenarios=PER_SAMPLE)
    return (time.perf_counter() - start) / PER_SAMPLE, "EMA Workbench perform_experiments (LHS), " \
                                                       "engine.analyze once per set"


MEMORY = """
import resource, sys
from scenarios import engine
from scenarios.engine.analysis.uncertainty import uncertainty
scenario = engine.load("mexico")
uncertainty(scenario, 1000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
import time
start = time.perf_counter()
uncertainty(scenario, int(sys.argv[1]), "lhs", seed=1)
took = time.perf_counter() - start
print(before / 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, took)
"""


def main() -> None:
    ours = _ours()
    rate, route = _ema()
    print(f"mexico, {SETS:,} Latin-hypercube sets, expected rule, end to end (sampling, rollback, shares, "
          f"RBD-FAST indices): {ours:.2f} s (target < 5 s)")
    print(f"  per-sample route: {route}: {rate * 1000:.2f} ms per set on {PER_SAMPLE:,} sets "
          f"-> {rate * SETS:.0f} s for {SETS:,}")
    print(f"  speed-up: {rate * SETS / ours:.0f}x (target >= 50x)")
    out = subprocess.run([sys.executable, "-c", MEMORY, str(MILLION)], capture_output=True, text=True, check=True)
    before, peak, took = (float(x) for x in out.stdout.split())
    print(f"{MILLION:,} sets: {took:.1f} s; peak memory {peak:.0f} MB ({before:.0f} MB with the libraries loaded, "
          f"+{peak - before:.0f} MB for the run) (target < 300 MB)")


if __name__ == "__main__":
    main()
