"""`scenarios compare`: one scenario under several groups' assumption files, side by side."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..options import load_scenario
from .analyze import NOTE, format_option, header, number, rule_options, titled, trail

BASELINE = "as written"


@click.command()
@click.argument("name", metavar="NAME|FILE")
@click.option("--assumptions", "files", multiple=True, required=True, type=click.Path(dir_okay=False),
              metavar="FILE.yaml", help="A group's assumption values (name: value); repeat once per group.")
@rule_options
@format_option
def compare(name: str, files: tuple[str, ...], rule: str, alpha: float, fmt: str) -> None:
    """Compare what follows from several groups' assumptions, beside the values as written.

    Each --assumptions file is a map of assumption name to value, checked against
    the scenario (unknown names and values outside low..high are errors with a line).
    The results follow from each group's stated assumptions; none is a forecast.

    \b
    Examples:
      scenarios compare mexico --assumptions group-a.yaml --assumptions group-b.yaml
      scenarios compare mexico --assumptions hawks.yaml --rule maximin --format json
    """
    from engine.analysis import compare as run
    from engine.assumptions import load_assumption_file

    scenario = load_scenario(name)
    groups: dict[str, dict[str, float]] = {BASELINE: {}}
    for file in files:
        values = load_assumption_file(scenario, file)
        label = Path(file).stem
        k = 2
        while label in groups:
            label, k = f"{Path(file).stem} ({k})", k + 1
        groups[label] = values
    result = run(scenario, groups, rule, alpha)
    if fmt == "json":
        data = {**result.to_dict(), "note": NOTE, "disclaimer": scenario.disclaimer}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _show(scenario, result)


def _show(scenario: Any, result: Any) -> None:
    from rich.markup import escape

    from ..console import console

    out = console()
    header(out, scenario, {}, {}, result.rule, result.alpha)
    groups = result.groups
    names = [g.name for g in groups]

    def table(title: str, first: str) -> Any:
        t = titled(title)
        t.add_column(first)
        for n in names:
            t.add_column(escape(n), justify="right")
        return t

    assumptions = table("Assumptions (set by the group in bold)", "Assumption")
    for key in groups[0].analysis.assumptions:
        cells = [f"[bold]{g.analysis.assumptions[key]:g}[/bold]" if key in g.overrides
                 else f"{g.analysis.assumptions[key]:g}" for g in groups]
        assumptions.add_row(escape(key), *cells)
    out.print(assumptions)
    out.print()
    values = table("Each actor's value at the start", "Actor")
    for actor in groups[0].analysis.values:
        values.add_row(escape(actor), *(number(g.analysis.values[actor]) for g in groups))
    out.print(values)
    out.print()
    decisions = titled("Choices (dim: that group's play does not reach this point)")
    decisions.add_column("Decision")
    decisions.add_column("Reached after")
    for n in names:
        decisions.add_column(escape(n))
    for row in result.decisions:
        cells = []
        for n in names:
            pick = row.by_group[n]
            text = "—" if pick is None else escape(pick)
            cells.append(text if row.on_play[n] else f"[dim]{text}[/dim]")
        differs = len({row.by_group[n] for n in names if row.on_play[n]}) > 1
        decisions.add_row(escape(row.node), escape(trail(row.history)), *cells, style="bold" if differs else "")
    out.print(decisions)
    out.print()
    indicators = table("Expected final indicators along each play (levels: level position)", "Indicator")
    for ind in groups[0].analysis.indicators:
        indicators.add_row(escape(ind), *(number(g.analysis.indicators[ind]) for g in groups))
    out.print(indicators)
