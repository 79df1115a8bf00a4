"""Diagrams of a scenario: one module per format, registered in RENDERERS.

A view (graph_view, tree_view) turns the scenario into a format-neutral Diagram; dot and
mermaid write it as text; svg, png and pdf run that DOT through Graphviz at the edge.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import images
from .diagram import Diagram
from .dot import dot_source
from .mermaid import mermaid_source
from .view import View, make_view

Renderer = Callable[[Diagram, str, bool], bytes]


def _dot(d: Diagram, name: str, legend: bool) -> bytes:
    return dot_source(d, name, legend).encode("utf-8")


def _mermaid(d: Diagram, name: str, legend: bool) -> bytes:
    return mermaid_source(d, legend).encode("utf-8")


def _image(fmt: Callable[[str], bytes]) -> Renderer:
    return lambda d, name, legend: fmt(dot_source(d, name, legend))


RENDERERS: dict[str, Renderer] = {
    "svg": _image(images.svg), "png": _image(images.png), "pdf": _image(images.pdf),
    "dot": _dot, "mermaid": _mermaid,
}
EXTENSIONS = {"svg": "svg", "png": "png", "pdf": "pdf", "dot": "dot", "mermaid": "mmd"}
NEEDS_GRAPHVIZ = frozenset({"svg", "png", "pdf"})


def diagram(scenario: Any, view: View) -> Diagram:
    """The drawing a view makes of the scenario (shared by every format)."""
    from .graph_view import graph_diagram
    from .tree_view import tree_diagram

    return (tree_diagram if view.tree else graph_diagram)(scenario, view)


def render(scenario: Any, fmt: str = "svg", **options: Any) -> bytes:
    """The scenario drawn in `fmt`; options are View's fields (direction, tree, highlight, where, …)."""
    from scenarios.engine.errors import UsageError, one_of

    if fmt not in RENDERERS:
        raise UsageError(f"unknown format '{fmt}' ({one_of(RENDERERS)})")
    view = make_view(scenario, options)
    return RENDERERS[fmt](diagram(scenario, view), scenario.name, view.legend)


__all__ = ["EXTENSIONS", "NEEDS_GRAPHVIZ", "RENDERERS", "View", "diagram", "render"]
