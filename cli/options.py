"""Options several commands share: which scenario, and the group's assumptions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

F = Callable[..., Any]


def assumption_options(func: F) -> F:
    """--set NAME=VALUE (repeatable) and --assumptions FILE.yaml."""
    func = click.option("--assumptions", "assumption_file", type=click.Path(dir_okay=False),
                        help="A YAML file of assumption values (name: value), e.g. a group's own set, "
                             "or a one-group CSV/.xlsx sheet.")(func)
    func = click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
                        help="Override one assumption (repeatable), e.g. --set p_override=0.3.")(func)
    return func


LANG_KEY = "scenarios.lang"


def _set_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    from scenarios.engine.format.languages import check_language
    from scenarios.engine.text.i18n import set_language

    lang = check_language(value)
    ctx.meta[LANG_KEY] = lang
    set_language(lang)


def lang_option() -> click.Option:
    """--lang CODE (default $SCENARIOS_LANG): the language of the scenario's text and of the program's words."""
    return click.Option(["--lang"], metavar="CODE", envvar="SCENARIOS_LANG", expose_value=False, is_eager=True,
                        callback=_set_language,
                        help="Language of the text shown, e.g. es (default: $SCENARIOS_LANG, else the "
                             "scenario's first language).")


def current_language() -> str | None:
    """The language chosen with --lang or SCENARIOS_LANG for this command (None: the file's default)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(LANG_KEY) if ctx is not None else None


def load_scenario(name: str) -> Any:
    from scenarios import engine

    lang = current_language()
    scenario = engine.load(name, lang=lang)
    if lang and scenario.languages and scenario.language != lang:
        from scenarios.engine.text.i18n import _

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
