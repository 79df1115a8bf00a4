"""Running the app with uvicorn: a clear line for a busy port, a clean stop on Ctrl-C."""

from __future__ import annotations

import contextlib
import errno
import socket
import threading
import webbrowser
from collections.abc import Callable, Sequence
from typing import Any

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.text.i18n import _, ngettext

from .app import create_app
from .routes import warm
from .served import Served


def check_port(host: str, port: int) -> None:
    """Fail with one line, before anything starts, when the port can't be had."""

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise RuntimeFailure(_("--host {host}: not an address of this computer").format(host=host)) from None
    family, _type, _proto, _name, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise RuntimeFailure(_("port {port} is already in use on {host}; choose another with --port").format(
                    port=port, host=host)) from None
            raise RuntimeFailure(_("cannot listen on {host}:{port}: {reason}").format(
                host=host, port=port, reason=exc.strerror or exc)) from None


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def run(sources: Sequence[str], host: str, port: int, open_browser: bool, say: Callable[[str], None],
        lang: str | None = None) -> None:
    """Serve `sources` until Ctrl-C; pages speak `lang` (None: the files' default text, English words)
    unless their URL asks for another language with ?lang=CODE."""
    import uvicorn

    served = Served(sources)  # unknown names and empty folders fail here, with exit code 2
    check_port(host, port)
    app = create_app(served, watch=True, lang=lang)
    live = app.state.web.live

    threading.Thread(target=warm, args=(served,), name="warm-up", daemon=True).start()

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            if live is not None:  # end the event streams first, so open pages don't hold up the stop
                live.stop_event.set()
                live.publish_end()
            super().handle_exit(sig, frame)

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=2,
                            lifespan="on")
    url = url_for(host, port)
    count = len(served.entries)
    say(ngettext("Serving {count} scenario at {url}  (Ctrl-C to stop)",
                 "Serving {count} scenarios at {url}  (Ctrl-C to stop)", count).format(count=count, url=url))
    if host not in ("127.0.0.1", "localhost", "::1"):
        say(_("Note: listening on {host}, so other computers that can reach it can read the served "
              "scenarios.").format(host=host))
    say(_("Read-only: no page changes any file. Saved edits to served files appear on open pages."))
    if open_browser:
        threading.Timer(0.8, webbrowser.open, [url]).start()
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C it handled: a clean stop
        Server(config).run()
    say(_("stopped"))
