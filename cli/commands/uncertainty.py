"""`scenarios uncertainty`: every ranged assumption sampled at once; what follows across the sets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from scenarios.cli.i18n import N_, _
from scenarios.cli.options import assumption_options, assumptions_from, load_scenario, rule_options
from scenarios.engine.analysis.uncertainty.methods import METHODS
from scenarios.engine.output.charts import CHART_FORMATS


@click.command(help=N_("""Move every assumption at once: sample sets of assumptions, roll each back, report across them.

Each assumption with low and high is drawn from its dist (uniform unless the file
says triangular, beta or normal); those without a range, and those you --set, stay
at one value. For each set the scenario is rolled back under the rule. Reports
each actor's value (mean, 5th/50th/95th percentiles), the share of sets choosing
each branch at each decision point, how often the play reaches each outcome and
its weight, which assumptions drive the results (Sobol' indices with --method
sobol, RBD-FAST otherwise), and with --target the PRIM boxes: ranges of
assumptions in which the target happens. Charts go to --out.

Every share is "in X percent of the sampled assumption sets": a statement about the
ranges you gave, never a probability that something happens.

With --strategy, each strategy (fixed choices at decision points) is rolled back
on the same sets, every other decision still made by the rule: its value, its
regret against the best strategy in each set (mean, maximum, 90th percentile),
the share of sets meeting each --satisfice threshold, and the most robust by each.
With --evppi, what learning each assumption before choosing is worth to each
actor (binned estimator, stated with its bins and its noise floor).
The table is a summary; --all prints every row.

