"""`scenarios list`: the bundled scenarios and those in ./scenarios/, with titles and path counts."""

from __future__ import annotations

import click

from scenarios.cli.i18n import N_, _, current_language, ngettext

ORIGINS = (N_("local"), N_("bundled"))  # the Where column, translated when shown


@click.command("list", help=N_("""List the scenarios you can explore by name.

\b
Example:
  scenarios list"""))
def list_scenarios() -> None:
    from rich.table import Table

    from scenarios.cli.console import console
    from scenarios.engine import ScenarioError, available, load_path

    table = Table(box=None, pad_edge=False)
    for column in (_("Name"), _("Title"), _("Paths"), _("Where")):
        table.add_column(column, justify="right" if column == _("Paths") else "left")
    entries = available()
    for entry in entries:
        try:
            scenario = load_path(entry.path, lang=current_language())
            title, paths = scenario.title, f"{scenario.summarize().path_count:,}"
        except ScenarioError as exc:
            count = len(exc.errors)
            title, paths = _("(invalid: run scenarios check)"), ngettext("{count} error", "{count} errors",
                                                                         count).format(count=count)
        table.add_row(entry.name, title, paths, _(entry.origin))
    out = console()
    if not entries:
        out.print(_("No scenarios found. Create one with: scenarios new NAME"))
        return
    out.print(table)
