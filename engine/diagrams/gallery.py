"""The committed gallery: every bundled scenario that checks clean, as DOT and SVG in outputs/.

Regenerate with `scenarios render --gallery` (or `python -m engine.diagrams.gallery`);
a test fails when a committed .dot no longer matches what the code draws.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import ScenarioError
from ..library import bundled_dir
from ..loader import load_path
from ..scenario import Scenario

FORMATS = ("dot", "svg")


def bundled() -> Iterator[tuple[Path, Scenario | ScenarioError]]:
    """Each bundled scenario file, loaded, or the error that stops it from loading."""
    for file in sorted(bundled_dir().glob("*.yaml")):
        try:
            yield file, load_path(file)
        except ScenarioError as exc:
            yield file, exc


def build(folder: Path = Path("outputs"), say: Callable[[str], None] = print) -> list[Path]:
    from . import EXTENSIONS, render
    from .output import write_output

    written = []
    for file, loaded in bundled():
        if isinstance(loaded, ScenarioError):
            say(f"skipped {file.name}: it does not check clean ({len(loaded.errors)} errors)")
            continue
        for fmt in FORMATS:
            target = folder / f"{loaded.name}.{EXTENSIONS[fmt]}"
            write_output(target, render(loaded, fmt), force=True)
            written.append(target)
            say(f"wrote {target}")
    return written


if __name__ == "__main__":
    from ..errors import RuntimeFailure

    try:
        build()
    except (ScenarioError, RuntimeFailure) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
