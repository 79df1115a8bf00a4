"""`scenarios story`: one path told step by step, with who says what and the source of each claim."""

from __future__ import annotations

import click

from scenarios.cli.options import assumption_options, assumptions_from, load_scenario
from scenarios.engine.text.i18n import N_

FORMATS = ["table", "markdown", "json"]


@click.command(help=N_("""Tell path N of a scenario as a story, step by step, with its sources.

N is the path's number in `scenarios explore` (the same assumptions give the
same numbers). Each step gives the node's description, the branch taken with
its note and what it changed, and the sources the file cites for each (title,
publisher, date); the story ends in the outcome's description, the final
indicators and the path's weight given these decisions, under the stated
assumptions. It tells a possibility the model contains, not a forecast.

\b
Examples:
  scenarios story mexico 5
  scenarios story mexico 5 --set p_coop_enough=0.6
  scenarios story venezuela 12 --format markdown > path-12.md
  scenarios story fentanyl-labs 3 --format json"""))
@click.argument("name", metavar="NAME|FILE")
@click.argument("number", type=int, metavar="N")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help=N_("table: plain text for reading; markdown for handouts; json for scripts."))
@assumption_options
def story(name: str, number: int, fmt: str, settings: tuple[str, ...], assumption_file: str | None) -> None:
    import json

    from scenarios.cli.console import width
    from scenarios.engine.analysis.story import story as tell
    from scenarios.engine.output.reports.story_report import story_markdown, story_text

    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    told = tell(scenario, number, overrides)
    if fmt == "json":
        click.echo(json.dumps(told.to_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo("".join(story_markdown(told)), nl=False)
    else:
        click.echo(story_text(told, min(width(), 100)), nl=False)
