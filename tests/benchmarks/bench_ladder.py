"""Graphviz guard benchmark (issue 24): `python -m tests.benchmarks ladder`.

The ladder (alternating decisions and chance events, each with "go on" and an "exit" to one of
20 shared outcomes) at 200, 750 and 3,000 steps: `render -f svg` (the engine's layered layout,
drawn by `neato -n2`) beside plain `dot -Tsvg` on the same DOT text, which is stopped at
DOT_LIMIT seconds (issue 24 measured it at over 80 s for 200 steps).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.benchmarks.ladder import ladder_yaml

SIZES = (200, 750, 3000)
DOT_LIMIT = 30.0


def timed(folder: str, steps: int, limit: float) -> tuple[float, float | None, int]:
    """The ladder of `steps`: (seconds for `render -f svg`, seconds for plain `dot -Tsvg` or None when stopped
    at `limit`, KB of SVG)."""
    from scenarios import engine
    from scenarios.engine.output.diagrams import diagram
    from scenarios.engine.output.diagrams.dot import dot_source
    from scenarios.engine.output.diagrams.view import make_view

    file = Path(folder) / f"ladder{steps}.yaml"
    file.write_text(ladder_yaml(steps), encoding="utf-8")
    start = time.perf_counter()
    scenario = engine.load(file)
    svg = engine.render(scenario, "svg")
    ours = time.perf_counter() - start
    source = dot_source(diagram(scenario, make_view(scenario, {})), scenario.name)
    start = time.perf_counter()
    try:
        subprocess.run([shutil.which("dot") or "dot", "-Tsvg"], input=source.encode(), capture_output=True,
                       timeout=limit, check=False)
        plain: float | None = time.perf_counter() - start
    except subprocess.TimeoutExpired:
        plain = None
    return ours, plain, len(svg) // 1024


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.2f}; plain dot stopped at {DOT_LIMIT:g} s")
    print(f"{'steps':>6} {'render svg':>11} {'plain dot':>11}  ratio")
    with tempfile.TemporaryDirectory() as folder:
        for steps in SIZES:
            ours, plain, size = timed(folder, steps, DOT_LIMIT)
            shown = f"{plain:10.1f}s" if plain is not None else f">{DOT_LIMIT:9.0f}s"
            ratio = f"{plain / ours:.0f}x" if plain is not None else f">{DOT_LIMIT / ours:.0f}x"
            print(f"{steps:>6} {ours:10.2f}s {shown:>11}  {ratio}   ({size} KB of SVG)", flush=True)
