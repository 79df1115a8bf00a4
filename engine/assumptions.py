"""A group's own set of assumption values, from `--set NAME=VALUE` or a YAML file.

Values are checked against the scenario: an unknown name or a value outside the
assumption's low..high range is an error that points at the line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from .errors import Diagnostic, ScenarioError, UsageError, did_you_mean
from .scenario import Scenario
from .yamlread import read_yaml


def _range_problem(scenario: Scenario, name: str, value: float) -> str | None:
    known = scenario.spec.assumptions
    if name not in known:
        listing = ", ".join(known) or "none"
        return f"unknown assumption '{name}'{did_you_mean(name, known)}; this scenario has: {listing}"
    a = known[name]
    if (a.low is not None and value < a.low) or (a.high is not None and value > a.high):
        low = "…" if a.low is None else f"{a.low:g}"
        high = "…" if a.high is None else f"{a.high:g}"
        return f"assumption '{name}' = {value:g} is outside its range [{low}, {high}]"
    return None


def parse_settings(scenario: Scenario, settings: Iterable[str]) -> dict[str, float]:
    """`NAME=VALUE` strings (from --set) to a checked mapping."""
    result: dict[str, float] = {}
    for item in settings:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--set {item!r}: write NAME=VALUE, as in --set p_override=0.3")
        try:
            value = float(text)
        except ValueError:
            raise UsageError(f"--set {item!r}: '{text.strip()}' is not a number") from None
        if not math.isfinite(value):
            raise UsageError(f"--set {item!r}: the value must be a finite number")
        problem = _range_problem(scenario, name, value)
        if problem:
            raise UsageError(f"--set {item!r}: {problem}")
        result[name] = value
    return result


def load_assumption_file(scenario: Scenario, path: str | Path) -> dict[str, float]:
    """A YAML mapping of assumption name → value, every problem reported with its line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: can't be read ({exc.strerror or exc})") from None
    doc = read_yaml(raw, str(path))
    if not isinstance(doc.data, dict):
        raise ScenarioError([Diagnostic("error", "an assumptions file is a mapping of name: value",
                                        doc.pos(()))])
    problems: list[Diagnostic] = []
    result: dict[str, float] = {}
    for name, value in doc.data.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            problems.append(Diagnostic("error", f"'{name}' should be a number", doc.pos((name,))))
            continue
        problem = _range_problem(scenario, name, float(value))
        if problem:
            problems.append(Diagnostic("error", problem, doc.pos((name,), key=True)))
            continue
        result[name] = float(value)
    if problems:
        raise ScenarioError(problems)
    return result
