"""The 2x2 matrix of scenario planning: the paths sorted by two uncertainties.

An axis is a chance node (one category per branch, plus "not reached" for paths that
never meet it), a `where` condition on the final state (holds / does not hold), or an
assumption split at a value (`p@0.5`: each side evaluated at the midpoint of its half of
the assumption's range).  Each cell gathers its paths' outcomes, counts, indicator ranges
and the share of path weight under the cell's assumptions.  `suggest` ranks pairs of
chance nodes by how much they separate the outcomes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.core.expr import readable
from scenarios.engine.core.runtime import DECISION
from scenarios.engine.errors import UsageError, did_you_mean
from scenarios.engine.text.i18n import N_, _, ngettext
from scenarios.engine.text.numbers import slide_percent

KINDS = {"decision": N_("decision"), "chance": N_("chance"), "outcome": N_("outcome")}  # shown through _()


@dataclass(frozen=True)
class Category:
    """One side of an axis.  `key` is a branch index (None: not reached), True/False, or an assumption value."""

    label: str
    key: Any


@dataclass(frozen=True)
class Axis:
    kind: str               # "node", "where" or "assumption"
    spec: str               # as given on the command line
    title: str              # as shown: the node's label, the condition, the assumption
    categories: tuple[Category, ...]


@dataclass
class Cell:
    """The paths where the row's category and the column's category both hold."""

    row: str
    column: str
    paths: int = 0
    numbers: list[int] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    low: list[Any] | None = None
    high: list[Any] | None = None
    weight: float | None = None      # share of the weight under this cell's assumptions (see open_weight)
    outcome_weights: dict[str, float] = field(default_factory=dict)  # outcome → share of the cell's weight
    assumptions: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.row} × {self.column}"


@dataclass(frozen=True)
class Matrix:
    scenario: str
    title: str
    rows: Axis
    columns: Axis
    cells: tuple[tuple[Cell, ...], ...]
    assumptions: dict[str, float]
    weighted: bool
    indicators: tuple[str, ...]
    ranges: tuple[tuple[dict[str, str], ...], ...]   # per cell: indicator → "low" or "low–high"
    outcome_labels: dict[str, str]
    left_out: int = 0   # paths that meet an axis's "not reached" side, folded away (build's `fold`)


def split_axes(text: str) -> list[str]:
    """`A,B` split at commas outside parentheses (a condition may hold `min(a, b)`)."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    parts.append(current.strip())
    return parts


def parse_axis(scenario: Any, text: str) -> Axis:
    """A chance node id, NAME@VALUE for an assumption split, or a `where` condition."""
    spec = scenario.spec
    if not text:
        raise UsageError(_("--axes: an axis is empty; give two, e.g. --axes NODE_A,NODE_B"))
    if "@" in text:
        return _assumption_axis(scenario, text)
    node_id, poles = text.partition(":")[::2] if ":" in text and text.partition(":")[0] in spec.nodes else (text, "")
    if node_id in spec.nodes:
        node = spec.nodes[node_id]
        if node.type == "outcome":
            raise UsageError(_("--axes: '{node}' is an outcome; an axis is an uncertainty: a chance node, a "
                               "decision, a condition such as \"tension >= high\", or an assumption split such as "
                               "p@0.5").format(node=node_id))
        branches = node.branches or []
        cats = [Category(b.label, k) for k, b in enumerate(branches)] if not poles else _poles(node_id, branches, poles)
        cats.append(Category(_("(not reached)"), None))
        return Axis("node", text, node.label, tuple(cats))
    if text.isidentifier() and text not in scenario.runtime.indicator_index and text not in spec.assumptions:
        chance = [n for n, node in spec.nodes.items() if node.type == "chance"]
        raise UsageError(_("--axes: no chance node '{name}'{hint}; chance nodes: {nodes}").format(
            name=text, hint=did_you_mean(text, chance), nodes=", ".join(chance) or "—"))
    try:
        scenario.condition(text)  # a bad condition fails here, with the parser's message
    except UsageError as exc:
        reason = exc.message.removeprefix(f"--where {text!r}: ")
        raise UsageError(_("--axes: '{text}' is neither a chance node nor a valid condition: {reason}").format(
            text=text, reason=reason)) from None
    shown = readable(text)
    return Axis("where", text, shown, (Category(shown, True),
                                       Category(_("not ({condition})").format(condition=shown), False)))


