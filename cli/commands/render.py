"""`scenarios render`: a scenario as a diagram (SVG, PNG, PDF, DOT or Mermaid) for slides and handouts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from scenarios.cli.options import assumption_options, assumptions_from, load_scenario
from scenarios.engine.text.i18n import N_, _

# The same keys as engine.diagrams.RENDERERS (a test keeps them equal); listed here so
# `scenarios --help` needn't import the renderers.  html is the web front end's single-file page.
FORMATS = ["svg", "png", "pdf", "dot", "mermaid", "html"]
HTML_ONLY_DEFAULTS = {"direction": "LR", "tree": False, "highlight": None, "where": None, "focus": None,
                      "depth": None, "effects": False, "legend": True}


@click.command(help=N_("""Draw a scenario as a diagram: decisions, chance events and outcomes, with a legend.

Decisions are boxes in their actor's colour, chance events are ovals, outcomes are
double-bordered; percentages on branches follow from the stated assumptions.
The scenario's sources (title, publisher, date) are listed under the title;
--sources numbers them on the nodes and branches that cite them.

\b
Examples:
  scenarios render mexico                      # outputs/mexico.svg
  scenarios render mexico -f png --direction TB
  scenarios render mexico --where "civilian_risk >= high"
  scenarios render tutorial --tree --highlight 3 -o slide.pdf -f pdf
  scenarios render mexico --focus mexico_forces --depth 2 -f mermaid -o -
  scenarios render mexico --slides -f pdf      # outputs/mexico-slides.pdf, a page per slide
  scenarios render mexico --signposts          # what to watch for, under each branch
  scenarios render venezuela --sources -f png
  scenarios render my-file.yaml --watch
  scenarios render --gallery                   # regenerate the committed gallery"""))
@click.argument("name", metavar="NAME|FILE", required=False)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="svg", show_default=True,
              help=N_("svg, png and pdf need Graphviz; dot and mermaid are text and need nothing; "
                   "html is one self-contained page (diagram, node details, paths) that works offline."))
@click.option("--output", "-o", "output", metavar="PATH",
              help=N_("Where to write (default outputs/NAME.EXT, or workspace/outputs/ in a checkout of "
                   "scenarios); '-' writes to standard output."))
@click.option("--direction", type=click.Choice(["LR", "TB"], case_sensitive=False), default="LR", show_default=True,
              help=N_("Left to right, or top to bottom for tall slides."))
@click.option("--tree", is_flag=True, help=N_("Unfold into the tree of paths (each path its own branch)."))
@click.option("--highlight", type=int, metavar="N", help=N_("Emphasize path N (numbered as explore numbers them)."))
@click.option("--where", metavar="EXPR", help=N_('Emphasize every path whose final state satisfies EXPR.'))
@click.option("--focus", metavar="NODE", help=N_("Draw only NODE and what follows it."))
@click.option("--depth", type=int, metavar="K", help=N_("Draw K steps (from the start or NODE); the rest become "
                                                        "stubs."))
@click.option("--effects", is_flag=True, help=N_("Show each branch's effects on the indicators."))
@click.option("--signposts", is_flag=True, help=N_("Show the signposts (what to watch for) under each branch."))
@click.option("--no-legend", "no_legend", is_flag=True, help=N_("Leave out the legend."))
@click.option("--sources", "sources", is_flag=True,
              help=N_("Number each node's and branch's sources, as listed under the title."))
@click.option("--force", is_flag=True, help=N_("Overwrite an existing file that render did not write."))
@click.option("--watch", is_flag=True, help=N_("Draw again whenever the file changes (Ctrl-C to stop)."))
@click.option("--slides", "as_slides", is_flag=True,
              help=N_("One 16:9 slide per phase plus the overview, each readable on a 1920x1080 projector: SVG or "
                   "PNG files in the folder -o (default outputs/NAME-slides/), or with -f pdf one PDF of a page "
                   "per slide (default outputs/NAME-slides.pdf; printed by Chromium)."))
