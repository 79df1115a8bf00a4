"""Analyses under stated assumptions: decision rules, strategic play, sensitivity, comparison, diff, export.

    import engine
    s = engine.load("mexico")
    engine.analyze(s, rule="maximin").choices      # frozen records; .to_dict() for JSON
    engine.sensitivity(s, ["p_clash"], steps=101).sweeps[0].thresholds
    engine.export(s, "efg")                        # a Gambit game as text

Every number here follows from the scenario's stated assumptions (and those you
set); none is a forecast.  Names are imported on first use, so the CLI can read
the registries (RULES, EXPORTS, CHART_FORMATS) without loading the engine.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "analyze": "strategy", "sensitivity": "sweep", "compare": "groups", "diff": "changes", "export": "exports",
    "tornado": "charts", "sweep_chart": "charts", "CHART_FORMATS": "charts", "EXPORTS": "exports",
    "RULES": "rules", "Rule": "rules", "Analysis": "records", "Choice": "records", "PlayPath": "records",
    "RuleRow": "records", "Sensitivity": "records", "Sweep": "records", "Threshold": "records",
    "Comparison": "groups", "CompareRow": "groups", "Group": "groups", "Change": "changes", "Diff": "changes",
    "OutcomeChange": "changes", "write_output": "files",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'engine.analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
