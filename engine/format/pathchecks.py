"""Load-time checks that walk the model: dead ends and failing expressions, at the stated
assumption values and at each end of every assumption's declared range.

A file that passes `check` must work with every command anywhere in its ranges, so a
weight such as `1 / p` with `p` from 0 is reported at the weight's line, saying which
end of which range makes it fail.  The ends are tried one assumption at a time, as
`sensitivity` sweeps them.
"""

from __future__ import annotations

from collections.abc import Sequence

from scenarios.engine.core.runtime import CBranch, Runtime, State, guard_names
from scenarios.engine.core.walk import WalkError, _weights, find_problems
from scenarios.engine.errors import Diagnostic
from scenarios.engine.text.i18n import _

from .compiler import Compiled
from .model import ScenarioFile
from .yamlread import Document, Loc


def walk_diagnostics(spec: ScenarioFile, compiled: Compiled, doc: Document) -> list[Diagnostic]:
    """Every dead end and failing expression, at the stated values, then at the range ends."""
    rt = compiled.runtime
    assert rt is not None
    taken: set[int] = set()
    chances: list[tuple[int, State, tuple[CBranch, ...]]] = []
    found, complete = find_problems(rt, taken=taken, chances=chances)
    out = [_diagnostic(rt, doc, p, "") for p in found]
    if complete:
        out += never_taken(rt, taken, doc)
    seen = {_key(p) for p in found}
    if not complete:
        out.append(Diagnostic("warning", _("the model has too many distinct states to check every one for dead "
                                           "ends; the first 200,000 were checked"), doc.pos(("start",))))
        return out
    guards = guard_names(rt)
    for j, (name, a) in enumerate(spec.assumptions.items()):
        if name not in compiled.names_read:
            continue
        for end, word in ((a.low, _("when {name} = {value} (the low end of its range)")),
                          (a.high, _("when {name} = {value} (the high end of its range)"))):
            if end is None or end == a.value:
                continue
            vector: Sequence[float] = (*rt.assumption_values[:j], end, *rt.assumption_values[j + 1:])
            if not found and name not in guards and _weights_hold(chances, name, vector):
                continue  # the same states as at the stated values, and every weight there holds
            problems, _complete = find_problems(rt, vector)
            for p in problems:
                if _key(p) not in seen:
                    seen.add(_key(p))
                    out.append(_diagnostic(rt, doc, p, " " + word.format(name=name, value=f"{end:g}")))
    return out


def _weights_hold(chances: list[tuple[int, State, tuple[CBranch, ...]]], name: str, vector: Sequence[float]) -> bool:
    """Whether every weighted chance state visited at the stated values still has good weights under `vector`.

    When no guard reads the changed assumption, the walk at `vector` visits the same states, so
    only weights that read it can fail; when one does, the full walk finds it with its path.
    """
    done: set[tuple[int, tuple[int, ...]]] = set()
    for n, s, avail in chances:
        if not any(b.weight is not None and name in b.weight.names for b in avail):
            continue
        if not any(b.weight is not None and b.weight.uses_state for b in avail):
            key = (n, tuple(map(id, avail)))
            if key in done:
                continue
            done.add(key)
        try:
            _weights(avail, s, vector, n, ())
        except WalkError:
            return False
    return True


def never_taken(rt: Runtime, taken: set[int], doc: Document) -> list[Diagnostic]:
    """Warnings for branches whose `when` is false in every state that reaches their node."""
    reached = {b.to for node in rt.nodes for b in node.branches if id(b) in taken} | {rt.start}
    out = []
    for n in sorted(reached):
        node = rt.nodes[n]
        for k, b in enumerate(node.branches):
            if b.when is not None and not b.when.uses_assumptions and id(b) not in taken:
                out.append(Diagnostic("warning", _("branch '{label}' of '{id}' can never be taken: its 'when: {when}' "
                                                   "is false on every path that reaches it").format(
                    label=b.label, id=node.id, when=b.when.text),
                                      doc.pos(("nodes", node.id, "branches", k, "when"))))
    return out


def _key(problem: WalkError) -> tuple[int, int, str | None]:
    return problem.node, -1 if problem.branch is None else problem.branch.index, problem.key


def _diagnostic(rt: Runtime, doc: Document, problem: WalkError, condition: str) -> Diagnostic:
    node_id = rt.nodes[problem.node].id
    route = " → ".join(f"{rt.nodes[b.node].id} [{b.label}]" for b in problem.branches)
    where = " " + (_("on the path {route} → {id}").format(route=route, id=node_id) if route
                   else _("at '{id}'").format(id=node_id))
    if problem.branch is not None and problem.key is not None:
        loc: Loc = ("nodes", node_id, "branches", problem.branch.index, problem.key)
        return Diagnostic("error", f"{problem.message}{where}{condition}", doc.pos(loc))
    return Diagnostic("error", _("dead end at '{id}': {problem}").format(id=node_id, problem=problem.message)
                      + (where if route else "") + condition, doc.pos(("nodes", node_id), key=True))
