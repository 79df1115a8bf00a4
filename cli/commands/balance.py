"""`scenarios balance`: per actor, its options by stance, its values, where outcomes name it, the rules' choices."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from scenarios.cli.console import console
from scenarios.cli.frame import header, number, titled
from scenarios.cli.i18n import N_, _, ngettext
from scenarios.cli.options import assumption_options, assumptions_from, load_scenario
from scenarios.engine.analysis.balance import balance as report
from scenarios.engine.analysis.rules import rule_label
from scenarios.engine.errors import UsageError
from scenarios.engine.output.reports.markdown_report import cell

FORMATS = ["table", "markdown", "json"]
STANCE_COLUMNS = (("cooperative", N_("Cooperative")), ("escalatory", N_("Escalatory")), ("neutral", N_("Neutral")),
                  (None, N_("No stance")))  # headings shown through _()
NOT_REACHED = N_("(not reached)")
NO_WEIGHTS = N_("n/a (no weights)")


@click.command()
@click.argument("name", metavar="NAME|FILE")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for reading; markdown for an editor's notes; json for scripts.")
@click.option("--alpha", type=float, default=0.5, show_default=True, help="Optimism for the hurwicz rule (0 to 1).")
@click.option("--strict", is_flag=True, help="Exit with code 1 when the report lists any gap (for CI and editors).")
@assumption_options
def balance(name: str, fmt: str, alpha: float, strict: bool, settings: tuple[str, ...],
            assumption_file: str | None) -> None:
    """How a model treats each actor: run it before a workshop.

    Per actor: its decisions and their options by stance (a branch's optional
    `stance: cooperative | escalatory | neutral`), the indicators it values and
    with what sign, the outcomes whose labels name it, and the choice every
    decision rule makes for it at the stated assumptions (a tie shown as
    "indifferent between …"). Then the gaps, plainly: an actor who decides
    nothing, a decision without a cooperative or an escalatory option, an option
    without a stance.

    It is a report: it exits 0 even when it lists gaps, unless --strict is given
    (then any gap exits 1).

    \b
    Examples:
      scenarios balance mexico
      scenarios balance venezuela --format markdown > balance.md
      scenarios balance my-file.yaml --strict
      scenarios balance mexico --assumptions critics.yaml
    """

    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    if not 0.0 <= alpha <= 1.0:

        raise UsageError(_("alpha = {alpha} is outside [0, 1] (0 judges by the worst branch, 1 by the best)").format(
            alpha=f"{alpha:g}"))
    result = report(scenario, overrides, alpha)
    if fmt == "json":
        click.echo(json.dumps({**result.to_dict(), "disclaimer": scenario.disclaimer}, indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo("".join(_markdown(scenario, result)), nl=False)
    else:
        _table(scenario, result, overrides)
    if strict and result.gaps:
        sys.exit(1)


def signed(x: float) -> str:
    return ("+" if x > 0 else "−" if x < 0 else "") + number(abs(x))


def values_text(actor: Any) -> str:
    if not actor.values:
        return _("no indicator")
    return " · ".join(f"{ind} {signed(w)}" for ind, w in actor.values.items())


def rule_cell(choices: tuple[str, ...] | None) -> str:
    if choices is None:
        return _(NO_WEIGHTS)
    return " / ".join(choices) if choices else _(NOT_REACHED)


def mentions_text(actor: Any) -> str:
    if not actor.mentions:
        return _("none")
    return "; ".join(f"{m.label} ({m.word!r})" for m in actor.mentions)


def _table(scenario: Any, result: Any, overrides: dict[str, float]) -> None:
    from rich.markup import escape

    out = console()
    header(out, scenario, result.assumptions, overrides)
    out.print(_("Values: + means the actor's score rises with the indicator, − that it falls. Stances are the "
                "file's own reading of each option."))
    for actor in result.actors:
        out.print()
        out.print(f"[bold]{escape(actor.name)} ({escape(actor.id)})[/bold]")
        out.print("  " + escape(_("Values: {values}").format(values=values_text(actor)))
                  + ("; " + escape(_payoffs(actor.payoffs)) if actor.payoffs else ""))
        out.print("  " + escape(_("Named in outcome labels: {mentions}").format(mentions=mentions_text(actor))))
        if not actor.decisions:
            out.print("  " + _("Decides nothing in this model."))
            continue
        options = titled(_("{actor}: options by stance").format(actor=actor.name))
        options.add_column(_("Decision"))
        for _stance, heading in STANCE_COLUMNS:
            options.add_column(_(heading))
        for d in actor.decisions:
            options.add_row(escape(f"{d.label} ({d.node})"),
                            *(escape(" · ".join(d.stances(s)) or "—") for s, _heading in STANCE_COLUMNS))
        out.print(options)
        rules = titled(_("{actor}: each rule's choice at the stated assumptions").format(actor=actor.name))
        rules.add_column(_("Decision"))
        for rule in result.rules:
            rules.add_column(rule_label(rule, result.alpha))
        for d in actor.decisions:
            rules.add_row(escape(d.node), *(escape(rule_cell(d.by_rule[r])) for r in result.rules))
        out.print(rules)
    out.print()
    _gaps(out, result)


def _gaps(out: Any, result: Any) -> None:
    from rich.markup import escape

    if not result.gaps:
        out.print(_("Gaps: none. Every actor decides something, every decision has a cooperative and an escalatory "
                    "option, and every option has a stance."))
        return
    out.print("[bold]" + _("Gaps: {count}").format(count=len(result.gaps)) + "[/bold]")
    for gap in result.gaps:
        note = " [dim]" + escape(_("The file's note: {note}").format(note=gap.note)) + "[/dim]" if gap.note else ""
        out.print(f"- {escape(gap.text)}" + note)


def _payoffs(count: int) -> str:
    return ngettext("payoffs at {count} outcome", "payoffs at {count} outcomes", count).format(count=count)


def _markdown(scenario: Any, result: Any) -> Any:

    yield "# " + _("Balance report: {title}").format(title=cell(scenario.title)) + "\n\n"
    yield f"*{cell(scenario.disclaimer)}*\n\n"
    if result.assumptions:
        used = ", ".join(f"{k} = {v:g}" for k, v in result.assumptions.items())
        yield _("Stated assumptions: {values}. Rule choices follow from them; they are not forecasts.").format(
            values=cell(used)) + "\n\n"
    yield _("Values: + means the actor's score rises with the indicator, − that it falls.") + "\n\n"
    for actor in result.actors:
        yield f"## {cell(actor.name)} (`{actor.id}`)\n\n"
        yield "- " + _("Values: {values}").format(values=cell(values_text(actor))) + "\n"
        if actor.payoffs:
            yield "- " + cell(_payoffs(actor.payoffs)) + "\n"
        yield "- " + _("Named in outcome labels: {mentions}").format(mentions=cell(mentions_text(actor))) + "\n\n"
        if not actor.decisions:
            yield _("Decides nothing in this model.") + "\n\n"
            continue
        yield ("| " + _("Decision") + " | " + " | ".join(_(h) for _stance, h in STANCE_COLUMNS)
               + " |\n|---|---|---|---|---|\n")
        for d in actor.decisions:
            yield (f"| {cell(d.label)} (`{d.node}`) | "
                   + " | ".join(cell(" · ".join(d.stances(s)) or "—") for s, _heading in STANCE_COLUMNS) + " |\n")
        labels = " | ".join(rule_label(r, result.alpha) for r in result.rules)
        yield ("\n| " + _("Decision") + " | " + labels + " |\n|---" + "|---" * len(result.rules)
               + "|\n")
        for d in actor.decisions:
            yield f"| `{d.node}` | " + " | ".join(cell(rule_cell(d.by_rule[r])) for r in result.rules) + " |\n"
        yield "\n"
    yield "## " + _("Gaps ({count})").format(count=len(result.gaps)) + "\n\n"
    if not result.gaps:
        yield _("None.") + "\n"
    for gap in result.gaps:
        note = " *" + _("The file's note: {note}").format(note=cell(gap.note)) + "*" if gap.note else ""
        yield f"- {cell(gap.text)}" + note + "\n"
