"""The browser front end: `scenarios serve` and the single-file HTML export.

A thin Starlette layer over the engine, like the CLI: pages are rendered on the server with
Jinja2, and every number (paths, weights, analyses) comes from `scenarios.engine`; the small
scripts in static/ only show what the server sends.

Building on it (for example another front end's pages)::

    from scenarios.cli.web import create_app
    app = create_app(sources, routes=[Route("/workshop", page)], templates=[my_templates_dir],
                     static={"workshop": my_static_dir})

Extra templates may `{% extends "base.html" %}` (blocks: title, head, header, main, scripts)
and use `web.page(request, "name.html", context)` (the Web object in `request.app.state.web`),
which adds the CSP nonce and the served library; static files under `static` are served at
`/static/<prefix>/...`; the shared `/static/app.css` and `/static/diagram.js` are there to reuse.
"""

from .app import create_app

__all__ = ["create_app"]
