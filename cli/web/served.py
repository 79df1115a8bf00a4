"""The scenarios a server may show, by name: nothing outside this list is ever read.

Each entry is reloaded when its file changes (by modification time and size), keeping the
last scenario that checked clean, so a page can go on showing it, marked stale, while the
author fixes an error.  Files are read as the CLI reads its inputs (a regular file, size-capped:
never a FIFO or /dev/zero), a file in a served folder only while it stays inside that folder
(a link out of it is refused), and loading runs off the event loop (`load`): while one request
reloads a file, the others answer at once from the last good version.  A file that declares
several languages is loaded once more for each other language a page asks for (an entry of its
own, `lang` set), so every page shows the text in its language.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenarios.engine.errors import Diagnostic, Position, ScenarioError, UsageError
from scenarios.engine.files import check_input, read_input
from scenarios.engine.format.library import available, resolve
from scenarios.engine.format.loader import load_text
from scenarios.engine.text.i18n import _, language


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
    root: Path | None = None             # the served folder the file must stay inside (None: named itself)
    lines: list[str] = field(default_factory=list, repr=False)  # the text last read, for showing errors
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def stale(self) -> bool:
        """True when the file has errors and what is shown is the last good version."""
        return bool(self.errors) and self.scenario is not None


def _inside(path: Path, root: Path) -> bool:
    """True when `path`, links followed, is in the folder `root` (a link out of a served folder is not served)."""
    try:
        return path.resolve().parent == root
    except (OSError, RuntimeError):  # a loop of links
        return False


def stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _files(arguments: Sequence[str]) -> list[tuple[Path, str, Path | None]]:
    """Files for NAME|FILE|FOLDER arguments; none given means the library (./scenarios/ and bundled)."""

    if not arguments:
        return [(e.path, e.origin, None) for e in available()]
    found: list[tuple[Path, str, Path | None]] = []
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
            root = path.resolve()
            found.extend((f, "folder", root) for f in files if _inside(f, root))
        else:
            named = resolve(arg)
            check_input(named, _("a scenario file"))  # a FIFO, a device or a huge file: refused before serving
            found.append((named, "file", None))
    return found


class Served:
    """Name → Entry for the files given on the command line; the only files any route reads."""

    def __init__(self, arguments: Sequence[str] = ()):
        self.entries: dict[str, Entry] = {}
        self.translated: dict[tuple[str, str], Entry] = {}  # (name, language) for the files' other languages
        seen: set[Path] = set()
        for path, origin, root in _files(arguments):
            real = root / path.name if root is not None else path.resolve()  # in a folder: the name, checked each read
            if real in seen:
                continue
            seen.add(real)
            name = path.stem if not path.name.endswith(".yml") else path.name[:-4]
            base, n = name, 2
            while name in self.entries:
                name, n = f"{base}-{n}", n + 1
            self.entries[name] = Entry(name, real, origin, root=root)

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
            other = self.translated.setdefault(key, Entry(name, entry.path, entry.origin, lang=lang, root=entry.root))
        self.refresh(other)
        return other

    async def load(self, name: str, lang: str | None = None) -> Entry | None:
        """`entry`, run off the event loop: a file being read or checked never holds up another request."""
        lang = lang or language()  # the request's language, read here: the worker thread has no request
        return await asyncio.to_thread(self.entry, name, lang)

    def refresh(self, entry: Entry) -> bool:
        """Reload when the file changed; True if it did.

        While another thread reloads the entry, this answers False at once (the last good version
        is shown meanwhile), unless the entry has never loaded: then it waits for the first load.
        """

        if not entry.lock.acquire(blocking=not entry.version):
            return False
        try:
            current = stamp(entry.path)
            if current == entry.stamp and entry.version:
                return False
            try:
                raw = self._read(entry)
            except UsageError as exc:  # not a regular file, too large, gone, or a link out of the folder
                entry.stamp, entry.lines = current, []
                said = exc.message.removeprefix(f"{entry.path}: ")  # the position names the file; once is enough
                entry.errors = (Diagnostic("error", said, Position(str(entry.path))),)
                entry.version += 1
                return True
            entry.lines = raw.decode("utf-8", errors="replace").splitlines()
            try:
                scenario = load_text(raw, str(entry.path), name=entry.path.stem, path=entry.path, lang=entry.lang)
            except ScenarioError as exc:
                entry.errors = exc.errors or exc.diagnostics
            else:
                entry.scenario, entry.errors = scenario, ()
            entry.stamp = current
            entry.version += 1  # after the load: a page told of this version finds it ready
            return True
        finally:
            entry.lock.release()

    @staticmethod
    def _read(entry: Entry) -> bytes:
        """The file's bytes by the input policy; in a served folder, only while the file stays inside it."""
        if entry.root is not None and not _inside(entry.path, entry.root):
            raise UsageError(f"{entry.path.name}: a link to a file outside the served folder; it is not served")
        return read_input(entry.path, _("a scenario file"))

    def by_path(self, path: Path) -> Entry | None:
        real = path.absolute()
        return next((e for e in self.entries.values() if e.path in (real, path.resolve())), None)


def error_lines(entry: Entry) -> list[dict[str, Any]]:
    """Each error as its FILE:LINE:COL message plus the offending line of the text the loader read, for display.

    The file is never read again here: a file replaced since (by a FIFO, a link or a huge file)
    shows nothing of its own."""
    if not entry.errors:
        return []
    lines = entry.lines
    out = []
    for d in entry.errors:
        line = d.position.line
        text = lines[line - 1] if 0 < line <= len(lines) else None
        out.append({"message": str(d), "line": line, "col": d.position.col, "text": text})
    return out
