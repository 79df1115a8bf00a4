"""`scenarios explore`: every path and outcome of a scenario, in the terminal or as data."""

from __future__ import annotations

import sys
from typing import Any

import click

from scenarios.cli.i18n import N_, _, ngettext
from scenarios.cli.layout import Grid, whole, wrap
from scenarios.cli.options import assumption_options, assumptions_from, load_scenario

FORMATS = ["table", "json", "csv", "markdown"]
TABLE_LIMIT = 50
SUMMARY_LINES = 4  # at most, for each outcome of the summary


@click.command(help=N_("""Show every path through a scenario and where each one ends.

Paths are numbered in depth-first order of the branches as written; a path
keeps its number under --where. Weights, where a scenario has them, follow
from its stated assumptions: they are not forecasts.

\b
Examples:
  scenarios explore mexico
  scenarios explore fentanyl-labs --where "civilian_risk >= high" --all
  scenarios explore mexico --format csv > paths.csv
  scenarios explore mexico --set p_coop_enough=0.2 --summary
  scenarios explore tutorial --describe
"""))
@click.argument("name", metavar="NAME|FILE")
@click.option("--where", "where", metavar="EXPR",
              help=N_('Keep paths whose final state satisfies EXPR, e.g. "civilian_risk >= high".'))
@click.option("--all", "show_all", is_flag=True, help=N_("List every path even when there are more than 50."))
@click.option("--summary", "summary_only", is_flag=True, help=N_("Show only the outcome summary."))
@click.option("--describe", is_flag=True,
              help=N_("Under the listed paths: each node's description and sources, and the branches taken "
                      "(table and markdown)."))
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help=N_("table for reading; json, csv and markdown stream, for scripts and handouts."))
@assumption_options
def explore(name: str, where: str | None, show_all: bool, summary_only: bool, describe: bool, fmt: str,
            settings: tuple[str, ...], assumption_file: str | None) -> None:
    from scenarios.engine.analysis.story import describe as described
    from scenarios.engine.output.reports import REPORTS
    from scenarios.engine.output.reports.story_report import describe_markdown

    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    if where:
        scenario.condition(where)  # a bad expression fails here, before any output
    if describe:
        _check_describe(fmt, summary_only)
    if fmt != "table":

        write = sys.stdout.write
        for chunk in REPORTS[fmt](scenario, assumptions=overrides, where=where, summary_only=summary_only):
            write(chunk)
        if describe:

            write("".join(describe_markdown(described(scenario, scenario.paths(overrides, where)))))
        sys.stdout.flush()
        return
    _table(scenario, overrides, where, show_all, summary_only, describe)


def _check_describe(fmt: str, summary_only: bool) -> None:
    from scenarios.engine.errors import UsageError

    if fmt not in ("table", "markdown"):
        raise UsageError(_("--describe works with --format table or markdown; for one path as data use "
                           "`scenarios story NAME N --format json`"))
    if summary_only:
        raise UsageError(_("--describe adds text under the listed paths, and --summary lists none; give one of them"))


def _described(out: Any, scenario: Any, paths: list[Any]) -> None:
    from scenarios.engine.analysis.story import describe
    from scenarios.engine.output.reports.story_report import describe_text

    out.print(describe_text(describe(scenario, paths), min(out.width, 100)), markup=False,
              highlight=False)


def _table(scenario: Any, overrides: dict[str, float], where: str | None, show_all: bool,
           summary_only: bool, describe: bool = False) -> None:
    from scenarios.cli.console import console
    from scenarios.engine.output.reports.common import Tally, tallied

    out = console()
    _header(out, scenario, overrides, where)
    if not where:
        summary = scenario.summarize(overrides)
        too_many = summary.path_count > TABLE_LIMIT and not show_all
        if not (summary_only or too_many):
            listed = list(scenario.paths(overrides))
            _paths_table(out, scenario, listed)
            if describe:
                _described(out, scenario, listed)
        _summary_table(out, scenario, summary, where)
        if too_many and not summary_only:
            _hint(out, summary.path_count, scenario.name)
        return
    tally = Tally(len(scenario.runtime.indicator_ids))
    shown: list[Any] = []
    stream = tallied(scenario, scenario.paths(overrides, where), tally)
    for path in stream:
        if summary_only:
            continue
        if show_all or len(shown) <= TABLE_LIMIT:
            shown.append(path)
    summary = tally.summary(scenario)
    too_many = summary.path_count > TABLE_LIMIT and not show_all
    if summary.path_count == 0:
        out.print(_("No path ends in a state where {condition}.").format(condition=where), markup=False)
        return
    if not (summary_only or too_many):
        _paths_table(out, scenario, shown)
        if describe:
            _described(out, scenario, shown)
    _summary_table(out, scenario, summary, where)
    if too_many and not summary_only:
        _hint(out, summary.path_count, scenario.name, where)


