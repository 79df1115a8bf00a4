"""`scenarios balance`: per actor, its options by stance, its values, where outcomes name it, the rules' choices."""

from __future__ import annotations

import sys
from typing import Any

import click

from scenarios.cli.i18n import N_, _, ngettext
from scenarios.cli.options import assumption_options, assumptions_from, load_scenario
from scenarios.engine.analysis.rules import rule_label

FORMATS = ["table", "markdown", "json"]
STANCE_COLUMNS = (("cooperative", N_("Cooperative")), ("escalatory", N_("Escalatory")), ("neutral", N_("Neutral")),
                  (None, N_("No stance")))  # headings shown through _()
NOT_REACHED = N_("(not reached)")
NO_WEIGHTS = N_("n/a (no weights)")


@click.command(help=N_("""How a model treats each actor: run it before a workshop.

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
  scenarios balance mexico --reach"""))
@click.argument("name", metavar="NAME|FILE")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help=N_("table for reading; markdown for an editor's notes; json for scripts."))
@click.option("--alpha", type=float, default=0.5, show_default=True, help=N_("Optimism for the hurwicz rule (0 to 1)."))
@click.option("--strict", is_flag=True, help=N_("Exit with code 1 when the report lists any gap (for CI and editors)."))
@click.option("--reach", is_flag=True,
              help=N_("The fairness check: for each option with a stance, search the assumptions' ranges for a set "
                   "under which its actor chooses it where the play reaches it (with --strict, exit 1 if some "
                   "option is never played)."))
@click.option("--samples", type=click.IntRange(10, 100_000), default=400, show_default=True,
              help=N_("With --reach: random sets tried per rule before the local search."))
@assumption_options
def balance(name: str, fmt: str, alpha: float, strict: bool, reach: bool, samples: int, settings: tuple[str, ...],
            assumption_file: str | None) -> None:
    import json

    from scenarios.engine.analysis.balance import balance as report
    from scenarios.engine.analysis.playable import reachability
    from scenarios.engine.errors import UsageError

    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    if not 0.0 <= alpha <= 1.0:

        raise UsageError(_("alpha = {alpha} is outside [0, 1] (0 judges by the worst branch, 1 by the best)").format(
            alpha=f"{alpha:g}"))
    if reach:
        found = reachability(scenario, overrides, alpha, samples=samples)
        if fmt == "json":
            click.echo(json.dumps({**found.to_dict(), "disclaimer": scenario.disclaimer}, indent=2,
                                  ensure_ascii=False))
        else:
            click.echo("".join(reach_lines(scenario, found, markdown=fmt == "markdown")), nl=False)
        if strict and any(not o.played and not o.note for o in found.options):
            sys.exit(1)
        return
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
    from scenarios.cli.frame import number

    return ("+" if x > 0 else "−" if x < 0 else "") + number(abs(x))


def values_text(actor: Any, assumptions: dict[str, float] | None = None) -> str:
    if not actor.values:
        return _("no indicator")
    return " · ".join(f"{ind} {_worth(w, assumptions or {})}" for ind, w in actor.values.items())


def _worth(w: float | str, assumptions: dict[str, float]) -> str:
    """A value as the table shows it: signed, or the assumption it names with that assumption's value now."""
    if isinstance(w, str):
        return f"{w} ({signed(assumptions[w])})" if w in assumptions else w
    return signed(w)


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

    from scenarios.cli.console import console
    from scenarios.cli.frame import header, titled

    out = console()
    header(out, scenario, result.assumptions, overrides)
    out.print(_("Values: + means the actor's score rises with the indicator, − that it falls. Stances are the "
                "file's own reading of each option."))
    for actor in result.actors:
        out.print()
        out.print(f"[bold]{escape(actor.name)} ({escape(actor.id)})[/bold]")
        out.print("  " + escape(_("Values: {values}").format(values=values_text(actor, result.assumptions)))
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
    from scenarios.engine.output.reports.markdown_report import cell

    yield "# " + _("Balance report: {title}").format(title=cell(scenario.title)) + "\n\n"
    yield f"*{cell(scenario.disclaimer)}*\n\n"
    if result.assumptions:
        used = ", ".join(f"{k} = {v:g}" for k, v in result.assumptions.items())
        yield _("Stated assumptions: {values}. Rule choices follow from them; they are not forecasts.").format(
            values=cell(used)) + "\n\n"
    yield _("Values: + means the actor's score rises with the indicator, − that it falls.") + "\n\n"
    for actor in result.actors:
        yield f"## {cell(actor.name)} (`{actor.id}`)\n\n"
        yield "- " + _("Values: {values}").format(values=cell(values_text(actor, result.assumptions))) + "\n"
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



def reach_lines(scenario: Any, found: Any, *, markdown: bool) -> Any:
    """`balance --reach` as text or Markdown: never-played options first, each with its rules and one set."""
    from scenarios.engine.output.reports.markdown_report import cell

    def mark(text: str) -> str:
        return cell(text) if markdown else text

    yield ("# " if markdown else "") + _("Can each side's options be played? {title}").format(
        title=mark(scenario.title)) + "\n\n"
    yield (f"*{mark(scenario.disclaimer)}*" if markdown else scenario.disclaimer) + "\n\n"
    yield _("Searched {tried} assumption sets over the ranges of {count} assumptions (the stated values, random "
            "sets, the ends of each range, then a local search around the closest sets), under each rule "
            "(hurwicz with α = {alpha}). An option counts as played when its actor chooses it, or counts it among "
            "its tied best, at a decision point the play reaches. A set that plays an option is one the ranges "
            "allow, not a forecast.").format(tried=f"{found.tried:,}", count=len(found.varied),
                                             alpha=f"{found.alpha:g}") + "\n"
    if found.skipped:
        yield _("Rules left out (some chance events have no weights): {rules}").format(
            rules=", ".join(found.skipped)) + "\n"
    never = [o for o in found.options if not o.played]
    yield "\n" + ("## " if markdown else "") + _("Never played: {count} of {total} options with a stance").format(
        count=len(never), total=len(found.options)) + "\n\n"
    for o in never:
        yield _line(o, mark, markdown)
        yield "  " + (_("The file's note: {note}").format(note=mark(o.note)) if o.note else
                      _("The file's note says nothing about why.")) + "\n"
    if never:
        yield "\n"
    yield ("## " if markdown else "") + _("Played under some allowed assumptions") + "\n\n"
    for o in found.options:
        if not o.played:
            continue
        yield _line(o, mark, markdown)
        paste = " ".join(f"--set {k}={v:.10g}" for k, v in (o.setting or {}).items())
        rules = ", ".join(o.rules)
        yield "  " + (_("rules: {rules}; e.g. {rule} at the stated values").format(rules=rules, rule=o.rule)
                      if not paste else _("rules: {rules}; e.g. {rule} with {settings}").format(
                          rules=rules, rule=o.rule, settings=(f"`{paste}`" if markdown else paste))) + "\n"


def _line(o: Any, mark: Any, markdown: bool) -> str:
    return ("- " if markdown else "• ") + _("{actor} at {decision} ({node}): {option} [{stance}]").format(
        actor=mark(o.actor), decision=mark(o.node_label), node=o.node, option=mark(o.label), stance=o.stance) + "\n"
