"""The SQLite file that holds every session: nothing a participant does may be lost.

stdlib `sqlite3` in WAL mode; every change is one transaction committed before the
method returns, so `kill -9` at any moment leaves the file as of the last answered
request.  `synchronous=NORMAL`: a commit is in the operating system's hands when it
returns (safe against the server being killed), and the WAL is flushed to the disk at
checkpoints rather than on every vote, which keeps a vote well under a millisecond;
only a power cut or an operating-system crash could lose the last moments.  The schema is versioned with
`PRAGMA user_version`; a file from a newer version is refused, not guessed at.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import WorkshopError

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY, scenario TEXT NOT NULL, file TEXT NOT NULL, text TEXT NOT NULL,
    title TEXT NOT NULL, created TEXT NOT NULL, code TEXT NOT NULL UNIQUE, csrf_key TEXT NOT NULL,
    settings TEXT NOT NULL, current INTEGER, ended TEXT);
CREATE TABLE facilitator_keys (
    session TEXT NOT NULL REFERENCES sessions(id), key_hash TEXT NOT NULL, created TEXT NOT NULL,
    PRIMARY KEY (session, key_hash));
CREATE TABLE participants (
    id TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id), number INTEGER NOT NULL,
    name TEXT NOT NULL, role TEXT, token_hash TEXT NOT NULL UNIQUE, joined TEXT NOT NULL,
    UNIQUE (session, number));
CREATE TABLE steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT, session TEXT NOT NULL REFERENCES sessions(id), parent INTEGER,
    node TEXT NOT NULL, branch INTEGER NOT NULL, label TEXT NOT NULL, how TEXT NOT NULL,
    weights TEXT, assumptions TEXT, tally TEXT, undone INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT, session TEXT NOT NULL REFERENCES sessions(id), at INTEGER,
    node TEXT NOT NULL, voters TEXT NOT NULL, status TEXT NOT NULL, step INTEGER, created TEXT NOT NULL);
CREATE TABLE votes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, round INTEGER NOT NULL REFERENCES rounds(id),
    participant TEXT NOT NULL REFERENCES participants(id), branch INTEGER NOT NULL, key TEXT NOT NULL,
    created TEXT NOT NULL, UNIQUE (round, participant), UNIQUE (participant, key));
CREATE TABLE assumption_values (
    session TEXT NOT NULL REFERENCES sessions(id), participant TEXT NOT NULL REFERENCES participants(id),
    name TEXT NOT NULL, value REAL NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (session, participant, name));
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, session TEXT NOT NULL REFERENCES sessions(id), author TEXT NOT NULL,
    node TEXT, step INTEGER, text TEXT NOT NULL, created TEXT NOT NULL);
CREATE INDEX steps_by_session ON steps (session);
CREATE INDEX rounds_by_session ON rounds (session);
CREATE INDEX participants_by_session ON participants (session);
"""


def default_db_path() -> Path:
    """One file in the user's data folder ($XDG_DATA_HOME/scenarios/workshops.db on Linux)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "scenarios" / "workshops.db"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """One connection to the sessions file; `change()` is one committed transaction."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=5000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise WorkshopError(f"{self.path}: not a workshop database ({exc})") from None
        except OSError as exc:
            raise WorkshopError(f"{self.path}: can't be opened ({exc.strerror or exc})") from None
        self.lock = threading.RLock()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise WorkshopError(f"{self.path} was written by a newer version of scenarios "
                                f"(schema {version}; this one reads up to {SCHEMA_VERSION})")
        if version == 0:
            tables = self.db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            if tables:
                raise WorkshopError(f"{self.path}: not a workshop database (it has other tables)")
            self.db.executescript(f"BEGIN; {SCHEMA} PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")

    @contextmanager
    def change(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed (to disk, WAL) when the block ends, rolled back on any error."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self.lock:
            return self.db.execute(sql, args).fetchall()

    def row(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self.lock:
            return self.db.execute(sql, args).fetchone()

    def sessions(self) -> list[dict[str, Any]]:
        """Every session, newest first, with counts for `scenarios workshop list`."""
        found = self.rows("""
            SELECT s.id, s.scenario, s.title, s.created, s.ended,
                   (SELECT count(*) FROM participants p WHERE p.session = s.id) AS participants,
                   (SELECT count(*) FROM steps t WHERE t.session = s.id AND t.undone = 0) AS steps,
                   (SELECT count(*) FROM votes v JOIN rounds r ON v.round = r.id WHERE r.session = s.id) AS votes
            FROM sessions s ORDER BY s.created DESC, s.rowid DESC""")
        return [dict(r) for r in found]

    def close(self) -> None:
        with self.lock:
            self.db.close()


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)