@click.option("--gallery", is_flag=True, help=N_("Draw every bundled scenario into outputs/ as DOT and SVG."))
@assumption_options
def render(name: str | None, fmt: str, output: str | None, direction: str, tree: bool, highlight: int | None,
           where: str | None, focus: str | None, depth: int | None, effects: bool, signposts: bool, no_legend: bool,
           sources: bool, force: bool,
           watch: bool, as_slides: bool, gallery: bool, settings: tuple[str, ...], assumption_file: str | None) -> None:
    from scenarios.engine.errors import UsageError
    from scenarios.engine.format.library import gallery_dir, resolve
    from scenarios.engine.output.diagrams.gallery import build
    from scenarios.engine.output.diagrams.watch import watch as watch_loop

    if gallery:
        if name or output or watch:
            raise UsageError(_("--gallery draws every bundled scenario; give no NAME, -o or --watch with it"))

        build(gallery_dir(), click.echo)
        return
    if not name:
        raise UsageError(_("give a scenario NAME or FILE to draw (see: scenarios list), or --gallery"))
    if as_slides:
        if fmt not in ("svg", "png", "pdf") or output == "-" or watch:
            raise UsageError(_("--slides writes one SVG or PNG file per slide into a folder, or one PDF of them all: "
                               "use -f svg, -f png or -f pdf, -o FOLDER (or -o FILE.pdf), and no --watch"))
        click.echo(_write_slides(name, fmt, output, force, settings, assumption_file), err=True)
        return
    options = {"direction": direction, "tree": tree, "highlight": highlight, "where": where,
               "focus": focus, "depth": depth, "effects": effects, "legend": not no_legend, "signposts": signposts,
               "sources": sources}
    if watch:
        if output == "-":
            raise UsageError(_("--watch writes a file each time; give -o PATH rather than -o -"))

        file = resolve(name)
        watch_loop(file, lambda: _draw(str(file), fmt, output, force, options, settings, assumption_file),
                   lambda line: click.echo(line, err=True))
        return
    message = _draw(name, fmt, output, force, options, settings, assumption_file)
    if message:
        click.echo(message, err=True)


def _draw(name: str, fmt: str, output: str | None, force: bool, options: dict[str, Any],
          settings: tuple[str, ...], assumption_file: str | None) -> str:
    """Load, render, write; returns what to tell the user."""
    from scenarios.engine.files import write_output
    from scenarios.engine.format.library import outputs_dir
    from scenarios.engine.output.diagrams import EXTENSIONS
    from scenarios.engine.output.diagrams import render as draw
    from scenarios.engine.output.diagrams.slides import READABLE_PX, smallest_text_px

    scenario = load_scenario(name)
    options["assumptions"] = assumptions_from(scenario, settings, assumption_file)
    data = _html(scenario, options) if fmt == "html" else draw(scenario, fmt, **options)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return ""

    target = Path(output) if output else outputs_dir() / f"{scenario.name}.{EXTENSIONS.get(fmt, fmt)}"
    write_output(target, data, force=force or output is None)
    if fmt in ("svg", "png") and smallest_text_px(data) < READABLE_PX:
        return _("wrote {path}").format(path=target) + "\n" + _too_small()
    return _("wrote {path}").format(path=target)


def _too_small() -> str:
    from scenarios.engine.output.diagrams.slides import READABLE_PX

    return _("warning: fitted to a 16:9 slide, this map's text would be smaller than {px} px on a 1920x1080 "
             "projector; use --slides (one slide per phase) or show it with scenarios serve").format(px=READABLE_PX)


def _write_slides(name: str, fmt: str, output: str | None, force: bool, settings: tuple[str, ...],
                  assumption_file: str | None) -> str:
    from scenarios.engine.files import write_output
    from scenarios.engine.format.library import outputs_dir
    from scenarios.engine.output.diagrams.slide_pdf import slides_pdf
    from scenarios.engine.output.diagrams.slides import slides

    scenario = load_scenario(name)
    assumptions = assumptions_from(scenario, settings, assumption_file)
    if fmt == "pdf":
        count, data = slides_pdf(scenario, assumptions)
        target = Path(output) if output else outputs_dir() / f"{scenario.name}-slides.pdf"
        write_output(target, data, force=force or output is None)
        return _("wrote {count} slides to {file}").format(count=count, file=target)
    drawn = slides(scenario, fmt, assumptions)
    folder = Path(output) if output else outputs_dir() / f"{scenario.name}-slides"
    for stem, data in drawn:
        write_output(folder / f"{stem}.{fmt}", data, force=force or output is None)
    return _("wrote {count} slides to {folder}").format(count=len(drawn), folder=folder)


def _html(scenario: Any, options: dict[str, Any]) -> bytes:
    """The single-file page; it draws the whole node graph, so view options don't apply."""
    from scenarios.cli.web.export import html
    from scenarios.engine.errors import UsageError

    given = [f"--{k}" for k, v in HTML_ONLY_DEFAULTS.items() if options.get(k) != v]
    if given:
        raise UsageError(_("-f html draws the whole map with its own path filter and highlight; leave out {options}")
                         .format(options=", ".join(given)))
    return html(scenario, options["assumptions"])
