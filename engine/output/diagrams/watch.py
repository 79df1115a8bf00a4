"""`render --watch`: draw again whenever the scenario file changes, keeping the last good diagram.

Editors save by writing a new file and renaming it over the old one, so the folder is
watched, not the file.  The change source is injectable so tests drive the loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from scenarios.engine.errors import RuntimeFailure, ScenarioError

Changes = Iterable[Iterable[tuple[Any, str]]]


def folder_changes(file: Path) -> Changes:
    """Batches of (change, path) in the file's folder, from watchfiles (imported only when watching)."""
    import watchfiles

    return watchfiles.watch(file.resolve().parent, debounce=200, step=50)


def watch(file: Path, build: Callable[[], str], say: Callable[[str], None], changes: Changes | None = None,
          limit: int | None = None) -> int:
    """Build now and after each change to `file`; report errors and carry on.  Returns builds attempted."""
    target = file.resolve()
    attempts = 0

    def attempt() -> None:
        try:
            say(build())
        except ScenarioError as exc:
            for diagnostic in exc.diagnostics:
                say(str(diagnostic))
            say("not redrawn: the last good diagram is kept until the file checks clean")
        except RuntimeFailure as exc:
            say(f"error: {exc}")

    attempt()
    attempts += 1
    for batch in changes if changes is not None else folder_changes(file):
        if limit is not None and attempts >= limit:
            break
        if any(Path(p).resolve() == target for _, p in batch):
            attempt()
            attempts += 1
    return attempts
