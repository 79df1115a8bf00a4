"""`scenarios guide`: the guides in the terminal, so an installed copy has its documentation.

The guides are the Markdown files of the project's docs/guides/, installed with the package as
`scenarios.guides`: a file's name is its topic, its first line (the page's heading) what it is for.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

import click

from scenarios.cli.console import width
from scenarios.cli.markdown import reflow
from scenarios.engine.errors import RuntimeFailure, UsageError
from scenarios.engine.text.i18n import _
from scenarios.engine.text.suggest import closest


@click.command()
@click.argument("topic", required=False)
def guide(topic: str | None) -> None:
    """Print a guide: the workshop guide, the file format, the commands.

    The guides are the Markdown files of the project's docs/guides/, installed with the package.
    Paragraphs and lists are rewrapped to the terminal's width (COLUMNS, else the terminal's, else
    80, piped too); headings, code, tables and quotes are printed as written.

    \b
    Examples:
      scenarios guide
      scenarios guide workshop
      scenarios guide format
    """
    if topic is None:
        click.echo(_("Guides (scenarios guide TOPIC):"))
        for name, what in topics().items():
            click.echo(f"  {name:<9} {what}")
        return
    click.echo(reflow(text(topic), width()), nl=False)


def _guides() -> dict[str, Traversable]:
    try:
        folder = files("scenarios.guides")  # docs/guides in a checkout, scenarios/guides in a wheel
    except ModuleNotFoundError:  # an editable install made before the guides were package data
        raise RuntimeFailure(_("the guides are not installed with this copy; install it again (pip install -e .)")) \
            from None
    return {f.name[:-3]: f for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".md")}


def topics() -> dict[str, str]:
    """Each guide's topic (its file's name) and what it is for (its first line, the page's heading)."""
    return {topic: file.read_text(encoding="utf-8").partition("\n")[0].lstrip("# ").strip()
            for topic, file in _guides().items()}


def text(topic: str) -> str:
    """The text of the guide named `topic`."""
    guides = _guides()
    if topic not in guides:
        near = closest(topic, guides)
        hint = _("did you mean '{word}'?").format(word=near) + " " if near else ""
        raise UsageError(_("no guide '{topic}' ({hint}the guides are: {names})").format(
            topic=topic, hint=hint, names=", ".join(guides)))
    return guides[topic].read_text(encoding="utf-8")
