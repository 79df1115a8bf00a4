"""Analyses under stated assumptions: decision rules, strategic play, sensitivity, comparison, diff, export.

    from scenarios import engine
    s = engine.load("mexico")
    engine.analyze(s, rule="maximin").choices      # frozen records; .to_dict() for JSON
    engine.sensitivity(s, ["p_clash"], steps=101).sweeps[0].thresholds
    engine.export(s, "efg")                        # a Gambit game as text

Every number here follows from the scenario's stated assumptions (and those you
set); none is a forecast.  Names are imported on first use, so the CLI can read
the registries (RULES, EXPORTS, CHART_FORMATS) without loading the engine.
"""

from __future__ import annotations

from ..lazy import lazy_getattr

_LAZY = {
    "analyze": "strategy", "sensitivity": "sweep", "compare": "groups", "diff": "changes", "export": "exports",
    "tornado": "charts", "sweep_chart": "charts", "CHART_FORMATS": "charts", "EXPORTS": "exports",
    "RULES": "rules", "Rule": "rules", "Analysis": "records", "Choice": "records", "PlayPath": "records",
    "RuleRow": "records", "Sensitivity": "records", "Sweep": "records", "Threshold": "records",
    "Comparison": "groups", "CompareRow": "groups", "Group": "groups", "Change": "changes", "Diff": "changes",
    "OutcomeChange": "changes", "write_output": "files",
}

__all__ = list(_LAZY)


__getattr__ = lazy_getattr(__name__, _LAZY)
