"""The expression language of `when` and `weight`, parsed once and compiled to closures.

Python's `ast` parses the text; only the node kinds on an explicit allow-list are
accepted, so nothing in a scenario file can run code (no calls but min/max/visited,
no attributes, subscripts, lambdas or comprehensions).  Types are checked at load
time: numbers, true/false, and levels, which compare by position and only with
level names of their own indicator.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine.errors import did_you_mean
from scenarios.engine.finite import FLOAT_MAX, NumberError, checked
from scenarios.engine.text.hints import expression_hint
from scenarios.engine.text.i18n import N_, _

State = tuple[Any, ...]
Compiled = Callable[[State, Sequence[float]], Any]

NUM = "number"
BOOL = "true/false"


@dataclass(frozen=True)
class LevelType:
    """The value of a levels indicator: a position among its named levels."""

    indicator: str


@dataclass(frozen=True)
class LevelName:
    """A bare level name, meaningful only when compared with a levels indicator."""

    name: str


ExprType = str | LevelType | LevelName


class ExprError(Exception):
    """An expression that cannot be compiled; `col` is 0-based within its text."""

    def __init__(self, message: str, col: int = 0):
        super().__init__(message)
        self.message = message
        self.col = col


class EvalError(Exception):
    """An expression that failed on a particular state (division by zero, a result too large)."""


@dataclass
class IndicatorSlot:
    index: int
    kind: str  # "levels" | "number" | "flag"
    levels: tuple[str, ...] = ()


@dataclass
class Context:
    """The names an expression may use, and where their values live."""

    indicators: dict[str, IndicatorSlot]
    assumptions: dict[str, int]
    nodes: set[str]
    tracked: list[str] = field(default_factory=list)  # nodes visited() asks about, in slot order

    def level_owner(self, name: str) -> list[str]:
        return [i for i, slot in self.indicators.items() if name in slot.levels]

    def visited_slot(self, node: str) -> int:
        if node not in self.tracked:
            self.tracked.append(node)
        return len(self.indicators) + self.tracked.index(node)


@dataclass(frozen=True)
class Expr:
    """A compiled expression: its text, its type, and `fn(state, assumptions)`."""

    text: str
    type: ExprType
    fn: Compiled
    uses_state: bool
    uses_assumptions: bool
    names: frozenset[str]

    @property
    def constant(self) -> bool:
        return not (self.uses_state or self.uses_assumptions)

    def __call__(self, state: State, assumptions: Sequence[float]) -> Any:
        return self.fn(state, assumptions)


_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}
_CMP = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
        ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}
_CMP_TEXT = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_FUNCS = ("min", "max", "visited")


def _type_name(t: ExprType) -> str:
    if isinstance(t, LevelType):
        return _("a level of '{indicator}'").format(indicator=t.indicator)
    if isinstance(t, LevelName):
        return _("the level name '{name}'").format(name=t.name)
    return _("a number") if t == NUM else _("true/false")


def _both(left: Compiled, right: Compiled) -> Compiled:
    return lambda s, a: left(s, a) and right(s, a)


def _either(left: Compiled, right: Compiled) -> Compiled:
    return lambda s, a: left(s, a) or right(s, a)


def _arith(op: Callable[[Any, Any], Any], left: Compiled, right: Compiled, text: str) -> Compiled:
    """`left op right`, checked: division by zero or a result beyond float range is an EvalError."""
    def run(s: State, a: Sequence[float]) -> Any:
        try:
            result = op(left(s, a), right(s, a))
        except ZeroDivisionError:
            raise EvalError(_("division by zero in '{text}'").format(text=text)) from None
        if -FLOAT_MAX <= result <= FLOAT_MAX:
            return result
        raise EvalError(_("'{text}' gives a number too large to represent").format(text=text))
    return run


class _Compiler:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.uses_state = False
        self.uses_assumptions = False
        self.names: set[str] = set()

    def fail(self, node: ast.AST, message: str) -> ExprError:
        return ExprError(message, getattr(node, "col_offset", 0))

    def compile(self, node: ast.AST) -> tuple[ExprType, Compiled]:
        method = getattr(self, "c_" + type(node).__name__, None)
        if method is None:
            raise self.fail(node, _("{what} is not allowed in an expression").format(what=_describe_node(node)))
        return method(node)

    def c_Expression(self, node: ast.Expression) -> tuple[ExprType, Compiled]:
        return self.compile(node.body)

    def c_Constant(self, node: ast.Constant) -> tuple[ExprType, Compiled]:
        value = node.value
        if isinstance(value, bool):
            return BOOL, lambda s, a, v=value: v
        if isinstance(value, int | float) and not isinstance(value, complex):
            try:
                checked(value)
            except NumberError as exc:
                raise self.fail(node, str(exc)) from None
            return NUM, lambda s, a, v=value: v
        raise self.fail(node, _("{value} is not allowed in an expression (use numbers, names, true/false)").format(
            value=repr(value)))

    def c_Name(self, node: ast.Name) -> tuple[ExprType, Compiled]:
        name = node.id
        ctx = self.ctx
        if name in ("true", "false"):
            value = name == "true"
            return BOOL, lambda s, a, v=value: v
        if name in ctx.indicators:
            slot = ctx.indicators[name]
            self.uses_state = True
            self.names.add(name)
            i = slot.index
            kind: ExprType = LevelType(name) if slot.kind == "levels" else (BOOL if slot.kind == "flag" else NUM)
            return kind, lambda s, a, i=i: s[i]
        if name in ctx.assumptions:
            self.uses_assumptions = True
            self.names.add(name)
            j = ctx.assumptions[name]
            return NUM, lambda s, a, j=j: a[j]
        if ctx.level_owner(name):
            return LevelName(name), lambda s, a: None
        if name in ctx.nodes:
            raise self.fail(node, _("'{name}' is a node; write visited({name}) to ask whether the path passed it")
                            .format(name=name))
        known = [*ctx.indicators, *ctx.assumptions, "true", "false"]
        known += [lv for slot in ctx.indicators.values() for lv in slot.levels]
        raise self.fail(node, _("unknown name '{name}'").format(name=name) + did_you_mean(name, known))

    def number(self, node: ast.AST) -> Compiled:
        kind, fn = self.compile(node)
        if kind != NUM:
            raise self.fail(node, _("expected a number here, but '{text}' is {kind}").format(
                text=ast.unparse(node), kind=_type_name(kind)))
        return fn

    def boolean(self, node: ast.AST) -> Compiled:
        kind, fn = self.compile(node)
        if kind != BOOL:
            raise self.fail(node, _("expected true/false here, but '{text}' is {kind}").format(
                text=ast.unparse(node), kind=_type_name(kind)))
        return fn

    def c_BinOp(self, node: ast.BinOp) -> tuple[ExprType, Compiled]:
        if type(node.op) not in _ARITH and not isinstance(node.op, ast.Div):
            raise self.fail(node, _("operator '{op}' is not allowed (use + - * /)").format(op=_op_text(node.op)))
        left, right = self.number(node.left), self.number(node.right)
        op = operator.truediv if isinstance(node.op, ast.Div) else _ARITH[type(node.op)]
        return NUM, _arith(op, left, right, ast.unparse(node))

    def c_UnaryOp(self, node: ast.UnaryOp) -> tuple[ExprType, Compiled]:
        if isinstance(node.op, ast.Not):
            inner = self.boolean(node.operand)
            return BOOL, lambda s, a: not inner(s, a)
        if isinstance(node.op, ast.USub):
            inner = self.number(node.operand)
            return NUM, lambda s, a: -inner(s, a)
        if isinstance(node.op, ast.UAdd):
            return NUM, self.number(node.operand)
        raise self.fail(node, _("operator '{op}' is not allowed").format(op=_op_text(node.op)))

    def c_BoolOp(self, node: ast.BoolOp) -> tuple[ExprType, Compiled]:
        parts = [self.boolean(v) for v in node.values]
        both = _both if isinstance(node.op, ast.And) else _either
        combined = parts[0]
        for part in parts[1:]:
            combined = both(combined, part)
        return BOOL, combined

    def c_Compare(self, node: ast.Compare) -> tuple[ExprType, Compiled]:
        operands = [node.left, *node.comparators]
        self._unknown_level(operands)
        compiled = [self.compile(o) for o in operands]
        tests: list[Compiled] = []
        for k, op in enumerate(node.ops):
            if type(op) not in _CMP:
                raise self.fail(node, _("operator '{op}' is not allowed (use == != < <= > >=)").format(
                    op=_op_text(op)))
            tests.append(self._comparison(op, operands[k], compiled[k], operands[k + 1], compiled[k + 1]))
        if len(tests) == 1:
            return BOOL, tests[0]
        return BOOL, lambda s, a: all(t(s, a) for t in tests)

    def _unknown_level(self, operands: list[ast.expr]) -> None:
        """`civilian_risk >= hgh`: name the indicator's levels, not just "unknown name"."""
        ctx = self.ctx
        names = [o.id for o in operands if isinstance(o, ast.Name)]
        levels = [n for n in names if n in ctx.indicators and ctx.indicators[n].kind == "levels"]
        for o in operands:
            if not (isinstance(o, ast.Name) and levels) or o.id in levels:
                continue
            name = o.id
            if (name in ctx.indicators or name in ctx.assumptions or name in ("true", "false")
                    or ctx.level_owner(name) or name in ctx.nodes):
                continue
            valid = list(ctx.indicators[levels[0]].levels)
            raise self.fail(o, _("'{name}' is not a level of '{indicator}'").format(name=name, indicator=levels[0])
                            + did_you_mean(name, valid) + "; "
                            + _("its levels: {levels}").format(levels=", ".join(valid)))

    def _comparison(self, op: ast.cmpop, ln: ast.AST, left: tuple[ExprType, Compiled],
                    rn: ast.AST, right: tuple[ExprType, Compiled]) -> Compiled:
        (lt, lf), (rt, rf) = left, right
        fn = _CMP[type(op)]
        text = f"'{ast.unparse(ln)} {_CMP_TEXT[type(op)]} {ast.unparse(rn)}'"
        if isinstance(lt, LevelName) and isinstance(rt, LevelType):
            return self._comparison(_FLIP[type(op)](), rn, right, ln, left)
        if isinstance(lt, LevelType) and isinstance(rt, LevelName):
            levels = self.ctx.indicators[lt.indicator].levels
            if rt.name not in levels:
                owners = ", ".join(f"'{o}'" for o in self.ctx.level_owner(rt.name))
                raise self.fail(rn, _("'{name}' is not a level of '{indicator}' (it is a level of {owners}); "
                                      "levels of '{indicator}': {levels}").format(
                    name=rt.name, indicator=lt.indicator, owners=owners, levels=", ".join(levels)))
            pos = levels.index(rt.name)
            return lambda s, a: fn(lf(s, a), pos)
        if isinstance(lt, LevelType) and isinstance(rt, LevelType):
            if lt.indicator != rt.indicator:
                raise self.fail(ln, _("{text} compares levels of two different indicators").format(text=text))
            return lambda s, a: fn(lf(s, a), rf(s, a))
        if isinstance(lt, LevelName) or isinstance(rt, LevelName):
            name = lt.name if isinstance(lt, LevelName) else rt.name  # type: ignore[union-attr]
            other = rt if isinstance(lt, LevelName) else lt
            owners = ", ".join(f"'{o}'" for o in self.ctx.level_owner(name))
            raise self.fail(ln, _("in {text}, the level name '{name}' (a level of {owners}) is compared with "
                                  "{other}").format(text=text, name=name, owners=owners, other=_type_name(other)))
        if lt != rt:
            raise self.fail(ln, _("{text} compares {left} with {right}").format(
                text=text, left=_type_name(lt), right=_type_name(rt)))
        if lt == BOOL and type(op) not in (ast.Eq, ast.NotEq):
            raise self.fail(ln, _("{text}: true/false values compare only with == or !=").format(text=text))
        return lambda s, a: fn(lf(s, a), rf(s, a))

    def c_Call(self, node: ast.Call) -> tuple[ExprType, Compiled]:
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCS:
            name = ast.unparse(node.func)
            raise self.fail(node, _("calling '{name}' is not allowed (functions: min, max, visited)").format(
                name=name))
        if node.keywords:
            raise self.fail(node, _("{function}() takes no named arguments").format(function=node.func.id))
        if node.func.id == "visited":
            if len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
                raise self.fail(node, _("visited() takes one node id, as in visited(talks)"))
            target = node.args[0].id
            if target not in self.ctx.nodes:
                raise self.fail(node.args[0], _("visited() names unknown node '{node}'").format(node=target)
                                + did_you_mean(target, self.ctx.nodes))
            self.uses_state = True
            slot = self.ctx.visited_slot(target)
            return BOOL, lambda s, a, i=slot: s[i]
        if not node.args:
            raise self.fail(node, _("{function}() needs at least one number").format(function=node.func.id))
        args = [self.number(arg) for arg in node.args]
        pick = min if node.func.id == "min" else max
        return NUM, lambda s, a: pick(f(s, a) for f in args)


