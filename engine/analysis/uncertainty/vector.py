"""Expressions evaluated over many assumption sets at once.

The engine's own compiler (same parser, same allow-list, same type checks) with the
few operations that Python spells differently for arrays swapped for NumPy's:
`and`/`or`/`not`, chained comparisons, `min`/`max`, and the checks for division by zero
and numbers beyond float range.
An assumption name reads one array (a value per sample); indicators read the state.
Where the array form fails (a division by zero in one sample, or one hidden behind
a short-circuit `and`), `evaluate` falls back to the per-sample closure, so the
answer and the error message are the engine's own.
"""

from __future__ import annotations

import ast
import functools
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from scenarios.engine.core.expr import _ARITH, BOOL, NUM, Context, EvalError, Expr, ExprType, _Compiler
from scenarios.engine.finite import FLOAT_MAX

Columns = Sequence[Any]  # per assumption: an array of n sample values, or one float shared by all


def _arith(op: Callable[[Any, Any], Any], left: Any, right: Any) -> Callable[[Any, Columns], Any]:
    """`left op right` over arrays; any set dividing by zero or leaving float range hands over to the closure."""
    divide = op is operator.truediv

    def run(s: Any, a: Columns) -> Any:
        x, y = left(s, a), right(s, a)
        if divide and np.any(np.asarray(y) == 0):
            raise EvalError("division by zero")
        with np.errstate(all="ignore"):
            result = op(x, y)
        if not np.all(np.abs(result) <= FLOAT_MAX):
            raise EvalError("a number too large to represent")
        return result
    return run


class _ArrayCompiler(_Compiler):
    def c_BinOp(self, node: ast.BinOp) -> tuple[ExprType, Any]:
        kind, _checked = super().c_BinOp(node)  # the engine's own operator and type checks
        left, right = self.number(node.left), self.number(node.right)
        op = operator.truediv if isinstance(node.op, ast.Div) else _ARITH[type(node.op)]
        return kind, _arith(op, left, right)

    def c_UnaryOp(self, node: ast.UnaryOp) -> tuple[ExprType, Any]:
        if not isinstance(node.op, ast.Not):
            return super().c_UnaryOp(node)
        inner = self.boolean(node.operand)
        return BOOL, lambda s, a: np.logical_not(inner(s, a))

    def c_BoolOp(self, node: ast.BoolOp) -> tuple[ExprType, Any]:
        parts = [self.boolean(v) for v in node.values]
        join = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        return BOOL, lambda s, a: functools.reduce(join, [p(s, a) for p in parts])

    def c_Compare(self, node: ast.Compare) -> tuple[ExprType, Any]:
        if len(node.ops) == 1:
            return super().c_Compare(node)
        operands = [node.left, *node.comparators]
        compiled = [self.compile(o) for o in operands]
        tests = [self._comparison(op, operands[k], compiled[k], operands[k + 1], compiled[k + 1])
                 for k, op in enumerate(node.ops)]
        return BOOL, lambda s, a: functools.reduce(np.logical_and, [t(s, a) for t in tests])

    def c_Call(self, node: ast.Call) -> tuple[ExprType, Any]:
        if not isinstance(node.func, ast.Name) or node.func.id not in ("min", "max") or not node.args:
            return super().c_Call(node)
        args = [self.number(arg) for arg in node.args]
        pick = np.minimum if node.func.id == "min" else np.maximum
        return NUM, lambda s, a: functools.reduce(pick, [f(s, a) for f in args])


_FORMS: dict[int, tuple[Expr, Callable[[Any, Columns], Any]]] = {}


def _array_form(expr: Expr, ctx: Context) -> Callable[[Any, Columns], Any]:
    found = _FORMS.get(id(expr))
    if found is None or found[0] is not expr:
        if len(_FORMS) > 4096:
            _FORMS.clear()
        compiler = _ArrayCompiler(Context(ctx.indicators, ctx.assumptions, ctx.nodes, list(ctx.tracked)))
        _kind, fn = compiler.compile(ast.parse(expr.text, mode="eval"))
        found = _FORMS[id(expr)] = (expr, fn)
    return found[1]


def evaluate(expr: Expr, ctx: Context, state: Any, columns: Columns, n: int) -> np.ndarray:
    """`expr` at one state for n assumption sets: an array of n values (bool for guards, float for weights).

    Raises EvalError naming the first failing sample as `.sample` when the engine's own
    closure fails on it.
    """
    try:
        result = _array_form(expr, ctx)(state, columns)
        return np.broadcast_to(np.asarray(result, dtype=bool if expr.type == BOOL else float), (n,))
    except EvalError:
        pass
    out = np.empty(n, dtype=bool if expr.type == BOOL else float)
    for k in range(n):
        a = [c[k] if isinstance(c, np.ndarray) else c for c in columns]
        try:
            out[k] = expr.fn(state, a)
        except EvalError as exc:
            exc.sample = k  # type: ignore[attr-defined]
            raise
    return out
