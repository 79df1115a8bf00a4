"""The ladder of issue 24: alternating decisions and chance events, each with "go on" and an "exit".

Every exit leads to one of 20 shared outcomes, so the graph branches out early and every rank
reaches the same ends: the shape on which Graphviz's `dot` took minutes and gigabytes.
"""

from __future__ import annotations

OUTCOMES = 20


def ladder_yaml(nodes: int) -> str:
    """A scenario of `nodes` steps (plus 20 outcomes), each step in a phase of 25 steps."""
    lines = ["format: 1", f"title: Ladder of {nodes} steps", "start: s0",
             "actors:", "  a: {name: Government}", "  b: {name: Opposition}", "nodes:"]
    for i in range(nodes):
        nxt = f"s{i + 1}" if i + 1 < nodes else f"end{OUTCOMES - 1}"
        phase = f"Stage {i // 25 + 1}"
        exit_to = f"end{i % OUTCOMES}"
        if i % 2 == 0:
            lines += [f"  s{i}:", "    type: decision", f"    actor: {'ab'[i // 2 % 2]}",
                      f"    label: 'Step {i}: press on or stop'", f"    phase: {phase!r}", "    branches:",
                      f"      - {{label: Go on, to: {nxt}}}", f"      - {{label: Stop here, to: {exit_to}}}"]
        else:
            lines += [f"  s{i}:", "    type: chance", f"    label: 'Step {i}: does it hold?'",
                      f"    phase: {phase!r}", "    branches:",
                      f"      - {{label: It holds, to: {nxt}, weight: 0.8}}",
                      f"      - {{label: It breaks, to: {exit_to}, weight: 0.2}}"]
    for j in range(OUTCOMES):
        lines.append(f"  end{j}: {{type: outcome, label: 'Ending {j + 1}'}}")
    return "\n".join(lines) + "\n"
