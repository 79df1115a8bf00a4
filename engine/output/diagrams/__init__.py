"""Diagrams of a scenario: one module per format, registered in RENDERERS.

A view (graph_view, tree_view) turns the scenario into a format-neutral Diagram; dot and
mermaid write it as text; svg, png and pdf run that DOT through Graphviz at the edge.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scenarios.engine.errors import RuntimeFailure, UsageError, one_of
from scenarios.engine.text.i18n import _

from . import images
from .diagram import Diagram
from .dot import dot_source
from .graph_view import graph_diagram
from .graphviz_run import TooBig
from .mermaid import mermaid_source
from .room import overview_svg, path_svg, phase_numbers
from .slides import overview_boxes, slide_svgs
from .tree_view import tree_diagram
from .view import View, make_view

Renderer = Callable[[Diagram, str, bool], bytes]


def _dot(d: Diagram, name: str, legend: bool) -> bytes:
    return dot_source(d, name, legend).encode("utf-8")


def _mermaid(d: Diagram, name: str, legend: bool) -> bytes:
    return mermaid_source(d, legend).encode("utf-8")


def _image(fmt: str) -> Renderer:
    return lambda d, name, legend: images.drawn(d, fmt, name, legend)


RENDERERS: dict[str, Renderer] = {
    "svg": _image("svg"), "png": _image("png"), "pdf": _image("pdf"),
    "dot": _dot, "mermaid": _mermaid,
}
EXTENSIONS = {"svg": "svg", "png": "png", "pdf": "pdf", "dot": "dot", "mermaid": "mmd"}
NEEDS_GRAPHVIZ = frozenset({"svg", "png", "pdf"})


def diagram(scenario: Any, view: View) -> Diagram:
    """The drawing a view makes of the scenario (shared by every format)."""
    return (tree_diagram if view.tree else graph_diagram)(scenario, view)


def render(scenario: Any, fmt: str = "svg", **options: Any) -> bytes:
    """The scenario drawn in `fmt`; options are View's fields (direction, tree, highlight, where, …)."""
    if fmt not in RENDERERS:
        raise UsageError(_("unknown format '{format}' ({choices})").format(format=fmt, choices=one_of(RENDERERS)))
    view = make_view(scenario, options)
    return RENDERERS[fmt](diagram(scenario, view), scenario.name, view.legend)


def notebook_bundle(scenario: Any, include: Any = None, exclude: Any = None) -> dict[str, Any]:
    """A scenario in Jupyter: its diagram as SVG when Graphviz is there, else the DOT text.

    The SVG scales down to the cell's width, so a wide diagram never overflows the notebook.
    The public API lends it to Scenario as `_repr_mimebundle_` (the core knows no drawings)."""
    try:
        svg = render(scenario, "svg").decode("utf-8")
    except RuntimeFailure:  # no Graphviz: the DOT text, which any Graphviz viewer draws
        return {"text/plain": render(scenario, "dot").decode("utf-8")}
    svg = svg.replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
    return {"image/svg+xml": svg, "text/plain": repr(scenario)}


# For the pages (cli/web, cli/workshop), which may not reach the layout modules: the slides as SVG, the overview as
# words (the folded view shown while no map can be laid out) and as SVG, the path a group played as SVG, each node's
# phase box, and TooBig (Graphviz refused the layout).
__all__ = ["EXTENSIONS", "NEEDS_GRAPHVIZ", "RENDERERS", "TooBig", "View", "diagram", "notebook_bundle",
           "overview_boxes", "overview_svg", "path_svg", "phase_numbers", "render", "slide_svgs"]
