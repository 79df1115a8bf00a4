"""`scenarios serve`: explore scenarios in a browser, and see a file's edits live as you save."""

from __future__ import annotations

import click

from scenarios.cli.i18n import N_, current_language

DEFAULT_PORT = 8765


@click.command(help=N_("""Serve scenarios as a local, read-only web app, and follow saved edits live.

With no argument it serves the library (./scenarios/ and the bundled one). Files you
name are watched: each open page updates itself when you save. Nothing is ever written.
Weights on every page follow from the stated assumptions; they are not forecasts.

\b
Examples:
  scenarios serve                      # the library at http://127.0.0.1:8765/
  scenarios serve mexico --open
  scenarios serve my-file.yaml         # edit it and watch the page follow
  scenarios serve ./workshop/ --port 9000
  scenarios serve mexico --lang es     # pages in Spanish (a page's ?lang=en switches it)"""))
@click.argument("sources", metavar="[NAME|FILE|FOLDER]...", nargs=-1)
@click.option("--host", default="127.0.0.1", show_default=True,
              help=N_("Address to listen on; the default is this computer only."))
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535),
              help=N_("Port to listen on."))
@click.option("--open", "open_browser", is_flag=True, help=N_("Open the page in the default browser."))
def serve(sources: tuple[str, ...], host: str, port: int, open_browser: bool) -> None:
    from scenarios.cli.web.server import run

    run(sources, host, port, open_browser, click.echo, lang=current_language())
