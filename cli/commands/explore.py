"""`scenarios explore`: every path and outcome of a scenario, in the terminal or as data."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..console import weight_text
from ..options import assumption_options, assumptions_from, load_scenario

FORMATS = ["table", "json", "csv", "markdown"]
TABLE_LIMIT = 50


@click.command()
@click.argument("name", metavar="NAME|FILE")
@click.option("--where", "where", metavar="EXPR",
              help='Keep paths whose final state satisfies EXPR, e.g. "civilian_risk >= high".')
@click.option("--all", "show_all", is_flag=True, help=f"List every path even when there are more than {TABLE_LIMIT}.")
@click.option("--summary", "summary_only", is_flag=True, help="Show only the outcome summary.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for reading; json, csv and markdown stream, for scripts and handouts.")
@assumption_options
def explore(name: str, where: str | None, show_all: bool, summary_only: bool, fmt: str,
            settings: tuple[str, ...], assumption_file: str | None) -> None:
    """Show every path through a scenario and where each one ends.

    Paths are numbered in depth-first order of the branches as written; a path
    keeps its number under --where. Weights, where a scenario has them, follow
    from its stated assumptions: they are not forecasts.

    \b
    Examples:
      scenarios explore mexico
      scenarios explore mexico --where "civilian_risk >= high" --all
      scenarios explore mexico --format csv > paths.csv
      scenarios explore mexico --set p_override=0.4 --summary
    """
    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    if where:
        scenario.condition(where)  # a bad expression fails here, before any output
    if fmt != "table":
        from engine.report import REPORTS

        write = sys.stdout.write
        for chunk in REPORTS[fmt](scenario, assumptions=overrides, where=where, summary_only=summary_only):
            write(chunk)
        sys.stdout.flush()
        return
    _table(scenario, overrides, where, show_all, summary_only)


def _table(scenario: Any, overrides: dict[str, float], where: str | None, show_all: bool,
           summary_only: bool) -> None:
    from engine.report.common import Tally, tallied

    from ..console import console

    out = console()
    _header(out, scenario, overrides, where)
    if not where:
        summary = scenario.summarize(overrides)
        too_many = summary.path_count > TABLE_LIMIT and not show_all
        if not (summary_only or too_many):
            _paths_table(out, scenario, list(scenario.paths(overrides)))
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
        out.print(f"No path ends in a state where {where}.")
        return
    if not (summary_only or too_many):
        _paths_table(out, scenario, shown)
    _summary_table(out, scenario, summary, where)
    if too_many and not summary_only:
        _hint(out, summary.path_count, scenario.name, where)


def _header(out: Any, scenario: Any, overrides: dict[str, float], where: str | None) -> None:
    from rich.markup import escape

    spec = scenario.spec
    as_of = f"  [dim](as of {escape(str(spec.as_of))})[/dim]" if spec.as_of else ""
    out.print(f"[bold]{escape(scenario.title)}[/bold]{as_of}")
    out.print(f"[italic]{escape(scenario.disclaimer)}[/italic]")
    if scenario.has_weights:
        values = dict(zip(spec.assumptions, scenario.assumption_values(overrides), strict=True))
        used = ", ".join(f"{k} = {v:g}" + (" (set)" if k in overrides else "") for k, v in values.items())
        out.print(f"Weights follow from the stated assumptions, not from evidence: {escape(used)}")
    if where:
        out.print(f"Showing paths whose final state satisfies: [bold]{escape(where)}[/bold]")
    out.print()


def _paths_table(out: Any, scenario: Any, paths: list[Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from engine import value_text

    weights = scenario.has_weights
    table = Table(title="Paths", title_justify="left", show_lines=True, expand=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Branches taken", ratio=3)
    table.add_column("Outcome", ratio=1)
    table.add_column("Final state", ratio=2)
    if weights:
        table.add_column("Weight", justify="right", no_wrap=True)
    nodes = scenario.runtime.nodes
    for path in paths:
        steps = " → ".join(label for _, label in scenario.steps(path)) or "(starts at the outcome)"
        state = " · ".join(f"{k} {value_text(v)}" for k, v in scenario.final_state(path).items())
        row = [str(path.number), escape(steps), escape(nodes[path.outcome].label), escape(state)]
        if weights:
            row.append(weight_text(path.weight))
        table.add_row(*row)
    out.print(table)
    out.print()


def _summary_table(out: Any, scenario: Any, summary: Any, where: str | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    from engine import value_text

    rt = scenario.runtime
    title = f"Outcomes: {summary.path_count:,} path{'s' if summary.path_count != 1 else ''}"
    title += f" where {where}" if where else ""
    table = Table(title=escape(title), title_justify="left")
    table.add_column("Outcome")
    table.add_column("Paths", justify="right", no_wrap=True)
    table.add_column("Indicator ranges at this outcome")
    for o in summary.outcomes:
        ranges = []
        for i, ind in enumerate(rt.indicator_ids):
            low = value_text(scenario.display(ind, o.low[i]))
            high = value_text(scenario.display(ind, o.high[i]))
            ranges.append(f"{ind} {low}" if low == high else f"{ind} {low}–{high}")
        table.add_row(escape(o.label), f"{o.paths:,}", escape(" · ".join(ranges)))
    out.print(table)


def _hint(out: Any, count: int, name: str, where: str | None = None) -> None:
    from rich.markup import escape

    flag = f' --where "{where}"' if where else ""
    out.print(f"\n{count:,} paths are too many to list here. List them all with: "
              f"[bold]scenarios explore {escape(name)}{escape(flag)} --all[/bold] "
              "(or --format csv), or narrow them with --where EXPR.")
