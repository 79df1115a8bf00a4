"""`scenarios export`: the model for other tools (Gambit .efg, JSON, GraphML)."""

from __future__ import annotations

import click

from scenarios.cli.options import assumption_options, assumptions_from, load_scenario
from scenarios.engine.output import EXPORT_FORMATS
from scenarios.engine.text.i18n import N_, _


@click.command(help=N_("""Export a scenario for other tools.

The Gambit file unfolds the scenario into a tree with the actors as players,
each actor's score as its payoff and chance probabilities from the stated
assumptions (not forecasts); solve it in Gambit to check the strategic play.
Labels are ASCII-safe.

\b
Examples:
  scenarios export mexico -f efg -o mexico.efg
  scenarios export mexico -f json > mexico.json
  scenarios export mexico -f graphml -o mexico.graphml
  scenarios export mexico -f efg --set p_clash=0.4"""))
@click.argument("name", metavar="NAME|FILE")
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help=N_("efg: a Gambit game unfolded by state; json: the model and its graph; graphml: the graph."))
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), metavar="FILE",
              help=N_("Write to FILE (default, or '-': standard output)."))
@click.option("--force", is_flag=True, help=N_("Replace FILE even if scenarios did not write it."))
@click.option("--uniform", is_flag=True,
              help=N_("efg: treat chance nodes without weights as equally likely (said so in the file)."))
@assumption_options
def export(name: str, fmt: str, output: str | None, force: bool, uniform: bool, settings: tuple[str, ...],
           assumption_file: str | None) -> None:
    from scenarios.engine.output.exports import export as run
    from scenarios.engine.output.files import write_output

    scenario = load_scenario(name)
    overrides = assumptions_from(scenario, settings, assumption_file)
    text = run(scenario, fmt, overrides, uniform=uniform)
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    path = write_output(output, text.encode("utf-8"), force=force)
    click.echo(_("wrote {path}").format(path=path), err=True)
