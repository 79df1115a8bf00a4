"""Diagnostics that point at a place in a scenario file, and the one error family.

Workshop editors fix files from the message alone, so every problem carries the
file, line and column of the key or value at fault (``FILE:LINE:COL: error: …``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from scenarios.engine.text.characters import visible
from scenarios.engine.text.i18n import N_, _

Severity = Literal["error", "warning"]
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning")}  # as a line shows them


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a named file."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a scenario: an error stops use, a warning does not."""

    severity: Severity
    message: str
    position: Position

    def __str__(self) -> str:
        severity = _(SEVERITY_WORDS[self.severity])
        return visible(f"{self.position}: {severity}: {self.message}")


class ScenarioError(Exception):
    """The root of every error a user can cause; the CLI turns it into exit code 2."""

    def __init__(self, diagnostics: Iterable[Diagnostic] | str):
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("error", diagnostics, Position("<input>"))]
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


class UsageError(ScenarioError):
    """A bad name, option or expression given on the command line or from Python."""

    def __init__(self, message: str):
        super().__init__([Diagnostic("error", message, Position("<input>"))])
        self.message = message

    def __str__(self) -> str:
        return self.message


class RuntimeFailure(Exception):
    """Something outside the user's input failed (a missing program, a write); exit code 1."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" hint, or "" when nothing is close."""

    from scenarios.engine.text.suggest import closest  # difflib: only when a hint is asked for, not at start

    close = closest(word, choices)
    return " " + _("(did you mean '{word}'?)").format(word=close) if close else ""


def one_of(choices: Iterable[str]) -> str:
    """List the allowed values, as graphviz does for formats."""
    return _("must be one of {choices}").format(choices=", ".join(repr(c) for c in sorted(choices)))
