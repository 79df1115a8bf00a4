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
from gettext import gettext as click_words  # click writes its own headings through gettext
from typing import Any

import click

from scenarios import __version__
from scenarios.engine.errors import RuntimeFailure, ScenarioError, UsageError
from scenarios.engine.text.characters import visible
from scenarios.engine.text.i18n import _, ngettext, speaking

from .commands import COMMANDS
from .i18n import lang_option


def _with_lang(command: click.Command) -> click.Command:
    """Every command shows text, so every command (and `workshop start|report|…`) takes --lang."""
    if not any(p.name == "lang" for p in command.params):
        command.params.append(lang_option())
    for sub in getattr(command, "commands", {}).values():
        _with_lang(sub)
    return command


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
        rows = [(name, click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit))
                for name in sorted(COMMANDS)]
        with formatter.section(click_words("Commands")):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        env = os.environ.get("SCENARIOS_LANG", "")
        # --lang refines the language per command; the caller's language is back afterwards.
        with speaking(env if re.fullmatch(r"[A-Za-z_-]{2,12}", env) else None):
            try:
                return super().invoke(ctx)
            except UsageError as exc:
                click.echo(_("error: {message}").format(message=visible(exc.message)), err=True)
                sys.exit(2)
            except ScenarioError as exc:
                for diagnostic in exc.diagnostics:
                    click.echo(str(diagnostic), err=True)
                count = len(exc.errors)
                click.echo(ngettext("{count} error", "{count} errors", count).format(count=count), err=True)
                sys.exit(2)
            except RuntimeFailure as exc:
                click.echo(_("error: {message}").format(message=visible(str(exc))), err=True)
                sys.exit(1)
            except BrokenPipeError:
                sys.stderr.close()
                sys.exit(0)
            except MemoryError:  # e.g. a typo of three zeros in --samples: say so, never a traceback
                click.echo(_("error: not enough memory for this; ask for less (fewer samples, steps or paths)"),
                           err=True)
                sys.exit(1)
            except OSError as exc:  # a path the system refuses that no check caught: its words, no traceback
                where = f" ({visible(str(exc.filename))[:80]})" if exc.filename else ""
                click.echo(_("error: {message}").format(message=(exc.strerror or str(exc)) + where), err=True)
                sys.exit(1)
            except KeyboardInterrupt:
                click.echo(_("interrupted"), err=True)
                sys.exit(130)


@click.group(cls=ScenariosGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scenarios")
def main() -> None:
    """Explore branching policy scenarios: every path, every outcome, under stated assumptions.

    A scenario is a YAML file of actors, decisions, uncertain events and outcomes.
    It explores possibilities; it does not predict. Weights are assumptions you set.

    \b
    Examples:
      scenarios list
      scenarios explore mexico
      scenarios explore mexico --where "civilian_risk >= high"
      scenarios check my-scenario.yaml
      scenarios new workshop
    """


def every_command() -> dict[str, click.Command]:
    """Every command, loaded (for the docs' tests; the command line loads only the one it runs)."""
    ctx = click.Context(main)
    return {name: command for name in main.list_commands(ctx) if (command := main.get_command(ctx, name))}
