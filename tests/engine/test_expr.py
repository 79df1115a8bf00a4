"""The expression language: allow-listed, typed at load time, evaluated on a state tuple."""

from __future__ import annotations

import pytest

from scenarios.engine.core.expr import BOOL, NUM, Context, ExprError, IndicatorSlot, compile_expr, readable


def context() -> Context:
    return Context(
        indicators={"tension": IndicatorSlot(0, "levels", ("low", "moderate", "high")),
                    "trade": IndicatorSlot(1, "number"), "talks": IndicatorSlot(2, "flag"),
                    "risk": IndicatorSlot(3, "levels", ("low", "elevated"))},
        assumptions={"p": 0, "q": 1}, nodes={"start", "deal"})


STATE = (1, 80, True, 0)
ASSUME = (0.25, 2.0)


@pytest.mark.parametrize(("text", "want", "value"), [
    ("tension >= moderate", BOOL, True),
    ("high > tension", BOOL, True),
    ("tension == low or trade < 50", BOOL, False),
    ("not talks and true", BOOL, False),
    ("talks == true", BOOL, True),
    ("1 - p", NUM, 0.75),
    ("min(p, q, 3) * 4", NUM, 1.0),
    ("max(trade / 2, 10)", NUM, 40.0),
    ("-p + +q", NUM, 1.75),
    ("risk < elevated", BOOL, True),
    ("0 < trade <= 80", BOOL, True),
])
def test_expressions_evaluate_on_the_state(text: str, want: str, value: object) -> None:
    assert compile_expr(text, context(), want)(STATE, ASSUME) == value


@pytest.mark.parametrize(("text", "want", "message"), [
    ("__import__('os').system('x')", BOOL, "calling '__import__('os').system' is not allowed (functions: min, max, "
                                           "visited)"),
    ("trade.real > 1", BOOL, "attribute access ('.') is not allowed in an expression"),
    ("(lambda: 1)() == 1", BOOL, "calling 'lambda: 1' is not allowed (functions: min, max, visited)"),
    ("[t for t in (1,)] == 1", BOOL, "a comprehension is not allowed in an expression"),
    ("trade ** 2 > 1", BOOL, "operator '**' is not allowed (use + - * /)"),
    ("'text' == trade", BOOL, "'text' is not allowed in an expression (use numbers, names, true/false)"),
    ("talks + 1 > 0", BOOL, "expected a number here, but 'talks' is true/false"),
    ("trade > high", BOOL, "in 'trade > high', the level name 'high' (a level of 'tension') is compared with a number"),
    ("risk > high", BOOL, "'high' is not a level of 'risk' (it is a level of 'tension'); levels of 'risk': low, "
                          "elevated"),
    ("tension > risk", BOOL, "'tension > risk' compares levels of two different indicators"),
    ("trde > 1", BOOL, "unknown name 'trde' (did you mean 'trade'?)"),
    ("deal", BOOL, "'deal' is a node; write visited(deal) to ask whether the path passed it"),
    ("visited(dael)", BOOL, "visited() names unknown node 'dael' (did you mean 'deal'?)"),
    ("trade", BOOL, "'trade' is a number, but true/false is needed here"),
    ("talks < true", BOOL, "'talks < true': true/false values compare only with == or !="),
    ("trade >", BOOL, "cannot read expression 'trade >': invalid syntax"),
    ("", NUM, "the expression is empty"),
])
def test_bad_expressions_are_refused_at_load_time(text: str, want: str, message: str) -> None:
    with pytest.raises(ExprError) as info:
        compile_expr(text, context(), want)
    assert info.value.message == message


def test_visited_reads_a_tracked_slot_after_the_indicators() -> None:
    ctx = context()
    expr = compile_expr("visited(deal) and not visited(start)", ctx, BOOL)
    assert ctx.tracked == ["deal", "start"]
    assert expr((1, 80, True, 0, True, False), ASSUME) is True


def test_constant_detection() -> None:
    assert compile_expr("2 * 3", context(), NUM).constant
    assert not compile_expr("1 - p", context(), NUM).constant


def test_readable_operators_for_slides() -> None:
    assert readable("a >= b and c != d") == "a ≥ b and c ≠ d"
