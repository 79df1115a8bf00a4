"""`scenarios sensitivity`: one-way sweeps of each assumption, flip thresholds, tornado and sweep charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scenarios.cli.i18n import N_, _, ngettext
from scenarios.cli.layout import Grid
from scenarios.cli.options import (
    assumption_options,
    assumptions_from,
    format_option,
    ids_option,
    load_scenario,
    rule_options,
)
from scenarios.engine.output.charts import CHART_FORMATS


@click.command(help=N_("""Sweep each assumption over its low..high range, one at a time.

Shows each actor's value at both ends (largest swing first: tornado order) and
the exact values, found by bisection to 1e-6, where a decision's choice flips.
A flip and flip back between two sweep points is missed: raise --steps to look
closer. Writes a tornado chart and one sweep plot per assumption to --out.
Everything follows from the stated assumptions and the rule; nothing here is a forecast.
It opens with a summary of one screen (the largest swings, the assumptions that
flip a choice on the play, and where); --all prints every table.

\b
Examples:
  scenarios sensitivity mexico
  scenarios sensitivity mexico -a p_clash --steps 101 --chart png
  scenarios sensitivity mexico --all --no-charts
  scenarios sensitivity mexico --ids --no-charts
  scenarios sensitivity mexico --rule maximin --no-charts --format json"""))
@click.argument("name", metavar="NAME|FILE")
@click.option("--assumption", "-a", "names", multiple=True, metavar="NAME",
              help=N_("Sweep only this assumption (repeatable); default: every one with low and high."))
@click.option("--steps", type=click.IntRange(min=2, max=10_001), default=21, show_default=True,
              help=N_("Evenly spaced values per sweep, low and high included."))
@click.option("--chart", "chart_fmt", type=click.Choice(CHART_FORMATS), default="svg", show_default=True,
              help=N_("Format of the tornado chart and sweep plots."))
@click.option("--no-charts", is_flag=True, help=N_("Don't write charts."))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help=N_("Folder for the charts (default outputs/, or workspace/outputs/ in a checkout of scenarios)."))
@click.option("--force", is_flag=True, help=N_("Replace chart files that scenarios did not write."))
@click.option("--all", "show_all", is_flag=True, help=N_("Every table in full: each swing and every flip."))
@rule_options
@format_option
@ids_option
@assumption_options
def sensitivity(name: str, names: tuple[str, ...], steps: int, chart_fmt: str, no_charts: bool, out_dir: str | None,
                force: bool, show_all: bool, rule: str, alpha: float, fmt: str, ids: bool, settings: tuple[str, ...],
                assumption_file: str | None) -> None:
    import json

    from scenarios.cli.frame import NOTE
    from scenarios.engine.analysis.sensitivity import sensitivity as run
    from scenarios.engine.format.library import outputs_dir
    from scenarios.engine.text.numbers import data_tree

    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    result = run(scenario, list(names) or None, steps, rule, alpha, overrides)

    folder = Path(out_dir) if out_dir else outputs_dir()
    written = [] if no_charts or not result.sweeps else _charts(scenario, result, chart_fmt, folder, force)
    if fmt == "json":
        data = {**result.to_dict(), "charts": [str(p) for p in written], "note": _(NOTE),
                "disclaimer": scenario.disclaimer}

        click.echo(json.dumps(data_tree(data), indent=2, ensure_ascii=False))
        return
    if show_all:
        _show(scenario, result, overrides, written, ids)
    else:
        _brief(scenario, result, overrides, written, ids)


def _brief(scenario: Any, result: Any, overrides: dict[str, float], written: list[Path], ids: bool) -> None:
    """One screen: the largest swings, the assumptions that flip a choice on the play and where."""
    from scenarios.cli.console import console
    from scenarios.cli.frame import header, number
    from scenarios.cli.summary import Brief
    from scenarios.engine.text.names import Names
    from scenarios.engine.text.numbers import setting

    out = console()
    names = Names(scenario, ids)
    header(out, scenario, result.assumptions, overrides, result.rule, result.alpha, brief=True)
    if not result.sweeps:
        out.print(_("This scenario has no assumption with a low..high range to sweep."))
        return
    text = Brief(out)
    swings = []
    for sweep in result.sweeps[:3]:
        actor, (lo, hi) = max(sweep.values.items(), key=lambda kv: abs(kv[1][1] - kv[1][0]))
        swings.append(_("{assumption} ({low} … {high}): {actor} {lo} → {hi}").format(
            assumption=names.assumption(sweep.name), low=setting(sweep.low), high=setting(sweep.high),
            actor=names.actor(actor), lo=number(lo), hi=number(hi)))
    text.items(_("Largest swings (for the actor each one changes most, low → high):"), swings, 3)
    text.gap()
    flipping = [(s, [t for t in s.thresholds if t.on_play]) for s in result.sweeps]
    flipping = [(s, ts) for s, ts in flipping if ts]
    if flipping:
        items = []
        for sweep, ts in flipping:
            where = "; ".join(_("at {at}, {decision}: {before} → {after}").format(
                at=setting(t.value), decision=names.node(t.node), before=t.before, after=t.after) for t in ts[:1])
            more = _(" (and {count} more flips on the play)").format(count=len(ts) - 1) if len(ts) > 1 else ""
            items.append(f"{names.assumption(sweep.name)}: {where}{more}")
        text.items(_("Assumptions that flip a choice on the play, and where:"), items, 3,
                   _("and {count} more assumptions (--all)"))
    else:
        text.para(_("No assumption flips a choice on the play within its range."))
    steady = [names.assumption(s.name) for s in result.sweeps if not s.thresholds]
    if steady:
        text.para(_("No choice flips anywhere under: {names}").format(names=", ".join(steady)))
    text.gap()
    if written:
        text.para(ngettext("Wrote {count} chart, the tornado first: {path}", "Wrote {count} charts, the tornado "
                           "first: {path}", len(written)).format(count=len(written), path=written[0]))
    text.everything()
    text.print()


def _charts(scenario: Any, result: Any, fmt: str, folder: Path, force: bool) -> list[Path]:
    from scenarios.engine.output.charts.sensitivity import sweep_chart, tornado
    from scenarios.engine.output.files import write_output
    from scenarios.engine.text.names import Names

    names = Names(scenario)
    written = [write_output(folder / f"{scenario.name}-tornado.{fmt}", tornado(result, fmt, names), force=force)]
    for sweep in result.sweeps:
        path = folder / f"{scenario.name}-sweep-{sweep.name}.{fmt}"
        written.append(write_output(path, sweep_chart(result, sweep, fmt, names), force=force))
    return written


def _show(scenario: Any, result: Any, overrides: dict[str, float], written: list[Path], ids: bool) -> None:
    from rich.text import Text

    from scenarios.cli.console import console
    from scenarios.cli.frame import header, number, trail
    from scenarios.engine.text.names import Names
    from scenarios.engine.text.numbers import setting

    out = console()
    names = Names(scenario, ids)
    header(out, scenario, result.assumptions, overrides, result.rule, result.alpha)
    if not result.sweeps:
        out.print(_("This scenario has no assumption with a low..high range to sweep."))
        return
    actors = list(result.base_values)
    headers = [_("{actor} (now {value})").format(actor=names.actor(a), value=number(result.base_values[a]))
               for a in actors]
    table = Grid(_("Each actor's value at low → high (largest swing first)"), [_("Assumption"), _("Range"), *headers],
                 right=tuple(headers))
    for sweep in result.sweeps:
        cells = [f"{number(lo)} → {number(hi)}" for lo, hi in sweep.values.values()]
        table.add(names.assumption(sweep.name), f"{setting(sweep.low)} … {setting(sweep.high)}", *cells)
    table.print(out)
    out.print()
    flips = [(s, t) for s in result.sweeps for t in s.thresholds]
    if flips:
        table = Grid(_("Where a decision's choice flips"),
                     [_("Assumption"), _("At"), _("Decision"), _("Actor"), _("Reached after"),
                      _("Choice below → above")], right=(_("At"),))
        for sweep, t in flips:
            table.add(names.assumption(sweep.name), setting(t.value), names.node(t.node), names.actor(t.actor),
                      trail(t.history), f"{t.before} → {t.after}", mark="" if t.on_play else "°")
        table.print(out)
        if not all(t.on_play for _, t in flips):
            out.print(_("° this decision point is off the play on both sides of the flip."))
    else:
        out.print(_("No decision's choice flips within any range (checked at {count} points each).").format(
            count=len(result.sweeps[0].xs)))
    if result.skipped:
        skipped = ", ".join(names.assumption(k) for k in result.skipped)
        out.print(Text(_("Not swept (no low..high range): {names}").format(names=skipped)))
    for path in written:
        out.print(Text(_("wrote {path}").format(path=path)))
