"""`scenarios check`: every error and warning in one run, as FILE:LINE:COL: severity: message."""

from __future__ import annotations

import click


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE|NAME...")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems, not the closing line per file.")
def check(files: tuple[str, ...], quiet: bool) -> None:
    """Check scenario files and report every problem at once.

    Exits 0 when no file has errors (warnings are allowed), 2 otherwise.

    \b
    Examples:
      scenarios check scenarios/mexico.yaml
      scenarios check mexico venezuela
    """
    from engine import ScenarioError, UsageError, load

    failed = 0
    for name in files:
        try:
            scenario = load(name)
        except UsageError as exc:
            click.echo(f"error: {exc.message}", err=True)
            failed += 1
            continue
        except ScenarioError as exc:
            for diagnostic in exc.diagnostics:
                click.echo(str(diagnostic), err=True)
            errors = len(exc.errors)
            failed += 1
            if not quiet:
                warnings = len(exc.diagnostics) - errors
                click.echo(f"{name}: {errors} error{'s' if errors != 1 else ''}, "
                           f"{warnings} warning{'s' if warnings != 1 else ''}", err=True)
            continue
        for diagnostic in scenario.warnings:
            click.echo(str(diagnostic), err=True)
        if not quiet:
            count = len(scenario.warnings)
            click.echo(f"{name}: ok, {count} warning{'s' if count != 1 else ''}")
    if failed:
        raise SystemExit(2)
