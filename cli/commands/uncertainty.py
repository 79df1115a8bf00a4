"""`scenarios uncertainty`: every ranged assumption sampled at once; what follows across the sets."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from scenarios.cli.console import console
from scenarios.cli.frame import header, number, titled, trail
from scenarios.cli.i18n import N_, _, ngettext
from scenarios.cli.options import assumption_options, assumptions_from, load_scenario, rule_options
from scenarios.engine.analysis.uncertainty.importance import MIN_SETS
from scenarios.engine.analysis.uncertainty.methods import METHODS
from scenarios.engine.analysis.uncertainty.records import NOTE, csv_chunks
from scenarios.engine.analysis.uncertainty.run import uncertainty as run
from scenarios.engine.errors import UsageError
from scenarios.engine.files import write_lines
from scenarios.engine.format.library import outputs_dir
from scenarios.engine.output.charts.sensitivity import CHART_FORMATS
from scenarios.engine.output.charts.uncertainty import choice_chart, tradeoff_chart, value_chart
from scenarios.engine.output.files import write_output
from scenarios.engine.stamps import UNCERTAINTY

METHOD_NAMES = {"lhs": N_("Latin hypercube"), "random": N_("simple random"), "sobol": N_("Sobol'/Saltelli")}


def percent(x: float) -> str:
    return f"{x:.1%}" if 0 < x < 0.999 or x in (0, 1) else f"{x:.2%}"


@click.command()
@click.argument("name", metavar="NAME|FILE")
@click.option("--samples", "-n", type=click.IntRange(min=2, max=10_000_000), default=10_000, show_default=True,
              help="How many assumption sets to draw (sobol rounds up to N × (assumptions + 2), N a power of 2).")
@click.option("--method", type=click.Choice(METHODS), default="lhs", show_default=True,
              help="lhs: Latin hypercube; random; sobol: Saltelli's scheme, for Sobol' indices.")
@click.option("--seed", type=click.IntRange(min=0, max=2**63 - 1), default=0, show_default=True,
              help="Same seed, same sets, same output to the last digit.")
@click.option("--target", metavar="TARGET",
              help="Scenario discovery: an outcome id, NODE=BRANCH, or a condition such as 'civilian_risk >= high'.")
@click.option("--min-weight", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="With --target: count it only when it holds at least this share of the play's weight.")
@click.option("--density", type=click.FloatRange(0, 1, min_open=True), default=0.8, show_default=True,
              help="With --target: the least share of a box's sets in which the target happens (PRIM threshold).")
@rule_options
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default=None,
              help="table to read (the default); json for scripts; csv: one row per assumption set.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the json or csv to FILE instead of printing it (format from .json/.csv unless --format).")
@click.option("--chart", "chart_fmt", type=click.Choice(CHART_FORMATS), default="svg", show_default=True,
              help="Format of the charts.")
@click.option("--no-charts", is_flag=True, help="Don't write charts.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the charts (default outputs/, or workspace/outputs/ in a checkout of scenarios).")
@click.option("--force", is_flag=True, help="Replace files that scenarios did not write.")
@assumption_options
def uncertainty(name: str, samples: int, method: str, seed: int, target: str | None, min_weight: float,
                density: float, rule: str, alpha: float, fmt: str, output: str | None, chart_fmt: str,
                no_charts: bool, out_dir: str | None, force: bool, settings: tuple[str, ...],
                assumption_file: str | None) -> None:
    """Move every assumption at once: sample sets of assumptions, roll each back, report across them.

    Each assumption with low and high is drawn from its dist (uniform unless the file
    says triangular, beta or normal); those without a range, and those you --set, stay
    at one value. For each set the scenario is rolled back under the rule. Reports
    each actor's value (mean, 5th/50th/95th percentiles), the share of sets choosing
    each branch at each decision point, how often the play reaches each outcome and
    its weight, which assumptions drive the results (Sobol' indices with --method
    sobol, RBD-FAST otherwise), and with --target the PRIM boxes: ranges of
    assumptions in which the target happens. Charts go to --out.

    Every share is "in X% of the sampled assumption sets": a statement about the
    ranges you gave, never a probability that something happens.

    \b
    Examples:
      scenarios uncertainty mexico
      scenarios uncertainty mexico --samples 100000 --seed 7
      scenarios uncertainty mexico --method sobol
      scenarios uncertainty mexico --target "us_choice=Expand joint operations"
      scenarios uncertainty mexico --target coop_holds --min-weight 0.5
      scenarios uncertainty mexico --format csv -o outputs/mexico-sets.csv
    """

    fmt = _format(fmt, output)
    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    result = run(scenario, samples, method, seed, rule, alpha, overrides, target, min_weight, density)
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
        _show(scenario, result, overrides, written)
    if output:
        click.echo(_("wrote {path}").format(path=output), err=True)


def _format(fmt: str | None, output: str | None) -> str:
    """The format asked for, or with -o FILE and no --format the one its extension names."""
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

    stem = folder / f"{scenario.name}-uncertainty"
    written = [write_output(Path(f"{stem}-values.{fmt}"), value_chart(result, fmt), force=force),
               write_output(Path(f"{stem}-choices.{fmt}"), choice_chart(result, fmt), force=force)]
    if result.discovery is not None and result.discovery.trajectory:
        written.append(write_output(Path(f"{stem}-prim.{fmt}"), tradeoff_chart(result, fmt), force=force))
    return written


def _show(scenario: Any, result: Any, overrides: dict[str, float], written: list[Path]) -> None:
    from rich.markup import escape

    out = console()
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
    _actors(out, result)
    _decisions(out, result)
    _outcomes(out, result)
    _importance(out, result)
    _discovery(out, result)
    for path in written:
        out.print(escape(_("wrote {path}").format(path=path)))


def _actors(out: Any, result: Any) -> None:
    from rich.markup import escape

    risky = any(a.expected is not None for a in result.actors)
    title = _("Each actor's value across the sampled assumption sets")
    if risky:
        title += " " + _("(certainty equivalents where an actor has a risk attitude)")
    table = titled(title)
    for k, col in enumerate((_("Actor"), _("Mean"), _("5th pct"), _("Median"), _("95th pct"), _("Range"))):
        table.add_column(col, justify="left" if k == 0 else "right")
    if risky:
        table.add_column(_("Expected value: mean (5th … 95th)"), justify="right")
    for a in result.actors:
        v = a.value
        row = [escape(f"{a.name} ({a.actor})"), number(v.mean), number(v.p5), number(v.p50), number(v.p95),
               f"{number(v.low)} … {number(v.high)}"]
        if risky:
            e = a.expected
            row.append("—" if e is None else f"{number(e.mean)} ({number(e.p5)} … {number(e.p95)})")
        table.add_row(*row)
    out.print(table)
    out.print()


def _decisions(out: Any, result: Any) -> None:
    from rich.markup import escape

    shown = [d for d in result.decisions if d.reached > 0 or d.split]
    table = titled(_("Decision points: in what share of the sampled assumption sets each branch is chosen"))
    columns = (_("Decision"), _("Actor"), _("Reached after"), _("Play reaches it in"), _("Branch chosen in"),
               _("Indifferent"))
    for k, col in enumerate(columns):
        table.add_column(col, no_wrap=k < 2, justify="right" if k in (3, 5) else "left")
    for d in shown:
        picks = " · ".join(f"{label} {percent(s)}" for label, s in d.shares.items() if s > 0)
        table.add_row(escape(("* " if d.split else "") + d.node), escape(d.actor), escape(trail(d.history, 3)),
                      percent(d.reached), escape(picks), percent(d.tied) if d.tied > 0 else "—")
    out.print(table)
    hidden = len(result.decisions) - len(shown)
    if hidden:
        out.print(escape(ngettext(
            "{count} more decision point: off the play and with the same choice in every sampled set "
            "(--format json lists every one).",
            "{count} more decision points: off the play and with the same choice in every sampled set "
            "(--format json lists every one).", hidden).format(count=hidden)))
    out.print(escape(_("* the choice differs between sampled sets. Each set counts once: where the actor is "
                       "indifferent between several best branches it counts under 'Indifferent', so a row adds "
                       "up to the share of sets in which the decision point exists.")) + "\n")


def _outcomes(out: Any, result: Any) -> None:
    from rich.markup import escape

    table = titled(_("Outcomes: how often the play reaches each, and its weight in the play"))
    columns = (_("Outcome"), _("Play reaches it in"), _("Weight: mean"), _("5th pct"), _("Median"), _("95th pct"))
    for k, col in enumerate(columns):
        table.add_column(col, justify="left" if k == 0 else "right")
    for o in result.outcomes:
        w = o.weight
        cells = ["—"] * 4 if w is None else [percent(w.mean), percent(w.p5), percent(w.p50), percent(w.p95)]
        table.add_row(escape(f"{o.label} ({o.node})"), percent(o.reached), *cells)
    out.print(table)
    out.print(escape(_("'Play reaches it in': the share of the sampled assumption sets in which the play (every "
                       "actor deciding by the rule) has a path to it. Weights follow from each set's assumptions."))
              + "\n")


def result_name(result: Any, imp: Any) -> str:
    """An importance row's result in words: "value of NAME" or "choice at NODE: BRANCH"."""
    if imp.kind == "value":
        names = {a.actor: a.name for a in result.actors}
        return _("value of {actor}").format(actor=names.get(imp.about, imp.about))
    if imp.kind == "choice":
        return _("choice at {node}: {branch}").format(node=imp.about, branch=imp.branch)
    return str(imp.output)


