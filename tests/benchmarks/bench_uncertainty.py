"""Benchmark: `uncertainty` on mexico, bulk rollback against the per-sample route, and memory at 10^6 sets.

Run:  python -m tests.benchmarks uncertainty
Targets: 100,000 Latin-hypercube sets of mexico under the expected rule in under 5 s end to end;
at least 50x faster than EMA Workbench's perform_experiments calling our engine once per set
(engine.analyze, a per-sample Python callable); 10^6 sets in under a minute with peak memory
under 300 MB, both for the engine call and for the command as a user runs it (charts included).
The per-sample route is timed on a subset (it takes minutes for 100,000) and its rate reported.
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
    print(_load())


if __name__ == "__main__":
    main()
