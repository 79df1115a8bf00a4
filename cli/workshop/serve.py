"""Start (or resume) a session and serve it: print the links, open the facilitator's screen, run uvicorn.

Listens on 127.0.0.1 by default; with --host 0.0.0.0 the room's network can reach it,
and the LAN address is printed with a one-line warning.  Behind a reverse proxy (a room
beyond a laptop) `--public-url` is the address people open (the QR code, the links, the
Host allow-list) and `--forwarded-allow-ips` the proxy whose X-Forwarded-For is believed.
One server per session: a lock beside the sessions file (lock.py).
"""

from __future__ import annotations

import socket
import webbrowser
from pathlib import Path

import click

from scenarios.cli.http.hosts import Hosts
from scenarios.cli.http.server import run
from scenarios.engine.errors import UsageError
from scenarios.engine.format.library import resolve
from scenarios.engine.format.loader import load_path
from scenarios.engine.text.i18n import _
from scenarios.engine.workshop import Store, Workshop, default_db_path
from scenarios.engine.workshop.identity import new_secret

from .app import Server
from .lock import SessionLock


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), or 127.0.0.1 when there is none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def check_session_args(name: str | None, resume: str | None) -> None:
    """A scenario or --resume, not both; checked before the port, so a slip is named before a busy port is."""
    if resume and name:
        raise UsageError(_("give a scenario to start a session, or --resume SESSION to carry one on, not both"))
    if not resume and not name:
        raise UsageError(_("which scenario? e.g. scenarios workshop mexico (or --resume SESSION)"))
    if name:
        resolve(name)  # an unknown name is named now, before the port is tried


def open_session(store: Store, name: str | None, resume: str | None, lang: str | None = None,
                 anonymous: bool = False) -> Workshop:
    """A new session on `name`, or the one kept as `resume`; the scenario's text in `lang` (None: its default).

    `anonymous`: a new session keeps no names (a resumed one stays as it was started).
    """

    check_session_args(name, resume)
    if resume:
        return Workshop.resume(store, resume, lang=lang)
    assert name is not None
    path = resolve(name)
    scenario = load_path(path, lang=lang)
    return Workshop.create(store, scenario, Path(path).read_text(encoding="utf-8"), str(path),
                           {"anonymous": anonymous})


def serve(store: Store, w: Workshop, host: str, port: int, open_browser: bool, lang: str | None = None,
          public: str | None = None, forwarded: str | None = None) -> None:
    """Serve session `w`; its pages (and the handout) speak `lang` (None: English words).

    The caller has checked the port with `check_port`, before the session was written, and
    `public` with hosts.public_url.  A session served elsewhere is refused here (lock.py).
    """
    lock = SessionLock(store.path, w.id)
    lock.take(port)
    try:
        _serve(store, w, host, port, open_browser, lang, public, forwarded)
    finally:
        lock.release()


def _serve(store: Store, w: Workshop, host: str, port: int, open_browser: bool, lang: str | None,
           public: str | None, forwarded: str | None) -> None:
    shown = lan_address() if host in ("0.0.0.0", "::") else host
    base = public or (f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}")
    login = new_secret()
    server = Server(w, login, f"{base}/join", lang=lang, hosts=Hosts(host, port, public),
                    say=lambda line: click.echo(line, err=True))
    facilitator = f"http://127.0.0.1:{port}/facilitator/login?token={login}" \
        if host in ("0.0.0.0", "::") and not public else f"{base}/facilitator/login?token={login}"
    click.echo(_("Workshop session {id}: {title}").format(id=w.id, title=w.title))
    click.echo("  " + _("participants: {url}   code: {code}").format(url=f"{base}/join", code=w.code))
    click.echo("  " + _("facilitator (keep this link to yourself): {url}").format(url=facilitator))
    resume = f"scenarios workshop --resume {w.id}" + (f" --db {store.path}" if store.path != _default() else "") \
        + (f" --lang {lang}" if lang else "")
    click.echo("  " + _("sessions file: {file}; after a crash: {command}").format(file=store.path, command=resume))
    if host in ("0.0.0.0", "::") and not public:
        click.echo(_("warning: serving the whole network at {url}: anyone on it can open the page; only people "
                     "with the code can join").format(url=base))
    click.echo(_("Press Ctrl-C to stop (nothing is lost: every change is already saved)."), err=True)
    if open_browser:
        webbrowser.open(facilitator)
    try:
        server.analysis.start()  # the room's analysis worker loads the scenario now, not when first asked
        run(server.app(), host, port, grace=1, keep_alive=30, forwarded=forwarded)
    finally:
        server.close()
    click.echo(_("stopped; carry on later with: {command}").format(command=resume), err=True)


def _default() -> Path:
    return default_db_path()
