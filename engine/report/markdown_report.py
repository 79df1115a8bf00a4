"""`explore --format markdown`: paths and the outcome summary as Markdown tables for handouts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..scenario import Scenario
from .common import Tally, tallied, weight_note


def cell(text: object) -> str:
    """Make text safe inside a Markdown table cell."""
    return (str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
            .replace("<", "&lt;").replace(">", "&gt;"))


def markdown_report(scenario: Scenario, *, assumptions: Mapping[str, float] | None = None,
                    where: str | None = None, summary_only: bool = False) -> Iterator[str]:
    rt = scenario.runtime
    yield f"# {cell(scenario.title)}\n\n"
    if scenario.spec.as_of:
        yield f"As of {scenario.spec.as_of}. "
    yield f"*{cell(scenario.disclaimer)}*\n\n"
    note = weight_note(scenario)
    if note:
        yield f"{note}\n\n"
    if where:
        yield f"Paths whose final state satisfies `{where}`.\n\n"
    tally = Tally(len(rt.indicator_ids))
    paths = tallied(scenario, scenario.paths(assumptions, where), tally)
    if not summary_only:
        yield "| # | Branches taken | Outcome | Final state | Weight |\n|---:|---|---|---|---:|\n"
        for path in paths:
            steps = " → ".join(cell(label) for _, label in scenario.steps(path))
            state = ", ".join(f"{k}: {v}" for k, v in scenario.final_state(path).items())
            weight = "" if path.weight is None else f"{path.weight:.3f}"
            yield (f"| {path.number} | {steps} | {cell(rt.nodes[path.outcome].label)} | {cell(state)} "
                   f"| {weight} |\n")
        yield "\n"
        summary = tally.summary(scenario)
    elif where:
        for _ in paths:
            pass
        summary = tally.summary(scenario)
    else:
        summary = scenario.summarize(assumptions)
    yield f"## Outcomes ({summary.path_count} paths)\n\n| Outcome | Paths |\n|---|---:|\n"
    for o in summary.outcomes:
        yield f"| {cell(o.label)} | {o.paths} |\n"
