"""Engine benchmarks (issue: engine and CLI). Prints figures against the targets.

- enumeration: engine paths/s vs a bare depth-first loop over plain dicts (12×3 lattice, 531,441 paths);
  target ≥ 0.33×
- end-to-end CSV: `scenarios explore FILE --format csv` vs a hand-written script; target ≤ 1.5×
- summary of a 2^41-path lattice; target < 1 s
- peak memory while streaming 10^7 paths; target < 150 MB
- `scenarios --help` vs `python -c "import click"`; target ≤ 2×
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.models import lattice_yaml

HAND_WRITTEN = r'''
import csv, sys
from ruamel.yaml import YAML
data = YAML(typ="safe").load(open(sys.argv[1], encoding="utf-8"))
nodes = data["nodes"]
graph = {nid: [(b["to"], b["label"], b.get("effects", {}).get("x", 0)) for b in n.get("branches", [])]
         for nid, n in nodes.items()}
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["number", "steps", "outcome", "x"])
number = 0
stack = [(data["start"], (), 0)]
while stack:
    node, path, x = stack.pop()
    edges = graph[node]
    if not edges:
        number += 1
        out.writerow([number, " > ".join(path), node, x])
        continue
    for to, label, effect in reversed(edges):
        stack.append((to, path + (node + ": " + label,), x + effect))
'''

STREAM = r'''
import resource, sys
from scenarios import engine
s = engine.load_path(sys.argv[1])
n = 0
for _ in s.paths():
    n += 1
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
'''


def bare_walk(graph: dict[str, list[tuple[str, int]]], start: str):  # type: ignore[no-untyped-def]
    """The reference loop: iterative DFS over plain dicts, one integer effect per edge."""
    stack = [(start, (), {"x": 0})]
    while stack:
        node, path, state = stack.pop()
        edges = graph[node]
        if not edges:
            yield path, state
            continue
        for to, effect in reversed(edges):
            stack.append((to, (*path, to), {"x": state["x"] + effect}))


def best(seconds: list[float]) -> float:
    return min(seconds)


def timed(cmd: list[str], repeat: int = 3, **kwargs: object) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
        runs.append(time.perf_counter() - start)
    return best(runs)


def enumeration(folder: Path) -> None:
    from scenarios import engine

    stages, width = 12, 3
    graph = {f"s{k}": [(f"s{k + 1}" if k + 1 < stages else "end", j) for j in range(width)] for k in range(stages)}
    graph["end"] = []
    bare = []
    for _ in range(3):
        start = time.perf_counter()
        count = sum(1 for _ in bare_walk(graph, "s0"))
        bare.append(time.perf_counter() - start)
    file = folder / "lattice12x3.yaml"
    file.write_text(lattice_yaml(stages, width))
    scenario = engine.load_path(file)
    ours = []
    for _ in range(3):
        start = time.perf_counter()
        assert sum(1 for _ in scenario.paths()) == count
        ours.append(time.perf_counter() - start)
    ratio = best(bare) / best(ours)
    print(f"enumeration, 12x3 lattice ({count:,} paths): engine {count / best(ours):,.0f} paths/s, "
          f"bare loop {count / best(bare):,.0f} paths/s -> {ratio:.2f}x the bare loop (target >= 0.33x)")


def end_to_end_csv(folder: Path) -> None:
    file = folder / "lattice12x3.yaml"
    script = folder / "hand_written.py"
    script.write_text(HAND_WRITTEN)
    scenarios = shutil.which("scenarios")
    ours_cmd = [scenarios] if scenarios else [sys.executable, "-m", "scenarios"]
    ours = timed([*ours_cmd, "explore", str(file), "--format", "csv"])
    theirs = timed([sys.executable, str(script), str(file)])
    print(f"end-to-end CSV, 531,441 rows: scenarios {ours:.2f} s, hand-written script {theirs:.2f} s "
          f"-> {ours / theirs:.2f}x (target <= 1.5x)")


def big_summary(folder: Path) -> None:
    from scenarios import engine

    file = folder / "lattice41x2.yaml"
    file.write_text(lattice_yaml(41, 2))
    scenario = engine.load_path(file)
    start = time.perf_counter()
    summary = scenario.summarize()
    elapsed = time.perf_counter() - start
    print(f"summary of a 2^41-path lattice: {summary.path_count:,} paths in {elapsed * 1000:.0f} ms "
          "(target < 1 s)")


def streaming_memory(folder: Path) -> None:
    file = folder / "lattice7x10.yaml"
    file.write_text(lattice_yaml(7, 10))
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", STREAM, str(file)], check=True, capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout.split()
    elapsed = time.perf_counter() - start
    count, peak_kb = int(out[0]), int(out[1])
    print(f"streaming {count:,} paths: peak memory {peak_kb / 1024:.0f} MB in {elapsed:.0f} s "
          "(target < 150 MB)")


def help_time() -> None:
    scenarios = shutil.which("scenarios")
    cmd = [scenarios, "--help"] if scenarios else [sys.executable, "-m", "scenarios", "--help"]
    ours = timed(cmd, repeat=7)
    click = timed([sys.executable, "-c", "import click"], repeat=7)
    print(f"scenarios --help {ours * 1000:.0f} ms, python -c 'import click' {click * 1000:.0f} ms "
          f"-> {ours / click:.2f}x (target <= 2x)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        enumeration(folder)
        end_to_end_csv(folder)
        big_summary(folder)
        help_time()
        streaming_memory(folder)


if __name__ == "__main__":
    main()
