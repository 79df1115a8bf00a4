"""`scenarios serve`: the served library, warmed up in the background, on the shared runner (cli/http/server.py)."""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable, Sequence

from scenarios.cli.http import server
from scenarios.cli.http.hosts import Hosts
from scenarios.engine.text.i18n import _, ngettext

from .app import create_app
from .routes import warm
from .served import Served


def run(sources: Sequence[str], host: str, port: int, open_browser: bool, say: Callable[[str], None],
        lang: str | None = None) -> None:
    """Serve `sources` until Ctrl-C; pages speak `lang` (None: the files' default text, English words)
    unless their URL asks for another language with ?lang=CODE."""

    served = Served(sources)  # unknown names and empty folders fail here, with exit code 2
    server.check_port(host, port)
    app = create_app(served, watch=True, lang=lang, hosts=Hosts(host, port))
    live = app.state.web.live

    threading.Thread(target=warm, args=(served,), name="warm-up", daemon=True).start()
    url = server.url_for(host, port)
    count = len(served.entries)
    say(ngettext("Serving {count} scenario at {url}  (Ctrl-C to stop)",
                 "Serving {count} scenarios at {url}  (Ctrl-C to stop)", count).format(count=count, url=url))
    if host not in ("127.0.0.1", "localhost", "::1"):
        say(_("Note: listening on {host}, so other computers that can reach it can read the served "
              "scenarios.").format(host=host))
    say(_("Read-only: no page changes any file. Saved edits to served files appear on open pages."))
    if open_browser:
        threading.Timer(0.8, webbrowser.open, [url]).start()
    server.run(app, host, port, on_stop=live.end if live is not None else None, grace=2)
    say(_("stopped"))
