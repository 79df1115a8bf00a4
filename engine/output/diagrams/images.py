"""SVG, PNG and PDF: the DOT text run through Graphviz, each stamped so a later run knows the file is ours.

The stamp lets `render` overwrite its own earlier output without --force while
refusing to overwrite a file someone else made.  A map of LAYERED_FROM nodes or more is laid
out by the engine (layered.py) and only drawn by Graphviz, so its size never makes `dot` hang.
"""

from __future__ import annotations

from scenarios.engine import stamps

from .diagram import Diagram
from .dot import dot_source
from .graphviz_run import run_dot
from .layered import LAYERED_FROM, positions

STAMP = stamps.RENDER
STAMPERS = {"svg": stamps.svg, "png": stamps.png, "pdf": stamps.pdf}


def drawn(d: Diagram, fmt: str, name: str = "scenario", legend: bool = True) -> bytes:
    """The diagram as stamped SVG, PNG or PDF: laid out by `dot`, or by the engine when it is big."""
    if len(d.nodes) >= LAYERED_FROM:
        return STAMPERS[fmt](run_dot(dot_source(d, name, legend, positions(d)), fmt, "neato"), STAMP)
    return STAMPERS[fmt](run_dot(dot_source(d, name, legend), fmt), STAMP)


def svg(source: str) -> bytes:
    return stamps.svg(run_dot(source, "svg"), STAMP)


def png(source: str) -> bytes:
    return stamps.png(run_dot(source, "png"), STAMP)


def pdf(source: str) -> bytes:
    return stamps.pdf(run_dot(source, "pdf"), STAMP)


def is_stamped(data: bytes) -> bool:
    """Whether rendered bytes carry our marker in its place."""
    return stamps.stamped(data[:4096], data[-256:])
