"""After a shape error, check the rest of the file anyway, so one run shows every mistake.

A misspelled key is read as the key it most likely meant (or dropped); an entry that
still doesn't fit the format (a node with `type: outcom`) is replaced by a harmless
stand-in. The rest of the file is then checked as usual, and its errors are kept,
except those about a stand-in itself (they would only repeat the first mistake).
"""

from __future__ import annotations

import copy
import difflib
from typing import Any

from pydantic import ValidationError

from scenarios.engine.errors import Diagnostic
from scenarios.engine.text.i18n import _

from .model import ScenarioFile, fields_at

STAND_INS = {
    "nodes": lambda key: {"type": "outcome", "label": str(key)},
    "actors": lambda key: {"name": str(key)},
    "sources": lambda key: {"title": str(key)},
    "assumptions": lambda key: {"value": 0.5},
}


def salvage(data: dict[str, Any], errors: list[Any]) -> tuple[dict[str, Any], set[str]] | None:
    """A copy of `data` the format accepts, and the ids of entries replaced by stand-ins; None if beyond repair."""

    fixed = copy.deepcopy(data)
    stand_ins: set[str] = set()
    for _round in range(3):
        for err in errors:
            loc = tuple(err["loc"])
            if err["type"] == "extra_forbidden":
                parent = _get(fixed, loc[:-1])
                if isinstance(parent, dict) and loc[-1] in parent:
                    value = parent.pop(loc[-1])
                    meant = difflib.get_close_matches(str(loc[-1]), fields_at(loc[:-1]), n=1, cutoff=0.6)
                    if meant and meant[0] not in parent:
                        parent[meant[0]] = value
                continue
            if err["type"] == "literal_error" and _read_as_meant(fixed, loc, err):
                continue
            if len(loc) >= 2 and loc[0] in STAND_INS and isinstance(fixed.get(loc[0]), dict):
                if loc[1] in fixed[loc[0]]:
                    fixed[loc[0]][loc[1]] = STAND_INS[str(loc[0])](loc[1])
                    stand_ins.add(str(loc[1]))
                continue
            if len(loc) == 1 and loc[0] in ("title", "start") and isinstance(fixed.get("nodes"), dict):
                nodes = [k for k in fixed["nodes"] if isinstance(k, str)]
                fixed[loc[0]] = "untitled" if loc[0] == "title" else (nodes[0] if nodes else "start")
                continue
            return None  # another top-level key, or an indicator: no safe stand-in
        try:
            ScenarioFile.model_validate(fixed)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            continue
        return fixed, stand_ins
    return None


def other_errors(problems: list[Diagnostic], stand_ins: set[str]) -> list[Diagnostic]:
    """The errors of the salvaged file (its warnings could be artefacts of the stand-ins: unused actors...).

    A stand-in keeps its id, so references to it stay valid; only a problem about the
    stand-in itself (a dead end at it, say) would echo the first mistake, and is left out.
    """
    quoted = [_("at '{id}'").format(id=key) for key in stand_ins]  # as pathchecks writes it
    return [p for p in problems if p.severity == "error" and not any(q in p.message for q in quoted)]


def _read_as_meant(data: dict[str, Any], loc: tuple[Any, ...], err: Any) -> bool:
    """Read a misspelled choice (`type: outcom`) as the allowed value it is closest to."""
    expected = str(err.get("ctx", {}).get("expected", ""))
    choices = [w.strip(" '") for w in expected.replace(" or ", ", ").split(",")]
    parent = _get(data, loc[:-1])
    meant = difflib.get_close_matches(str(err.get("input")), choices, n=1, cutoff=0.6)
    if not meant or not isinstance(parent, dict | list):
        return False
    parent[loc[-1]] = meant[0]
    return True


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for step in loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data
