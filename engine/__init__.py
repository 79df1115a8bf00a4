"""The public Python API: everything the CLI does, for notebooks and scripts.

    from scenarios import engine
    s = engine.load("mexico")          # a name, or a path to a file
    for path in s.paths(): ...         # streamed, numbered from 1
    engine.summarize(s).path_count     # exact, without listing paths

Names are imported on first use (PEP 562), so `import engine.errors` and
`scenarios --help` stay fast.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path as _FilePath
from typing import TYPE_CHECKING, Any

from .lazy import lazy_getattr

if TYPE_CHECKING:
    from .errors import Diagnostic, Position, RuntimeFailure, ScenarioError, UsageError
    from .library import available, bundled_dir, resolve
    from .loader import load_path, load_text
    from .model import DEFAULT_DISCLAIMER, FORMAT_VERSION, ScenarioFile, json_schema
    from .runtime import value_text
    from .scenario import Scenario
    from .walk import OutcomeSummary, Path, Summary

_LAZY = {
    "Diagnostic": "errors", "Position": "errors", "RuntimeFailure": "errors", "ScenarioError": "errors",
    "UsageError": "errors", "available": "library", "bundled_dir": "library", "resolve": "library",
    "load_path": "loader", "load_text": "loader", "DEFAULT_DISCLAIMER": "model", "FORMAT_VERSION": "model",
    "ScenarioFile": "model", "json_schema": "model", "Scenario": "scenario", "OutcomeSummary": "walk",
    "Path": "walk", "Summary": "walk", "value_text": "runtime",
    "analyze": "analysis", "sensitivity": "analysis", "compare": "analysis", "diff": "analysis",
    "export": "analysis", "RULES": "analysis", "EXPORTS": "analysis", "Analysis": "analysis",
    "Sensitivity": "analysis", "Comparison": "analysis", "Diff": "analysis",
}

__all__ = [*_LAZY, "load", "paths", "render", "summarize"]


__getattr__ = lazy_getattr(__name__, _LAZY)


def load(name_or_path: str | _FilePath, lang: str | None = None) -> Scenario:
    """Load a scenario by name (./scenarios/, then the bundled library) or by path.

    `lang` (e.g. "es") picks the language of its text where the file has several; a text
    missing in that language falls back to the file's default language, marked "[en] "."""
    from .library import resolve
    from .loader import load_path

    return load_path(resolve(str(name_or_path)), lang=lang)


def paths(scenario: Scenario, assumptions: Mapping[str, float] | None = None,
          where: str | None = None) -> Iterator[Path]:
    """Stream the scenario's paths; see Scenario.paths."""
    return scenario.paths(assumptions, where)


def summarize(scenario: Scenario, assumptions: Mapping[str, float] | None = None) -> Summary:
    """Path counts per outcome without listing paths; see Scenario.summarize."""
    return scenario.summarize(assumptions)


def render(scenario: Scenario, fmt: str = "svg", **options: Any) -> bytes:
    """A diagram of the scenario as bytes (svg, png, pdf, dot, mermaid)."""
    from .diagrams import render as _render

    return _render(scenario, fmt, **options)
