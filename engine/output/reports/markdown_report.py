"""`explore --format markdown`: paths and the outcome summary as Markdown tables for handouts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.text.dates import date_in_words
from scenarios.engine.text.i18n import _, ngettext
from scenarios.engine.text.numbers import percent, percent_range, setting
from scenarios.engine.text.sources import sources_line
from scenarios.engine.text.wording import PATH_COUNT_NOTE, WEIGHT_HEADING

from .common import Tally, assumptions_used, tallied, weight_note


def cell(text: object) -> str:
    """Make text show literally inside a Markdown table cell: `& < > | \\ ` *` and entities as typed."""
    return (str(text).replace("\\", "\\\\").replace("&", "&amp;").replace("|", "\\|")
            .replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
            .replace("<", "&lt;").replace(">", "&gt;").replace("`", "\\`").replace("*", "\\*"))


def markdown_report(scenario: Scenario, *, assumptions: Mapping[str, float] | None = None,
                    where: str | None = None, summary_only: bool = False) -> Iterator[str]:
    rt = scenario.runtime
    yield f"# {cell(scenario.title)}\n\n"
    if scenario.spec.as_of:
        yield _("As of {date}.").format(date=date_in_words(scenario.spec.as_of)) + " "
    yield f"*{cell(scenario.disclaimer)}*\n\n"
    sources = sources_line(scenario)
    if sources:
        yield f"{cell(sources)}\n\n"
    note = weight_note(scenario)
    if note:
        yield f"{note}\n\n"
    used = assumptions_used(scenario, assumptions)
    if used:
        changed = assumptions or {}
        yield _("Assumptions used (* set for this handout):") + "\n\n"
        for key, value in used.items():
            mark = " \\*" if key in changed else ""
            yield f"- {cell(key)} = {setting(value)}{mark}\n"
        yield "\n"
    if where:
        yield _("Paths whose final state satisfies `{condition}`.").format(condition=where) + "\n\n"
    tally = Tally(len(rt.indicator_ids))
    paths = tallied(scenario, scenario.paths(assumptions, where), tally)
    if not summary_only:
        headers = ("#", _("Branches taken"), _("Outcome"), _("Final state"), _(WEIGHT_HEADING).capitalize())
        yield "| " + " | ".join(headers) + " |\n|---:|---|---|---|---:|\n"
        for path in paths:
            steps = " → ".join(cell(label) for _node, label in scenario.steps(path))
            state = ", ".join(f"{k}: {v}" for k, v in scenario.shown_state(path).items())
            weight = "" if path.weight is None else percent(path.weight)
            yield (f"| {path.number} | {steps} | {cell(rt.nodes[path.outcome].label)} | {cell(state)} "
                   f"| {weight} |\n")
        yield "\n"
        summary = tally.summary(scenario)
    elif where:
        for _path in paths:
            pass
        summary = tally.summary(scenario)
    else:
        summary = scenario.summarize(assumptions)
    heading = "## " + ngettext("Outcomes ({count} path)", "Outcomes ({count} paths)",
                               summary.path_count).format(count=summary.path_count) + "\n\n"
    if not scenario.has_weights:
        yield heading + "| " + _("Outcome") + " | " + _("Paths") + " |\n|---|---:|\n"
        for o in summary.outcomes:
            yield f"| {cell(o.label)} | {o.paths} |\n"
        yield "\n" + _(PATH_COUNT_NOTE) + "\n"
        return
    yield heading + "| " + _("Outcome") + " | " + _("Paths") + " | " + _("Path weights") + " |\n|---|---:|---:|\n"
    for o in summary.outcomes:
        yield f"| {cell(o.label)} | {o.paths} | {percent_range(o.weight_low, o.weight_high)} |\n"
    yield "\n" + _(PATH_COUNT_NOTE) + "\n"
