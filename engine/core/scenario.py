"""A loaded, checked scenario: the object notebooks and the CLI work with."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

from scenarios.engine.errors import Diagnostic, UsageError, did_you_mean
from scenarios.engine.finite import is_finite, short
from scenarios.engine.text.i18n import _, in_language
from scenarios.engine.text.wording import DEFAULT_DISCLAIMER

from .cache import Memo
from .expr import BOOL, Context, EvalError, ExprError, compile_expr
from .graph import build_graph
from .runtime import Runtime, display_value, guard_names, value_text
from .scoring import score_row, score_terms
from .unfold import path_counts, unfold
from .walk import Path, Summary, WalkError, iter_paths, summarize, summary_of, walk_message
from .where import with_ids

if TYPE_CHECKING:
    import networkx as nx

    from scenarios.engine.format.compiler import Compiled
    from scenarios.engine.format.model import ScenarioFile
    from scenarios.engine.format.yamlread import Document


# per compiled scenario: counts-only summaries by the values of the assumptions its guards read
_COUNTS: Memo[Summary] = Memo()


@dataclass(frozen=True, eq=False)
class Scenario:
    """The file as written (`spec`), its graph, its compiled form and its warnings."""

    name: str
    path: FilePath | None
    spec: ScenarioFile
    doc: Document
    successors: Mapping[str, Sequence[str]]  # each node's distinct targets: the graph without networkx
    compiled: Compiled
    warnings: tuple[Diagnostic, ...]
    languages: tuple[str, ...] = ()   # as declared by the file, the default first
    language: str | None = None       # the language its text was loaded in

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The node graph as a networkx DiGraph (branch indices on each edge), built on first use."""

        return build_graph(self.spec)

    @cached_property
    def guard_slots(self) -> tuple[int, ...]:
        """The assumption slots that `when` guards read: only their values change which paths exist."""

        rt = self.runtime
        names = guard_names(rt)
        return tuple(j for j, aid in enumerate(rt.assumption_ids) if aid in names)

    def guard_key(self, vector: Sequence[float]) -> tuple[float, ...]:
        """The values in `vector` that guards read: answers that depend only on which paths exist key on these."""
        return tuple(vector[j] for j in self.guard_slots)

    @property
    def runtime(self) -> Runtime:
        assert self.compiled.runtime is not None
        return self.compiled.runtime

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def disclaimer(self) -> str:
        return self.spec.disclaimer or _(DEFAULT_DISCLAIMER)

    @property
    def has_weights(self) -> bool:
        return any(n.type == "chance" and n.branches and all(b.weight is not None for b in n.branches)
                   for n in self.spec.nodes.values())

    def assumption_values(self, overrides: Mapping[str, float] | None = None) -> tuple[float, ...]:
        """The assumption vector with `overrides` applied; unknown names and out-of-range values are errors."""
        overrides = dict(overrides or {})
        for name, value in overrides.items():
            if name not in self.spec.assumptions:
                known = list(self.spec.assumptions)
                raise UsageError(_("unknown assumption '{name}'").format(name=name) + did_you_mean(name, known)
                                 + ("; " + _("this scenario has: {names}").format(names=", ".join(known)) if known
                                    else "; " + _("this scenario has no assumptions")))
            if isinstance(value, bool) or not isinstance(value, int | float) or not is_finite(value):
                raise UsageError(_("assumption '{name}' = {value}: the value must be a finite number").format(
                    name=name, value=short(repr(value))))
            a = self.spec.assumptions[name]
            if (a.low is not None and value < a.low) or (a.high is not None and value > a.high):
                raise UsageError(_("assumption '{name}' = {value} is outside its range [{low}, {high}]").format(
                    name=name, value=f"{value:g}", low="…" if a.low is None else f"{a.low:g}",
                    high="…" if a.high is None else f"{a.high:g}"))
        return self.runtime.assumption_vector(overrides)

    def paths(self, assumptions: Mapping[str, float] | None = None,
              where: str | None = None) -> Iterator[Path]:
        """Stream every path (numbered in depth-first order); `where` keeps those whose end satisfies it."""
        vector = self.assumption_values(assumptions)
        keep = self.condition(where, vector) if where else None
        try:
            for path in iter_paths(self.runtime, vector):
                if keep is None or keep(path):
                    yield path
        except WalkError as exc:
            raise UsageError(walk_message(self.name, self.runtime.nodes, exc)) from None

    def summarize(self, assumptions: Mapping[str, float] | None = None, weights: bool = True) -> Summary:
        """Path counts and indicator ranges per outcome, without listing paths.

        With `weights=False` the weight ranges are left out (None), and the answer is kept per
        values of the assumptions that `when` guards read: nothing else moves counts or ranges,
        so a slider over a weight costs nothing here.
        """
        vector = self.assumption_values(assumptions)
        if not weights:
            return _COUNTS.get(self.runtime, self.guard_key(vector), lambda: _counts_only(self, vector))
        try:
            return summarize(self.runtime, vector)
        except WalkError as exc:
            raise UsageError(walk_message(self.name, self.runtime.nodes, exc)) from None

    def condition(self, text: str, vector: tuple[float, ...] | None = None) -> Callable[[Path], bool]:
        """Compile a `--where` expression over a path's final state (and visited nodes)."""
        rt = self.runtime
        base = self.compiled.context
        ctx = Context(base.indicators, base.assumptions, base.nodes)
        try:
            expr = compile_expr(text, ctx, BOOL)
        except ExprError as exc:
            named = with_ids(text, self.spec)  # labels in the reader's language: "civilian_risk >= alto"
            try:
                ctx = Context(base.indicators, base.assumptions, base.nodes)
                expr = compile_expr(named, ctx, BOOL) if named != text else None
            except ExprError:
                expr = None
            if expr is None:
                raise UsageError(f"--where {text!r}: " + exc.message) from None
        width = len(rt.indicator_ids)
        tracked = [rt.index[n] for n in ctx.tracked]
        a = vector if vector is not None else rt.assumption_values

        def keep(path: Path) -> bool:
            state = path.state[:width]
            if tracked:
                seen = {b.node for b in path.branches} | {path.outcome}
                state = state + tuple(n in seen for n in tracked)
            try:
                return bool(expr(state, a))
            except EvalError as exc:
                steps = " → ".join(label for _node, label in self.steps(path))
                raise UsageError(f"--where {text!r} " + _("fails on path {number} ({steps}): {problem}").format(
                    number=path.number, steps=steps, problem=exc)) from None
        return keep

    def steps(self, path: Path) -> list[tuple[str, str]]:
        """(node id, branch label) for each step of a path."""
        nodes = self.runtime.nodes
        return [(nodes[b.node].id, b.label) for b in path.branches]

    def final_state(self, path: Path) -> dict[str, Any]:
        return self.runtime.display(path.state)

    def outcome_id(self, path: Path) -> str:
        return self.runtime.nodes[path.outcome].id

    def scores(self, path: Path) -> dict[str, float]:
        """Each actor's score at the path's end: Σ values × indicator, plus the outcome's payoffs."""
        return self.score_at(path.outcome, path.state)

    def score_at(self, outcome: int, state: tuple[Any, ...], a: Sequence[float] | None = None) -> dict[str, float]:
        """Each actor's score at outcome node number `outcome` reached in `state` (see `scores`), under the
        assumption vector `a` where values or payoffs name assumptions (their defaults without it)."""
        return dict(zip(self.spec.actors, score_row(self, score_terms(self), outcome, state, a), strict=True))

    def shown(self, indicator: str, value: Any) -> str:
        """An indicator's value as a reader sees it in tables: a level's label where the file gives one."""

        rt = self.runtime
        i = rt.indicator_index[indicator]
        shown = display_value(rt.indicator_kinds[i], rt.indicator_levels[i], value)
        labels = self.spec.indicators[indicator].level_labels
        if isinstance(shown, str) and labels:
            return labels.get(shown, shown)
        if isinstance(shown, bool) and self.language:  # yes/no in the language of the scenario's own words
            with in_language(self.language):
                return value_text(shown)
        return value_text(shown)

    def shown_state(self, path: Path) -> dict[str, str]:
        """The final state of a path as `shown` writes each value."""
        return self.shown_values(path.state)

    def shown_values(self, state: tuple[Any, ...]) -> dict[str, str]:
        """Each indicator of a state (by id) as `shown` writes it; slots past the indicators are left out."""
        return {ind: self.shown(ind, value) for ind, value in zip(self.runtime.indicator_ids, state, strict=False)}

    def __repr__(self) -> str:
        return f"<Scenario {self.name!r}: {self.title!r}, {len(self.spec.nodes)} nodes>"


def _counts_only(scenario: Scenario, vector: tuple[float, ...]) -> Summary:
    """Path counts per outcome, without weights (they depend only on the guards' assumptions)."""
    full = _counted(scenario, vector)
    return Summary(full.path_count, tuple(replace(o, weight_low=None, weight_high=None) for o in full.outcomes))


def _counted(scenario: Scenario, vector: tuple[float, ...]) -> Summary:
    """Counts and ranges from the unfolded model the analyses share (one cheap pass), or by a
    memoized walk when the model is too big to unfold."""
    rt = scenario.runtime
    try:
        u = unfold(scenario, vector)
    except UsageError:  # too many states to unfold, or a dead end: the walk counts, or says where
        try:
            return summarize(rt, vector)
        except WalkError as exc:
            raise UsageError(walk_message(scenario.name, rt.nodes, exc)) from None
    return summary_of(rt, path_counts(u, len(rt.indicator_ids)))
