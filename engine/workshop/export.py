"""The raw record of a session as JSON or CSV (`scenarios workshop export`).

CSV is one row per recorded event (participant, step, vote round, vote, assumption
value, note), in a fixed set of columns, so a spreadsheet can filter by kind.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from scenarios.engine.text.i18n import _

from . import navigation
from .errors import WorkshopError
from .session import Workshop

FORMATS = ("json", "csv")
COLUMNS = ("kind", "id", "time", "participant", "node", "branch", "label", "how", "value", "text")


def export(workshop: Workshop, fmt: str) -> str:
    if fmt not in FORMATS:
        raise WorkshopError(_("unknown format '{fmt}' (json or csv)").format(fmt=fmt))
    record = session_record(workshop)
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows(record):
        writer.writerow({k: _cell(row.get(k)) for k in COLUMNS})
    return out.getvalue()


def session_record(w: Workshop) -> dict[str, Any]:
    """Everything stored about the session, as `scenarios workshop export -f json` prints it."""
    kept = w.record
    rounds = []
    for r in kept.rounds():
        entry = r.to_dict()
        entry["votes"] = [{"participant": p, "branch": b, "label": navigation.label(w.scenario, r.node, b)}
                          for p, b in kept.ballots(r.id)]
        rounds.append(entry)
    return {
        "session": w.id, "scenario": w.scenario.name, "title": w.title, "file": w.file,
        "created": w.created, "ended": kept.ended(), "settings": w.settings,
        "note": "Weights, draws and analyses follow from the group's stated assumptions; they are not forecasts.",
        "participants": [p.to_dict() for p in kept.participants()],
        "steps": [s.to_dict() for s in kept.steps()], "current": kept.current(), "rounds": rounds,
        "assumptions": kept.assumption_sets(), "notes": [n.to_dict() for n in kept.notes()],
    }


def rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for p in record["participants"]:
        found.append({"kind": "participant", "id": p["id"], "time": p["joined"], "participant": p["number"],
                      "label": p["role"], "text": p["name"]})
    for s in record["steps"]:
        value = s["weights"] if s["how"] == "drawn" else s["tally"]
        found.append({"kind": "step", "id": s["id"], "time": s["created"], "node": s["node"], "branch": s["branch"],
                      "label": s["label"], "how": s["how"] + (" (undone)" if s["undone"] else ""),
                      "value": value, "text": f"after step {s['parent']}" if s["parent"] else "at the start"})
    for r in record["rounds"]:
        found.append({"kind": "vote round", "id": r["id"], "time": r["created"], "node": r["node"],
                      "how": r["status"], "value": r["voters"],
                      "text": f"produced step {r['step']}" if r["step"] else ""})
        for v in r["votes"]:
            found.append({"kind": "vote", "id": r["id"], "participant": v["participant"], "node": r["node"],
                          "branch": v["branch"], "label": v["label"]})
    for pid, values in record["assumptions"].items():
        for name, value in values.items():
            found.append({"kind": "assumption", "participant": pid, "label": name, "value": value})
    for n in record["notes"]:
        found.append({"kind": "note", "id": n["id"], "time": n["created"], "participant": n["author"],
                      "node": n["node"], "branch": n["step"], "text": n["text"]})
    return found


def _cell(value: Any) -> Any:
    if isinstance(value, dict):
        return "; ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in value.items())
    return "" if value is None else value
