"""`scenarios list`: the bundled scenarios and those in ./scenarios/, with titles and path counts."""

from __future__ import annotations

import click


@click.command("list")
def list_scenarios() -> None:
    """List the scenarios you can explore by name.

    \b
    Example:
      scenarios list
    """
    from rich.table import Table

    from engine import ScenarioError, available, load_path

    from ..console import console

    table = Table(box=None, pad_edge=False)
    for column in ("Name", "Title", "Paths", "Where"):
        table.add_column(column, justify="right" if column == "Paths" else "left")
    entries = available()
    for entry in entries:
        try:
            scenario = load_path(entry.path)
            title, paths = scenario.title, f"{scenario.summarize().path_count:,}"
        except ScenarioError as exc:
            title, paths = "(invalid: run scenarios check)", f"{len(exc.errors)} errors"
        table.add_row(entry.name, title, paths, entry.origin)
    out = console()
    if not entries:
        out.print("No scenarios found. Create one with: scenarios new NAME")
        return
    out.print(table)
