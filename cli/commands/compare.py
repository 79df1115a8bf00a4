"""`scenarios compare`: one scenario under several groups' assumption files, side by side."""

from __future__ import annotations

from typing import Any

import click

from scenarios.cli.i18n import N_, _, ngettext
from scenarios.cli.layout import Grid
from scenarios.cli.options import format_option, ids_option, load_scenario, rule_options

BASELINE = N_("as written")  # shown through _()


@click.command(help=N_("""Compare what follows from several groups' assumptions, beside the values as written.

Each --assumptions file is a map of assumption name to value, checked against
the scenario (unknown names and values outside low..high are errors with a line),
or a CSV/.xlsx sheet with one column per group (names down the first column,
group names across the first row) or one row per group (the other way round);
its problems name the cell.
The results follow from each group's stated assumptions; none is a forecast.
It opens with a summary of one screen (what each group set, each actor's value,
the decisions where the groups' plays differ); --all prints every table.

\b
Examples:
  scenarios compare mexico --assumptions group-a.yaml --assumptions group-b.yaml
  scenarios compare mexico --assumptions hawks.yaml --rule maximin --format json
  scenarios compare mexico --assumptions room.xlsx"""))
@click.argument("name", metavar="NAME|FILE")
@click.option("--assumptions", "files", multiple=True, required=True, type=click.Path(dir_okay=False),
              metavar="FILE", help=N_("A group's assumption values (YAML name: value), or a CSV/.xlsx sheet of "
                   "several groups (one column or one row per group); repeatable."))
@click.option("--all", "show_all", is_flag=True,
              help=N_("Every table in full: assumptions, values, every decision, expected indicators."))
@rule_options
@format_option
@ids_option
def compare(name: str, files: tuple[str, ...], show_all: bool, rule: str, alpha: float, fmt: str, ids: bool) -> None:
    import json

    from scenarios.cli.frame import NOTE
    from scenarios.engine.analysis.compare import compare as run
    from scenarios.engine.format.assumptions import load_assumption_sets
    from scenarios.engine.text.numbers import data_tree

    scenario = load_scenario(name)
    groups: dict[str, dict[str, float]] = {_(BASELINE): {}}
    for file in files:
        for stem, values in load_assumption_sets(scenario, file).items():
            label, k = stem, 2
            while label in groups:
                label, k = f"{stem} ({k})", k + 1
            groups[label] = values
    result = run(scenario, groups, rule, alpha)
    if fmt == "json":
        data = {**result.to_dict(), "note": _(NOTE), "disclaimer": scenario.disclaimer}

        click.echo(json.dumps(data_tree(data), indent=2, ensure_ascii=False))
        return
    if show_all:
        _show(scenario, result, ids)
    else:
        _brief(scenario, result, ids)


def _brief(scenario: Any, result: Any, ids: bool) -> None:
    """One screen: what each group set, each actor's value by group, the decisions where the plays differ."""
    from scenarios.cli.console import console
    from scenarios.cli.frame import header, number
    from scenarios.cli.summary import Brief, by_choice
    from scenarios.engine.text.names import Names
    from scenarios.engine.text.numbers import setting

    out = console()
    names = Names(scenario, ids)
    header(out, scenario, {}, {}, result.rule, result.alpha, brief=True)
    groups = result.groups
    text = Brief(out)
    text.items(_("What each group set:"), [f"{g.name}: " + (", ".join(
        f"{names.assumption(k)} = {setting(v)}" for k, v in g.overrides.items()) or _("nothing (as written)"))
        for g in groups], 4, _("and {count} more groups (--all)"))
    text.gap()
    text.items(_("Each actor's value at the start:"), [f"{names.actor(a)}: " + " · ".join(
        f"{g.name} {number(g.analysis.values[a])}" for g in groups) for a in groups[0].analysis.values], 6)
    text.gap()
    differ = []
    for row in result.decisions:
        played = [n for n in row.by_group if row.on_play[n]]
        if len({row.by_group[n] for n in played}) > 1:
            differ.append(f"{names.node(row.node)}: {by_choice({n: row.by_group[n] or '—' for n in played})}")
    if differ:
        text.items(ngettext("The groups' plays differ at {count} decision point:",
                            "The groups' plays differ at {count} decision points:", len(differ)).format(
            count=len(differ)), list(dict.fromkeys(differ)), 4, _("and {count} more (--all)"))
    else:
        text.para(_("Every group's play makes the same choices."))
    text.gap()
    text.everything()
    text.print()


def _show(scenario: Any, result: Any, ids: bool) -> None:
    from scenarios.cli.console import console
    from scenarios.cli.frame import header, number, trail
    from scenarios.engine.text.names import Names
    from scenarios.engine.text.numbers import setting

    out = console()
    names = Names(scenario, ids)
    header(out, scenario, {}, {}, result.rule, result.alpha)
    groups = result.groups
    groups_names = [g.name for g in groups]

    assumptions = Grid(_("Assumptions (* set by the group)"), [_("Assumption"), *groups_names],
                       right=tuple(groups_names))
    for key in groups[0].analysis.assumptions:
        cells = [setting(g.analysis.assumptions[key]) + (" *" if key in g.overrides else "") for g in groups]
        assumptions.add(names.assumption(key), *cells)
    assumptions.print(out)
    out.print()
    values = Grid(_("Each actor's value at the start"), [_("Actor"), *groups_names], right=tuple(groups_names))
    for actor in groups[0].analysis.values:
        values.add(names.actor(actor), *(number(g.analysis.values[actor]) for g in groups))
    values.print(out)
    out.print()
    decisions = Grid(_("Choices (in brackets: that group's play does not reach this point; "
                       "* the groups' plays differ)"), [_("Decision"), _("Reached after"), *groups_names])
    for row in result.decisions:
        cells = []
        for n in groups_names:
            pick = row.by_group[n]
            text = "—" if pick is None else pick
            cells.append(text if row.on_play[n] else f"[{text}]")
        differs = len({row.by_group[n] for n in groups_names if row.on_play[n]}) > 1
        decisions.add(names.node(row.node), trail(row.history), *cells, mark="*" if differs else "")
    decisions.print(out)
    out.print()
    indicators = Grid(_("Expected final indicators along each play (levels: level position)"),
                      [_("Indicator"), *groups_names], right=tuple(groups_names))
    for ind in groups[0].analysis.indicators:
        indicators.add(names.indicator(ind), *(number(g.analysis.indicators[ind]) for g in groups))
    indicators.print(out)
