"""`scenarios diff`: what changed between two versions of a scenario, and which outcomes gained or lost paths."""

from __future__ import annotations

from typing import Any

import click

from scenarios.cli.i18n import N_, _
from scenarios.cli.options import format_option, load_scenario


@click.command(help=N_("""\
Show what changed from OLD to NEW (names or files): nodes, branches, effects, assumptions, paths.

Branches are matched by label within their node, so a renamed branch shows as
one removed and one added. Notes, sources and descriptions are not compared.

\b
Examples:
  scenarios diff old/mexico.yaml scenarios/mexico.yaml
  scenarios diff mexico draft.yaml --format json"""))
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@format_option
def diff(old: str, new: str, fmt: str) -> None:
    import json

    from scenarios.engine.analysis.diff import diff as run

    before, after = load_scenario(old), load_scenario(new)
    result = run(before, after)
    if fmt == "json":
        click.echo(json.dumps({**result.to_dict(), "old": old, "new": new}, indent=2, ensure_ascii=False,
                              default=str))
        return
    _show(result, old, new)


def _show(result: Any, old: str, new: str) -> None:
    from rich.markup import escape

    from scenarios.cli.console import console
    from scenarios.cli.frame import titled
    from scenarios.engine.text.wording import PATH_COUNT_NOTE

    out = console()
    out.print(f"[bold]{escape(old)}[/bold] → [bold]{escape(new)}[/bold]")
    if result.same:
        out.print(_("No differences in the model."))
        return
    marks = {"added": "[green]+[/green]", "removed": "[red]-[/red]", "changed": "[yellow]~[/yellow]"}
    for change in result.changes:
        out.print(f"{marks[change.action]} {escape(str(change))}")
    if not result.changes:
        out.print(_("No differences in the model's content."))
    out.print()
    if not result.outcomes:
        out.print(_("Every outcome keeps its number of paths ({count} in all).").format(
            count=f"{result.new_path_count:,}"))
        return
    table = titled(_("Outcomes that gained or lost paths ({before} → {after} paths in all)").format(
        before=f"{result.old_path_count:,}", after=f"{result.new_path_count:,}"))
    table.add_column(_("Outcome"))
    for col in (_("Paths before"), _("Paths after"), _("Change")):
        table.add_column(col, justify="right")
    for o in result.outcomes:
        table.add_row(escape(f"{o.label} ({o.node})"), f"{o.old_paths:,}", f"{o.new_paths:,}",
                      f"{o.new_paths - o.old_paths:+,}")
    out.print(table)
    out.print(escape(_(PATH_COUNT_NOTE)))
