"""Render benchmark (issue 3): `python -m tests.benchmarks render`.

Draws a generated 2,000-node scenario as SVG and compares the time with `dot -Tsvg` alone
on the same DOT text; target: our overhead (building the diagram and DOT, running dot,
stamping) at most 20% over dot.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

WIDTH, LAYERS = 20, 100  # 2,000 nodes: 99 layers of decisions and chance events, then outcomes


def model_yaml(width: int = WIDTH, layers: int = LAYERS) -> str:
    lines = ["format: 1", "title: Render benchmark, 2,000 nodes", "start: n0_0",
             "actors:", "  a: {name: Actor A}", "  b: {name: Actor B}", "  c: {name: Actor C}",
             "indicators:", "  tension: {levels: [low, mid, high]}", "nodes:"]
    for layer in range(layers):
        for j in range(width):
            nid = f"n{layer}_{j}"
            phase = f"Phase {layer // 10 + 1}"
            if layer == layers - 1:
                lines.append(f"  {nid}: {{type: outcome, label: 'Outcome {j} of layer {layer}', phase: {phase!r}}}")
                continue
            targets = [f"n{layer + 1}_{j}", f"n{layer + 1}_{(j + 1) % width}"]
            if (layer + j) % 3:
                lines.append(f"  {nid}:\n    type: decision\n    actor: {'abc'[j % 3]}\n"
                             f"    label: 'Decision {j} in layer {layer}'\n    phase: {phase!r}\n    branches:")
                lines.append(f"      - {{label: 'Press on', to: {targets[0]}, effects: {{tension: 1}}}}")
                lines.append(f"      - {{label: 'Hold back', to: {targets[1]}, effects: {{tension: -1}}}}")
            else:
                lines.append(f"  {nid}:\n    type: chance\n    label: 'Event {j} in layer {layer}'\n"
                             f"    phase: {phase!r}\n    branches:")
                lines.append(f"      - {{label: Happens, to: {targets[0]}, weight: 0.3}}")
                lines.append(f"      - {{label: 'Does not', to: {targets[1]}, weight: 0.7}}")
    return "\n".join(lines) + "\n"


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from scenarios import engine
    from scenarios.engine.output.diagrams.graphviz_run import run_dot

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "bench-2000.yaml"
        file.write_text(model_yaml(), encoding="utf-8")
        start = time.perf_counter()
        scenario = engine.load(file)
        load = time.perf_counter() - start
    source = engine.render(scenario, "dot").decode("utf-8")
    build = _best(lambda: engine.render(scenario, "dot"))
    # Interleave the two measurements so that load from elsewhere on the machine hits both alike.
    alone_runs, ours_runs = [], []
    for _ in range(5):
        alone_runs.append(_best(lambda: subprocess.run(["dot", "-Tsvg"], input=source.encode(),
                                                       capture_output=True, check=True), repeat=1))
        ours_runs.append(_best(lambda: engine.render(scenario, "svg"), repeat=1))
    dot_alone, ours = min(alone_runs), min(ours_runs)
    assert run_dot(source, "svg")
    overhead = ours / dot_alone - 1
    branches = sum(len(n.branches or []) for n in scenario.spec.nodes.values())
    paths = scenario.summarize().path_count
    print(f"model: {len(scenario.spec.nodes):,} nodes, {branches:,} branches, {paths:.3g} paths "
          f"(load {load:.2f} s, not counted)")
    print(f"DOT text built (diagram + DOT, no Graphviz): {build:.3f} s")
    print(f"dot -Tsvg alone on the same DOT text:      {dot_alone:.2f} s")
    print(f"engine.render(scenario, 'svg'):             {ours:.2f} s")
    print(f"overhead: {overhead:+.1%} (target ≤ +20%) {'OK' if overhead <= 0.20 else 'MISSED'}")


if __name__ == "__main__":
    main()
