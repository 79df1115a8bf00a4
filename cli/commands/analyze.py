"""`scenarios analyze`: roll a scenario back under a decision rule and show the play that follows."""

from __future__ import annotations

import json
from typing import Any

import click

from engine.analysis.rules import RULES

from ..console import weight_text
from ..options import assumption_options, assumptions_from, load_scenario

NOTE = "Values, weights and expected values follow from the stated assumptions; they are not forecasts."
FORMATS = ["table", "json"]


def rule_options(func: Any) -> Any:
    """--rule and --alpha, shared by analyze, sensitivity and compare."""
    func = click.option("--alpha", type=float, default=0.5, show_default=True,
                        help="Optimism for the hurwicz rule: 0 judges by the worst branch, 1 by the best.")(func)
    func = click.option("--rule", type=click.Choice(list(RULES)), default="expected", show_default=True,
                        help="How actors value uncertain events (see above).")(func)
    return func


def format_option(func: Any) -> Any:
    return click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="table for reading; json for scripts.")(func)


@click.command()
@click.argument("name", metavar="NAME|FILE")
@rule_options
@format_option
@assumption_options
def analyze(name: str, rule: str, alpha: float, fmt: str, settings: tuple[str, ...],
            assumption_file: str | None) -> None:
    """Roll a scenario back: what each actor would choose if it judged by a rule.

    At each uncertain event every actor values the branches by the rule from its
    own point of view; at each decision the deciding actor takes the branch worth
    most to itself (ties: the first in file order). An actor's value is its score
    (the format's values × indicators, plus payoffs). Level indicators' expected
    values are level positions (0 = the first level).

    \b
    Rules:
      expected  average of the branches, weighted by the stated weights
      laplace   plain average, as if all branches were equally likely
      maximin   the worst branch for the actor judging (cautious)
      maximax   the best branch for the actor judging (hopeful)
      hurwicz   alpha × best + (1 − alpha) × worst

    Results follow from the stated assumptions and the rule; they are not forecasts.

    \b
    Examples:
      scenarios analyze mexico
      scenarios analyze mexico --rule maximin
      scenarios analyze mexico --rule hurwicz --alpha 0.3 --set p_clash=0.4
      scenarios analyze mexico --format json
    """
    from engine.analysis import analyze as run

    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    result = run(scenario, rule, alpha, overrides)
    if fmt == "json":
        click.echo(json.dumps({**result.to_dict(), "note": NOTE, "disclaimer": scenario.disclaimer}, indent=2,
                              ensure_ascii=False))
        return
    show(scenario, result, overrides)


def titled(title: str) -> Any:
    """A rich table whose title is never wrapped to a narrow table's width."""
    from rich.markup import escape
    from rich.table import Table

    return Table(title=escape(title), title_justify="left", min_width=min(len(title), 120))


def number(x: float | None) -> str:
    if x is None:
        return "—"
    if abs(x) < 5e-13:
        x = 0.0
    return f"{x:.4g}"


def header(out: Any, scenario: Any, assumptions: dict[str, float], overrides: dict[str, float],
           rule: str | None = None, alpha: float = 0.5) -> None:
    """Title, disclaimer, the rule and the assumptions in force: the frame every result is read in."""
    from rich.markup import escape

    spec = scenario.spec
    as_of = f"  [dim](as of {escape(str(spec.as_of))})[/dim]" if spec.as_of else ""
    out.print(f"[bold]{escape(scenario.title)}[/bold]{as_of}")
    out.print(f"[italic]{escape(scenario.disclaimer)}[/italic]")
    if rule:
        extra = f" (alpha = {alpha:g})" if rule == "hurwicz" else ""
        out.print(f"Rule: [bold]{rule}[/bold]{extra}: {escape(RULES[rule].summary)}")
    if assumptions:
        used = ", ".join(f"{k} = {v:g}" + (" (set)" if k in overrides else "") for k, v in assumptions.items())
        out.print(f"Assumptions: {escape(used)}")
    out.print(NOTE)
    out.print()


def trail(history: tuple[str, ...] | list[str], last: int | None = None) -> str:
    """A history as "A → B → C"; with `last`, only the final steps after an ellipsis."""
    if not history:
        return "(start)"
    if last is not None and len(history) > last:
        return "… → " + " → ".join(history[-last:])
    return " → ".join(history)


