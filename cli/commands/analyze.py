"""`scenarios analyze`: roll a scenario back under a decision rule and show the play that follows."""

from __future__ import annotations

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
from scenarios.engine.analysis.rules import RULES, rule_label


@click.command(help=N_("""Roll a scenario back: what each actor would choose if it judged by a rule.

At each uncertain event every actor values the branches by the rule from its
own point of view; at each decision the deciding actor takes the branch worth
most to itself; where branches are worth the same to it, it is "indifferent
between" them and the play follows each of them. An actor's value is its score
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
It opens with a summary of one screen (each actor's value, the first choices
of the play, where it ends, where the rules disagree); --all prints every table.

\b
Examples:
  scenarios analyze mexico
  scenarios analyze mexico --rule maximin
  scenarios analyze mexico --rule hurwicz --alpha 0.3 --set p_clash=0.4
  scenarios analyze mexico --all
  scenarios analyze mexico --ids
  scenarios analyze mexico --format json
  scenarios analyze mexico --value-of-information

--value-of-information: for each chance node and actor, the expected value of
perfect information (EVPI): how much the actor's value would rise if it learned
the node's branch before its own decisions (other uncertain events re-weighted by
Bayes' rule; the other actors keep their choices). Which uncertainty is each
actor most willing to pay to resolve?"""))
@click.argument("name", metavar="NAME|FILE")
@rule_options
@format_option
@ids_option
@click.option("--all", "show_all", is_flag=True,
              help=N_("Every table in full: each decision on the play, its paths, expected indicators, each rule."))
@click.option("--value-of-information", "voi", is_flag=True,
              help=N_("Also show, for each chance node and actor, how much learning its branch first is worth (EVPI)."))
@assumption_options
def analyze(name: str, rule: str, alpha: float, fmt: str, ids: bool, show_all: bool, voi: bool,
            settings: tuple[str, ...], assumption_file: str | None) -> None:
    import json

    from scenarios.cli.frame import NOTE
    from scenarios.engine.analysis.analyze import analyze as run
    from scenarios.engine.analysis.information import value_of_information
    from scenarios.engine.text.numbers import data_tree

    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    result = run(scenario, rule, alpha, overrides)
    information = None
    if voi:

        information = value_of_information(scenario, rule, alpha, overrides)
    if fmt == "json":

        data = {**result.to_dict(), "note": _(NOTE), "disclaimer": scenario.disclaimer}
        if information is not None:
            data["value_of_information"] = [r.to_dict() for r in information]
        click.echo(json.dumps(data_tree(data), indent=2, ensure_ascii=False))
        return
    if show_all:
        show(scenario, result, overrides, ids)
    else:
        brief(scenario, result, overrides, ids)
    if information is not None:
        _information(scenario, information)


def show(scenario: Any, result: Any, overrides: dict[str, float], ids: bool = False) -> None:
    from scenarios.cli.console import console
    from scenarios.cli.frame import header
    from scenarios.engine.text.names import Names

    out = console()
    names = Names(scenario, ids)
    header(out, scenario, result.assumptions, overrides, result.rule, result.alpha)
    value_table(scenario, result, names).print(out)
    out.print()
    _choices(out, result, names)
    _paths(out, scenario, result)
    _indicators(out, scenario, result, names)
    _rules(out, result, names)


