"""The engine's answers as plain data for pages and JSON: nodes, weights, paths, analyses.

Everything here calls the same engine functions as the CLI; the browser only shows it.
Numbers that use weights say they follow from the stated assumptions (see NOTE).
"""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import urlsplit

from scenarios import engine
from scenarios.engine.analysis.facts import slider
from scenarios.engine.errors import UsageError
from scenarios.engine.output.diagrams import labels, words
from scenarios.engine.text.i18n import N_, _
from scenarios.engine.text.numbers import slide_percent

from .query import PAGE_SIZE, Query

NOTE = N_("Weights and values follow from the stated assumptions; they are not forecasts.")
ANALYSIS_ROWS = 200  # choices and rule-table rows sent to a page; the rest are counted
PLAY_ROWS = 20  # paths of the play listed (all of them are highlighted)
WALK_LIMIT = 200_000  # paths walked for one filtered page or highlight, so a million-path model stays quick


def safe_url(url: str | None) -> str | None:
    """A source's address as a link only when it is http(s); anything else (javascript:, data:) stays text."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _source(scenario: Any, sid: str) -> dict[str, Any]:
    s = scenario.spec.sources.get(sid)
    if s is None:
        return {"id": sid, "title": sid}
    return {"id": sid, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url,
            "link": safe_url(s.url), "note": s.note, "file": s.file}


def overview(scenario: Any) -> dict[str, Any]:
    spec = scenario.spec
    summary = scenario.summarize(weights=False)
    return {"name": scenario.name, "title": spec.title, "as_of": None if spec.as_of is None else str(spec.as_of),
            "summary": spec.summary, "disclaimer": scenario.disclaimer, "paths": summary.path_count,
            "outcomes": sum(1 for n in spec.nodes.values() if n.type == "outcome"),
            "has_weights": scenario.has_weights, "language": scenario.language,
            "languages": list(scenario.languages), "where_example": _where_example(spec)}


def _where_example(spec: Any) -> str:
    """A `where` expression on this scenario's own first indicator, as the filter box's example."""
    for name, ind in spec.indicators.items():
        if ind.kind == "levels" and ind.levels:
            return f"{name} >= {ind.levels[len(ind.levels) // 2]}"
        if ind.kind == "flag":
            return name
        return f"{name} < {ind.start if isinstance(ind.start, int | float) else 0:g}"
    return ""


def nodes(scenario: Any) -> dict[str, dict[str, Any]]:
    """What the node panel shows for every node (weights as written; shares come with the state)."""
    spec = scenario.spec
    out = {}
    for nid, node in spec.nodes.items():
        actor = spec.actors.get(node.actor) if node.actor else None
        out[nid] = {
            "id": nid, "type": node.type, "label": node.label, "actor": node.actor,
            "actor_name": actor.name if actor else None, "description": node.description, "note": node.note,
            "phase": node.phase, "sources": [_source(scenario, s) for s in node.sources],
            "signposts": _signposts(scenario, node.signposts),
            "effects": labels.effects(scenario, node.effects) if node.effects else None,
            "payoffs": {a: v for a, v in node.payoffs.items()},
            "branches": [{"label": b.label, "to": b.to, "to_label": spec.nodes[b.to].label if b.to in spec.nodes
                          else b.to, "effects": labels.effects(scenario, b.effects) if b.effects else None,
                          "guard": labels.guard(b.when), "weight": None if b.weight is None else str(b.weight),
                          "note": b.note, "description": b.description,
                          "sources": [_source(scenario, s) for s in b.sources],
                          "signposts": _signposts(scenario, b.signposts)}
                         for b in node.branches or []],
        }
    return out


def _signposts(scenario: Any, signposts: Any) -> list[dict[str, Any]]:
    """What to watch for (signposts), each with the sources the file attributes it to."""
    return [{"label": sp.label, "sources": [_source(scenario, s) for s in sp.sources]} for sp in signposts]


def shares(scenario: Any, q: Query) -> dict[str, list[str | None]]:
    """Each chance branch's normalized weight (a range when it depends on the path), per node."""
    return words.branch_shares(scenario, q.assumptions)


def drawn_texts(scenario: Any, q: Query) -> dict[str, Any]:
    """The words of the drawing that follow the assumptions, as the renderer writes them.

    Each edge's weight-and-guard lines (by SVG id), each stub's label, the notes under the
    title: a page swaps these into a drawing laid out once, so a slider never waits for Graphviz.
    """
    return words.drawn_texts(scenario, q.assumptions, q.fold, q.direction)


