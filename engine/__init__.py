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
    from .analysis.analyze import analyze
    from .analysis.compare import Comparison, compare
    from .analysis.diff import Diff, diff
    from .analysis.records import Analysis, Sensitivity
    from .analysis.rules import RULES
    from .analysis.sensitivity import sensitivity
    from .core.runtime import value_text
    from .core.scenario import Scenario
    from .core.walk import OutcomeSummary, Path, Summary
    from .errors import Diagnostic, Position, RuntimeFailure, ScenarioError, UsageError
    from .format.library import available, bundled_dir, resolve
    from .format.loader import load_path, load_text
    from .format.model import FORMAT_VERSION, ScenarioFile, json_schema
    from .output.exports import EXPORTS, export
    from .text.wording import DEFAULT_DISCLAIMER

# name -> the module (below this package) that defines it
_LAZY = {
    "Diagnostic": "errors", "Position": "errors", "RuntimeFailure": "errors", "ScenarioError": "errors",
    "UsageError": "errors", "available": "format.library", "bundled_dir": "format.library",
    "resolve": "format.library", "load_path": "format.loader", "load_text": "format.loader",
    "DEFAULT_DISCLAIMER": "text.wording", "FORMAT_VERSION": "format.model", "ScenarioFile": "format.model",
    "json_schema": "format.model", "Scenario": "core.scenario", "OutcomeSummary": "core.walk",
    "Path": "core.walk", "Summary": "core.walk", "value_text": "core.runtime",
    "analyze": "analysis.analyze", "sensitivity": "analysis.sensitivity", "compare": "analysis.compare",
    "diff": "analysis.diff", "export": "output.exports", "RULES": "analysis.rules", "EXPORTS": "output.exports",
    "Analysis": "analysis.records", "Sensitivity": "analysis.records", "Comparison": "analysis.compare",
    "Diff": "analysis.diff",
}

__all__ = [*_LAZY, "load", "paths", "render", "summarize"]


__getattr__ = lazy_getattr(__name__, _LAZY)


def load(name_or_path: str | _FilePath, lang: str | None = None) -> Scenario:
    """Load a scenario by name (./scenarios/, then the bundled library) or by path.

    `lang` (e.g. "es") picks the language of its text where the file has several; a text
    missing in that language falls back to the file's default language, marked "[en] "."""
    from .core.scenario import Scenario
    from .format.library import resolve
    from .format.loader import load_path

    # Notebooks show a scenario as its diagram. The core knows no drawings (its layer is below
    # output), so the public API, which notebooks call, lends the class that view here; the
    # drawing code is imported when a notebook asks, not by every command that loads a file.
    Scenario._repr_mimebundle_ = _notebook_bundle  # type: ignore[attr-defined]
    return load_path(resolve(str(name_or_path)), lang=lang)


def _notebook_bundle(scenario: Scenario, include: Any = None, exclude: Any = None) -> dict[str, Any]:
    from .output.diagrams import notebook_bundle

    return notebook_bundle(scenario, include, exclude)


def paths(scenario: Scenario, assumptions: Mapping[str, float] | None = None,
          where: str | None = None) -> Iterator[Path]:
    """Stream the scenario's paths; see Scenario.paths."""
    return scenario.paths(assumptions, where)


def summarize(scenario: Scenario, assumptions: Mapping[str, float] | None = None) -> Summary:
    """Path counts per outcome without listing paths; see Scenario.summarize."""
    return scenario.summarize(assumptions)


def render(scenario: Scenario, fmt: str = "svg", **options: Any) -> bytes:
    """A diagram of the scenario as bytes (svg, png, pdf, dot, mermaid)."""
    from scenarios.engine.output.diagrams import render as _render

    return _render(scenario, fmt, **options)