def _importance(out: Any, result: Any) -> None:
    from rich.markup import escape

    if not result.importance:
        if result.importance_method != "sobol" and result.samples < MIN_SETS:
            out.print(_("Too few sets for RBD-FAST indices: draw at least {count}.").format(count=MIN_SETS) + "\n")
        else:
            out.print(_("No result varies across the sampled sets, so no assumption drives any.") + "\n")
        return
    sobol = result.importance_method == "sobol"
    title = (_("What drives each result: Sobol' indices, first-order (total-order)") if sobol else
             _("What drives each result: first-order indices (RBD-FAST; --method sobol adds total-order)"))
    table = titled(title)
    table.add_column(_("Result"))
    table.add_column(_("Assumptions, most influential first"))
    for imp in result.importance:
        top = imp.ranking[:4]
        parts = [f"{n} {imp.first[n]:.2f}" + (f" ({imp.total[n]:.2f})" if imp.total is not None else "")
                 for n in top]
        table.add_row(escape(result_name(result, imp)), escape(" · ".join(parts)))
    out.print(table)
    out.print(escape(_("An index is the share of the result's variation across the sets that the assumption "
                       "explains; argue first about the assumptions at the top.")) + "\n")


def _discovery(out: Any, result: Any) -> None:
    from rich.markup import escape

    found = result.discovery
    if found is None:
        return
    out.print(escape(_("Target: {target}: in {share} of the sampled assumption sets.").format(
        target=found.description, share=percent(found.share))))
    if not found.boxes:
        why = (_("it happens in none of them") if found.share == 0 else _("it happens in all of them")
               if found.share == 1 else _("no box reaches a density of {density}").format(
                   density=f"{found.threshold:.0%}"))
        out.print(escape(_("No PRIM box: {why}.").format(why=why)) + "\n")
        return
    table = titled(_("PRIM boxes (EMA Workbench; {count} sets): ranges of assumptions where the target happens")
                   .format(count=f"{found.sets:,}"))
    columns = (_("Box"), _("Assumption ranges"), _("Coverage"), _("Density"), _("Sets inside"))
    for k, col in enumerate(columns):
        table.add_column(col, justify="left" if k < 2 else "right")
    for k, box in enumerate(found.boxes, 1):
        ranges = "; ".join(f"{n} {lo:.3g} … {hi:.3g}" for n, (lo, hi) in box.limits.items())
        table.add_row(str(k), escape(ranges), percent(box.coverage), percent(box.density), percent(box.mass))
    out.print(table)
    out.print(escape(_("Coverage: the share of the target's sets that fall inside the box. Density: the share of the "
                       "box's sets in which the target happens.")) + "\n")
