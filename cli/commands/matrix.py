"""`scenarios matrix`: the 2x2 (or n x m) matrix of two uncertainties, as a table, data or a slide."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from scenarios.cli.i18n import N_, _
from scenarios.cli.options import assumption_options, assumptions_from, load_scenario

FORMATS = ["table", "markdown", "json", "svg", "png"]


@click.command(help=N_("""Sort the paths by two uncertainties into a grid: each cell's outcomes, paths and weight.

Each axis is a chance node (one row or column per branch), a condition on the
final state (holds / does not), or an assumption split at a value (each side
evaluated at the middle of its half of the range). Weights follow from the
stated assumptions; they are not forecasts.

\b
Examples:
  scenarios matrix mexico --suggest
  scenarios matrix mexico --axes coop_judged,flow_effect
  scenarios matrix mexico --axes "civilian_risk >= high,p_coop_enough@0.3"
  scenarios matrix mexico --axes coop_judged,flow_effect -f png -o slide.png"""))
@click.argument("name", metavar="NAME|FILE")
@click.option("--axes", metavar="A,B",
              help=N_("Two uncertainties: chance or decision node ids (NODE:1+2 cuts one into two poles: branches "
                   "1 and 2, and the rest), conditions such as \"tension >= high\", or assumption splits such as "
                   "p_talks@0.5 (rows first)."))
@click.option("--suggest", is_flag=True,
              help=N_("Offer 2x2s a room would accept: two upstream drivers, each cut into two poles, four filled "
                   "quadrants, most paths covered."))
@click.option("--fold", is_flag=True, help=N_("Leave out the \"not reached\" row and column (their paths are "
                                              "counted)."))
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help=N_("How many pairs --suggest lists."))
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help=N_("table for reading; markdown for handouts; json for scripts; svg or png for a slide."))
@click.option("--output", "-o", "output", metavar="PATH",
              help=N_("Where svg/png go (default outputs/NAME-matrix.EXT); '-' writes to standard output."))
@click.option("--force", is_flag=True, help=N_("Overwrite an existing file that scenarios did not write."))
@assumption_options
def matrix(name: str, axes: str | None, suggest: bool, fold: bool, top: int, fmt: str, output: str | None,
           force: bool, settings: tuple[str, ...], assumption_file: str | None) -> None:
    import json

    from scenarios.engine.analysis.matrix import as_dict, build, empty_cells, parse_axis, split_axes
    from scenarios.engine.errors import UsageError

    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    if suggest:
        if axes:
            raise UsageError(_("give --axes or --suggest, not both"))
        if fmt not in ("table", "json"):
            raise UsageError(_("--suggest prints a table or json"))
        _suggestions(scenario, overrides, top, fmt)
        return
    if not axes:
        raise UsageError(_("give two uncertainties with --axes A,B (or --suggest to rank pairs)"))
    parts = split_axes(axes)
    if len(parts) != 2:
        raise UsageError(_("--axes takes exactly two uncertainties separated by a comma (got {count})")
                         .format(count=len(parts)))
    grid = build(scenario, parse_axis(scenario, parts[0]), parse_axis(scenario, parts[1]), overrides, fold=fold)
    for empty in empty_cells(grid):
        click.echo(_("warning: no path falls in {cell}: the two axes depend on each other (one decides whether or "
                     "how the other happens); a room's 2x2 needs four filled cells (see --suggest)").format(
            cell=empty), err=True)
    if grid.left_out:
        click.echo(_("note: {count} paths meet an axis's \"not reached\" side and are left out (--fold)").format(
            count=f"{grid.left_out:,}"), err=True)
    if fmt == "json":

        click.echo(json.dumps(as_dict(grid), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(_markdown(scenario, grid), nl=False)
    elif fmt == "table":
        _table(scenario, grid)
    else:
        _drawing(scenario, grid, fmt, output, force)


def _drawing(scenario: Any, grid: Any, fmt: str, output: str | None, force: bool) -> None:
    from scenarios.engine.files import write_output
    from scenarios.engine.output.diagrams import images
    from scenarios.engine.output.diagrams.matrix_drawing import matrix_dot

    data = (images.svg if fmt == "svg" else images.png)(matrix_dot(grid, scenario.disclaimer))
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output) if output else Path("outputs") / f"{scenario.name}-matrix.{fmt}"
    write_output(target, data, force=force or output is None)
    click.echo(_("wrote {path}").format(path=target), err=True)


def _heading(grid: Any) -> str:
    return _("Matrix: {rows} × {columns}").format(rows=grid.rows.title, columns=grid.columns.title)


def _assumption_line(grid: Any) -> str:
    used = ", ".join(f"{k} = {v:g}" for k, v in grid.assumptions.items())
    return _("Assumptions: {values}").format(values=used) if used else ""


def _table(scenario: Any, grid: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    from scenarios.cli.console import console
    from scenarios.engine.analysis.matrix import cell_lines, weight_note

    out = console()
    out.print("[bold]" + escape(scenario.title) + "[/bold]")
    out.print("[italic]" + escape(scenario.disclaimer) + "[/italic]")
    line = _assumption_line(grid)
    if line:
        out.print(escape(line))
    out.print()
    table = Table(title=escape(_heading(grid)), title_justify="left", show_lines=True)
    table.add_column(escape(f"{grid.rows.title} ↓ / {grid.columns.title} →"), style="bold")
    for category in grid.columns.categories:
        table.add_column(escape(category.label))
    for i, category in enumerate(grid.rows.categories):
        table.add_row(escape(category.label),
                      *(escape("\n".join(cell_lines(grid, i, j))) for j in range(len(grid.columns.categories))))
    out.print(table)
    out.print(escape(weight_note(grid)))


def _markdown(scenario: Any, grid: Any) -> str:
    from scenarios.engine.analysis.matrix import cell_lines, weight_note
    from scenarios.engine.output.reports.markdown_report import cell

    lines = ["# " + cell(scenario.title), "", f"*{cell(scenario.disclaimer)}*", "", "## " + cell(_heading(grid)), ""]
    line = _assumption_line(grid)
    if line:
        lines += [cell(line), ""]
    corner = cell(f"{grid.rows.title} ↓ / {grid.columns.title} →")
    lines.append("| " + " | ".join([corner, *(cell(c.label) for c in grid.columns.categories)]) + " |")
    lines.append("|---" * (len(grid.columns.categories) + 1) + "|")
    for i, category in enumerate(grid.rows.categories):
        row = ["**" + cell(category.label) + "**"]
        row += ["<br>".join(cell(t) for t in cell_lines(grid, i, j)) for j in range(len(grid.columns.categories))]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", cell(weight_note(grid)), ""]
    return "\n".join(lines)


def _suggestions(scenario: Any, overrides: dict[str, float], top: int, fmt: str) -> None:
    import json

    from scenarios.cli.console import console
    from scenarios.engine.analysis.quadrants import suggest

    ranked = suggest(scenario, overrides)[:top]
    nodes = scenario.spec.nodes

    def poles(driver: Any) -> list[str]:
        labels = [b.label for b in nodes[driver.node].branches]
        first = sorted(driver.first)
        return [" / ".join(labels[k] for k in first),
                " / ".join(label for k, label in enumerate(labels) if k not in driver.first)]

    if fmt == "json":
        click.echo(json.dumps({"scenario": scenario.name, "pairs": [
            {"rows": s.rows.spec, "columns": s.columns.spec, "row_poles": poles(s.rows),
             "column_poles": poles(s.columns), "coverage": s.coverage, "balance": s.balance,
             "separation": s.separation, "paths": s.paths, "quadrants": list(s.quadrants)} for s in ranked]},
            indent=2, ensure_ascii=False))
        return
    from rich.markup import escape
    from rich.table import Table

    out = console()
    out.print("[bold]" + escape(scenario.title) + "[/bold]")
    out.print(escape(_("2x2s a room could work with: two upstream drivers (a chance event or a decision none of "
                       "whose branches ends the story), each cut into two poles, all four quadrants holding paths. "
                       "Ranked by coverage (the share of all paths that meet both drivers), then balance (the "
                       "smallest quadrant against an even quarter), then separation (how much the quadrant tells "
                       "about the outcome, 0 to 1). Paths are counted, not weighted.")))
    if not ranked:
        out.print(_("No two upstream drivers give four filled quadrants; name the axes with --axes A,B."))
        return
    table = Table(show_lines=True)
    table.add_column("#", justify="right")
    table.add_column(_("Rows: two poles"))
    table.add_column(_("Columns: two poles"))
    table.add_column(_("Coverage"), justify="right")
    table.add_column(_("Balance"), justify="right")
    table.add_column(_("Separation"), justify="right")
    for k, s in enumerate(ranked, 1):
        table.add_row(str(k), escape(f"{nodes[s.rows.node].label} ({s.rows.spec})\n" + " | ".join(poles(s.rows))),
                      escape(f"{nodes[s.columns.node].label} ({s.columns.spec})\n" + " | ".join(poles(s.columns))),
                      f"{s.coverage:.0%}", f"{s.balance:.2f}", f"{s.separation:.2f}")
    out.print(table)
    best = ranked[0]
    out.print(escape(_("Draw the first: scenarios matrix {name} --axes {rows},{columns}").format(
        name=scenario.name, rows=best.rows.spec, columns=best.columns.spec)))
