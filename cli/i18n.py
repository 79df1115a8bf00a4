"""The language: the `_()` helper the commands wrap their words in, and the --lang option every command takes.

Light on purpose (click and the catalogue only): main.py attaches --lang to each command as it
loads, so `scenarios --help` never imports the model.
"""

from __future__ import annotations

import click

from scenarios.engine.text.i18n import N_, _, language_code, ngettext, set_language

__all__ = ["LANG_KEY", "N_", "_", "current_language", "lang_option", "ngettext"]

LANG_KEY = "scenarios.lang"
GIVEN_KEY = "scenarios.lang_given"  # --lang was typed (not taken from $SCENARIOS_LANG)


def _set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    given = ctx.get_parameter_source(param.name or "lang") == click.core.ParameterSource.COMMANDLINE
    if not given and (ctx.meta.get(GIVEN_KEY) or value is None):
        # `scenarios --lang es CMD`: the group's --lang stands over $SCENARIOS_LANG; and a group between (workshop)
        # given none leaves the language read from the whole line (`workshop report --help --lang es`) as it is
        return
    try:
        lang = language_code(value)
    except ValueError as exc:
        from scenarios.engine.errors import UsageError  # only then: --help needs no engine module

        raise UsageError(str(exc)) from None
    ctx.meta[LANG_KEY] = lang
    ctx.meta[GIVEN_KEY] = ctx.meta.get(GIVEN_KEY) or given
    set_language(lang)


def group_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """The group's --lang (`scenarios --lang es CMD`): checked here, used by every command below."""
    if value is None:
        return
    try:
        lang = language_code(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    ctx.meta[LANG_KEY] = lang
    ctx.meta[GIVEN_KEY] = True
    set_language(lang)


def lang_option() -> click.Option:
    """--lang CODE (default $SCENARIOS_LANG): the language of the scenario's text and of the program's words."""
    return click.Option(["--lang"], metavar="CODE", envvar="SCENARIOS_LANG", expose_value=False, is_eager=True,
                        callback=_set_language,
                        help=N_("Language of the text shown, e.g. es (default: $SCENARIOS_LANG, else the "
                                "scenario's first language)."))


def current_language() -> str | None:
    """The language chosen with --lang or SCENARIOS_LANG for this command (None: the file's default)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(LANG_KEY) if ctx is not None else None