def brief(scenario: Any, result: Any, overrides: dict[str, float], ids: bool) -> None:
    """One screen: each actor's value, the play's first choices and outcomes, where the rules disagree."""
    from scenarios.cli.console import console
    from scenarios.cli.frame import header, number
    from scenarios.cli.summary import Brief, by_choice
    from scenarios.engine.text.names import Names

    out = console()
    names = Names(scenario, ids)
    header(out, scenario, result.assumptions, overrides, result.rule, result.alpha, brief=True)
    text = Brief(out)
    text.para(_("Value to each actor: {values}").format(values=" · ".join(
        f"{names.actor(a)} {number(v)}" for a, v in result.values.items())))
    text.gap()
    firsts: dict[tuple[str, str], str] = {}
    for c in sorted(result.choices, key=lambda c: len(c.history)):
        firsts.setdefault((c.node, c.text), f"{names.node(c.node)} — {names.actor(c.actor)}: {c.text}")
    text.items(_("The play under this rule, first choices:"), list(firsts.values()), 3,
               _("and {count} more choices on the play (--all)"))
    ends: dict[str, int] = {}
    for path in result.paths:
        label = scenario.spec.nodes[path.outcome].label
        ends[label] = ends.get(label, 0) + 1
    text.items(ngettext("It ends in {count} path:", "It ends in {count} paths:", result.path_count).format(
        count=f"{result.path_count:,}"), [_("{outcome} ({paths})").format(
            outcome=label, paths=ngettext("{count} path", "{count} paths", n).format(count=n))
            for label, n in ends.items()], 4,
        _("and {count} more outcomes (--all)"))
    text.gap()
    split = [row for row in result.rules if len({p for p in row.by_rule.values() if p is not None}) > 1]
    if split:
        ways = list(dict.fromkeys(f"{names.node(row.node)}: {by_choice(row.by_rule)}" for row in split))
        title = ngettext("The rules disagree at {count} decision point:",
                         "The rules disagree at {count} decision points:", len(split)).format(count=len(split))
        if len(ways) < len(split):  # the same question, split the same way, at several points of the tree
            title = _("The rules disagree at {count} decision points, in {ways} different ways:").format(
                count=len(split), ways=len(ways))
        text.items(title, ways, 3, _("and {count} more (--all)"))
    else:
        text.para(_("Every rule makes the same choices here."))
    text.gap()
    text.everything()
    text.print()


def value_table(scenario: Any, result: Any, names: Any) -> Any:
    """Each actor's value; beside it, when some actor has a risk attitude, its expected score and attitude."""
    from scenarios.cli.frame import number

    if result.expected_values is None:
        table = Grid(_("Value to each actor"), [_("Actor"), _("Value")], right=(_("Value"),))
        for aid, value in result.values.items():
            table.add(names.actor(aid), number(value))
        return table
    headers = [_("Actor"), _("Value"), _("Expected value"), _("Risk attitude")]
    table = Grid(_("Value to each actor (certainty equivalents where an actor has a risk attitude)"), headers,
                 right=(_("Value"), _("Expected value")))
    for aid, value in result.values.items():
        tolerance = scenario.spec.actors[aid].tolerance
        attitude = _("neutral") if tolerance is None else _("exponential, tolerance {t}").format(t=f"{tolerance:g}")
        table.add(names.actor(aid), number(value), number(result.expected_values[aid]), attitude)
    return table


def _choices(out: Any, result: Any, names: Any) -> None:
    from scenarios.cli.frame import number, trail

    if not result.choices:
        out.print(_("No actor decides anything on this play.") + "\n")
        return
    table = Grid(_("Choices along the play (one row per decision point reached)"),
                 [_("Decision"), _("Actor"), _("Reached after"), _("Choice"), _("Value of each branch to the actor")])
    for c in result.choices:
        values = " · ".join(f"{label} {number(v)}" for label, v in c.values.items())
        table.add(names.node(c.node), names.actor(c.actor), trail(c.history), c.text, values)
    table.print(out)
    out.print()


def _paths(out: Any, scenario: Any, result: Any) -> None:
    from scenarios.cli.console import weight_note, weight_text
    from scenarios.engine.text.wording import WEIGHT_HEADING

    count = result.path_count
    title = _("Paths of the play: {count}").format(count=f"{count:,}")
    if count > len(result.paths):
        title += " " + _("(first {count} shown)").format(count=f"{len(result.paths):,}")
    weight = _(WEIGHT_HEADING).capitalize()
    table = Grid(title, ["#", _("Branches taken"), _("Outcome"), weight], right=("#", weight))
    for k, path in enumerate(result.paths, 1):
        steps = " → ".join(b for _node, b in path.steps) or _("(starts at the outcome)")
        label = scenario.spec.nodes[path.outcome].label
        table.add(str(k), steps, label, weight_text(path.weight))
    table.print(out)
    out.print(weight_note(), markup=False)
    out.print()


