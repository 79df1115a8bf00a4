"""A group's own set of assumption values, from `--set NAME=VALUE` or a YAML file.

Values are checked against the scenario: an unknown name or a value outside the
assumption's low..high range is an error that points at the line. In a file, a value
may carry its reason: `p_x: {value: 0.3, note: "why the group holds it"}`, so that a
perspective file says whose argument each number follows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import Diagnostic, ScenarioError, UsageError, did_you_mean
from scenarios.engine.files import read_input
from scenarios.engine.finite import NumberError, read_number, short
from scenarios.engine.text.hints import expression_hint
from scenarios.engine.text.i18n import _

from .library import resolve_assumptions
from .sheets import is_sheet, parse_sets, read_grid
from .yamlread import Document, read_yaml


def _range_problem(scenario: Scenario, name: str, value: float) -> str | None:
    known = scenario.spec.assumptions
    if name not in known:
        listing = ", ".join(known) or _("none")
        return (_("unknown assumption '{name}'").format(name=name) + did_you_mean(name, known) + "; "
                + _("this scenario has: {names}").format(names=listing))
    a = known[name]
    if (a.low is not None and value < a.low) or (a.high is not None and value > a.high):
        low = "…" if a.low is None else f"{a.low:g}"
        high = "…" if a.high is None else f"{a.high:g}"
        return _("assumption '{name}' = {value} is outside its range [{low}, {high}]").format(
            name=name, value=f"{value:g}", low=low, high=high)
    return None


def parse_settings(scenario: Scenario, settings: Iterable[str]) -> dict[str, float]:
    """`NAME=VALUE` strings (from --set) to a checked mapping."""
    result: dict[str, float] = {}
    for given in settings:
        item = short(given, 80)
        name, sep, text = given.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--set {item!r}: " + _("write NAME=VALUE, as in --set p_override=0.3"))
        try:
            value = float(read_number(text))
        except NumberError as exc:  # 60% gets check's hint: write 0.6
            raise UsageError(f"--set {item!r}: {exc}" + expression_hint(text.strip())) from None
        problem = _range_problem(scenario, name, value)
        if problem:
            raise UsageError(f"--set {item!r}: {problem}")
        result[name] = value
    return result


def load_assumption_sets(scenario: Scenario, path: str | Path) -> dict[str, dict[str, float]]:
    """Named assumption sets from a file: a YAML file is one set (named by the file), a sheet one per group."""

    path = resolve_assumptions(path)
    if not is_sheet(path):
        return {path.stem: load_assumption_file(scenario, path)}
    return parse_sets(read_grid(path), scenario.spec.assumptions, str(path),
                      lambda name, value: _range_problem(scenario, name, value))


def load_assumption_file(scenario: Scenario, path: str | Path) -> dict[str, float]:
    """A YAML mapping of assumption name → value, every problem reported with its line (or a one-group sheet).

    `path` may also name a bundled perspective file (`mexico-administration`)."""

    path = resolve_assumptions(path)
    if is_sheet(path):
        sets = load_assumption_sets(scenario, path)
        if len(sets) != 1:
            raise UsageError(_("{path} holds {count} groups ({names}); this command takes one set: use "
                               "`scenarios compare` for several, or a sheet with one group").format(
                path=path, count=len(sets), names=", ".join(sets)))
        return next(iter(sets.values()))
    raw = read_input(path, _("an assumptions file"))
    doc = read_yaml(raw, str(path))
    if not isinstance(doc.data, dict):
        raise ScenarioError([Diagnostic("error", _("an assumptions file is a mapping of name: value"),
                                        doc.pos(()))])
    problems: list[Diagnostic] = []
    result: dict[str, float] = {}
    for name, entry in doc.data.items():
        value, problem_at = _entry_value(entry, doc, name)
        if problem_at:
            problems.append(problem_at)
            continue
        problem = _range_problem(scenario, name, value)
        if problem:
            problems.append(Diagnostic("error", problem, doc.pos((name,), key=True)))
            continue
        result[name] = value
    if problems:
        raise ScenarioError(problems)
    return result


ENTRY_KEYS = ("value", "note")


def _text(note: object) -> bool:
    """A note is text, or text per language (`{en: ..., es: ...}`), as in a scenario file."""
    if isinstance(note, dict):
        return bool(note) and all(isinstance(k, str) and isinstance(v, str) for k, v in note.items())
    return isinstance(note, str)


def _entry_value(entry: object, doc: Document, name: str) -> tuple[float, Diagnostic | None]:
    """A number, or `{value: number, note: text}` (the note may be text per language); anything else is an
    error at its line."""
    loc: tuple[str, ...] = (name,)
    if isinstance(entry, dict):
        for key in entry:
            if key not in ENTRY_KEYS:
                message = (_("'{name}': unknown key '{key}'").format(name=name, key=key)
                           + did_you_mean(str(key), ENTRY_KEYS) + "; " + _("use value and note"))
                return 0.0, Diagnostic("error", message, doc.pos((name, key), key=True))
        note = entry.get("note")
        if note is not None and not _text(note):
            return 0.0, Diagnostic("error", _("'{name}': the note should be text").format(name=name),
                                   doc.pos((name, "note")))
        if "value" not in entry:
            return 0.0, Diagnostic("error", _("'{name}' has no value").format(name=name), doc.pos(loc))
        entry, loc = entry["value"], (name, "value")
    if isinstance(entry, bool) or not isinstance(entry, int | float) or not math.isfinite(entry):
        return 0.0, Diagnostic("error", _("'{name}' should be a number").format(name=name), doc.pos(loc))
    return float(entry), None
