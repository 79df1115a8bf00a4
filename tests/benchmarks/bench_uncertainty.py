"""Benchmark: `uncertainty` on mexico, bulk rollback against the per-sample route, and memory at 10^6 sets.

Run:  python -m tests.benchmarks uncertainty
Targets: 100,000 Latin-hypercube sets of mexico under the expected rule in under 5 s end to end;
at least 50x faster than EMA Workbench's perform_experiments calling our engine once per set
(engine.analyze, a per-sample Python callable); 10^6 sets in under a minute with peak memory
under 300 MB, both for the engine call and for the command as a user runs it (charts included).
The per-sample route is timed on a subset (it takes minutes for 100,000) and its rate reported.
Strategies (issue 23): 100,000 sets x 4 strategies of us_choice, the bulk run (the free play and
the four strategies, regret and satisficing) against the per-sample route (per set: unfold, then
the per-point rollback of each restricted scenario), target >= 50x, with the run's peak memory.
Wall-clock figures move with the machine's load, so the load average is printed before and
after, and the CPU time beside the wall-clock time.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
import time
import warnings

SETS = 100_000
PER_SAMPLE = 2_000
MILLION = 1_000_000


def _ours() -> tuple[float, float]:
    from scenarios import engine
    from scenarios.engine.analysis.uncertainty.run import uncertainty

    scenario = engine.load("mexico")
    uncertainty(scenario, 1000)  # imports and first unfold out of the timing
    start, cpu = time.perf_counter(), time.process_time()
    uncertainty(engine.load("mexico"), SETS, "lhs", seed=1)
    return time.perf_counter() - start, time.process_time() - cpu


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


PEAK = """
import resource
def peak():
    # VmHWM: this process's own peak; ru_maxrss would carry the benchmark's peak across fork and exec
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

MEMORY = PEAK + """
import sys, time
from scenarios import engine
from scenarios.engine.analysis.uncertainty.run import uncertainty
scenario = engine.load("mexico")
uncertainty(scenario, 1000)
before = peak()
start, cpu = time.perf_counter(), time.process_time()
uncertainty(scenario, int(sys.argv[1]), "lhs", seed=1)
took, cpu = time.perf_counter() - start, time.process_time() - cpu
print(before, peak(), took, cpu)
"""

# The command as a user runs it: table on (a discarded) stdout, both charts written, every import paid.
COMMAND = PEAK + """
import contextlib, os, sys, tempfile, time
start = time.perf_counter()
from scenarios.cli.main import main
with tempfile.TemporaryDirectory() as folder, open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    try:
        main(["uncertainty", "mexico", "--samples", sys.argv[1], "--seed", "1", "--out", folder])
    except SystemExit as done:
        assert not done.code, done.code
print(time.perf_counter() - start, peak(), file=sys.stderr)
"""


STRATEGIES = ("us_choice=Keep pressure, no strikes", "us_choice=Expand joint operations",
              "us_choice=Press Mexico to allow US strikes", "us_choice=Unilateral precision raid")
PER_SAMPLE_STRATEGIES = 1_000

ROBUST = PEAK + """
import sys, time
from scenarios import engine
from scenarios.engine.analysis.uncertainty.run import uncertainty
strategies = tuple(sys.argv[2:])
scenario = engine.load("mexico")
uncertainty(scenario, 1000, strategies=strategies)
before = peak()
start, cpu = time.perf_counter(), time.process_time()
uncertainty(scenario, int(sys.argv[1]), "lhs", seed=1, strategies=strategies, satisfice=("us_exec >= -5",))
took, cpu = time.perf_counter() - start, time.process_time() - cpu
print(before, peak(), took, cpu)
"""


