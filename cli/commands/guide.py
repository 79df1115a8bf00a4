"""`scenarios guide`: the guides in the terminal, so an installed copy has its documentation.

The guides are the Markdown files of the project's docs/guides/, installed with the package as
`scenarios.guides`: a file's name is its topic, its first line (the page's heading) what it is for;
TOPIC.LANG.md (workshop.es.md) is the topic's guide in that language, printed under --lang LANG.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scenarios.cli.markdown import reflow
from scenarios.engine.text.i18n import N_, _, has_catalogue, language

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def files(package: str) -> Traversable:
    """importlib.resources.files, imported when a guide is read (it brings tempfile and shutil: not for --help)."""
    from importlib.resources import files as found

    return found(package)


@click.command(help=N_("""Print a guide: the workshop guide, the file format, the commands.

The guides are the Markdown files of the project's docs/guides/, installed with the package;
with --lang es, each guide's Spanish version where it has one. Paragraphs and lists are rewrapped
to the terminal's width (COLUMNS, else the terminal's, else 80, piped too); headings, code,
tables and quotes are printed as written.

\b
Examples:
  scenarios guide
  scenarios guide workshop
  scenarios guide format"""))
@click.argument("topic", required=False)
def guide(topic: str | None) -> None:
    from scenarios.cli.console import width

    if topic is None:
        click.echo(_("Guides (scenarios guide TOPIC):"))
        for name, what in topics().items():
            click.echo(f"  {name:<9} {what}")
        return
    click.echo(reflow(text(topic), width()), nl=False)


def _files() -> dict[str, Traversable]:
    from scenarios.engine.errors import RuntimeFailure

    try:
        folder = files("scenarios.guides")  # docs/guides in a checkout, scenarios/guides in a wheel
    except ModuleNotFoundError:  # an editable install made before the guides were package data
        raise RuntimeFailure(_("the guides are not installed with this copy; install it again (pip install -e .)")) \
            from None
    return {f.name[:-3]: f for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".md")}


def _guides() -> dict[str, Traversable]:
    """Each topic's guide in the reader's language: TOPIC.LANG.md where there is one, else TOPIC.md (English)."""
    found = _files()
    lang = language()
    return {topic: found.get(f"{topic}.{lang}", file) for topic, file in found.items() if "." not in topic}


def topics() -> dict[str, str]:
    """Each guide's topic (its file's name) and what it is for (its first line, the page's heading)."""
    return {topic: file.read_text(encoding="utf-8").partition("\n")[0].lstrip("# ").strip()
            for topic, file in _guides().items()}


def text(topic: str) -> str:
    """The text of the guide named `topic`, in the reader's language where it has a version in it (else English,
    with a line saying so)."""
    from scenarios.engine.errors import UsageError
    from scenarios.engine.text.suggest import closest

    guides = _guides()
    if topic not in guides:
        near = closest(topic, guides)
        hint = _("did you mean '{word}'?").format(word=near) + " " if near else ""
        raise UsageError(_("no guide '{topic}' ({hint}the guides are: {names})").format(
            topic=topic, hint=hint, names=", ".join(guides)))
    shown = guides[topic]
    lang = language()
    if lang and lang != "en" and has_catalogue(lang) and not shown.name.endswith(f".{lang}.md"):
        note = _("(This guide has no version in your language yet: it is shown as written.)")
        return f"{note}\n\n{shown.read_text(encoding='utf-8')}"
    return shown.read_text(encoding="utf-8")
