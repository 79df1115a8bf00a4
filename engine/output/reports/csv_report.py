"""`explore --format csv`: one row per path, streamed, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.text.numbers import data
from scenarios.engine.text.sources import sources_line

from .common import Tally, tallied


def csv_report(scenario: Scenario, *, assumptions: Mapping[str, float] | None = None,
               where: str | None = None, summary_only: bool = False) -> Iterator[str]:
    """Columns: number, steps ("node: branch" joined by " > "), outcome, each indicator, weight.

    First come lines starting with "# ": the title, the notice and the sources, as every output carries
    them (skip them with `pandas.read_csv(f, comment="#")` or by dropping lines that start with "#").
    """
    rt = scenario.runtime
    nodes = rt.nodes
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for line in (scenario.title, scenario.disclaimer, sources_line(scenario)):
        if line:
            buffer.write("# " + " ".join(str(line).split()) + "\n")
    if summary_only:
        if where:
            tally = Tally(len(rt.indicator_ids))
            for _path in tallied(scenario, scenario.paths(assumptions, where), tally):
                pass
            summary = tally.summary(scenario)
        else:
            summary = scenario.summarize(assumptions)
        writer.writerow(["outcome", "label", "paths", "weight_low", "weight_high"])
        for o in summary.outcomes:
            weights = ["", ""] if o.weight_low is None else [repr(data(o.weight_low)), repr(data(o.weight_high))]
            writer.writerow([o.node, o.label, o.paths, *weights])
        yield buffer.getvalue()
        return
    writer.writerow(["number", "steps", "outcome", *rt.indicator_ids, "weight"])
    width = len(rt.indicator_ids)
    kinds, levels = rt.indicator_kinds, rt.indicator_levels
    level_cols = [i for i in range(width) if kinds[i] == "levels"]
    flag_cols = [i for i in range(width) if kinds[i] == "flag"]
    number_cols = [i for i in range(width) if kinds[i] == "number"]
    ids = [n.id for n in nodes]
    step_text = {b: f"{ids[b.node]}: {b.label}" for node in nodes for b in node.branches}
    row_batch = 0
    for path in scenario.paths(assumptions, where):
        values = list(path.state[:width])
        for i in level_cols:
            values[i] = levels[i][values[i]]
        for i in flag_cols:
            values[i] = "true" if values[i] else "false"
        for i in number_cols:
            values[i] = data(values[i])
        steps = " > ".join([step_text[b] for b in path.branches])
        writer.writerow([path.number, steps, ids[path.outcome], *values,
                         "" if path.weight is None else repr(data(path.weight))])
        row_batch += 1
        if row_batch == 2000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            row_batch = 0
    yield buffer.getvalue()