def _per_sample_strategies() -> tuple[float, float]:
    """Seconds per set (wall clock, CPU): unfold and the per-point rollback of each strategy's restricted scenario."""
    import numpy as np

    from scenarios import engine
    from scenarios.engine.analysis.rollback import solve
    from scenarios.engine.analysis.uncertainty.sampling import draw
    from scenarios.engine.analysis.uncertainty.strategies import parse_strategies, restrict
    from scenarios.engine.core.unfold import unfold

    scenario = engine.load("mexico")
    parsed = parse_strategies(scenario, STRATEGIES)
    ranged = {n: a for n, a in scenario.spec.assumptions.items() if a.low is not None and a.high is not None}
    sets = draw(ranged, PER_SAMPLE_STRATEGIES, "lhs", 1).rows(0, PER_SAMPLE_STRATEGIES)
    ids = scenario.runtime.assumption_ids
    base = scenario.assumption_values({})
    index = {a: k for k, a in enumerate(scenario.spec.actors)}
    names = list(ranged)
    made: dict[int, tuple[object, list[object]]] = {}
    start, cpu = time.perf_counter(), time.process_time()
    for row in sets:
        a = [float(row[names.index(x)]) if x in names else base[j] for j, x in enumerate(ids)]
        u = unfold(scenario, a)  # cached: the same DAG while the guards' answers stay the same
        if id(u) not in made:  # each strategy's restricted DAG built once per DAG, so solve redoes the dirty part
            made[id(u)] = (u, [restrict(u, s)[0] for s in parsed])
        values = np.array([solve(r, scenario.runtime, index, a, "expected", 0.5).values[u.root]
                           for r in made[id(u)][1]])
        _ = values.max(axis=0) - values
    return (time.perf_counter() - start) / PER_SAMPLE_STRATEGIES, (time.process_time() - cpu) / PER_SAMPLE_STRATEGIES


def strategies() -> None:
    """Print the strategies benchmark (also on its own: python -c 'from tests.benchmarks.bench_uncertainty
    import strategies; strategies()')."""
    out = subprocess.run([sys.executable, "-c", ROBUST, str(SETS), *STRATEGIES], capture_output=True, text=True,
                         check=True)
    before, peak, took, cpu = (float(x) for x in out.stdout.split())
    rate, rate_cpu = _per_sample_strategies()
    print(f"mexico, {SETS:,} sets x {len(STRATEGIES)} strategies of us_choice (the free play too; regret, "
          f"satisficing): {took:.2f} s ({cpu:.2f} s of CPU); peak memory {peak:.0f} MB ({before:.0f} MB with "
          f"the libraries loaded, +{peak - before:.0f} MB for the run)")
    print(f"  per-sample route: unfold and the per-point rollback of each strategy, {rate * 1000:.2f} ms per set "
          f"on {PER_SAMPLE_STRATEGIES:,} sets -> {rate * SETS:.0f} s for {SETS:,}")
    print(f"  speed-up: {rate * SETS / took:.0f}x in wall-clock time, {rate_cpu * SETS / cpu:.0f}x in CPU time "
          f"(target >= 50x)")


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    print(_load())
    ours, cpu = _ours()
    rate, route = _ema()
    print(f"mexico, {SETS:,} Latin-hypercube sets, expected rule, end to end (sampling, rollback, shares, "
          f"RBD-FAST indices): {ours:.2f} s ({cpu:.2f} s of CPU) (target < 5 s)")
    print(f"  per-sample route: {route}: {rate * 1000:.2f} ms per set on {PER_SAMPLE:,} sets "
          f"-> {rate * SETS:.0f} s for {SETS:,}")
    print(f"  speed-up: {rate * SETS / ours:.0f}x (target >= 50x)")
    out = subprocess.run([sys.executable, "-c", MEMORY, str(MILLION)], capture_output=True, text=True, check=True)
    before, peak, took, cpu = (float(x) for x in out.stdout.split())
    print(f"{MILLION:,} sets, engine.analysis.uncertainty: {took:.1f} s ({cpu:.1f} s of CPU; target < 60 s); "
          f"peak memory {peak:.0f} MB ({before:.0f} MB with the libraries loaded, +{peak - before:.0f} MB for "
          f"the run) (target < 300 MB)")
    out = subprocess.run([sys.executable, "-c", COMMAND, str(MILLION)], capture_output=True, text=True, check=True)
    took, peak = (float(x) for x in out.stderr.split()[-2:])
    print(f"{MILLION:,} sets, `scenarios uncertainty mexico --samples {MILLION}` (table and two charts), "
          f"process start to exit: {took:.1f} s; peak memory {peak:.0f} MB (targets < 60 s, < 300 MB)")
    strategies()
    print(_load())


if __name__ == "__main__":
    main()
