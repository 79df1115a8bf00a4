"""`scenarios show` and `scenarios copy`: read a scenario, or take a copy of it to edit."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.engine.text.i18n import N_, _


@click.command(help=N_("""Print a scenario's YAML, e.g. one from the bundled library.

The bundled files are commented and attribute every claim to a source; read
them before a session, or start your own from a copy (scenarios copy NAME).

\b
Examples:
  scenarios show tutorial
  scenarios show mexico > mexico.yaml"""))
@click.argument("name", metavar="NAME|FILE")
def show(name: str) -> None:
    from scenarios.engine.format.library import resolve

    path = resolve(name)
    text = _read(path)
    click.echo(text, nl=not text.endswith("\n"))


@click.command(help=N_("""Copy a scenario to edit it: to ./scenarios/NAME.yaml, or to DEST (a file or folder).

Never overwrites a file. A copy in ./scenarios/ goes by the same NAME and takes
the place of the bundled one in every command, so `scenarios check NAME`
and `scenarios explore NAME` then read your copy. In a checkout of scenarios
itself, the copy goes to ./workspace/scenarios/ (./scenarios/ is the shipped library).

\b
Examples:
  scenarios copy mexico
  scenarios copy tutorial my-first.yaml"""))
@click.argument("name", metavar="NAME|FILE")
@click.argument("dest", metavar="[DEST]", required=False)
def copy(name: str, dest: str | None) -> None:
    from scenarios.engine.errors import UsageError
    from scenarios.engine.format.library import local_dir, resolve

    from .new import create_file

    source = resolve(name)
    target = local_dir() / source.name if dest is None else Path(dest)
    if target.is_dir():
        target = target / source.name
    if target.suffix not in (".yaml", ".yml"):
        raise UsageError(_("{path}: give a file name ending in .yaml (or an existing folder)").format(path=dest))
    if target.exists():
        raise UsageError(_("{path} already exists; choose another name or edit that file").format(path=target))
    shown = create_file(target.parent if str(target.parent) else Path(), target, _read(source))
    click.echo(_("wrote {path}").format(path=shown))
    argument = target.stem if dest is None else str(shown)
    click.echo(_("next: edit it, then {command}").format(command=f"scenarios check {argument}"))


LIMIT = 20 * 1024 * 1024  # the loader's own limit for a scenario file


def _read(path: Path) -> str:
    """A scenario file's text: a regular .yaml file within the size limit, never any other file."""
    from scenarios.engine.errors import UsageError

    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        raise UsageError(_("{path}: not a scenario file (a .yaml file)").format(path=path))
    if path.stat().st_size > LIMIT:
        raise UsageError(_("{path}: larger than 20 MB, the limit for a scenario file").format(path=path))
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(_("{path}: can't be read ({reason})").format(
            path=path, reason=getattr(exc, "strerror", None) or exc)) from None
