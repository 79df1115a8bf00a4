"""The SQLite file that holds every session, and all the SQL: nothing a participant does may be lost.

stdlib `sqlite3` in WAL mode; every change is one transaction committed before the method returns (votes
arriving together: one committed before any is answered, batch.py), so `kill -9` at any moment leaves the file
as of the last answered request.  `synchronous=NORMAL`: a commit is in the operating system's hands when it
returns, and the WAL reaches the disk at checkpoints, not on every vote; only a power cut or an operating-system
crash could lose the last moments.  `PRAGMA user_version` versions the schema; a newer one is refused.

`Store` is the file; `Record` reads one session's rows as frozen records, `Recorder` writes them.
No rule is here: the session checks them, in the same `change()` as the write they guard.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scenarios.engine.text.i18n import _

from .change import Change
from .errors import RuntimeFailure, WorkshopError
from .identity import new_code, new_secret
from .records import Note, Participant, Round, Session, Step

SCHEMA_VERSION = 2  # 2: each participant's language

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
    name TEXT NOT NULL, role TEXT, token_hash TEXT NOT NULL UNIQUE, joined TEXT NOT NULL, lang TEXT,
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


_second: tuple[int, str] = (0, "")  # the last second written, and how it is written


def now() -> str:
    """This second, UTC, ISO 8601 (written with every row; worked out once a second: a room's votes share it)."""
    global _second
    second = int(time.time())
    if _second[0] != second:
        _second = (second, datetime.fromtimestamp(second, UTC).isoformat(timespec="seconds"))
    return _second[1]


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
        except sqlite3.OperationalError as exc:  # read-only, full, locked: the file can't be used, whatever it holds
            raise RuntimeFailure(_("{path}: the sessions file can't be used ({reason})").format(
                path=self.path, reason=exc)) from None
        except sqlite3.DatabaseError as exc:
            raise WorkshopError(_("{path}: not a workshop database ({reason})").format(
                path=self.path, reason=exc)) from None
        except OSError as exc:
            raise WorkshopError(_("{path}: can't be opened ({reason})").format(
                path=self.path, reason=exc.strerror or exc)) from None
        self.lock = threading.RLock()
        self._open = False  # a transaction is open: a change inside it is part of it
        self.held: Callable[[], object] | None = None  # commits a group of votes written but not yet committed

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise WorkshopError(_("{path} was written by a newer version of scenarios (schema {found}; this one "
                                  "reads up to {known})").format(path=self.path, found=version, known=SCHEMA_VERSION))
        self.db.execute(f"PRAGMA user_version={int(version)}")  # a write, so a read-only file fails here, at start
        if version == 0:
            tables = self.db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            if tables:
                raise WorkshopError(_("{path}: not a workshop database (it has other tables)").format(path=self.path))
            self.db.executescript(f"BEGIN; {SCHEMA} PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")
        elif version == 1:  # a file from before participants chose their language: theirs is the session's
            self.db.executescript(f"BEGIN; ALTER TABLE participants ADD COLUMN lang TEXT; "
                                  f"PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")

    def change(self) -> Change:
        """One transaction, committed (to disk, WAL) when the block ends, rolled back on any error; a change inside
        another is part of it (a session's checks and its writes commit together); a held group commits first."""
        return Change(self)

    def add_session(self, scenario: str, file: str, text: str, title: str, settings: dict[str, Any]) -> str:
        """A new session with a join code no other session has; returns its id."""
        with self.change() as db:
            for _ in range(20):
                code = new_code()
                if not db.execute("SELECT 1 FROM sessions WHERE code = ?", (code,)).fetchone():
                    break
            sid = secrets.token_hex(4)
            db.execute("INSERT INTO sessions (id, scenario, file, text, title, created, code, csrf_key, settings)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (sid, scenario, file, text, title, now(), code, new_secret(), dumps(settings)))
        return sid

    def session(self, session_id: str) -> Session | None:
        r = _one(self, "SELECT * FROM sessions WHERE id = ?", session_id)
        return Session(r["id"], r["scenario"], r["file"], r["text"], r["title"], r["created"], r["code"],
                       r["csrf_key"]) if r else None

    def recent(self, count: int = 5) -> list[str]:
        """The ids of the latest sessions, newest first."""
        return [r["id"] for r in _all(self, "SELECT id FROM sessions ORDER BY created DESC LIMIT ?", count)]

    def sessions(self) -> list[dict[str, Any]]:
        """Every session, newest first, with counts for `scenarios workshop list`."""
        found = _all(self, """
            SELECT s.id, s.scenario, s.title, s.created, s.ended,
                   (SELECT count(*) FROM participants p WHERE p.session = s.id) AS participants,
                   (SELECT count(*) FROM steps t WHERE t.session = s.id AND t.undone = 0) AS steps,
                   (SELECT count(*) FROM votes v JOIN rounds r ON v.round = r.id WHERE r.session = s.id) AS votes
            FROM sessions s ORDER BY s.created DESC, s.rowid DESC""")
        return [dict(r) for r in found]

    def close(self) -> None:
        with self.lock:
            self.db.close()


class Kept:
    """A value read from the file, kept until `forget()`; the generation tells a read that a forget overlapped."""

    def __init__(self) -> None:
        self.value: Any = None
        self.generation = 0  # bumped by each forget

    def forget(self) -> None:
        self.generation, self.value = self.generation + 1, None


class Record:
    """One session's rows, read as records.  A participant is read once, and again once `seen` is cleared (their
    language changed)."""

    def __init__(self, store: Store, session: str):
        self.store = store
        self.id = session
        self.seen: dict[str, Participant] = {}  # by id, and by "token:" and the token's hash
        self.sets = Kept()  # the assumption sets, as last read

    def settings(self) -> dict[str, Any]:
        """The settings as stored (the session fills in the defaults)."""
        r = _one(self.store, "SELECT settings FROM sessions WHERE id = ?", self.id)
        return loads(r["settings"] if r else None) or {}

    def ended(self) -> str | None:
        r = _one(self.store, "SELECT ended FROM sessions WHERE id = ?", self.id)
        return r["ended"] if r else None

    def current(self) -> int | None:
        """The step the session stands after (None: at the start)."""
        r = _one(self.store, "SELECT current FROM sessions WHERE id = ?", self.id)
        return r["current"] if r else None

    def is_facilitator(self, key_hash: str) -> bool:
        return _one(self.store, "SELECT 1 FROM facilitator_keys WHERE session = ? AND key_hash = ?",
                    self.id, key_hash) is not None

    def participant(self, pid: str) -> Participant | None:
        if pid not in self.seen and (
                r := _one(self.store, "SELECT * FROM participants WHERE id = ? AND session = ?", pid, self.id)):
            self.seen[pid] = _participant(r)
        return self.seen.get(pid)

    def by_token(self, token_hash: str) -> Participant | None:
        key = f"token:{token_hash}"
        if key not in self.seen and (r := _one(
                self.store, "SELECT * FROM participants WHERE token_hash = ? AND session = ?", token_hash, self.id)):
            self.seen[key] = _participant(r)
        return self.seen.get(key)

    def participants(self) -> list[Participant]:
        """Everyone who joined, in joining order."""
        return [_participant(r) for r in _all(
            self.store, "SELECT * FROM participants WHERE session = ? ORDER BY number", self.id)]

    def steps(self) -> list[Step]:
        """Every step ever taken, undone ones included (they are part of the record)."""
        return [_step(r) for r in _all(self.store, "SELECT * FROM steps WHERE session = ? ORDER BY id", self.id)]

    def undone(self, step: int) -> bool | None:
        """Whether step `step` of this session was undone; None when there is no such step."""
        if not 0 < step < 2**63:  # SQLite's integers: a larger number is no step, not an overflow
            return None
        r = _one(self.store, "SELECT undone FROM steps WHERE id = ? AND session = ?", step, self.id)
        return None if r is None else bool(r["undone"])

    def open_round(self) -> Round | None:
        r = _one(self.store, "SELECT * FROM rounds WHERE session = ? AND status = 'open'", self.id)
        return _round(r) if r else None

    def round(self, round_id: int) -> Round | None:
        r = _one(self.store, "SELECT * FROM rounds WHERE id = ? AND session = ?", round_id, self.id)
        return _round(r) if r else None

    def rounds(self) -> list[Round]:
        return [_round(r) for r in _all(self.store, "SELECT * FROM rounds WHERE session = ? ORDER BY id", self.id)]

    def voted_with(self, participant: str, key: str) -> Round | None:
        """The round a participant's vote with idempotency `key` went to, if it was counted."""
        r = _one(self.store, "SELECT r.* FROM votes v JOIN rounds r ON v.round = r.id "
                 "WHERE v.participant = ? AND v.key = ?", participant, key)
        return _round(r) if r else None

    def my_vote(self, participant: str, round_id: int) -> int | None:
        r = _one(self.store, "SELECT branch FROM votes WHERE round = ? AND participant = ?", round_id, participant)
        return r["branch"] if r else None

    def counts(self, round_id: int) -> dict[int, int]:
        """Votes per branch position (branches nobody voted for are left out)."""
        return {r["branch"]: r["n"] for r in _all(
            self.store, "SELECT branch, count(*) AS n FROM votes WHERE round = ? GROUP BY branch", round_id)}

    def ballots(self, round_id: int) -> list[tuple[str, int]]:
        """(participant id, branch) of each vote: for the record, and for the big screen when names are shown."""
        return [(r["participant"], r["branch"]) for r in _all(
            self.store, "SELECT participant, branch FROM votes WHERE round = ? ORDER BY id", round_id)]

    def notes(self) -> list[Note]:
        return [_note(r) for r in _all(self.store, "SELECT * FROM notes WHERE session = ? ORDER BY id", self.id)]

    def assumption_set(self, participant: str) -> dict[str, float]:
        """The values one participant set (empty if none)."""
        return {r["name"]: r["value"] for r in _all(
            self.store, "SELECT name, value FROM assumption_values WHERE session = ? AND participant = ? ORDER BY name",
            self.id, participant)}

    def assumption_sets(self) -> dict[str, dict[str, float]]:
        """Participant id → the values they set, in joining order (a copy: kept until a participant sets values)."""
        sets, generation = self.sets.value, self.sets.generation
        if sets is None:
            sets = {}
            for r in _all(self.store, "SELECT a.participant, a.name, a.value FROM assumption_values a JOIN participants"
                          " p ON a.participant = p.id WHERE a.session = ? ORDER BY p.number, a.name", self.id):
                sets.setdefault(r["participant"], {})[r["name"]] = r["value"]
            if generation == self.sets.generation:  # not forgotten while it was read (a handout's thread reads too)
                self.sets.value = sets
        return {k: dict(v) for k, v in sets.items()}


class Recorder:
    """One session's writes, each committed before it returns (or with the change it is part of)."""

    def __init__(self, store: Store, session: str):
        self.store = store
        self.id = session

    def set_settings(self, settings: dict[str, Any]) -> None:
        with self.store.change() as db:
            db.execute("UPDATE sessions SET settings = ? WHERE id = ?", (dumps(settings), self.id))

    def end(self) -> None:
        """The session ends; an open vote is cancelled."""
        with self.store.change() as db:
            db.execute("UPDATE sessions SET ended = ? WHERE id = ?", (now(), self.id))
            db.execute("UPDATE rounds SET status = 'cancelled' WHERE session = ? AND status = 'open'", (self.id,))

    def add_key(self, key_hash: str) -> None:
        with self.store.change() as db:
            db.execute("INSERT INTO facilitator_keys VALUES (?, ?, ?)", (self.id, key_hash, now()))

    def add_participant(self, pid: str, name: str, role: str | None, token_hash: str,
                        lang: str | None = None) -> None:
        """A participant, numbered next in joining order, reading in `lang` (None: the session's language)."""
        with self.store.change() as db:
            number = db.execute("SELECT coalesce(max(number), 0) + 1 FROM participants WHERE session = ?",
                                (self.id,)).fetchone()[0]
            db.execute("INSERT INTO participants (id, session, number, name, role, token_hash, joined, lang) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (pid, self.id, number, name, role, token_hash, now(), lang))

    def set_language(self, pid: str, lang: str | None) -> None:
        with self.store.change() as db:
            db.execute("UPDATE participants SET lang = ? WHERE id = ? AND session = ?", (lang, pid, self.id))

    def add_round(self, at: int | None, node: str, voters: str) -> Round:
        """An open vote at `node`, after step `at`."""
        with self.store.change() as db:
            cur = db.execute("INSERT INTO rounds (session, at, node, voters, status, created) VALUES (?, ?, ?, ?,"
                             " 'open', ?)", (self.id, at, node, voters, now()))
        return _round(_one(self.store, "SELECT * FROM rounds WHERE id = ?", cur.lastrowid))

    def add_vote(self, round_id: int, participant: str, branch: int, key: str) -> None:
        with self.store.change() as db:
            db.execute("INSERT INTO votes (round, participant, branch, key, created) VALUES (?, ?, ?, ?, ?)",
                       (round_id, participant, branch, key, now()))

    def set_assumptions(self, participant: str, values: dict[str, float]) -> None:
        """A participant's values; the others they set are kept."""
        with self.store.change() as db:
            for name, value in values.items():
                db.execute("INSERT INTO assumption_values VALUES (?, ?, ?, ?, ?) ON CONFLICT (session, participant,"
                           " name) DO UPDATE SET value = excluded.value, updated = excluded.updated",
                           (self.id, participant, name, value, now()))

    def add_note(self, author: str, node: str | None, step: int | None, text: str) -> Note:
        with self.store.change() as db:
            cur = db.execute("INSERT INTO notes (session, author, node, step, text, created) VALUES (?, ?, ?, ?, ?, ?)",
                             (self.id, author, node, step, text, now()))
        return _note(_one(self.store, "SELECT * FROM notes WHERE id = ?", cur.lastrowid))


def _one(store: Store, sql: str, *args: Any) -> sqlite3.Row | None:
    with store.lock:
        return store.db.execute(sql, args).fetchone()  # type: ignore[no-any-return]


def _all(store: Store, sql: str, *args: Any) -> list[sqlite3.Row]:
    with store.lock:
        return store.db.execute(sql, args).fetchall()


def _participant(r: sqlite3.Row) -> Participant:
    return Participant(r["id"], r["number"], r["name"], r["role"], r["joined"], r["lang"])


def _step(r: Any) -> Step:
    return Step(r["id"], r["parent"], r["node"], r["branch"], r["label"], r["how"], loads(r["weights"]),
                loads(r["assumptions"]), loads(r["tally"]), bool(r["undone"]), r["created"])


def _round(r: Any) -> Round:
    return Round(r["id"], r["at"], r["node"], r["voters"], r["status"], r["step"], r["created"])


def _note(r: Any) -> Note:
    return Note(r["id"], r["author"], r["node"], r["step"], r["text"], r["created"])


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)
