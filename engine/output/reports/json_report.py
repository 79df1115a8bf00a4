"""`explore --format json`: the object the format page's "Machine-readable output" defines."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.walk import Summary
from scenarios.engine.text.numbers import data, data_tree
from scenarios.engine.text.sources import source_refs

from .common import Tally, assumptions_used, tallied


def _outcomes(summary: Summary) -> list[dict[str, object]]:
    return [{"node": o.node, "label": o.label, "paths": o.paths,
             "weight_range": None if o.weight_low is None else [data(o.weight_low), data(o.weight_high)]}
            for o in summary.outcomes]


def json_report(scenario: Scenario, *, assumptions: Mapping[str, float] | None = None,
                where: str | None = None, summary_only: bool = False) -> Iterator[str]:
    """Stream the JSON object; with `where` the counts (known only at the end) come last."""
    dumps = json.dumps
    head = {"scenario": scenario.name, "title": scenario.title, "disclaimer": scenario.disclaimer,
            "as_of": scenario.spec.as_of, "sources": [r.to_dict() for r in source_refs(scenario)],
            "assumptions": data_tree(assumptions_used(scenario, assumptions))}
    rt = scenario.runtime
    # The order of each levels indicator, low to high, so a reader can make ordered categories
    # (pandas: pd.Categorical(values, categories=levels, ordered=True)) instead of sorting names.
    head["levels"] = {ident: list(levels) for ident, kind, levels in
                      zip(rt.indicator_ids, rt.indicator_kinds, rt.indicator_levels, strict=True) if kind == "levels"}
    if where:
        head["where"] = where
    paths = scenario.paths(assumptions, where)
    if not where:
        summary = scenario.summarize(assumptions)
        head["path_count"] = summary.path_count
        head["outcomes"] = _outcomes(summary)
        if summary_only:
            yield dumps(head, ensure_ascii=False, indent=2) + "\n"
            return
    tally = Tally(len(scenario.runtime.indicator_ids))
    if where:
        paths = tallied(scenario, paths, tally)
    yield dumps(head, ensure_ascii=False, indent=2)[:-2] + ",\n"
    if summary_only:
        for _ in paths:
            pass
    else:
        yield '  "paths": ['
        nodes = scenario.runtime.nodes
        display = scenario.runtime.display
        first = True
        for path in paths:
            record = {
                "number": path.number,
                "steps": [{"node": nodes[b.node].id, "branch": b.label} for b in path.branches],
                "outcome": nodes[path.outcome].id,
                "state": data_tree(display(path.state)),
                "weight": data(path.weight),
            }
            yield ("\n    " if first else ",\n    ") + dumps(record, ensure_ascii=False)
            first = False
        yield "\n  ]" if not first else "]"
    if where:
        summary = tally.summary(scenario)
        tail = {"path_count": summary.path_count, "outcomes": _outcomes(summary)}
        yield ("," if not summary_only else "") + "\n" + dumps(tail, ensure_ascii=False, indent=2)[2:] + "\n"
        return
    yield "\n}\n"