layout_shape = words.layout_shape


def assumptions(scenario: Any, q: Query) -> list[dict[str, Any]]:
    """Each assumption's slider: a range input where the file states low..high, a typed value elsewhere."""
    out = []
    for name, a in scenario.spec.assumptions.items():
        drawn = slider(a)
        out.append({"name": name, "label": a.label or name, "note": a.note, "file_value": a.value,
                    "value": q.assumptions.get(name, a.value), "low": a.low, "high": a.high,
                    "step": drawn["step"] if drawn["ranged"] else None})
    return out


def row(scenario: Any, path: Any) -> dict[str, Any]:
    steps = scenario.steps(path)
    outcome = scenario.outcome_id(path)
    return {"number": path.number, "steps": [label for _node, label in steps],
            "nodes": [*(node for node, _label in steps), outcome],
            "outcome": outcome, "outcome_label": scenario.spec.nodes[outcome].label,
            "final": {k: engine.value_text(v) for k, v in scenario.final_state(path).items()},
            "weight": None if path.weight is None else slide_percent(path.weight), "raw_weight": path.weight}


def paths(scenario: Any, q: Query) -> dict[str, Any]:
    """One page of the path table, and (with `where`) every node and edge on the matching paths."""
    start = (q.page - 1) * PAGE_SIZE
    stream = scenario.paths(q.assumptions, q.where)
    if q.where is None:
        total = scenario.summarize(q.assumptions, weights=False).path_count
        pages = max(1, -(-total // PAGE_SIZE))
        if q.page > pages:

            raise UsageError(_("page {page}: {name} has {pages} pages of paths").format(
                page=q.page, name=scenario.name, pages=f"{pages:,}"))
        page = [row(scenario, p) for p in itertools.islice(stream, start, start + PAGE_SIZE)]
        return {"rows": page, "total": total, "exact": True, "page": q.page, "pages": pages,
                "page_size": PAGE_SIZE, "where": None}
    rows: list[dict[str, Any]] = []
    lit_nodes: set[str] = set()
    lit_edges: set[tuple[str, str]] = set()
    total = 0
    for p in itertools.islice(stream, WALK_LIMIT):
        if start <= total < start + PAGE_SIZE:
            rows.append(row(scenario, p))
        total += 1
        chain = [node for node, _label in scenario.steps(p)] + [scenario.outcome_id(p)]
        lit_nodes.update(chain)
        lit_edges.update(itertools.pairwise(chain))
    exact = total < WALK_LIMIT
    return {"rows": rows, "total": total, "exact": exact, "page": q.page, "pages": max(1, -(-total // PAGE_SIZE)),
            "page_size": PAGE_SIZE, "where": q.where, "lit": {"nodes": sorted(lit_nodes),
                                                              "edges": sorted(lit_edges)}}


def path_row(scenario: Any, q: Query) -> dict[str, Any] | None:
    """The chosen path (`path=N`) wherever it lies, so a link can highlight it on any page."""
    if q.path is None:
        return None

    total = scenario.summarize(q.assumptions, weights=False).path_count
    if q.path <= total:  # counted first: a path number past the end never walks every path
        for p in itertools.islice(scenario.paths(q.assumptions), q.path - 1, q.path):
            return row(scenario, p)
    raise UsageError(_("path {number}: {name} has {count} paths").format(number=q.path, name=scenario.name,
                                                                        count=f"{total:,}"))


def summary(scenario: Any, q: Query) -> dict[str, Any]:
    """Paths per outcome and each indicator's range there (counts move only with guards, not weights)."""
    s = scenario.summarize(q.assumptions, weights=False)
    indicators = scenario.spec.indicators
    out = []
    for o in s.outcomes:
        low, high = scenario.shown_values(o.low), scenario.shown_values(o.high)  # levels as the file labels them
        ranges = {ind: low[ind] if low[ind] == high[ind] else f"{low[ind]} – {high[ind]}" for ind in indicators}
        out.append({"node": o.node, "label": o.label, "paths": o.paths, "ranges": ranges})
    names = {k: ind.label or k for k, ind in indicators.items()}
    return {"path_count": s.path_count, "outcomes": out, "indicators": list(indicators), "names": names}


def _chain_edges(chain: list[str]) -> list[tuple[str, str]]:
    return list(itertools.pairwise(chain))


def _more(total: int, shown: int) -> str | None:
    """The note under a table cut short for the page (a big model has thousands of decisions)."""
    if total <= shown:
        return None
    return _("The first {shown} rows of {total} are shown.").format(shown=shown, total=f"{total:,}")


def analysis(scenario: Any, q: Query) -> dict[str, Any]:
    """The rollback under the chosen rule: values, the play (to highlight), choices and the rule table."""


    try:
        a = engine.analyze(scenario, rule=q.rule, alpha=q.alpha, assumptions=q.assumptions, path_limit=200)
    except UsageError as exc:
        return {"error": exc.message, "rule": q.rule}
    actors = scenario.spec.actors
    play_nodes: set[str] = set()
    play_edges: set[tuple[str, str]] = set()
    plays: list[dict[str, Any]] = []
    for p in a.paths:
        chain = [n for n, _ in p.steps] + [p.outcome]
        play_nodes.update(chain)
        play_edges.update(_chain_edges(chain))
        if len(plays) < PLAY_ROWS:
            plays.append({"steps": [b for _, b in p.steps], "nodes": chain, "outcome": p.outcome,
                          "outcome_label": scenario.spec.nodes[p.outcome].label,
                          "weight": None if p.weight is None else slide_percent(p.weight)})
    choices, rules = a.choices[:ANALYSIS_ROWS], a.rules[:ANALYSIS_ROWS]
    return {
        "rule": a.rule, "alpha": a.alpha, "note": _(NOTE),
        "values": [{"actor": k, "name": actors[k].name if k in actors else k, "value": round(v, 6)}
                   for k, v in a.values.items()],
        "choices": [{"node": c.node, "label": c.label, "actor": actors[c.actor].name if c.actor in actors else c.actor,
                     "history": list(c.history), "choice": c.choice,
                     "values": {k: round(v, 6) for k, v in c.values.items()}, "tied": list(c.tied)}
                    for c in choices],
        "more_choices": _more(len(a.choices), len(choices)),
        "play": {"nodes": sorted(play_nodes), "edges": sorted(play_edges), "paths": plays,
                 "count": a.path_count},
        "rules": [{"node": r.node, "label": scenario.spec.nodes[r.node].label, "history": list(r.history),
                   "by_rule": dict(r.by_rule)} for r in rules],
        "more_rules": _more(len(a.rules), len(rules)),
        "differs": any(len({v for v in r.by_rule.values() if v is not None}) > 1 for r in a.rules),
        "unweighted": list(a.unweighted),
        "indicators": {k: (None if v is None else round(v, 4)) for k, v in a.indicators.items()},
    }


def sensitivity(scenario: Any, q: Query, steps: int = 21) -> dict[str, Any]:
    """Tornado (each actor's value at both ends of each assumption) and the flip thresholds."""


    try:
        s = engine.sensitivity(scenario, steps=steps, rule=q.rule, alpha=q.alpha, assumptions=q.assumptions)
    except UsageError as exc:
        return {"error": exc.message}
    actors = scenario.spec.actors
    sweeps = []
    for w in s.sweeps:
        sweeps.append({"name": w.name, "label": w.label, "low": w.low, "high": w.high, "base": w.base,
                       "swing": w.swing,
                       "values": [{"actor": k, "name": actors[k].name if k in actors else k, "at_low": lo,
                                   "at_high": hi} for k, (lo, hi) in w.values.items()],
                       "thresholds": [{"value": t.value, "node": t.node,
                                       "label": scenario.spec.nodes[t.node].label, "actor": t.actor,
                                       "from": t.before, "to": t.after, "on_play": t.on_play,
                                       "history": list(t.history)} for t in w.thresholds]})
    base = [{"actor": k, "name": actors[k].name if k in actors else k, "value": v} for k, v in s.base_values.items()]
    return {"rule": s.rule, "alpha": s.alpha, "base": base, "sweeps": sweeps, "skipped": list(s.skipped),
            "note": _(NOTE)}


def assumptions_yaml(scenario: Any, q: Query) -> str:
    """A file `--assumptions` accepts: every assumption with its current value, labels as comments."""
    lines = ["# " + _("Assumptions for {title}, set in scenarios serve.").format(
                 title=json.dumps(scenario.title, ensure_ascii=False)),
             "# " + _("Use with: {command}").format(command=f"scenarios explore {scenario.name} --assumptions "
                                                             "THIS_FILE.yaml"),
             "# " + _("These are a group's assumptions, not forecasts.")]
    for name, a in scenario.spec.assumptions.items():
        value = q.assumptions.get(name, a.value)
        label = (a.label or "").replace("\n", " ")
        lines.append(f"{name}: {value!r}" + (f"  # {label}" if label else ""))
    return "\n".join(lines) + "\n"
