"""The handout: one self-contained HTML file that prints well, and PDF printed from it by Chromium.

PDF goes through headless Chromium (engine/output/pdf.py): it prints the very HTML a
browser shows, print stylesheet included, with no further Python dependency, and the
browser tests already need it.  Without it nothing is written, and the message says how
to install Chromium or to write HTML instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.text.dates import date_in_words, moment_in_words
from scenarios.engine.text.i18n import _, language
from scenarios.engine.workshop import Workshop, group_analysis
from scenarios.engine.workshop.findings import choice_counts, findings, path_decisions
from scenarios.engine.workshop.play import effects_along, follow
from scenarios.engine.workshop.standing import step_label

from .dots import spread_svg
from .record import author_label, step_view
from .templating import PAGES, num
from .views import shown_indicators

CORE_FINDINGS = 3  # the handout's core names at most this many findings; the appendix has them all


def handout_html(w: Workshop, appendix: bool = False) -> str:
    """The handout of session `w` as one HTML document (inline SVG and CSS; nothing fetched).

    Its core (a few printed pages) is the path played with its votes, where it ended, the
    spread of the room's assumptions, the strongest findings and the sources; `appendix`
    adds the map, every finding, each participant's values and the decisions of the whole tree.
    """

    s = w.scenario
    settings = w.settings
    paths = w.standing.played_paths()
    participants = {p.id: p for p in w.record.participants()}
    show = settings["show_names"] and not settings["anonymous"]
    analysis = group_analysis(s, w.record.assumption_sets(), settings["rule"], settings["alpha"], each_set=False)
    current = w.standing.path()
    played = [step_label(s, st) for st in current]
    here = w.standing.position()
    labels = {"median": _("the median set"), **{pid: p.label(show) for pid, p in participants.items()}}
    spec = s.spec
    node_labels = {k: n.label for k, n in spec.nodes.items()}
    every = [_finding_text(f, node_labels) for f in findings(analysis, played)]
    on_path = path_decisions(analysis, played, bool(here["decision"]))
    extra: dict[str, Any] = {}
    if appendix:
        from .diagram import played_map  # Graphviz's renderer: only the appendix draws the map

        try:
            extra["svg"], extra["diagram_note"] = played_map(s, paths), ""
        except RuntimeFailure as exc:
            extra["svg"], extra["diagram_note"] = "", _("The diagram is left out: {reason}").format(reason=exc)
        extra["by_participant"] = _values_by_participant(s, w.record.assumption_sets(), labels)
        extra["all_decisions"] = [_grouped(d, labels) for d in (analysis["comparison"] or {}).get("decisions", [])]
    return PAGES.render("handout.html", dict(
        page_lang=s.language or language() or "en", appendix=appendix,
        w=w, spec=spec, disclaimer=s.disclaimer, settings=settings,
        paths=[_played(w, chain) for chain in paths],
        outcomes=[_end(s, chain) for chain in paths],
        analysis=analysis, spreads=[(row, spread_svg(row)) for row in analysis["spread"]],
        findings=every, core_findings=every[:CORE_FINDINGS],
        path_decisions=[{"label": node_labels.get(d["node"], d["node"]), "median": d["by_group"].get("median"),
                         "counts": choice_counts(d)} for d in on_path],
        node_labels=node_labels, assumption_labels={k: a.label or k for k, a in spec.assumptions.items()},
        notes=[(n, author_label(n.author, participants, show), _node_label(s, n.node))
               for n in w.record.notes()],
        participant_count=len(participants), held=date_in_words(w.created[:10]),
        as_of=date_in_words(spec.as_of) if spec.as_of else None,
        printed=moment_in_words(datetime.now(UTC).isoformat()), **extra))


def _played(w: Workshop, chain: list[Any]) -> list[dict[str, Any]]:
    """The steps of one played path, each with what it changed, in words."""
    said = effects_along(w.scenario, [(st.node, st.branch) for st in chain]) if chain else []
    return [step_view(w.scenario, st, w.origin) | {"effects": effects}
            for st, effects in zip(chain, said, strict=True)]


def _finding_text(f: dict[str, Any], node_labels: dict[str, str]) -> str:
    text = _("{assumption}: the room straddles {value}, where the choice at “{node}” flips from {before} (below) "
             "to {after} (above); {below} of the room stand below, {above} above.").format(
        assumption=f["label"], value=num(f["value"]), node=node_labels.get(f["node"], f["node"]),
        before=f["from"], after=f["to"], below=f["below"], above=f["above"])
    if f["places"] > 1:
        # in the finding's own sentence, so that two findings' counts are never the same printed line
        text = text.rstrip(".") + " — " + _("the same at {count} places in the tree").format(count=f["places"]) + "."
    return text


def _values_by_participant(scenario: Any, sets: dict[str, dict[str, float]],
                           labels: dict[str, str]) -> dict[str, Any]:
    names = list(scenario.spec.assumptions)
    return {"columns": [scenario.spec.assumptions[k].label or k for k in names],
            "rows": [(labels.get(pid, pid), [values.get(k) for k in names]) for pid, values in sets.items()]}


def _grouped(decision: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """A compared decision with the participants grouped by the choice their set leads to."""
    by_choice: dict[str, list[str]] = {}
    for group, choice in decision["by_group"].items():
        if group != "median":
            by_choice.setdefault(choice or "—", []).append(labels.get(group, group))
    return {"node": decision["node"], "history": decision["history"], "median": decision["by_group"].get("median"),
            "choices": sorted(by_choice.items(), key=lambda kv: -len(kv[1]))}


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

