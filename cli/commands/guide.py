"""`scenarios guide`: the guides in the terminal, so an installed copy has its documentation."""

from __future__ import annotations

import click


@click.command()
@click.argument("topic", required=False)
def guide(topic: str | None) -> None:
    """Print a guide: the workshop guide, the file format, the commands.

    The guides are the Markdown files of the project's docs/guides/, installed with the package.

    \b
    Examples:
      scenarios guide
      scenarios guide workshop
      scenarios guide format
    """
    from scenarios.engine.docs import guide as text
    from scenarios.engine.docs import topics

    if topic is None:
        click.echo("Guides (scenarios guide TOPIC):")
        for name, what in topics().items():
            click.echo(f"  {name:<9} {what}")
        return
    click.echo(text(topic), nl=False)
