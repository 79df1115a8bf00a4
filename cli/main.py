"""The command group and the one place where engine errors become exit codes.

Exit codes: 0 success; 1 a runtime failure (Graphviz missing, a write failed);
2 bad usage or an invalid scenario.  Commands load on first use (click's lazy
subcommands), so `scenarios --help` imports click and the catalogue, nothing more.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from typing import Any

import click

from scenarios import __version__
from scenarios.engine.text.i18n import N_, _, language, language_code, ngettext, set_language, speaking

from .click_words import speak_for_click
from .commands import COMMANDS
from .i18n import group_language, lang_option


def _with_lang(command: click.Command) -> click.Command:
    """Every command shows text, so every command (and `workshop start|report|…`) takes --lang; its help
    and its options' help are shown in the reader's language (as far as the catalogue has them)."""
    if not any(p.name == "lang" for p in command.params):
        command.params.append(lang_option())
    _in_language(command)
    for param in command.params:
        _in_language(param)
    for sub in getattr(command, "commands", {}).values():
        _with_lang(sub)
    return command


def _in_language(item: click.Command | click.Parameter) -> None:
    """An item's help in the current language; the English (the catalogue's key) is kept for the next call."""
    english = item.__dict__.setdefault("_english_help", getattr(item, "help", None))
    if english:
        item.help = _(english)  # type: ignore[union-attr]
    if isinstance(item, click.Command):
        item.options_metavar = _("[OPTIONS]")
        item._help_option = None  # click keeps --help's option once made; made again, it speaks the language
    if isinstance(item, click.Group):
        item.subcommand_metavar = _("COMMAND [ARGS]...")


class ScenariosGroup(click.Group):
    """Loads each command when it runs, and turns the engine's errors into clean messages and
    exit codes, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, function = COMMANDS[name][0].split(":")
        return _with_lang(getattr(importlib.import_module(f"{__package__}.commands.{module}"), function))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table, so `--help` imports no command."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, click.Command(name, help=_(COMMANDS[name][1])).get_short_help_str(limit))
                for name in sorted(COMMANDS)]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; the caller's language is back afterwards (tests run many in one process)."""
        # numpy's OpenBLAS starts a thread per core when numpy is imported, for matrix products no command
        # computes: about 0.06 s of CPU per command that imports numpy. One thread (unless the user set it),
        # before a command imports numpy; the workshop's analysis worker inherits it.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        with speaking(language()):
            return super().main(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """The language first (--lang anywhere, else $SCENARIOS_LANG), so --help and click's own errors use it."""
        if ctx.terminal_width is None:
            ctx.terminal_width = help_width(ctx.max_content_width)
        ctx.meta[EARLY_KEY] = early_language(args)
        set_language(ctx.meta[EARLY_KEY])
        speak_for_click()
        _in_language(self)
        for param in self.params:
            _in_language(param)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        # --lang refines the language per command; the caller's language is back afterwards.
        with speaking(ctx.meta.get(EARLY_KEY)):
            try:
                return super().invoke(ctx)
            except (Exception, KeyboardInterrupt) as exc:
                settle(exc)
                raise  # not ours to explain (click's own exits and errors among them)


def settle(exc: BaseException) -> None:
    """A clean message and exit code for an engine error or a failure of the system, never a traceback;
    anything else returns (and goes on up). The errors load only now: `COMMAND --help` needs none."""
    if isinstance(exc, click.exceptions.Exit | click.ClickException | click.Abort):  # click's (--help's exit)
        return
    from scenarios.engine.errors import RuntimeFailure, ScenarioError, UsageError
    from scenarios.engine.text.characters import visible

    if isinstance(exc, UsageError):
        click.echo(_("error: {message}").format(message=visible(exc.message)), err=True)
        sys.exit(2)
    if isinstance(exc, ScenarioError):
        for diagnostic in exc.diagnostics:
            click.echo(str(diagnostic), err=True)
        count = len(exc.errors)
        click.echo(ngettext("{count} error", "{count} errors", count).format(count=count), err=True)
        sys.exit(2)
    if isinstance(exc, RuntimeFailure):
        click.echo(_("error: {message}").format(message=visible(str(exc))), err=True)
        sys.exit(1)
    if isinstance(exc, BrokenPipeError):
        sys.stderr.close()
        sys.exit(0)
    if isinstance(exc, MemoryError):  # e.g. a typo of three zeros in --samples: say so, never a traceback
        click.echo(_("error: not enough memory for this; ask for less (fewer samples, steps or paths)"), err=True)
        sys.exit(1)
    if isinstance(exc, OSError):  # a path the system refuses that no check caught: its words, no traceback
        where = f" ({visible(str(exc.filename))[:80]})" if exc.filename else ""
        click.echo(_("error: {message}").format(message=(exc.strerror or str(exc)) + where), err=True)
        sys.exit(1)
    if isinstance(exc, KeyboardInterrupt):
        click.echo(_("interrupted"), err=True)
        sys.exit(130)


EARLY_KEY = "scenarios.early_lang"


def help_width(max_width: int | None) -> int:
    """The width click's help formatter works out for itself (the terminal's, at most `max_width` (80), less
    2, at least 50), found without `shutil.get_terminal_size`, whose import (bz2, lzma) costs --help 10 ms."""
    forced = click.formatting.FORCED_WIDTH
    if forced is not None:
        return forced
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return max(min(columns, max_width or 80) - 2, 50)


def early_language(args: list[str]) -> str | None:
    """The language asked for before click reads the options: the last well-formed --lang in `args`,
    else $SCENARIOS_LANG (a malformed one is left for --lang's own check to refuse)."""
    chosen = os.environ.get("SCENARIOS_LANG", "")
    for k, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and k + 1 < len(args):
            chosen = args[k + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    try:
        return language_code(chosen) if re.fullmatch(r"[A-Za-z_-]{2,12}", chosen or "") else None
    except ValueError:
        return None


speak_for_click()  # now, so the decorators below find click's words in our catalogue (English until --lang):
# click's own gettext would search the system's locales for its catalogue, which --help doesn't need

HELP = N_("""Explore branching policy scenarios: every path, every outcome, under stated assumptions.

A scenario is a YAML file of actors, decisions, uncertain events and outcomes.
It explores possibilities; it does not predict. Weights are assumptions you set.

\b
Examples:
  scenarios list
  scenarios explore mexico
  scenarios explore mexico --where "civilian_risk >= high"
  scenarios check my-scenario.yaml
  scenarios new workshop
""")


@click.group(cls=ScenariosGroup, help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scenarios")
@click.option("--lang", metavar="CODE", expose_value=False, is_eager=True, callback=group_language, help=N_(
    "Language of the program's words and the scenario's text, e.g. es (default: $SCENARIOS_LANG)."))
def main() -> None:
    """The `scenarios` command (its help, in the reader's language, is HELP)."""


def every_command() -> dict[str, click.Command]:
    """Every command, loaded (for the docs' tests; the command line loads only the one it runs)."""
    ctx = click.Context(main)
    return {name: command for name in main.list_commands(ctx) if (command := main.get_command(ctx, name))}
