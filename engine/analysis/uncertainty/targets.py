"""What scenario discovery looks for (`--target`): an outcome the play reaches, a choice it makes,
or a condition (the `where` language) on the state at the end of one of its paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.engine.core.expr import BOOL, Context, Expr, ExprError, compile_expr
from scenarios.engine.core.runtime import DECISION, OUTCOME
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.core.unfold import Unfolded
from scenarios.engine.errors import UsageError, did_you_mean
from scenarios.engine.text.i18n import N_, _

from .bulk import Reach
from .vector import Columns, evaluate

HELP = N_("a target is an outcome id, a choice written NODE=BRANCH (a decision node and one of its branch "
          "labels), or a condition on the end state such as 'civilian_risk >= high'")  # shown through _()


@dataclass(frozen=True, eq=False)
class Target:
    text: str
    kind: str  # "outcome" | "choice" | "condition"
    description: str
    node: int = -1  # the outcome or decision node
    bit: int = 0  # choice: 1 << the branch's position in the file
    expr: Expr | None = None
    context: Context | None = None
    min_weight: float = 0.0

    def hits(self, u: Unfolded, reach: Reach, masks: dict[int, np.ndarray], columns: Columns, n: int) -> np.ndarray:
        """For each of n sets: does the play reach the target (with at least `min_weight` of the play)?"""
        if self.kind == "choice":
            mask = masks.get(self.node)
            return np.zeros(n, dtype=bool) if mask is None else (mask & self.bit) != 0
        found = np.zeros(n, dtype=bool)
        weight: Any = 0.0
        for i, (m, h) in reach.ends.items():
            n_id, state = u.keys[i]
            if self.kind == "outcome":
                if n_id != self.node:
                    continue
                ok: Any = True
            else:
                assert self.expr is not None and self.context is not None
                ok = evaluate(self.expr, self.context, state, columns, n)
            found |= np.broadcast_to(np.asarray(h & ok), (n,))
            if self.min_weight > 0:
                if m is None:
                    raise UsageError(_("--min-weight needs weights on every chance node the play crosses"))
                weight = weight + m * ok
        if self.min_weight > 0:
            return found & (np.broadcast_to(weight, (n,)) >= self.min_weight - 1e-12)
        return found


def parse_target(scenario: Scenario, text: str, min_weight: float = 0.0) -> Target:
    """An outcome id, NODE=BRANCH, or a condition; anything else is a one-line error saying which is which."""
    if not 0.0 <= min_weight <= 1.0:
        raise UsageError(_("--min-weight {weight}: a share of the play, from 0 to 1").format(weight=f"{min_weight:g}"))
    rt = scenario.runtime
    spec = scenario.spec
    text = text.strip()
    if not text:
        raise UsageError(_("--target is empty: {help}").format(help=_(HELP)))
    weight = " " + _("with at least {share} of the play's weight").format(share=f"{min_weight:.0%}") \
        if min_weight > 0 else ""
    if text in spec.nodes and spec.nodes[text].type == "outcome":
        node = rt.index[text]
        return Target(text, "outcome", _("the play reaches outcome '{node}' ({label})").format(
            node=text, label=rt.nodes[node].label) + weight, node, min_weight=min_weight)
    if text in spec.nodes:
        kind = _("a decision node") if spec.nodes[text].type == "decision" else _("a chance node")
        raise UsageError(_("--target {target}: '{node}' is {kind}; name an outcome, or a choice as {node}=BRANCH")
                         .format(target=repr(text), node=text, kind=kind))
    left, sep, right = text.partition("=")
    if sep and not right.startswith("=") and left[-1:] not in "<>!" and left.strip() in spec.nodes:
        return _choice(scenario, text, left.strip(), right.strip(), min_weight)
    ctx = scenario.compiled.context
    where = Context(ctx.indicators, ctx.assumptions, ctx.nodes, list(ctx.tracked))
    try:
        expr = compile_expr(text, where, BOOL)
    except ExprError as exc:
        hint = did_you_mean(text, [n for n, x in spec.nodes.items() if x.type == "outcome"])
        raise UsageError(_("--target {target}: {problem}; {help}").format(
            target=repr(text), problem=exc.message + hint, help=_(HELP))) from None
    if len(where.tracked) > len(ctx.tracked):
        extra = ", ".join(where.tracked[len(ctx.tracked):])
        raise UsageError(_("--target {target}: visited({nodes}) can be asked only about nodes the scenario's own "
                           "conditions already ask about; target an outcome or a choice instead").format(
                               target=repr(text), nodes=extra))
    return Target(text, "condition", _("the play ends with {condition} on at least one of its paths").format(
        condition=text) + weight, expr=expr, context=where, min_weight=min_weight)


def _choice(scenario: Scenario, text: str, node_id: str, label: str, min_weight: float) -> Target:
    rt = scenario.runtime
    node = rt.nodes[rt.index[node_id]]
    if node.kind != DECISION:
        kind = _("an outcome") if node.kind == OUTCOME else _("a chance node")
        raise UsageError(_("--target {target}: '{node}' is {kind}; NODE=BRANCH names a decision and one of its "
                           "branches").format(target=repr(text), node=node_id, kind=kind))
    if min_weight > 0:
        raise UsageError(_("--min-weight applies to outcome and condition targets, not to choices"))
    labels = [b.label for b in node.branches]
    if label not in labels:
        raise UsageError(_("--target {target}: decision '{node}' has no branch '{branch}'").format(
            target=repr(text), node=node_id, branch=label) + did_you_mean(label, labels) + "; "
            + _("its branches: {branches}").format(branches=", ".join(labels)))
    description = _("the play takes '{branch}' at decision '{node}'").format(branch=label, node=node_id)
    return Target(text, "choice", description, rt.index[node_id], bit=1 << labels.index(label))
