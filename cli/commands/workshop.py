"""`scenarios workshop`: run a session with phones, and list, export or print the sessions kept.

`workshop` is a group whose default command is `start`: `scenarios workshop mexico`
means `scenarios workshop start mexico`, while `list`, `export`, `report` and
`repair` are its other commands.  (A scenario file literally named like a command is reached
with `./list.yaml` or `scenarios workshop start list`.)
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import click

from scenarios.cli.i18n import N_, current_language
from scenarios.cli.workshop import DEFAULT_PORT
from scenarios.engine.text.i18n import _, in_language

DB_HELP = N_("The sessions file (default: the user's data folder, e.g. ~/.local/share/scenarios/workshops.db).")


class WorkshopGroup(click.Group):
    """A group that treats anything that isn't one of its commands as the arguments of `start`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["start", *args]
        return super().parse_args(ctx, args)


def db_option(func: Any) -> Any:
    return click.option("--db", "db", type=click.Path(dir_okay=False), default=None, help=DB_HELP)(func)


def open_store(db: str | None) -> Any:
    from scenarios.engine.workshop import Store, default_db_path

    return Store(Path(db) if db else default_db_path())


@click.group("workshop", cls=WorkshopGroup, no_args_is_help=True, help=N_("""\
Play a scenario through with a room: phones vote, everyone states assumptions, a handout at the end.

\b
Examples:
  scenarios workshop mexico                     # start a session; opens the facilitator's screen
  scenarios workshop mexico --host 0.0.0.0      # serve the room's network (phones on the Wi-Fi)
  scenarios workshop --resume 3f2a9c1d          # carry on after a crash or a restart
  scenarios workshop list
  scenarios workshop export 3f2a9c1d -f csv > session.csv
  scenarios workshop report 3f2a9c1d -o handout.html      # or handout.pdf
  scenarios workshop repair 3f2a9c1d --yes      # a session two servers wrote to, playable again

NAME|FILE is the same as `scenarios workshop start NAME|FILE`."""))
def workshop() -> None:
    pass

@workshop.command("start", help=N_("""\
Start a session on NAME|FILE (or --resume one) and serve the facilitator's screen and the phone pages.

\b
Examples:
  scenarios workshop mexico
  scenarios workshop mexico --host 0.0.0.0 --port 8080
  scenarios workshop --resume 3f2a9c1d
  scenarios workshop mexico --lang es           # the scenario, the phones and the screen in Spanish
  scenarios workshop mexico --anonymous         # no names asked for, kept, shown or exported"""))
@click.argument("name", required=False, metavar="NAME|FILE")
@click.option("--host", default="127.0.0.1", show_default=True,
              help=N_("Address to listen on; 0.0.0.0 serves the room's network (phones on the same Wi-Fi)."))
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535),
              help=N_("Port to listen on (not serve's 8765, so both can run at once)."))
@click.option("--resume", "resume", metavar="SESSION", help=N_("Carry on a session kept in the sessions file."))
@click.option("--anonymous", is_flag=True,
              help=N_("Keep no names: phones say so before joining; the export and the handout carry none."))
@click.option("--no-open", is_flag=True, help=N_("Don't open the facilitator's screen in a browser."))
@click.option("--public-url", "public", metavar="URL",
              help=N_("The address people open when a reverse proxy serves the session (e.g. "
                      "https://room.example.org): "
                   "used in the QR code and the links, and the only name besides this computer's it answers to."))
@click.option("--forwarded-allow-ips", "forwarded", metavar="ADDRESSES",
              help=N_("The reverse proxy's address(es), comma-separated, whose X-Forwarded-For/-Proto headers are "
                   "believed (so limits per address see each phone, not the proxy)."))
@db_option
def start(name: str | None, host: str, port: int, resume: str | None, anonymous: bool, no_open: bool,
          public: str | None, forwarded: str | None, db: str | None) -> None:
    from scenarios.cli.http.hosts import public_url
    from scenarios.cli.http.server import check_port
    from scenarios.cli.workshop.serve import check_session_args, open_session, serve
    from scenarios.engine.errors import UsageError

    if anonymous and resume:
        raise UsageError(_("--anonymous is chosen when a session starts, not when it is resumed"))
    check_session_args(name, resume)  # what is asked first: a missing scenario says so, whatever the port
    public = public_url(public)
    check_port(host, port)  # before a session is written: a busy port or unknown host leaves nothing behind
    store = open_store(db)
    lang = current_language()
    serve(store, open_session(store, name, resume, lang, anonymous), host, port, not no_open, lang, public, forwarded)


@workshop.command("list", help=N_("""The sessions kept, newest first: id, scenario, date, participants, steps and votes.

\b
Example:
  scenarios workshop list"""))
