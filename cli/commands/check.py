"""`scenarios check`: every error and warning in one run, as FILE:LINE:COL: severity: message."""

from __future__ import annotations

import click

from scenarios.cli.i18n import N_, _, current_language, ngettext


@click.command(help=N_("""Check scenario files and report every problem at once.

Exits 0 when no file has errors (warnings are allowed), 2 otherwise.

\b
Examples:
  scenarios check scenarios/mexico.yaml
  scenarios check mexico venezuela"""))
@click.argument("files", nargs=-1, required=True, metavar="FILE|NAME...")
@click.option("--quiet", "-q", is_flag=True, help=N_("Print only problems, not the closing line per file."))
def check(files: tuple[str, ...], quiet: bool) -> None:
    from scenarios.engine import ScenarioError, UsageError, load
    from scenarios.engine.text.characters import visible

    failed = 0
    for name in files:
        try:
            scenario = load(name, lang=current_language())
        except UsageError as exc:
            click.echo(_("error: {message}").format(message=visible(exc.message)), err=True)
            failed += 1
            continue
        except ScenarioError as exc:
            for diagnostic in exc.diagnostics:
                click.echo(str(diagnostic), err=True)
            errors = len(exc.errors)
            failed += 1
            if not quiet:
                warnings = len(exc.diagnostics) - errors
                shown = visible(name)
                click.echo(f"{shown}: " + ngettext("{count} error", "{count} errors", errors).format(count=errors)
                           + ", " + ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
                           err=True)
            continue
        for diagnostic in scenario.warnings:
            click.echo(str(diagnostic), err=True)
        if not quiet:
            count = len(scenario.warnings)
            ok = ngettext("ok, {count} warning", "ok, {count} warnings", count).format(count=count)
            click.echo(f"{visible(name)}: {ok}")
    if failed:
        raise SystemExit(2)
