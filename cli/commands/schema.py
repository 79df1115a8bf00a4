"""`scenarios schema`: the JSON Schema of the file format, for editors."""

from __future__ import annotations

import click

from scenarios.engine.text.i18n import N_


@click.command(help=N_("""Print the JSON Schema of the scenario format.

Editors with the YAML language server use it to autocomplete and check files;
bundled files point at scenarios/scenario.schema.json.

\b
Example:
  scenarios schema > scenario.schema.json"""))
def schema() -> None:
    import json

    from scenarios.engine import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
