"""Model to runtime: check what the file means (names, types, expressions) and compile it.

Every problem is collected with the position of the key or value at fault, so a
workshop editor sees all of them in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.core.expr import BOOL, NUM, Context, EvalError, Expr, ExprError, IndicatorSlot, compile_expr
from scenarios.engine.core.runtime import (
    CHANCE,
    DECISION,
    OUTCOME,
    CBranch,
    CNode,
    Runtime,
    Update,
    clamp_op,
    transition,
)
from scenarios.engine.errors import Diagnostic, did_you_mean
from scenarios.engine.text.i18n import _, ngettext

from .magnitudes import magnitude_problems
from .model import ScenarioFile
from .ranges import check_distribution, check_start, number_text
from .worth import worth_error
from .yamlread import Document, Loc

LISTED = 10  # a warning about many items names this many, then says how many more

_KINDS = {"decision": DECISION, "chance": CHANCE, "outcome": OUTCOME}


@dataclass
class Compiled:
    """The runtime plus the compiled expressions, keyed by (node id, branch index)."""

    runtime: Runtime | None
    context: Context
    whens: dict[tuple[str, int], Expr] = field(default_factory=dict)
    weights: dict[tuple[str, int], Expr] = field(default_factory=dict)
    names_read: set[str] = field(default_factory=set)
    indicators_changed: set[str] = field(default_factory=set)


class _Collector:
    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Diagnostic] = []

    def error(self, loc: Loc, text: str, /, *, key: bool = False, **fields: Any) -> None:  # fields fill in the text
        self.problems.append(Diagnostic("error", text.format(**fields) if fields else text, self.doc.pos(loc, key=key)))

    def warning(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.append(Diagnostic("warning", message, self.doc.pos(loc, key=key)))


def compile_scenario(spec: ScenarioFile, doc: Document) -> tuple[Compiled, list[Diagnostic]]:
    """Check meaning and build the runtime; the runtime is None when there are errors."""
    out = _Collector(doc)
    ctx = _context(spec, out)
    compiled = Compiled(None, ctx)
    _check_references(spec, out)
    ops = _compile_effects(spec, ctx, out, compiled)
    _compile_expressions(spec, ctx, out, compiled)
    if not any(p.severity == "error" for p in out.problems):
        out.problems += magnitude_problems(spec, doc)
    if any(p.severity == "error" for p in out.problems):
        return compiled, out.problems
    compiled.runtime = _build_runtime(spec, ctx, compiled, ops)
    return compiled, out.problems


def _context(spec: ScenarioFile, out: _Collector) -> Context:
    indicators: dict[str, IndicatorSlot] = {}
    for i, (ident, ind) in enumerate(spec.indicators.items()):
        loc: Loc = ("indicators", ident)
        kind = ind.kind
        if ident in spec.assumptions:
            out.error(loc, _("'{id}' is both an indicator and an assumption; they share one namespace"), id=ident,
                      key=True)
        levels: tuple[str, ...] = ()
        if kind == "levels":
            if ind.levels is None:
                out.error(loc, _("indicator '{id}' has type levels but no 'levels: [...]' list"), id=ident, key=True)
            elif len(ind.levels) < 2:
                out.error((*loc, "levels"), _("indicator '{id}' needs at least 2 levels").format(id=ident))
            else:
                levels = tuple(ind.levels)
                for k, name in enumerate(ind.levels):
                    if ind.levels.index(name) < k:
                        out.error((*loc, "levels", k), _("level '{level}' appears twice in '{id}'"), level=name,
                                  id=ident)
                    for space, ids in ((_("an indicator"), spec.indicators), (_("an assumption"), spec.assumptions),
                                       (_("a node"), spec.nodes)):
                        if name in ids:
                            out.error((*loc, "levels", k), _("level name '{level}' is also the id of {space}; rename "
                                                             "one of them").format(level=name, space=space))
            if ind.min is not None or ind.max is not None:
                out.error(loc, _("'min'/'max' apply to number indicators, not to levels ('{id}')"), id=ident, key=True)
        elif ind.levels is not None:
            out.error((*loc, "levels"), _("'levels' given for indicator '{id}' of type {kind}"), id=ident, kind=kind,
                      key=True)
        check_start(ident, ind, kind, levels, out)
        for level in ind.level_labels:
            if level not in levels:
                out.error((*loc, "level_labels", level), _("'level_labels' of '{id}' names '{level}', which is not "
                                                           "one of its levels").format(id=ident, level=level)
                          + did_you_mean(level, levels), key=True)
        indicators[ident] = IndicatorSlot(i, kind, levels)
    for ident, a in spec.assumptions.items():
        loc = ("assumptions", ident)
        if a.low is not None and a.high is not None and a.low > a.high:
            out.error((*loc, "low"), _("assumption '{id}': low ({low}) is above high ({high})").format(
                id=ident, low=number_text(a.low), high=number_text(a.high)))
        elif (a.low is not None and a.value < a.low) or (a.high is not None and a.value > a.high):
            out.error((*loc, "value"), _("assumption '{id}': value {value} is outside [{low}, {high}]").format(
                id=ident, value=number_text(a.value), low=number_text(a.low), high=number_text(a.high)))
        check_distribution(ident, a, out)
    for aid, actor in spec.actors.items():
        tolerance = actor.tolerance
        if tolerance is not None and tolerance <= 0:
            out.error(("actors", aid, "risk", "tolerance"),
                      _("actor '{id}': risk tolerance must be above 0 (got {value}); smaller is more cautious, "
                        "and 'neutral' is the limit of a very large tolerance").format(
                          id=aid, value=number_text(tolerance)))
    return Context(indicators, {a: i for i, a in enumerate(spec.assumptions)}, set(spec.nodes))


def _check_references(spec: ScenarioFile, out: _Collector) -> None:
    if spec.start not in spec.nodes:
        out.error(("start",), _("start names unknown node '{id}'").format(id=spec.start)
                  + did_you_mean(spec.start, spec.nodes))
    for aid, actor in spec.actors.items():
        for ind, worth in actor.values.items():
            if ind not in spec.indicators:
                out.error(("actors", aid, "values", ind),
                          _("actor '{id}' values unknown indicator '{indicator}'").format(id=aid, indicator=ind)
                          + did_you_mean(ind, spec.indicators), key=True)
            unknown = worth_error(spec, worth, _("actor '{id}' values '{indicator}' by").format(id=aid, indicator=ind))
            if unknown:
                out.error(("actors", aid, "values", ind), unknown)
    for nid, node in spec.nodes.items():
        loc: Loc = ("nodes", nid)
        _check_sources(spec, node.sources, loc, out)
        for j, post in enumerate(node.signposts):
            _check_sources(spec, post.sources, (*loc, "signposts", j), out)
        if node.actor is not None and node.actor not in spec.actors:
            out.error((*loc, "actor"),
                      _("node '{id}' names unknown actor '{actor}'").format(id=nid, actor=node.actor)
                      + did_you_mean(node.actor, spec.actors))
        if node.type == "decision" and node.actor is None:
            out.error(loc, _("decision '{id}' needs an 'actor' (who decides)").format(id=nid), key=True)
        if node.type == "outcome":
            if node.branches is not None:
                out.error((*loc, "branches"), _("outcome '{id}' is an end of the story and can't have branches"),
                          id=nid, key=True)
            for aid, worth in node.payoffs.items():
                if aid not in spec.actors:
                    out.error((*loc, "payoffs", aid),
                              _("payoff to unknown actor '{id}'").format(id=aid) + did_you_mean(aid, spec.actors),
                              key=True)
                unknown = worth_error(spec, worth, _("outcome '{id}' pays '{actor}'").format(id=nid, actor=aid))
                if unknown:
                    out.error((*loc, "payoffs", aid), unknown)
            continue
        for key in ("effects", "payoffs"):
            if getattr(node, key):
                out.error((*loc, key), _("'{name}' belong on outcomes; on a {type} put effects on its branches"),
                          name=key, type=node.type, key=True)
        branches = node.branches or []
        need = 1 if node.type == "decision" else 2
        if len(branches) < need:
            out.error((*loc, "branches") if node.branches is not None else loc, ngettext(
                "{type} '{id}' needs at least {count} branch", "{type} '{id}' needs at least {count} branches", need),
                type=node.type, id=nid, count=need, key=node.branches is None)
        weighted = [b.weight is not None for b in branches]
        if node.type == "decision":
            for k, b in enumerate(branches):
                if b.weight is not None:
                    out.error((*loc, "branches", k, "weight"),
                              _("branch '{label}' of decision '{id}' has a weight; only chance branches do (an "
                                "actor chooses, it does not roll dice)").format(label=b.label, id=nid), key=True)
        elif any(weighted) and not all(weighted):
            unweighted = [f"'{b.label}'" for b in branches if b.weight is None]
            more = _(" and {count} more").format(count=f"{len(unweighted) - LISTED:,}")
            missing = ", ".join(unweighted[:LISTED]) + (more if len(unweighted) > LISTED else "")
            out.error((*loc, "branches"), _("chance '{id}' mixes weighted and unweighted branches: give {names} a "
                                            "weight too, or remove them all").format(id=nid, names=missing), key=True)
        for k, b in enumerate(branches):
            bloc = (*loc, "branches", k)
            _check_sources(spec, b.sources, bloc, out)
            for j, post in enumerate(b.signposts):
                _check_sources(spec, post.sources, (*bloc, "signposts", j), out)
            if b.to not in spec.nodes:
                out.error((*bloc, "to"), _("branch '{label}' goes to unknown node '{id}'").format(
                    label=b.label, id=b.to) + did_you_mean(b.to, spec.nodes))
        seen: set[str] = set()
        repeats = 0
        for k, b in enumerate(branches):
            if b.label not in seen:
                seen.add(b.label)
                continue
            repeats += 1
            if repeats <= LISTED:
                out.warning((*loc, "branches", k, "label"),
                            _("node '{id}' has two branches labelled '{label}'; diagrams, tables and JSON name "
                              "branches by label, so readers can't tell them apart").format(id=nid, label=b.label))
        if repeats > LISTED:
            out.warning((*loc, "branches"), _("node '{id}' repeats {count} more branch labels besides those "
                                              "above").format(id=nid, count=f"{repeats - LISTED:,}"), key=True)


def _check_sources(spec: ScenarioFile, ids: list[str], loc: Loc, out: _Collector) -> None:
    for k, sid in enumerate(ids):
        if sid not in spec.sources:
            out.error((*loc, "sources", k), _("unknown source '{id}'").format(id=sid) + did_you_mean(sid, spec.sources))


def _compile_effects(spec: ScenarioFile, ctx: Context, out: _Collector,
                     compiled: Compiled) -> dict[Loc, list[tuple[int, Update]]]:
    """Type-check every effect and turn each effects map into (slot, update) pairs."""
    result: dict[Loc, list[tuple[int, Update]]] = {}
    for nid, node in spec.nodes.items():
        maps: list[tuple[Loc, dict[str, Any]]] = [(("nodes", nid), node.effects)]
        for k, b in enumerate(node.branches or []):
            maps.append((("nodes", nid, "branches", k), b.effects))
        for loc, effects in maps:
            ops: list[tuple[int, Update]] = []
            for ind, effect in effects.items():
                eloc = (*loc, "effects", ind)
                if ind not in spec.indicators:
                    out.error(eloc, _("effect on unknown indicator '{id}'").format(id=ind)
                              + did_you_mean(ind, spec.indicators), key=True)
                    continue
                slot = ctx.indicators[ind]
                spec_ind = spec.indicators[ind]
                message = _effect_problem(ind, slot, effect)
                if message:
                    out.error(eloc, message)
                    continue
                compiled.indicators_changed.add(ind)
                update = clamp_op(slot.kind, len(slot.levels), spec_ind.min, spec_ind.max, effect, slot.levels)
                if update is not None:
                    ops.append((slot.index, update))
            result[loc] = ops
    return result


def _effect_problem(ind: str, slot: IndicatorSlot, effect: Any) -> str | None:
    value = effect["set"] if isinstance(effect, dict) else effect
    is_set = isinstance(effect, dict)
    if slot.kind == "levels":
        if isinstance(value, str):
            if value not in slot.levels:
                return (_("'{value}' is not a level of '{id}'").format(value=value, id=ind)
                        + did_you_mean(value, slot.levels) + "; " + _("levels: {levels}").format(
                            levels=", ".join(slot.levels)))
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            return _("an effect on levels '{id}' is a whole number of steps or a level name, not {value}").format(
                id=ind, value=repr(value))
        if is_set:
            return _("set '{id}' to a level name ({levels})").format(id=ind, levels=", ".join(slot.levels))
        return None
    if slot.kind == "flag":
        if not isinstance(value, bool):
            return _("'{id}' is a flag: its effect is true or false, not {value}").format(id=ind, value=repr(value))
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _("'{id}' is a number: its effect is a number to add, or {{set: number}}, not {value}").format(
            id=ind, value=repr(value))
    return None


def _compile_expressions(spec: ScenarioFile, ctx: Context, out: _Collector, compiled: Compiled) -> None:
    for nid, node in spec.nodes.items():
        for k, b in enumerate(node.branches or []):
            bloc: Loc = ("nodes", nid, "branches", k)
            for key, want, table in (("when", BOOL, compiled.whens), ("weight", NUM, compiled.weights)):
                raw = getattr(b, key)
                if raw is None:
                    continue
                try:
                    expr = compile_expr(raw, ctx, want)
                except ExprError as exc:
                    out.error((*bloc, key), f"{key}: {exc.message}")
                    continue
                if expr.constant:
                    try:
                        value = expr(tuple(), ())
                    except EvalError as exc:
                        out.error((*bloc, key), _("{name} '{text}' fails: {problem}"), name=key, text=expr.text,
                                  problem=exc)
                        continue
                    if key == "weight" and value < 0:
                        out.error((*bloc, key), _("weight '{text}' is negative").format(text=expr.text))
                        continue
                table[(nid, k)] = expr
                compiled.names_read |= expr.names


def _build_runtime(spec: ScenarioFile, ctx: Context, compiled: Compiled,
                   ops: dict[Loc, list[tuple[int, Update]]]) -> Runtime:
    ids = list(spec.nodes)
    index = {nid: i for i, nid in enumerate(ids)}
    n_ind = len(spec.indicators)
    tracked = tuple(ctx.tracked)
    visit_slot = {nid: n_ind + k for k, nid in enumerate(tracked)}

    def arrive_ops(target: str) -> list[tuple[int, Update]]:
        extra: list[tuple[int, Update]] = []
        if target in visit_slot:
            extra.append((visit_slot[target], Update(lambda v: True)))
        if spec.nodes[target].type == "outcome":
            extra += ops.get(("nodes", target), [])
        return extra

    nodes: list[CNode] = []
    for i, nid in enumerate(ids):
        node = spec.nodes[nid]
        branches = []
        for k, b in enumerate(node.branches or []):
            steps = ops.get(("nodes", nid, "branches", k), []) + arrive_ops(b.to)
            branches.append(CBranch(i, k, b.label, index[b.to], compiled.whens.get((nid, k)),
                                    compiled.weights.get((nid, k)), transition(steps)))
        weighted = node.type == "chance" and bool(branches) and all(b.weight is not None for b in branches)
        where = {x: j for j, x in enumerate(spec.assumptions)}
        payoffs = {aid: spec.assumptions[w].value if isinstance(w, str) else float(w)
                   for aid, w in node.payoffs.items()}
        refs = {aid: where[w] for aid, w in node.payoffs.items() if isinstance(w, str)}
        nodes.append(CNode(nid, _KINDS[node.type], node.label, node.actor, tuple(branches), weighted,
                           payoffs, any(b.when is not None for b in branches), refs))
    initial: list[Any] = []
    for ident, ind in spec.indicators.items():
        slot = ctx.indicators[ident]
        if slot.kind == "levels":
            initial.append(slot.levels.index(ind.start) if ind.start is not None else 0)
        elif slot.kind == "flag":
            initial.append(bool(ind.start) if ind.start is not None else False)
        else:
            initial.append(ind.start if ind.start is not None else 0)
    initial += [False] * len(tracked)
    start_state = tuple(initial)
    first = arrive_ops(spec.start)
    start_transition = transition(first)
    if start_transition is not None:
        start_state = start_transition(start_state)
    return Runtime(
        nodes=nodes, start=index[spec.start], initial=start_state,
        indicator_ids=tuple(spec.indicators),
        indicator_kinds=tuple(ctx.indicators[i].kind for i in spec.indicators),
        indicator_levels=tuple(ctx.indicators[i].levels for i in spec.indicators),
        tracked=tracked, assumption_ids=tuple(spec.assumptions),
        assumption_values=tuple(a.value for a in spec.assumptions.values()), index=index)
