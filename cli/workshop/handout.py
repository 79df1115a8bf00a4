"""The handout: one self-contained HTML file that prints well, and PDF printed from it by Chromium.

PDF goes through headless Chromium (`--print-to-pdf`): it prints the very HTML a
browser shows, print stylesheet included, with no further Python dependency, and
the browser tests already need it.  Without it, the HTML is still written and the
message says how to install Chromium.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.text.i18n import _, language
from scenarios.engine.workshop import Workshop, group_analysis
from scenarios.engine.workshop.play import follow

from .diagram import played_map
from .dots import spread_svg
from .record import author_label, step_view
from .templating import PAGES
from .views import shown_indicators


def handout_html(w: Workshop) -> str:
    """The handout of session `w` as one HTML document (inline SVG and CSS; nothing fetched)."""

    s = w.scenario
    settings = w.settings
    paths = w.standing.played_paths()
    try:
        svg = played_map(s, paths)
        diagram_note = ""
    except RuntimeFailure as exc:
        svg, diagram_note = "", _("The diagram is left out: {reason}").format(reason=exc)
    participants = {p.id: p for p in w.record.participants()}
    analysis = group_analysis(s, w.record.assumption_sets(), settings["rule"], settings["alpha"])
    labels = {"median": _("the median set"),
              **{pid: p.label(settings["show_names"]) for pid, p in participants.items()}}
    spec = s.spec
    return PAGES.render("handout.html", dict(
        page_lang=s.language or language() or "en",
        w=w, spec=spec, disclaimer=s.disclaimer, settings=settings, svg=svg, diagram_note=diagram_note,
        paths=[[step_view(s, step) for step in chain] for chain in paths],
        outcomes=[_end(s, chain) for chain in paths],
        analysis=analysis, spreads=[(row, spread_svg(row)) for row in analysis["spread"]], labels=labels,
        node_labels={k: n.label for k, n in spec.nodes.items()},
        notes=[(n, author_label(n.author, participants, settings["show_names"]), _node_label(s, n.node))
               for n in w.record.notes()],
        participant_count=len(participants), printed=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")))


def _end(scenario: Any, chain: list[Any]) -> dict[str, Any] | None:

    if not chain:
        return None
    spot = follow(scenario, [(st.node, st.branch) for st in chain])
    nodes = scenario.spec.nodes
    node = nodes[nodes[chain[-1].node].branches[chain[-1].branch].to]  # where the last step led
    return {"label": node.label, "outcome": node.type == "outcome",
            "indicators": shown_indicators(scenario, spot.state)}


def _node_label(scenario: Any, node: str | None) -> str:
    return scenario.spec.nodes[node].label if node and node in scenario.spec.nodes else ""

