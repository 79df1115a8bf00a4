"""SVG, PNG and PDF: the DOT text run through Graphviz, each stamped so a later run knows the file is ours.

The stamp lets `render` overwrite its own earlier output without --force while
refusing to overwrite a file someone else made.
"""

from __future__ import annotations

from scenarios.engine import stamps

from .graphviz_run import run_dot

STAMP = stamps.RENDER


def svg(source: str) -> bytes:
    return stamps.svg(run_dot(source, "svg"), STAMP)


def png(source: str) -> bytes:
    return stamps.png(run_dot(source, "png"), STAMP)


def pdf(source: str) -> bytes:
    return stamps.pdf(run_dot(source, "pdf"), STAMP)


def is_stamped(data: bytes) -> bool:
    """Whether rendered bytes carry our marker in its place."""
    return stamps.stamped(data[:4096], data[-256:])
