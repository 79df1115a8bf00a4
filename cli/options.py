"""Options several commands share: which scenario, and the group's assumptions.

Light on purpose (click, the catalogue and the rules' names): a command's --help imports this and no model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from scenarios.engine.analysis.rules import RULES
from scenarios.engine.text.i18n import N_, _

from .i18n import current_language

F = Callable[..., Any]


def assumption_options(func: F) -> F:
    """--set NAME=VALUE (repeatable) and --assumptions FILE.yaml."""
    func = click.option("--assumptions", "assumption_file", type=click.Path(dir_okay=False),
                        help=N_("A YAML file of assumption values (name: value), e.g. a group's own set, "
                                "or a one-group CSV/.xlsx sheet."))(func)
    func = click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
                        help=N_("Override one assumption (repeatable), e.g. --set p_override=0.3."))(func)
    return func


def load_scenario(name: str) -> Any:
    from scenarios import engine  # here, not at import: a command's --help loads no model

    lang = current_language()
    scenario = engine.load(name, lang=lang)
    if lang and scenario.languages and scenario.language != lang:

        click.echo(_("note: {name} has no text in '{lang}'; shown in '{shown}'").format(
            name=scenario.name, lang=lang, shown=scenario.language), err=True)
    return scenario


def assumptions_from(scenario: Any, settings: tuple[str, ...], assumption_file: str | None) -> dict[str, float]:
    """File values first, then --set on top, each checked against the scenario."""
    from scenarios.engine.format.assumptions import load_assumption_file, parse_settings

    values: dict[str, float] = {}
    if assumption_file:
        values.update(load_assumption_file(scenario, assumption_file))
    values.update(parse_settings(scenario, settings))
    return values


FORMATS = ["table", "json"]


def rule_options(func: Any) -> Any:
    """--rule and --alpha, shared by analyze, sensitivity and compare."""
    func = click.option("--alpha", type=float, default=0.5, show_default=True,
                        help=N_("Optimism for the hurwicz rule: 0 judges by the worst branch, 1 by the best."))(func)
    func = click.option("--rule", type=click.Choice(list(RULES)), default="expected", show_default=True,
                        help=N_("How actors value uncertain events (see above)."))(func)
    return func


def format_option(func: Any) -> Any:
    return click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help=N_("table for reading; json for scripts."))(func)


def ids_option(func: Any) -> Any:
    return click.option("--ids", is_flag=True,
                        help=N_("Add the ids (as in the file, and for --set) after names and labels."))(func)