@db_option
def list_sessions(db: str | None) -> None:
    from rich.table import Table

    from scenarios.cli.console import console
    from scenarios.engine.text.dates import moment_in_words
    from scenarios.engine.workshop import default_db_path

    path = Path(db) if db else default_db_path()
    out = console()
    sessions = open_store(db).sessions() if path.exists() else []  # listing never creates the file
    if not sessions:
        out.print(_("No workshop sessions in {path} yet. Start one with: {command}").format(
            path=path, command="scenarios workshop NAME"))
        return
    table = Table(box=None, pad_edge=False)
    for column, justify in ((_("Session"), "left"), (_("Scenario"), "left"), (_("Started"), "left"),
                            (_("People"), "right"), (_("Steps"), "right"), (_("Votes"), "right"), (_("State"), "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for s in sessions:
        table.add_row(s["id"], f"{s['scenario']}: {s['title']}", moment_in_words(s["created"]),
                      str(s["participants"]), str(s["steps"]), str(s["votes"]), _("ended") if s["ended"] else _("open"))
    out.print(table)


@workshop.command("export", help=N_("""\
The raw record of SESSION (participants, steps, votes, assumptions, notes) on standard output.

\b
Examples:
  scenarios workshop export 3f2a9c1d > session.json
  scenarios workshop export 3f2a9c1d -f csv > session.csv"""))
@click.argument("session")
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help=N_("json: the whole record; csv: one row per event."))
@db_option
def export_session(session: str, fmt: str, db: str | None) -> None:
    from scenarios.engine.workshop import Workshop
    from scenarios.engine.workshop.export import export

    click.echo(export(Workshop.resume(open_store(db), session), fmt), nl=False)


@workshop.command("report", help=N_("""\
The handout of SESSION, a few pages to print: title, disclaimer, the path played with its
votes, where it ended, the spread of assumptions, the strongest findings, the notes and the sources.

\b
Examples:
  scenarios workshop report 3f2a9c1d -o handout.html
  scenarios workshop report 3f2a9c1d -o handout.pdf
  scenarios workshop report 3f2a9c1d -o handout.html --lang es   # else one per language the room chose
  scenarios workshop report 3f2a9c1d --appendix -o handout.pdf   # and the per-participant tables"""))
@click.argument("session")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True,
              help=N_("The handout file: .html (one self-contained file) or .pdf (printed by Chromium)."))
@click.option("--appendix", is_flag=True,
              help=N_("Add the appendix: the map, every finding, each participant's values, every decision."))
@click.option("--force", is_flag=True, help=N_("Overwrite a file this command did not write."))
@db_option
def report(session: str, output: str, appendix: bool, force: bool, db: str | None) -> None:
    from scenarios.cli.workshop.handout import handout_html
    from scenarios.engine.errors import UsageError
    from scenarios.engine.files import atomic_write
    from scenarios.engine.output.pdf import Printer, write_pdf
    from scenarios.engine.workshop import Workshop
    from scenarios.engine.workshop.voices import room_languages

    out = Path(output)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise UsageError(_("-o {file}: the handout is written as .html or .pdf").format(file=output))
    if out.exists() and not force and not _ours(out):
        raise UsageError(_("{file} exists and was not written by scenarios; use --force to overwrite it").format(
            file=output))
    w = Workshop.resume(open_store(db), session, lang=current_language())
    # --lang: that language; else each language the participants chose (one file each), or the program's
    langs: list[str | None] = [current_language()] if current_language() else room_languages(w) or [None]
    files = [out.with_name(f"{out.stem}.{lang}{out.suffix}") if len(langs) > 1 else out for lang in langs]
    for file in files:
        if file != out and file.exists() and not force and not _ours(file):
            raise UsageError(_("{file} exists and was not written by scenarios; use --force to overwrite it").format(
                file=file))
    with contextlib.ExitStack() as stack:
        # Chromium starts now and gets ready while the handout is computed (most of its time is its start)
        printer = stack.enter_context(Printer()) if suffix == ".pdf" else None
        for lang, file in zip(langs, files, strict=True):
            with in_language(lang or current_language()):
                text = handout_html(w.voice(lang), appendix)
            if printer is not None:
                write_pdf(text, file, printer)
            else:
                atomic_write(file, text.encode("utf-8"))
            click.echo(_("wrote {file}").format(file=file), err=True)


@workshop.command("repair", help=N_("""\
Make SESSION playable again when its stored path no longer fits (two servers wrote to it): list the steps
that don't follow from the played path or no longer fit the scenario, and with --yes drop them in one
transaction (kept in the record, marked undone); votes, notes and participants are kept.

\b
Examples:
  scenarios workshop repair 3f2a9c1d
  scenarios workshop repair 3f2a9c1d --yes"""))
@click.argument("session")
@click.option("--yes", is_flag=True, help=N_("Drop the steps listed (without it, only list them)."))
@db_option
def repair(session: str, yes: bool, db: str | None) -> None:
    from scenarios.engine.workshop import Workshop

    w = Workshop.resume(open_store(db), session, lang=current_language())
    plan = w.repair(apply=yes)
    if not plan.needed:
        click.echo(_("Session {id}: every step fits; nothing to repair.").format(id=w.id))
        return
    for step in plan.drop:
        click.echo(_("step {number}: “{label}” at {node} (after {parent})").format(
            number=step.id, label=step.label, node=step.node,
            parent=_("the start") if step.parent is None else _("step {number}").format(number=step.parent)))
    where = _("the start") if plan.stand is None else _("step {number}").format(number=plan.stand)
    if yes:
        click.echo(_("Dropped {count} step(s); the session stands after {where}.").format(
            count=len(plan.drop), where=where))
    else:
        click.echo(_("These {count} step(s) would be dropped and the session would stand after {where}; "
                     "run again with --yes to drop them.").format(count=len(plan.drop), where=where))


def _ours(path: Path) -> bool:
    """A handout we wrote earlier may be replaced (HTML names itself; PDF from Chromium)."""
    try:
        head = path.read_bytes()[:4096]
    except OSError:
        return False
    return b"Workshop handout:" in head or (path.suffix.lower() == ".pdf" and b"Skia/PDF" in path.read_bytes())