def _header(out: Any, scenario: Any, overrides: dict[str, float], where: str | None) -> None:
    from rich.markup import escape

    from scenarios.engine.text.dates import date_in_words
    from scenarios.engine.text.numbers import setting
    from scenarios.engine.text.sources import sources_line

    spec = scenario.spec
    as_of = ("  [dim](" + escape(_("as of {date}").format(date=date_in_words(spec.as_of))) + ")[/dim]"
             if spec.as_of else "")
    out.print(f"[bold]{escape(scenario.title)}[/bold]{as_of}")
    out.print(f"[italic]{escape(scenario.disclaimer)}[/italic]")
    sources = sources_line(scenario)
    if sources:
        out.print(escape(sources))
    if scenario.has_weights:
        values = dict(zip(spec.assumptions, scenario.assumption_values(overrides), strict=True))
        mark = " " + _("(set)")
        used = ", ".join(f"{k} = {setting(v)}" + (mark if k in overrides else "") for k, v in values.items())
        out.print(escape(_("Weights follow from the stated assumptions, not from evidence: {values}")
                         .format(values=used)))
    if where:
        out.print(escape(_("Showing paths whose final state satisfies: {condition}").format(condition="\0"))
                  .replace("\0", f"[bold]{escape(where)}[/bold]"))
    out.print()


def _paths_table(out: Any, scenario: Any, paths: list[Any]) -> None:
    """The listed paths: a table where it fits the width, else one block per path; no name is cut."""
    from scenarios.cli.console import weight_text
    from scenarios.engine.text.wording import WEIGHT_HEADING

    weights = scenario.has_weights
    headers = [_("Path"), _("Branches taken"), _("Outcome"), _("Final state")]
    weight = _(WEIGHT_HEADING).capitalize()
    table = Grid(_("Paths"), headers + ([weight] if weights else []), right=(_("Path"), weight))
    nodes = scenario.runtime.nodes
    for path in paths:
        steps = " → ".join(label for _node, label in scenario.steps(path)) or _("(starts at the outcome)")
        state = " · ".join(f"{k} {v}" for k, v in scenario.shown_state(path).items())
        row = [str(path.number), steps, nodes[path.outcome].label, state]
        table.add(*row, *([weight_text(path.weight)] if weights else []))
    table.print(out)
    out.print()


def _summary_table(out: Any, scenario: Any, summary: Any, where: str | None) -> None:
    """One block of at most four lines per outcome: its name, paths and weights; what changed there."""
    from rich.text import Text

    from scenarios.cli.console import weight_note
    from scenarios.engine.text.numbers import percent_range
    from scenarios.engine.text.wording import PATH_COUNT_NOTE

    count = summary.path_count
    if where:
        title = ngettext("Outcomes: {count} path where {condition}", "Outcomes: {count} paths where {condition}",
                         count).format(count=f"{count:,}", condition=where)
    else:
        title = ngettext("Outcomes: {count} path", "Outcomes: {count} paths", count).format(count=f"{count:,}")
    width = max(40, out.width)
    lines: list[Any] = [*wrap(title, width), ""]
    weights = scenario.has_weights
    for o in summary.outcomes:
        paths = ngettext("{count} path", "{count} paths", o.paths).format(count=f"{o.paths:,}")
        if weights:
            paths += " · " + _("share of weight {range}").format(range=percent_range(o.weight_low, o.weight_high))
        head = wrap(f"{o.label} — {whole(paths)}", width, subsequent_indent="  ")
        lines += [Text(line, style="bold") for line in head]
        lines += _changes(scenario, o, width, SUMMARY_LINES - len(head))
    lines += ["", *wrap(_("Under each outcome: the indicators that end away from their start on its paths, the "
                          "settled ones first; every value of every path: --format csv."), width)]
    if weights:
        lines += wrap(weight_note(), width)
    lines += wrap(_(PATH_COUNT_NOTE), width)
    for line in lines:
        out.print(line if isinstance(line, Text) else Text(line))


def _changes(scenario: Any, outcome: Any, width: int, room: int) -> list[str]:
    """The indicators that end away from their start at an outcome, by label, in at most `room` lines."""
    from scenarios.engine.text.names import Names

    rt = scenario.runtime
    names = Names(scenario)
    settled, ranged = [], []
    for i, ind in enumerate(rt.indicator_ids):
        low, high = outcome.low[i], outcome.high[i]
        if low == high == rt.initial[i]:
            continue
        a, b = scenario.shown(ind, low), scenario.shown(ind, high)
        (settled if a == b else ranged).append(f"{names.indicator(ind)} {a}" if a == b else
                                                f"{names.indicator(ind)} {a}–{b}")
    items = settled + ranged
    if not items:
        return wrap(_("no indicator ends away from its start"), width, initial_indent="  ")
    for shown in range(len(items), -1, -1):
        rest = len(items) - shown
        text = " · ".join(items[:shown])
        if rest:
            more = ngettext("{count} more", "{count} more", rest).format(count=rest)
            text = f"{text} · (+{more})" if text else f"(+{more})"
        lines = wrap(text, width, initial_indent="  ", subsequent_indent="  ")
        if len(lines) <= room:
            return lines
    return []


def _hint(out: Any, count: int, name: str, where: str | None = None) -> None:
    """How to list the paths, the command kept on one line."""
    from rich.text import Text

    flag = f' --where "{where}"' if where else ""
    command = f"scenarios explore {name}{flag} --all"
    text = _("{count} paths are too many to list here. List them all with: {command} "
             "(or --format csv), or narrow them with --where EXPR.").format(count=f"{count:,}", command=whole(command))
    out.print()
    for line in wrap(text, max(40, out.width)):
        shown = Text(line)
        shown.highlight_words([command], "bold")
        out.print(shown)
