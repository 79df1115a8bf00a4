"""Benchmark: `sensitivity mexico` batched (vectorized rollback) beside the per-set route, and the command end to end.

Run:  python -m tests.benchmarks sensitivity
Target: the command under 2 s on a quiet machine. CPU time (user + sys) is printed beside
wall-clock time, with the load average, since the machine is shared; both routes run in
this one process, fresh scenario each, so their ratio is what to read.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scenarios import engine
from scenarios.engine.analysis.sensitivity import sensitivity


def _timed(batch: bool, name: str) -> tuple[float, float]:
    scenario = engine.load(name)
    start, cpu = time.perf_counter(), time.process_time()
    sensitivity(scenario, batch=batch)
    return time.perf_counter() - start, time.process_time() - cpu


def _command(*args: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scenarios", *args], check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return time.perf_counter() - start, cpu


def main(name: str = "mexico") -> None:
    print(f"load average {os.getloadavg()[0]:.2f}")
    for _ in range(2):
        slow_wall, slow_cpu = _timed(False, name)
        fast_wall, fast_cpu = _timed(True, name)
        print(f"  sensitivity {name} (21 steps, every assumption): batched {fast_cpu:.3f} s CPU "
              f"({fast_wall:.3f} s wall)"
              f" vs the per-set route {slow_cpu:.3f} s CPU ({slow_wall:.3f} s wall): {fast_cpu / slow_cpu:.2f}x")
    with tempfile.TemporaryDirectory() as out:
        for extra in (["--no-charts"], []):
            wall, cpu = _command("sensitivity", name, "--out", str(Path(out)), *extra)
            charts = f"({len(list(Path(out).glob('*.svg')))} SVG charts)"
            print(f"  scenarios sensitivity {name} {' '.join(extra) or charts}: {cpu:.2f} s CPU, "
                  f"{wall:.2f} s wall (target < 2 s on a quiet machine)")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
