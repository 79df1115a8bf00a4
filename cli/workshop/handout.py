"""The handout: one self-contained HTML file that prints well, and PDF printed from it by Chromium.

PDF goes through headless Chromium (`--print-to-pdf`): it prints the very HTML a
browser shows, print stylesheet included, with no further Python dependency, and
the browser tests already need it.  Without it, the HTML is still written and the
message says how to install Chromium.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.files import atomic_write
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


def write_pdf(html_text: str, out: Path) -> None:
    """Print the handout to PDF with headless Chromium."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise RuntimeFailure("PDF needs Chromium (Debian/Ubuntu: sudo apt-get install chromium); "
                             "write the handout as .html and print it from any browser instead")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "handout.html"
        page.write_text(html_text, encoding="utf-8")
        pdf = Path(tmp) / "handout.pdf"
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
               f"--user-data-dir={tmp}/profile", f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RuntimeFailure(f"Chromium could not print the PDF ({exc})") from None
        if not pdf.exists() or pdf.stat().st_size == 0:
            raise RuntimeFailure("Chromium did not write the PDF")

        atomic_write(out, pdf.read_bytes())
