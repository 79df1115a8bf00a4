"""The scenarios a server may show, by name: nothing outside this list is ever read.

Each entry is reloaded when its file changes (by modification time and size), keeping the
last scenario that checked clean, so a page can go on showing it, marked stale, while the
author fixes an error.  A file that declares several languages is loaded once more for each
other language a page asks for (an entry of its own, `lang` set), so every page shows the
text in its language.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenarios.engine.errors import Diagnostic, ScenarioError, UsageError
from scenarios.engine.format.library import available, resolve
from scenarios.engine.format.loader import load_path
from scenarios.engine.text.i18n import language


@dataclass
class Entry:
    """One served file: its current errors (if any) and the last scenario that loaded."""

    name: str
    path: Path
    origin: str
    stamp: tuple[int, int] | None = None
    scenario: Any = None                 # the last good Scenario
    errors: tuple[Diagnostic, ...] = ()  # the current file's errors (empty when it loads)
    version: int = 0                     # bumped on every reload, so pages know to refresh
    lang: str | None = None              # the language the file is loaded in (None: its default)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def stale(self) -> bool:
        """True when the file has errors and what is shown is the last good version."""
        return bool(self.errors) and self.scenario is not None


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _files(arguments: Sequence[str]) -> list[tuple[Path, str]]:
    """Files for NAME|FILE|FOLDER arguments; none given means the library (./scenarios/ and bundled)."""

    if not arguments:
        return [(e.path, e.origin) for e in available()]
    found: list[tuple[Path, str]] = []
    for arg in arguments:
        path = Path(arg)
        try:
            folder = path.is_dir()
        except OSError:  # a name too long for the file system: resolve() says what it is not
            folder = False
        if folder:
            files = sorted(path.glob("*.yaml"))
            if not files:
                raise UsageError(f"'{arg}': the folder has no .yaml scenario files")
            found.extend((f, "folder") for f in files)
        else:
            found.append((resolve(arg), "file"))
    return found


class Served:
    """Name → Entry for the files given on the command line; the only files any route reads."""

    def __init__(self, arguments: Sequence[str] = ()):
        self.entries: dict[str, Entry] = {}
        self.translated: dict[tuple[str, str], Entry] = {}  # (name, language) for the files' other languages
        seen: set[Path] = set()
        for path, origin in _files(arguments):
            real = path.resolve()
            if real in seen:
                continue
            seen.add(real)
            name = path.stem if not path.name.endswith(".yml") else path.name[:-4]
            base, n = name, 2
            while name in self.entries:
                name, n = f"{base}-{n}", n + 1
            self.entries[name] = Entry(name, real, origin)

    def names(self) -> list[str]:
        return list(self.entries)

    def entry(self, name: str, lang: str | None = None) -> Entry | None:
        """The entry, refreshed from disk if the file changed; None for a name not served.

        It is in `lang` (default: the language the request speaks, engine.i18n.language()) when
        the file declares that language, else in the file's default language.
        """

        entry = self.entries.get(name)
        if entry is None:
            return None
        self.refresh(entry)
        lang = lang or language()
        s = entry.scenario
        if not lang or s is None or lang not in s.languages or lang == s.language:
            return entry
        key = (name, lang)
        other = self.translated.get(key)
        if other is None:
            other = self.translated.setdefault(key, Entry(name, entry.path, entry.origin, lang=lang))
        self.refresh(other)
        return other

    def refresh(self, entry: Entry) -> bool:
        """Reload when the file changed; True if it did."""

        with entry.lock:
            stamp = _stamp(entry.path)
            if stamp == entry.stamp and entry.version:
                return False
            entry.stamp = stamp
            entry.version += 1
            try:
                scenario = load_path(entry.path, lang=entry.lang)
            except ScenarioError as exc:
                entry.errors = exc.errors or exc.diagnostics
                return True
            entry.scenario, entry.errors = scenario, ()
            return True

    def by_path(self, path: Path) -> Entry | None:
        real = path.resolve()
        return next((e for e in self.entries.values() if e.path == real), None)


def error_lines(entry: Entry) -> list[dict[str, Any]]:
    """Each error as its FILE:LINE:COL message plus the offending line of the file, for display."""
    if not entry.errors:
        return []
    try:
        lines = entry.path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    out = []
    for d in entry.errors:
        line = d.position.line
        text = lines[line - 1] if 0 < line <= len(lines) else None
        out.append({"message": str(d), "line": line, "col": d.position.col, "text": text})
    return out