def show(scenario: Any, result: Any, overrides: dict[str, float]) -> None:
    from rich.markup import escape

    from ..console import console

    out = console()
    header(out, scenario, result.assumptions, overrides, result.rule, result.alpha)
    names = {aid: actor.name for aid, actor in scenario.spec.actors.items()}
    table = titled("Value to each actor")
    table.add_column("Actor")
    table.add_column("Value", justify="right")
    for aid, value in result.values.items():
        table.add_row(escape(f"{names[aid]} ({aid})"), number(value))
    out.print(table)
    out.print()
    _choices(out, result)
    _paths(out, scenario, result)
    _indicators(out, scenario, result)
    _rules(out, result)


def _choices(out: Any, result: Any) -> None:
    from rich.markup import escape

    if not result.choices:
        out.print("No actor decides anything on this play.\n")
        return
    table = titled("Choices along the play (one row per decision point reached)")
    for col in ("Decision", "Actor", "Reached after", "Choice", "Value of each branch to the actor"):
        table.add_column(col, no_wrap=col in ("Decision", "Actor"))
    for c in result.choices:
        values = " · ".join(f"{label} {number(v)}" for label, v in c.values.items())
        choice = c.choice + (f" (tie with {', '.join(t for t in c.tied if t != c.choice)}; first in file order)"
                             if c.tied else "")
        table.add_row(escape(c.node), escape(c.actor), escape(trail(c.history)), f"[bold]{escape(choice)}[/bold]",
                      escape(values))
    out.print(table)
    out.print()


def _paths(out: Any, scenario: Any, result: Any) -> None:
    from rich.markup import escape

    count = result.path_count
    table = titled(f"Paths of the play: {count:,}" + (f" (first {len(result.paths):,} shown)"
                                                         if count > len(result.paths) else ""))
    table.add_column("#", justify="right")
    table.add_column("Branches taken")
    table.add_column("Outcome")
    table.add_column("Weight", justify="right")
    for k, path in enumerate(result.paths, 1):
        steps = " → ".join(b for _, b in path.steps) or "(starts at the outcome)"
        label = scenario.spec.nodes[path.outcome].label
        table.add_row(str(k), escape(steps), escape(label), weight_text(path.weight))
    out.print(table)
    out.print()


def _indicators(out: Any, scenario: Any, result: Any) -> None:
    from rich.markup import escape

    if not result.indicators:
        return
    if any(v is None for v in result.indicators.values()):
        out.print("Expected final indicators: not computed, because these chance nodes on the play have no "
                  f"weights: {escape(', '.join(result.unweighted))}.\n")
        return
    table = titled("Expected final indicators along the play")
    table.add_column("Indicator")
    table.add_column("Expected", justify="right")
    table.add_column("Reads as")
    for ind, value in result.indicators.items():
        spec = scenario.spec.indicators[ind]
        kind = spec.kind
        if kind == "levels":
            levels = spec.levels or []
            reading = f"level position: 0 = {levels[0]} … {len(levels) - 1} = {levels[-1]}"
        elif kind == "flag":
            reading = "share of the play where it ends true"
        else:
            reading = "number"
        table.add_row(escape(ind), number(value), escape(reading))
    out.print(table)
    out.print()


def _rules(out: Any, result: Any) -> None:
    from rich.markup import escape

    if not result.rules:
        return
    table = titled("Does the choice depend on the rule?")
    table.add_column("Decision", no_wrap=True)
    table.add_column("Reached after")
    for rule in RULES:
        table.add_column(rule + (f" (α={result.alpha:g})" if rule == "hurwicz" else ""))
    split = 0
    for row in result.rules:
        picks = [p for p in row.by_rule.values() if p is not None]
        differs = len(set(picks)) > 1
        split += differs
        cells = ["n/a (no weights)" if p is None else p for p in row.by_rule.values()]
        style = "bold" if differs else ""
        table.add_row(escape(row.node), escape(trail(row.history, 2)), *(escape(c) for c in cells), style=style)
    out.print(table)
    out.print("Rows: decision points any rule's play reaches ('Reached after': last steps; --format json has all).")
    if split:
        out.print(f"The rules disagree at {split} decision point{'s' if split != 1 else ''} (in bold).")
    else:
        out.print("Every rule makes the same choices here.")