\b
Examples:
  scenarios uncertainty mexico
  scenarios uncertainty mexico --samples 100000 --seed 7
  scenarios uncertainty mexico --method sobol
  scenarios uncertainty mexico --target "us_choice=Expand joint operations"
  scenarios uncertainty mexico --target coop_holds --min-weight 0.5
  scenarios uncertainty mexico --target "us_choice=Expand joint operations" --knee
  scenarios uncertainty mexico --strategy us_choice --satisfice "us_exec >= -5"
  scenarios uncertainty mexico --evppi
  scenarios uncertainty mexico --format csv -o outputs/mexico-sets.csv"""))
@click.argument("name", metavar="NAME|FILE")
@click.option("--samples", "-n", type=click.IntRange(min=2, max=10_000_000), default=10_000, show_default=True,
              help=N_("How many assumption sets to draw (sobol rounds up to N × (assumptions + 2), N a power of 2)."))
@click.option("--method", type=click.Choice(METHODS), default="lhs", show_default=True,
              help=N_("lhs: Latin hypercube; random; sobol: Saltelli's scheme, for Sobol' indices."))
@click.option("--seed", type=click.IntRange(min=0, max=2**63 - 1), default=0, show_default=True,
              help=N_("Same seed, same sets, same output to the last digit."))
@click.option("--target", metavar="TARGET",
              help=N_("Scenario discovery: an outcome id, NODE=BRANCH, or a condition such as 'civilian_risk >= "
                      "high'."))
@click.option("--min-weight", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help=N_("With --target: count it only when it holds at least this share of the play's weight."))
@click.option("--density", type=click.FloatRange(0, 1, min_open=True), default=0.8, show_default=True,
              help=N_("With --target: the least share of a box's sets in which the target happens (PRIM threshold)."))
@click.option("--box", "box_point", type=click.IntRange(min=0), default=None, metavar="N",
              help=N_("With --target: the first PRIM box at point N of its trade-off curve (0 = the whole space)."))
@click.option("--knee", is_flag=True,
              help=N_("With --target: the first PRIM box at the knee of its trade-off curve (the point farthest from "
                   "the chord joining its ends)."))
@click.option("--strategy", "strategy", multiple=True, metavar="NODE=BRANCH",
              help=N_("A fixed choice tested across every set (join several with ' & '; a decision node alone: one "
                   "per branch); repeat for each strategy. Reports regret and which strategy is most robust."))
@click.option("--satisfice", multiple=True, metavar="'ACTOR >= NUMBER'",
              help=N_("With --strategy: the share of sets in which each strategy meets this threshold; repeatable."))
@click.option("--evppi", is_flag=True,
              help=N_("The value of learning each assumption before choosing (EVPPI, binned estimator), per actor, "
                   "among its options at its first decision point, or among the --strategy set."))
@click.option("--all", "show_all", is_flag=True, help=N_("Every row of every table (the default is a summary)."))
@rule_options
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default=None,
              help=N_("table to read (the default); json for scripts; csv: one row per assumption set."))
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), metavar="FILE",
              help=N_("Write the json or csv to FILE instead of printing it (format from .json/.csv unless --format)."))
@click.option("--chart", "chart_fmt", type=click.Choice(CHART_FORMATS), default="svg", show_default=True,
              help=N_("Format of the charts."))
@click.option("--no-charts", is_flag=True, help=N_("Don't write charts."))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help=N_("Folder for the charts (default outputs/, or workspace/outputs/ in a checkout of scenarios)."))
@click.option("--force", is_flag=True, help=N_("Replace files that scenarios did not write."))
@assumption_options
def uncertainty(name: str, samples: int, method: str, seed: int, target: str | None, min_weight: float,
                density: float, rule: str, alpha: float, fmt: str, output: str | None, chart_fmt: str,
                no_charts: bool, out_dir: str | None, force: bool, settings: tuple[str, ...],
                assumption_file: str | None, strategy: tuple[str, ...] = (), satisfice: tuple[str, ...] = (),
                show_all: bool = False, evppi: bool = False, box_point: int | None = None,
                knee: bool = False) -> None:
    import json

    from scenarios.engine.analysis.uncertainty.records import NOTE, csv_chunks
    from scenarios.engine.analysis.uncertainty.run import uncertainty as run
    from scenarios.engine.errors import UsageError
    from scenarios.engine.files import write_lines
    from scenarios.engine.format.library import outputs_dir
    from scenarios.engine.output.files import write_output
    from scenarios.engine.stamps import UNCERTAINTY

    fmt = _format(fmt, output)
    if knee and box_point is not None:
        raise UsageError(_("--box and --knee both choose the first PRIM box: give one"))
    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    result = run(scenario, samples, method, seed, rule, alpha, overrides, target, min_weight, density,
                 strategies=strategy, satisfice=satisfice, evppi=evppi, box="knee" if knee else box_point)
    folder = Path(out_dir) if out_dir else outputs_dir()
    written = [] if no_charts else _charts(scenario, result, chart_fmt, folder, force)
    if fmt == "csv":
        if output:

            write_lines(output, csv_chunks(result, marked=True), force=force)
        else:
            for chunk in csv_chunks(result):
                sys.stdout.buffer.write(chunk)
            sys.stdout.flush()
    elif fmt == "json":

        data = {**result.to_dict(), "charts": [str(p) for p in written], "note": _(NOTE),
                "disclaimer": scenario.disclaimer}
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if output:

            data = {"generator": UNCERTAINTY, **data}
            write_output(output, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode(), force=force)
        else:
            click.echo(text)
    else:
        _show(scenario, result, overrides, written, show_all)
    if output:
        click.echo(_("wrote {path}").format(path=output), err=True)


def _format(fmt: str | None, output: str | None) -> str:
    """The format asked for, or with -o FILE and no --format the one its extension names."""
    from scenarios.engine.errors import UsageError

    if output is None:
        return fmt or "table"
    if fmt is None:
        fmt = {".csv": "csv", ".json": "json"}.get(Path(output).suffix.lower())
        if fmt is None:
            raise UsageError(_("-o {path}: cannot tell the format from its extension; name it .json or .csv, "
                               "or add --format json or --format csv").format(path=output))
    if fmt == "table":
        raise UsageError(_("-o writes json or csv; add --format json or --format csv"))
    return fmt


def _charts(scenario: Any, result: Any, fmt: str, folder: Path, force: bool) -> list[Path]:
    from scenarios.engine.output.charts.uncertainty import choice_chart, tradeoff_chart, value_chart
    from scenarios.engine.output.files import write_output

    stem = folder / f"{scenario.name}-uncertainty"
    written = [write_output(Path(f"{stem}-values.{fmt}"), value_chart(result, fmt), force=force),
               write_output(Path(f"{stem}-choices.{fmt}"), choice_chart(result, fmt), force=force)]
    if result.discovery is not None and result.discovery.trajectory:
        written.append(write_output(Path(f"{stem}-prim.{fmt}"), tradeoff_chart(result, fmt), force=force))
    return written


def _show(scenario: Any, result: Any, overrides: dict[str, float], written: list[Path], full: bool) -> None:
    from rich.markup import escape

    from scenarios.cli.commands.uncertainty_brief import METHOD_NAMES, brief
    from scenarios.cli.commands.uncertainty_tables import (
        actors,
        decisions,
        discovery,
        importance,
        learning,
        outcomes,
        strategies,
    )
    from scenarios.cli.console import console
    from scenarios.cli.frame import header

    out = console()
    if not full:
        brief(out, scenario, result, overrides, written)
        return
    header(out, scenario, {}, overrides, result.rule, result.alpha)
    how = _(METHOD_NAMES[result.method])
    if result.base:
        how += ", N = " + f"{result.base:,}"
    out.print(escape(_("Sampled {count} assumption sets ({method}, seed {seed}):").format(
        count=f"{result.samples:,}", method=how, seed=result.seed)))
    for name, text in result.sampled.items():
        out.print(f"  {escape(name)}: {escape(text)}")
    if result.fixed:
        held = ", ".join(f"{k} = {v:g}" + (" " + _("(set)") if k in overrides else "") for k, v in result.fixed.items())
        out.print(escape(_("Held at one value: {values}").format(values=held)))
    out.print(_("Every share below is a share of the sampled assumption sets, not a probability of events.") + "\n")
    strategies(out, result, full)
    learning(out, result, full)
    actors(out, result)
    decisions(out, result, full)
    outcomes(out, result, full)
    importance(out, result, full)
    discovery(out, result)
    for path in written:
        out.print(escape(_("wrote {path}").format(path=path)))