def _poles(node: str, branches: list[Any], poles: str) -> list[Category]:
    """NODE:1+3: the branches numbered 1 and 3 as one pole, the others as the second (numbered from 1)."""
    try:
        first = {int(k) - 1 for k in poles.split("+")}
    except ValueError:
        first = set()
    if not first or not all(0 <= k < len(branches) for k in first) or len(first) == len(branches):
        raise UsageError(_("--axes: '{node}:{poles}': give the branches of the first pole by number, from 1 to "
                           "{count}, e.g. {node}:1+2 (the others are the second pole)").format(
            node=node, poles=poles, count=len(branches)))
    rest = [k for k in range(len(branches)) if k not in first]
    return [Category(" / ".join(branches[k].label for k in sorted(first)), frozenset(first)),
            Category(" / ".join(branches[k].label for k in rest), frozenset(rest))]


def _assumption_axis(scenario: Any, text: str) -> Axis:
    name, _sep, value_text_ = text.partition("@")
    name = name.strip()
    assumptions = scenario.spec.assumptions
    if name not in assumptions:
        raise UsageError(_("--axes: unknown assumption '{name}'{hint}").format(
            name=name, hint=did_you_mean(name, assumptions)))
    try:
        at = float(value_text_)
    except ValueError:
        raise UsageError(_("--axes: '{text}': split an assumption at a number, e.g. {name}@0.5").format(
            text=text, name=name)) from None
    a = assumptions[name]
    if a.low is None or a.high is None:
        raise UsageError(_("--axes: assumption '{name}' has no low..high range to split").format(name=name))
    if not a.low < at < a.high:
        raise UsageError(_("--axes: split {name} at a value strictly between {low:g} and {high:g}").format(
            name=name, low=a.low, high=a.high))
    below, above = (a.low + at) / 2, (at + a.high) / 2
    title = a.label or name
    return Axis("assumption", text, title, (
        Category(_("{name} < {value} (at {used})").format(name=name, value=f"{at:g}", used=f"{below:g}"), below),
        Category(_("{name} ≥ {value} (at {used})").format(name=name, value=f"{at:g}", used=f"{above:g}"), above)))


