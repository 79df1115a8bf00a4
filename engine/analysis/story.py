"""One path told as a story: each step's text, the branch taken, who says what and where it says so.

`story(scenario, n)` replays path n step by step and returns a frozen record; the
CLI prints it as text, Markdown or JSON.  Every claim in a scenario's text sits in
a node's or branch's description or note, attributed there; the story keeps each
beside the sources the file gives for it, so a class sees both together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.core.runtime import CHANCE, DECISION, KIND_NAMES, Runtime, State
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.walk import Path, WalkError, _available, _weights
from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import _, ngettext
from scenarios.engine.text.sources import SourceRef, source_refs
from scenarios.engine.text.wording import WEIGHT_NOTE


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator moved by a step: from → to, as a reader sees the values."""

    indicator: str
    label: str
    before: str
    after: str

    def to_dict(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "from": self.before, "to": self.after}


@dataclass(frozen=True)
class StoryStep:
    """One node on the path and the branch taken there."""

    node: str
    kind: str  # decision or chance
    label: str
    actor: str | None  # the deciding actor's name
    description: str | None
    note: str | None
    sources: tuple[SourceRef, ...]
    branch: str
    stance: str | None
    branch_text: tuple[str, ...]  # the branch's description and note, as written
    branch_sources: tuple[SourceRef, ...]
    changes: tuple[IndicatorChange, ...]
    share: float | None  # a chance branch's weight at this point, normalized; None for decisions

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "kind": self.kind, "label": self.label, "actor": self.actor,
                "description": self.description, "note": self.note, "sources": [s.to_dict() for s in self.sources],
                "branch": {"label": self.branch, "stance": self.stance, "text": list(self.branch_text),
                           "sources": [s.to_dict() for s in self.branch_sources], "share": self.share},
                "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True)
class Story:
    """Path `number` of a scenario, told from its start to its outcome."""

    scenario: str
    title: str
    as_of: str | None
    disclaimer: str
    number: int
    path_count: int
    assumptions: dict[str, float]
    steps: tuple[StoryStep, ...]
    outcome: str
    outcome_label: str
    outcome_description: str | None
    outcome_note: str | None
    outcome_sources: tuple[SourceRef, ...]
    final: dict[str, str]  # indicator → its value at the end, as a reader sees it
    weight: float | None  # given these decisions, under the stated assumptions; None without weights
    note: str = field(default_factory=lambda: _(WEIGHT_NOTE))  # in the reader's language
    final_labels: dict[str, str] = field(default_factory=dict)  # indicator id → its label, for a reader

    def final_words(self) -> str:
        """The final indicators as a reader reads them: "Civilian risk: low · …", by label, never by id."""
        return " · ".join(f"{self.final_labels.get(k, k)}: {v}" for k, v in self.final.items())

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "title": self.title, "as_of": self.as_of, "disclaimer": self.disclaimer,
                "path": self.number, "path_count": self.path_count, "assumptions": dict(self.assumptions),
                "steps": [s.to_dict() for s in self.steps],
                "outcome": {"node": self.outcome, "label": self.outcome_label,
                            "description": self.outcome_description, "note": self.outcome_note,
                            "sources": [s.to_dict() for s in self.outcome_sources]},
                "final": dict(self.final), "weight": self.weight, "note": self.note}


def find_path(scenario: Scenario, number: int, assumptions: Mapping[str, float] | None = None) -> tuple[Path, int]:
    """Path `number` (1-based, as `explore` numbers it) and the number of paths; a clear error if there is none."""
    if number < 1:
        raise UsageError(_("path {number}: paths are numbered from 1").format(number=number))
    count = scenario.summarize(assumptions).path_count  # memoized: no listing of paths
    if number > count:
        raise UsageError(ngettext("path {number}: {name} has {count} path (numbered 1 to {count}, as "
                                  "`scenarios explore {name}` lists them)",
                                  "path {number}: {name} has {count} paths (numbered 1 to {count}, as "
                                  "`scenarios explore {name}` lists them)", count).format(
            number=number, name=scenario.name, count=f"{count:,}"))
    found = next(p for p in scenario.paths(assumptions) if p.number == number)
    return found, count


def story(scenario: Scenario, number: int, assumptions: Mapping[str, float] | None = None) -> Story:
    """Tell path `number` under the stated assumptions (with `assumptions` overriding them)."""
    path, count = find_path(scenario, number, assumptions)
    return tell(scenario, path, count, assumptions)


