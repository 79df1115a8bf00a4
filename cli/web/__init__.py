"""The browser front end: `scenarios serve` and the single-file HTML export.

A thin set of routes over the engine and the shared web layer (cli/http), like the CLI: pages
are rendered on the server with Jinja2, and every number (paths, weights, analyses) comes from
`scenarios.engine`; the small scripts in static/ only show what the server sends.
"""

from .app import create_app

__all__ = ["create_app"]
