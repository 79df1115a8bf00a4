"""What both browser front ends share: `scenarios serve` (cli/web) and `scenarios workshop` (cli/workshop)
are route sets over it, and never import each other.

- app.py: the app factory (routes, the shared static files, security headers, language, error pages);
- security.py: the Content-Security-Policy with a nonce per request, and the other headers;
- language.py: each request's language (`?lang=CODE`, else the server's `--lang`), the switch;
- pages.py: one Jinja2 environment over an app's templates and the base template (templates/),
  one JSON path into scripts (`tojson`), and the page renderer (nonce, language, words);
- words.py: the shared templates' and scripts' words, and the words a page's scripts get;
- errors.py: the error page, JSON under /api/, and one line for a failure;
- server.py: one server runner (the port checked first, header and idle timeouts, a trusted proxy's
  headers, a turn's writes sent together at its end, a clean stop on Ctrl-C);
- lane.py: the crowd's lane (the routes a whole room asks at one instant, a workshop's votes and
  phones' event streams, answered ahead of Starlette's router after the same checks);
- hosts.py: the Host allow-list (421 for other names) and the Origin check against it;
- streams.py: the cap on event streams (in all, below the descriptor limit, and per address);
- headers.py: a download's file name in Content-Disposition (RFC 6266/5987);
- static/: app.css, favicon.svg, dom.js (the one DOM helper, `h()`), diagram.js (pan and zoom).

An app builds on it as::

    from scenarios.cli.http import create_app
    from scenarios.cli.http.pages import Pages, environment, pages

    PAGES = Pages(environment([MY_TEMPLATES]), words=MY_SCRIPT_WORDS)
    app = create_app([Route("/", home)], PAGES, static={"mine": MY_STATIC})
    # in a route: pages(request).page(request, "home.html", {...})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .hosts import Hosts

__all__ = ["Hosts", "create_app"]


def __getattr__(name: str) -> Any:
    """`create_app` and `Hosts` are imported when first asked for: a command that only renders a template
    (`workshop report` through pages.py) does not start Starlette."""
    if name == "create_app":
        from .app import create_app
        return create_app
    if name == "Hosts":
        from .hosts import Hosts
        return Hosts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
