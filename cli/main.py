"""The command group and the one place where engine errors become exit codes.

Exit codes: 0 success; 1 a runtime failure (Graphviz missing, a write failed);
2 bad usage or an invalid scenario.  Heavy libraries are imported inside the
commands, so `scenarios --help` stays fast.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click

from scenarios import __version__

from .commands import COMMANDS
from .options import lang_option


class ScenariosGroup(click.Group):
    """Turns the engine's errors into clean messages and exit codes, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from scenarios.engine.characters import visible
        from scenarios.engine.errors import RuntimeFailure, ScenarioError, UsageError
        from scenarios.engine.i18n import _, ngettext, speaking

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


for command in COMMANDS:
    command.params.append(lang_option())  # every command shows text, so every command takes --lang
    for sub in getattr(command, "commands", {}).values():  # `workshop start|report|…` too
        sub.params.append(lang_option())
    main.add_command(command)
