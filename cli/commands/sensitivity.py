"""`scenarios sensitivity`: one-way sweeps of each assumption, flip thresholds, tornado and sweep charts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from engine.analysis.charts import CHART_FORMATS

from ..options import assumption_options, assumptions_from, load_scenario
from .analyze import NOTE, format_option, header, number, rule_options, titled, trail


@click.command()
@click.argument("name", metavar="NAME|FILE")
@click.option("--assumption", "-a", "names", multiple=True, metavar="NAME",
              help="Sweep only this assumption (repeatable); default: every one with low and high.")
@click.option("--steps", type=click.IntRange(min=2), default=21, show_default=True,
              help="Evenly spaced values per sweep, low and high included.")
@click.option("--chart", "chart_fmt", type=click.Choice(CHART_FORMATS), default="svg", show_default=True,
              help="Format of the tornado chart and sweep plots.")
@click.option("--no-charts", is_flag=True, help="Don't write charts.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="outputs", show_default=True,
              help="Folder for the charts.")
@click.option("--force", is_flag=True, help="Replace chart files that scenarios did not write.")
@rule_options
@format_option
@assumption_options
def sensitivity(name: str, names: tuple[str, ...], steps: int, chart_fmt: str, no_charts: bool, out_dir: str,
                force: bool, rule: str, alpha: float, fmt: str, settings: tuple[str, ...],
                assumption_file: str | None) -> None:
    """Sweep each assumption over its low..high range, one at a time.

    Shows each actor's value at both ends (largest swing first: tornado order) and
    the exact values, found by bisection to 1e-6, where a decision's choice flips.
    A flip and flip back between two sweep points is missed: raise --steps to look
    closer. Writes a tornado chart and one sweep plot per assumption to --out.
    Everything follows from the stated assumptions and the rule; nothing here is a forecast.

    \b
    Examples:
      scenarios sensitivity mexico
      scenarios sensitivity mexico -a p_clash --steps 101 --chart png
      scenarios sensitivity mexico --rule maximin --no-charts --format json
    """
    from engine.analysis import sensitivity as run

    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    result = run(scenario, list(names) or None, steps, rule, alpha, overrides)
    written = [] if no_charts or not result.sweeps else _charts(scenario, result, chart_fmt, Path(out_dir), force)
    if fmt == "json":
        data = {**result.to_dict(), "charts": [str(p) for p in written], "note": NOTE,
                "disclaimer": scenario.disclaimer}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _show(scenario, result, overrides, written)


def _charts(scenario: Any, result: Any, fmt: str, folder: Path, force: bool) -> list[Path]:
    from engine.analysis import sweep_chart, tornado, write_output

    written = [write_output(folder / f"{scenario.name}-tornado.{fmt}", tornado(result, fmt), force=force)]
    for sweep in result.sweeps:
        path = folder / f"{scenario.name}-sweep-{sweep.name}.{fmt}"
        written.append(write_output(path, sweep_chart(result, sweep, fmt), force=force))
    return written


def _show(scenario: Any, result: Any, overrides: dict[str, float], written: list[Path]) -> None:
    from rich.markup import escape

    from ..console import console

    out = console()
    header(out, scenario, result.assumptions, overrides, result.rule, result.alpha)
    if not result.sweeps:
        out.print("This scenario has no assumption with a low..high range to sweep.")
        return
    actors = list(result.base_values)
    table = titled("Value at low → high (largest swing first)")
    table.add_column("Assumption")
    table.add_column("Range")
    for actor in actors:
        table.add_column(f"{actor} (now {number(result.base_values[actor])})", justify="right")
    for sweep in result.sweeps:
        cells = [f"{number(lo)} → {number(hi)}" for lo, hi in sweep.values.values()]
        table.add_row(escape(sweep.name), f"{sweep.low:g} … {sweep.high:g}", *cells)
    out.print(table)
    out.print()
    flips = [(s, t) for s in result.sweeps for t in s.thresholds]
    if flips:
        table = titled("Where a decision's choice flips")
        for col in ("Assumption", "At", "Decision", "Actor", "Reached after", "Choice below → above", "On the play"):
            table.add_column(col, justify="right" if col == "At" else "left")
        for sweep, t in flips:
            table.add_row(escape(sweep.name), f"{t.value:.6f}", escape(t.node), escape(t.actor),
                          escape(trail(t.history)), escape(f"{t.before} → {t.after}"), "yes" if t.on_play else "no")
        out.print(table)
    else:
        out.print(f"No decision's choice flips within any range (checked at {len(result.sweeps[0].xs)} points each).")
    if result.skipped:
        out.print(f"Not swept (no low..high range): {escape(', '.join(result.skipped))}")
    for path in written:
        out.print(f"wrote {escape(str(path))}")