_FLIP = {ast.Eq: ast.Eq, ast.NotEq: ast.NotEq, ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}


def _op_text(op: ast.AST) -> str:
    return {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//", ast.BitAnd: "&", ast.BitOr: "|",
            ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.Invert: "~", ast.In: "in",
            ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.MatMult: "@"}.get(type(op), type(op).__name__)


def _describe_node(node: ast.AST) -> str:
    names = {ast.Attribute: N_("attribute access ('.')"), ast.Subscript: N_("indexing ('[...]')"),
             ast.Lambda: "lambda", ast.ListComp: N_("a comprehension"), ast.SetComp: N_("a comprehension"),
             ast.DictComp: N_("a comprehension"), ast.GeneratorExp: N_("a comprehension"),
             ast.IfExp: "'x if c else y'", ast.List: N_("a list"), ast.Tuple: N_("a tuple"), ast.Dict: N_("a mapping"),
             ast.Set: N_("a set"), ast.JoinedStr: N_("a string"), ast.NamedExpr: "':='", ast.Starred: "'*'",
             ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield"}
    found = names.get(type(node))
    return _(found) if found else type(node).__name__


# What Python's parser says most often about a slip in an expression, so it can be said in the page's language.
_PYTHON_SAYS = {N_("invalid syntax"), N_("'(' was never closed"), N_("'[' was never closed"), N_("unmatched ')'"),
                N_("invalid decimal literal"), N_("unterminated string literal (detected at line 1)"),
                N_("invalid syntax. Perhaps you forgot a comma?")}


def compile_expr(text: str | bool | int | float, ctx: Context, want: ExprType) -> Expr:
    """Parse and type-check one expression; `want` is NUM (weights) or BOOL (guards)."""
    source = ("true" if text else "false") if isinstance(text, bool) else str(text)
    if not source.strip():
        raise ExprError(_("the expression is empty"))
    if "\n" in source.strip() or len(source) > 2000:
        raise ExprError(_("an expression is one line of at most 2000 characters"))
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:

        problem = _(exc.msg) if exc.msg in _PYTHON_SAYS else exc.msg
        raise ExprError(_("cannot read expression '{text}': {problem}").format(text=source.strip(), problem=problem)
                        + expression_hint(source.strip()), max((exc.offset or 1) - 1, 0)) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExprError(_("cannot read expression '{text}'").format(text=source.strip()[:60])) from None
    compiler = _Compiler(ctx)
    try:
        kind, fn = compiler.compile(tree)
    except RecursionError:
        raise ExprError(_("the expression is nested too deeply")) from None
    if kind != want:
        raise ExprError(_("'{text}' is {kind}, but {wanted} is needed here").format(
            text=source.strip(), kind=_type_name(kind), wanted=_type_name(want)))
    return Expr(source.strip(), kind, fn, compiler.uses_state, compiler.uses_assumptions,
                frozenset(compiler.names))


def readable(text: str) -> str:
    """An expression as a slide shows it: ≥ ≤ ≠ for the ASCII operators."""
    return text.replace(">=", "≥").replace("<=", "≤").replace("!=", "≠").replace("==", "=")