def _indicators(out: Any, scenario: Any, result: Any, names: Any) -> None:
    from scenarios.cli.frame import number

    if not result.indicators:
        return
    if any(v is None for v in result.indicators.values()):
        missing = ", ".join(names.node(n) for n in result.unweighted)
        out.print(_("Expected final indicators: not computed, because these chance nodes on the play have no "
                    "weights: {nodes}.").format(nodes=missing) + "\n", markup=False)
        return
    table = Grid(_("Expected final indicators along the play"), [_("Indicator"), _("Expected"), _("Reads as")],
                 right=(_("Expected"),))
    for ind, expected in result.indicators.items():
        spec = scenario.spec.indicators[ind]
        kind = spec.kind
        if kind == "levels":
            levels = spec.levels or []
            reading = _("level position: 0 = {first} … {last} = {top}").format(
                first=levels[0], last=len(levels) - 1, top=levels[-1])
        elif kind == "flag":
            reading = _("share of the play where it ends true")
        else:
            reading = _("number")
        table.add(names.indicator(ind), number(expected), reading)
    table.print(out)
    out.print()


def _rules(out: Any, result: Any, names: Any) -> None:
    from scenarios.cli.frame import trail

    if not result.rules:
        return
    headers = [_("Decision"), _("Reached after")]
    headers += [rule_label(rule, result.alpha) for rule in RULES]
    table = Grid(_("Does the choice depend on the rule?"), headers)
    split = 0
    for row in result.rules:
        picks = [p for p in row.by_rule.values() if p is not None]
        differs = len(set(picks)) > 1
        split += differs
        cells = [_("n/a (no weights)") if p is None else p for p in row.by_rule.values()]
        table.add(names.node(row.node), trail(row.history, 2), *cells, mark="*" if differs else "")
    table.print(out)
    out.print(_("Rows: decision points any rule's play reaches ('Reached after': last steps; "
                "--format json has all)."))
    if split:
        out.print(ngettext("The rules disagree at {count} decision point (marked *).",
                           "The rules disagree at {count} decision points (marked *).", split).format(count=split))
    else:
        out.print(_("Every rule makes the same choices here."))


def _information(scenario: Any, rows: Any) -> None:
    from scenarios.cli.console import console
    from scenarios.cli.frame import number

    out = console()
    out.print()
    headers = [_("Actor"), _("Chance node"), _("Value now"), _("If it learned the branch first"), _("Worth (EVPI)")]
    table = Grid(_("Which uncertainty is each actor most willing to pay to resolve? (value of perfect information)"),
                 headers, right=(_("Value now"), _("Worth (EVPI)")))
    best: dict[str, Any] = {}
    for r in rows:
        if r.evpi is None:
            table.add(r.actor, r.node, number(r.without), _("not defined: {why}").format(why=r.reason), "—")
        elif r.evpi > 0:
            table.add(r.actor, r.node, number(r.without), number(r.with_info), number(r.evpi))
            best.setdefault(r.actor, r)
    table.print(out)
    for actor in scenario.spec.actors:
        r = best.get(actor)
        if r is None:
            out.print(_("{actor}: learning no single chance node first would change its value.").format(actor=actor),
                      markup=False)
        else:
            out.print(_("{actor}: most willing to pay to resolve '{node}' ({label}): up to {worth} in its score.")
                      .format(actor=actor, node=r.node, label=r.label, worth=number(r.evpi)), markup=False)
    out.print(_("Rows with no gain are left out (--format json lists every pair). EVPI follows from the stated "
                "assumptions and the rule; it is not a forecast."))
