"""The command group and the one place where engine errors become exit codes.

Exit codes: 0 success; 1 a runtime failure (Graphviz missing, a write failed);
2 bad usage or an invalid scenario.  Heavy libraries are imported inside the
commands, so `scenarios --help` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from .commands import COMMANDS


class ScenariosGroup(click.Group):
    """Turns the engine's errors into clean messages and exit codes, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from engine.errors import RuntimeFailure, ScenarioError, UsageError

        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(2)
        except ScenarioError as exc:
            for diagnostic in exc.diagnostics:
                click.echo(str(diagnostic), err=True)
            count = len(exc.errors)
            click.echo(f"{count} error{'s' if count != 1 else ''}", err=True)
            sys.exit(2)
        except RuntimeFailure as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)


@click.group(cls=ScenariosGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scenarios", prog_name="scenarios")
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
    main.add_command(command)