def tell(scenario: Scenario, path: Path, count: int, assumptions: Mapping[str, float] | None = None) -> Story:
    """The Story of a path already found (explore --describe tells the paths it lists)."""
    rt = scenario.runtime
    spec = scenario.spec
    a = scenario.assumption_values(assumptions)
    state = rt.initial
    steps = []
    for b in path.branches:
        node = rt.nodes[b.node]
        written = spec.nodes[node.id]
        branch = (written.branches or [])[b.index]
        after = b.apply(state) if b.apply else state
        steps.append(StoryStep(
            node.id, KIND_NAMES[node.kind], node.label,
            spec.actors[node.actor].name if node.kind == DECISION and node.actor in spec.actors else None,
            _clean(written.description), _clean(written.note), source_refs(scenario, written.sources), branch.label,
            branch.stance, tuple(t for t in (_clean(branch.description), _clean(branch.note)) if t),
            source_refs(scenario, branch.sources),
            _changes(scenario, rt, state, after), _share(rt, b.node, b.index, state, a, path)))
        state = after
    end = spec.nodes[rt.nodes[path.outcome].id]
    final = scenario.shown_state(path)  # a level as the file labels it ("grave"), not its id
    return Story(scenario.name, scenario.title, None if spec.as_of is None else str(spec.as_of), scenario.disclaimer,
                 path.number, count, dict(zip(rt.assumption_ids, a, strict=True)), tuple(steps),
                 rt.nodes[path.outcome].id, end.label, _clean(end.description), _clean(end.note),
                 source_refs(scenario, end.sources),
                 final, path.weight,
                 final_labels={k: spec.indicators[k].label or k for k in final if k in spec.indicators})


def _clean(text: str | None) -> str | None:
    """Text as written, without the trailing newline YAML's block scalars leave."""
    return text.strip() or None if text else None


def _changes(scenario: Scenario, rt: Runtime, before: State, after: State) -> tuple[IndicatorChange, ...]:
    result = []
    shown_before, shown_after = rt.display(before), rt.display(after)
    for i, ind in enumerate(rt.indicator_ids):
        if shown_before[ind] != shown_after[ind]:
            label = scenario.spec.indicators[ind].label or ind
            result.append(IndicatorChange(ind, label, scenario.shown(ind, before[i]), scenario.shown(ind, after[i])))
    return tuple(result)


def _share(rt: Runtime, n: int, index: int, state: State, a: tuple[float, ...], path: Path) -> float | None:
    """The normalized weight of branch `index` of chance node `n` in `state` (None where weights are absent)."""
    node = rt.nodes[n]
    if node.kind != CHANCE or not node.weighted or path.weight is None:
        return None
    try:
        avail = _available(node.branches, state, a, node.guarded, n, ())
        shares = _weights(avail, state, a, n, ())
    except WalkError:  # the walk that found this path already succeeded here
        return None
    return next(p for b, p in zip(avail, shares, strict=True) if b.index == index)


@dataclass(frozen=True)
class BranchText:
    label: str
    stance: str | None
    text: tuple[str, ...]
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class NodeText:
    """A node's text and sources, with the branches taken from it on the paths described."""

    node: str
    kind: str  # decision, chance or outcome
    label: str
    actor: str | None
    text: tuple[str, ...]  # description and note, as written
    sources: tuple[SourceRef, ...]
    branches: tuple[BranchText, ...]


def describe(scenario: Scenario, paths: Iterable[Path]) -> tuple[NodeText, ...]:
    """Each node the paths reach, once, in the order first reached, with the branches taken there.

    `explore --describe` prints this under the listed paths: the text and sources a story
    would tell, without repeating a node shared by many paths.
    """
    rt, spec = scenario.runtime, scenario.spec
    taken: dict[int, dict[int, None]] = {}
    for path in paths:
        for b in path.branches:
            taken.setdefault(b.node, {})[b.index] = None
        taken.setdefault(path.outcome, {})
    result = []
    for n, indexes in taken.items():
        node = rt.nodes[n]
        written = spec.nodes[node.id]
        branches = []
        for k in sorted(indexes):
            w = (written.branches or [])[k]
            text = tuple(t for t in (_clean(w.description), _clean(w.note)) if t)
            branches.append(BranchText(w.label, w.stance, text, source_refs(scenario, w.sources)))
        actor = spec.actors[node.actor].name if node.kind == DECISION and node.actor in spec.actors else None
        result.append(NodeText(node.id, KIND_NAMES[node.kind], node.label, actor,
                               tuple(t for t in (_clean(written.description), _clean(written.note)) if t),
                               source_refs(scenario, written.sources), tuple(branches)))
    return tuple(result)