def build(scenario: Any, rows: Axis, columns: Axis, assumptions: Mapping[str, float] | None = None,
          fold: bool = False) -> Matrix:
    """Every path placed in its cell; cells of a "not reached" category that no path reaches are dropped,
    and with `fold` every "not reached" category (its paths counted in `left_out`)."""
    base = dict(assumptions or {})
    for axis in (rows, columns):
        if axis.kind == "assumption":
            name = axis.spec.partition("@")[0].strip()
            if name in base:
                raise UsageError(_("--axes splits '{name}'; don't also set it").format(name=name))
    if rows.kind == "assumption" and columns.kind == "assumption" and rows.spec.partition("@")[0].strip() == \
            columns.spec.partition("@")[0].strip():
        raise UsageError(_("--axes: give two different uncertainties"))
    if rows.kind == columns.kind and rows.spec == columns.spec:
        raise UsageError(_("--axes: give two different uncertainties"))
    rt = scenario.runtime
    width = len(rt.indicator_ids)
    grid = [[Cell(r.label, c.label) for c in columns.categories] for r in rows.categories]
    sums: dict[tuple[int, int], dict[str, float]] = {}  # weight per cell and outcome
    totals: dict[tuple[int, int], float] = {}     # summed path weight of the cell's run
    unweighted = False                            # some path has no weight: no shares at all
    for run_rows, run_cols, overrides in _runs(rows, columns, base):
        place_row = _placer(scenario, rows, overrides)
        place_column = _placer(scenario, columns, overrides)
        total = 0.0
        for path in scenario.paths(overrides):
            i = run_rows[0] if len(run_rows) == 1 else place_row(path)
            j = run_cols[0] if len(run_cols) == 1 else place_column(path)
            cell = grid[i][j]
            cell.paths += 1
            cell.numbers.append(path.number)
            cell.outcomes[rt.nodes[path.outcome].id] += 1
            values = path.state[:width]
            if cell.low is None or cell.high is None:
                cell.low, cell.high = list(values), list(values)
            else:
                cell.low = [min(x, v) for x, v in zip(cell.low, values, strict=True)]
                cell.high = [max(x, v) for x, v in zip(cell.high, values, strict=True)]
            weight = open_weight(scenario, path, overrides)
            if weight is None:
                unweighted = True
            else:
                by_outcome = sums.setdefault((i, j), {})
                outcome = rt.nodes[path.outcome].id
                by_outcome[outcome] = by_outcome.get(outcome, 0.0) + weight
                total += weight
        used = dict(zip(scenario.spec.assumptions, scenario.assumption_values(overrides), strict=True))
        for i in run_rows:
            for j in run_cols:
                grid[i][j].assumptions = used
                totals[(i, j)] = total
    if scenario.has_weights and not unweighted:
        for (i, j), total in totals.items():
            by_outcome = sums.get((i, j), {})
            cell_weight = sum(by_outcome.values())
            grid[i][j].weight = cell_weight / total if total > 0 else None
            grid[i][j].outcome_weights = {o: w / cell_weight for o, w in by_outcome.items()} if cell_weight else {}
    keep_r = [i for i, c in enumerate(rows.categories) if c.key is not None or rows.kind != "node"
              or (not fold and any(grid[i][j].paths for j in range(len(columns.categories))))]
    keep_c = [j for j, c in enumerate(columns.categories) if c.key is not None or columns.kind != "node"
              or (not fold and any(grid[i][j].paths for i in range(len(rows.categories))))]
    left_out = sum(c.paths for i, row in enumerate(grid) for j, c in enumerate(row)
                   if i not in keep_r or j not in keep_c)
    rows = Axis(rows.kind, rows.spec, rows.title, tuple(rows.categories[i] for i in keep_r))
    columns = Axis(columns.kind, columns.spec, columns.title, tuple(columns.categories[j] for j in keep_c))
    cells = tuple(tuple(grid[i][j] for j in keep_c) for i in keep_r)
    weighted = scenario.has_weights and not unweighted
    ranges = tuple(tuple(_ranges(scenario, c) for c in row) for row in cells)
    labels = {nid: node.label for nid, node in scenario.spec.nodes.items() if node.type == "outcome"}
    used = dict(zip(scenario.spec.assumptions, scenario.assumption_values(base), strict=True))
    return Matrix(scenario.name, scenario.title, rows, columns, cells, used, weighted, rt.indicator_ids,
                  ranges, labels, left_out)


def empty_cells(matrix: Matrix) -> list[str]:
    """The cells no path reaches, outside the "not reached" row and column: the axes depend on each other."""
    return [cell.name for i, row in enumerate(matrix.cells) for j, cell in enumerate(row)
            if not cell.paths and matrix.rows.categories[i].key is not None
            and matrix.columns.categories[j].key is not None]


def open_weight(scenario: Any, path: Any, overrides: Mapping[str, float]) -> float | None:
    """The path's weight with every decision left open: its weight (given the decisions on it) times
    1/k at each decision that had k options available there.  Over all paths these sum to 1."""
    if path.weight is None:
        return None
    rt = scenario.runtime
    a = scenario.assumption_values(overrides)
    state = rt.initial
    weight = path.weight
    for b in path.branches:
        node = rt.nodes[b.node]
        if node.kind == DECISION:
            options = node.branches if not node.guarded else \
                [x for x in node.branches if x.when is None or x.when.fn(state, a)]
            weight /= len(options)
        state = b.apply(state) if b.apply else state
    return float(weight)


def _runs(rows: Axis, columns: Axis, base: dict[str, float]) -> list[tuple[list[int], list[int], dict]]:
    """One walk per combination of assumption categories: (row indices, column indices, assumptions)."""
    def sides(axis: Axis) -> list[tuple[list[int], dict[str, float]]]:
        if axis.kind != "assumption":
            return [(list(range(len(axis.categories))), {})]
        name = axis.spec.partition("@")[0].strip()
        return [([k], {name: c.key}) for k, c in enumerate(axis.categories)]
    return [(r, c, {**base, **ro, **co}) for r, ro in sides(rows) for c, co in sides(columns)]


