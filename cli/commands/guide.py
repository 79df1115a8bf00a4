"""`scenarios guide`: the README's guides in the terminal, so an installed copy has its documentation."""

from __future__ import annotations

import click

from scenarios.engine.text.guides import readme, section

# topic → (the README heading it prints, what it is for)
TOPICS = {
    "workshop": ("## Running a 60-minute workshop", "a facilitator's guide to a session, step by step"),
    "format": ("## The scenario format", "how a scenario file is written"),
    "commands": ("## Commands", "every command, with examples"),
    "python": ("## From Python or a notebook", "the library from Python and Jupyter"),
    "numbers": ("### How numbers are written", "the conventions for weights, values and flags"),
}


@click.command()
@click.argument("topic", required=False, type=click.Choice(list(TOPICS)))
def guide(topic: str | None) -> None:
    """Print a guide: the workshop guide, the file format, the commands.

    The same text as the README, which an installed copy carries along.

    \b
    Examples:
      scenarios guide
      scenarios guide workshop
      scenarios guide format
    """

    if topic is None:
        click.echo("Guides (scenarios guide TOPIC):")
        for name, (_, what) in TOPICS.items():
            click.echo(f"  {name:<9} {what}")
        return
    click.echo(section(readme(), TOPICS[topic][0]))