def _placer(scenario: Any, axis: Axis, overrides: dict[str, float]) -> Any:
    """path → category index on this axis."""
    if axis.kind == "node":
        n = scenario.runtime.index[axis.spec.partition(":")[0]]
        not_reached = len(axis.categories) - 1
        where = {k: i for i, c in enumerate(axis.categories) if c.key is not None
                 for k in (c.key if isinstance(c.key, frozenset) else (c.key,))}

        def at_node(path: Any) -> int:
            for b in path.branches:
                if b.node == n:
                    return where[int(b.index)]
            return not_reached
        return at_node
    if axis.kind == "where":
        keep = scenario.condition(axis.spec, scenario.assumption_values(overrides))
        return lambda path: 0 if keep(path) else 1
    return lambda path: 0


def _ranges(scenario: Any, cell: Cell) -> dict[str, str]:
    if cell.low is None or cell.high is None:
        return {}
    out = {}
    for k, ind in enumerate(scenario.runtime.indicator_ids):
        low = scenario.shown(ind, cell.low[k])
        high = scenario.shown(ind, cell.high[k])
        out[ind] = low if low == high else f"{low}–{high}"
    return out


def cell_lines(matrix: Matrix, i: int, j: int) -> list[str]:
    """What a cell says, in every format: paths, weight, outcomes, indicator ranges."""

    cell = matrix.cells[i][j]
    if not cell.paths:
        return [_("no path")]
    lines = [ngettext("{count} path", "{count} paths", cell.paths).format(count=f"{cell.paths:,}")]
    if matrix.weighted and cell.weight is not None:
        lines[0] += " · " + _("weight {share}").format(share=percent(cell.weight))
    for outcome, count in sorted(cell.outcomes.items(), key=lambda kv: (-kv[1], -cell.outcome_weights.get(kv[0], 0),
                                                                         kv[0])):
        share = cell.outcome_weights.get(outcome)
        extra = f" ({percent(share)})" if matrix.weighted and share is not None else ""
        lines.append(f"{matrix.outcome_labels.get(outcome, outcome)} ×{count:,}{extra}")
    lines.append(" · ".join(f"{ind} {text}" for ind, text in matrix.ranges[i][j].items()))
    return [line for line in lines if line]


def percent(share: float) -> str:
    """A share as a slide shows it: the diagrams' whole-percent rule."""
    return slide_percent(share)


def weight_note(matrix: Matrix) -> str:
    if not matrix.weighted:
        return _("No weights: some chance event on these paths has none, so cells show path counts only.")
    return _("Weights: each cell's share, and each outcome's share within a cell, of the weight under that cell's "
             "assumptions, every decision's options counted alike. They follow from the stated assumptions; "
             "they are not forecasts.")


def as_dict(matrix: Matrix) -> dict[str, Any]:
    """The matrix for scripts (`--format json`)."""
    def axis(a: Axis) -> dict[str, Any]:
        return {"axis": a.spec, "kind": a.kind, "title": a.title, "categories": [c.label for c in a.categories]}

    cells = []
    for i, row in enumerate(matrix.cells):
        for j, c in enumerate(row):
            cells.append({
                "name": c.name, "row": c.row, "column": c.column, "paths": c.paths, "path_numbers": c.numbers,
                "outcomes": [{"node": o, "label": matrix.outcome_labels.get(o, o), "paths": n,
                              "weight": c.outcome_weights.get(o) if matrix.weighted else None}
                             for o, n in sorted(c.outcomes.items(), key=lambda kv: (-kv[1], kv[0]))],
                "indicators": matrix.ranges[i][j], "weight": c.weight if matrix.weighted else None,
                "assumptions": c.assumptions})
    return {"scenario": matrix.scenario, "title": matrix.title, "rows": axis(matrix.rows),
            "columns": axis(matrix.columns), "cells": cells, "assumptions": matrix.assumptions,
            "weighted": matrix.weighted, "note": weight_note(matrix)}
