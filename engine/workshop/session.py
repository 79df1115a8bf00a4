"""One workshop session as a state machine over the store: join, step, vote, draw, undo, go back, note.

Every method that changes anything runs in one `Store.change()` transaction, so it is
on disk before it returns; reads come from the database, so a session resumed after
`kill -9` is exactly the one that was running.  What is derived from the steps and the
assumptions (where the group stands, the group's median set) is remembered between
changes: a vote changes neither, so counting one does not recompute them.  This assumes
the session object is the only one changing its session, as one server is.  Weights and
draws follow from the group's stated assumptions (the median of the participants' sets);
none is a forecast.
"""

from __future__ import annotations

import random
import secrets
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from scenarios.engine.analysis.rollback import check_rule
from scenarios.engine.core.runtime import CHANCE, DECISION, OUTCOME
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import UsageError
from scenarios.engine.format.loader import load_text
from scenarios.engine.workshop import play

from .errors import WorkshopError
from .identity import NAME_LIMIT, NOTE_LIMIT, clean_text, digest, new_code, new_secret, same_code
from .records import Note, Participant, Round, Step
from .spread import check_values, median_set
from .store import Store, dumps, loads, now

VOTERS = ("role", "everyone")
DEFAULTS: dict[str, Any] = {
    "voters": "role",  # who votes at a decision: the deciding actor's role, or everyone
    "show_values": False,  # show voters what the analysis says each branch is worth to the actor
    "show_names": False,  # the big screen names who voted what (anonymous by default)
    "participant_notes": True,  # participants may attach notes
    "rule": "expected", "alpha": 0.5,
}


class Workshop:
    """A session in a store. Create with `create`, reopen with `resume`."""

    def __init__(self, store: Store, row: sqlite3.Row, scenario: Scenario):
        self.store = store
        self.id: str = row["id"]
        self.code: str = row["code"]
        self.title: str = row["title"]
        self.created: str = row["created"]
        self.csrf_key: str = row["csrf_key"]
        self.file: str = row["file"]
        self.scenario = scenario
        self.version = 0
        self.listeners: list[Callable[[str], None]] = []
        self._memo: dict[tuple[Any, ...], Any] = {}  # derived from steps and assumptions; cleared when they change
        self._people: dict[str, Participant] = {}  # by id and by token: a participant's row never changes

    # -- lifecycle ---------------------------------------------------------------------------------------

    @classmethod
    def create(cls, store: Store, scenario: Scenario, text: str, file: str,
               settings: Mapping[str, Any] | None = None) -> Workshop:
        """A new session on `scenario` (its file `text` is kept, so resuming never depends on the file)."""
        chosen = _check_settings(scenario, {**DEFAULTS, **(settings or {})})
        with store.change() as db:
            for _ in range(20):
                code = new_code()
                if not db.execute("SELECT 1 FROM sessions WHERE code = ?", (code,)).fetchone():
                    break
            sid = secrets.token_hex(4)
            db.execute("INSERT INTO sessions (id, scenario, file, text, title, created, code, csrf_key, settings)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (sid, scenario.name, file, text, scenario.title, now(), code, new_secret(), dumps(chosen)))
        return cls.resume(store, sid, lang=scenario.language)  # its text in the language it was loaded in

    @classmethod
    def resume(cls, store: Store, session_id: str, lang: str | None = None) -> Workshop:
        """The session kept in `store`, its scenario's text in `lang` (None: the file's default language)."""
        row = store.row("SELECT * FROM sessions WHERE id = ?", session_id)
        if row is None:
            known = [r["id"] for r in store.rows("SELECT id FROM sessions ORDER BY created DESC LIMIT 5")]
            hint = f" (recent: {', '.join(known)})" if known else " (there are none yet)"
            raise WorkshopError(f"no workshop session '{session_id}' in {store.path}{hint}", "not_found")
        scenario = load_text(row["text"], row["file"], name=row["scenario"], lang=lang)
        return cls(store, row, scenario)

    def _changed(self, kind: str) -> None:
        self.version += 1
        if kind not in ("tally", "people"):  # a vote or a newcomer moves neither the path nor the median
            self._memo.clear()
        for listener in list(self.listeners):
            listener(kind)

    @property
    def settings(self) -> dict[str, Any]:
        row = self.store.row("SELECT settings FROM sessions WHERE id = ?", self.id)
        return {**DEFAULTS, **loads(row["settings"] if row else None)}

    def update_settings(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        chosen = _check_settings(self.scenario, {**self.settings, **changes}, set(changes))
        with self.store.change() as db:
            db.execute("UPDATE sessions SET settings = ? WHERE id = ?", (dumps(chosen), self.id))
        self._changed("state")
        return chosen

    @property
    def ended(self) -> str | None:
        row = self.store.row("SELECT ended FROM sessions WHERE id = ?", self.id)
        return row["ended"] if row else None

    def end(self) -> None:
        with self.store.change() as db:
            db.execute("UPDATE sessions SET ended = ? WHERE id = ?", (now(), self.id))
            db.execute("UPDATE rounds SET status = 'cancelled' WHERE session = ? AND status = 'open'", (self.id,))
        self._changed("state")

    # -- who is who --------------------------------------------------------------------------------------

    def add_facilitator_key(self) -> str:
        """A new facilitator secret (kept by the facilitator's browser); only its hash is stored."""
        key = new_secret()
        with self.store.change() as db:
            db.execute("INSERT INTO facilitator_keys VALUES (?, ?, ?)", (self.id, digest(key), now()))
        return key

    def is_facilitator(self, key: str | None) -> bool:
        return bool(key) and self.store.row(
            "SELECT 1 FROM facilitator_keys WHERE session = ? AND key_hash = ?", self.id, digest(key or "")) is not None

    def join(self, code: str, name: str = "", role: str | None = None) -> tuple[Participant, str]:
        """A participant who gave the right code; returns them and their secret token."""
        if not isinstance(code, str) or not same_code(code, self.code):
            raise WorkshopError("wrong join code", "forbidden")
        if self.ended:
            raise WorkshopError("this session has ended", "conflict")
        name = " ".join(clean_text(name, "the display name", NAME_LIMIT, required=False).split())
        actors = self.scenario.spec.actors
        if role in ("", None):
            role = self._least_taken_role()
        elif role not in actors:
            raise WorkshopError(f"unknown role '{role}' (roles: {', '.join(actors)})")
        token = new_secret()
        pid = secrets.token_hex(6)
        with self.store.change() as db:
            number = db.execute("SELECT coalesce(max(number), 0) + 1 FROM participants WHERE session = ?",
                                (self.id,)).fetchone()[0]
            db.execute("INSERT INTO participants VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (pid, self.id, number, name, role, digest(token), now()))
        self._changed("people")
        return self.participant(pid), token

    def _least_taken_role(self) -> str | None:
        actors = list(self.scenario.spec.actors)
        if not actors:
            return None
        counts = {a: 0 for a in actors}
        for r in self.store.rows("SELECT role FROM participants WHERE session = ?", self.id):
            if r["role"] in counts:
                counts[r["role"]] += 1
        return min(actors, key=lambda a: counts[a])

    def participant(self, pid: str) -> Participant:
        if pid in self._people:
            return self._people[pid]
        row = self.store.row("SELECT * FROM participants WHERE id = ? AND session = ?", pid, self.id)
        if row is None:
            raise WorkshopError("unknown participant", "not_found")
        found = self._people[pid] = _participant(row)
        return found

    def by_token(self, token: str | None) -> Participant:
        key = f"token:{digest(token)}" if token else ""
        if key in self._people:
            return self._people[key]
        row = token and self.store.row("SELECT * FROM participants WHERE token_hash = ? AND session = ?",
                                       digest(token), self.id)
        if not row:
            raise WorkshopError("you have not joined this session (join with the code first)", "forbidden")
        found = self._people[key] = _participant(row)
        return found

    def participants(self) -> list[Participant]:
        return [_participant(r) for r in self.store.rows(
            "SELECT * FROM participants WHERE session = ? ORDER BY number", self.id)]

    # -- where the session stands ------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        """Every step ever taken, undone ones included (they are part of the record)."""
        return [_step(r) for r in self.store.rows("SELECT * FROM steps WHERE session = ? ORDER BY id", self.id)]

    @property
    def current(self) -> int | None:
        row = self.store.row("SELECT current FROM sessions WHERE id = ?", self.id)
        return row["current"] if row else None

    def path(self, at: int | None = None, steps: list[Step] | None = None) -> list[Step]:
        """The steps from the start to step `at` (default: where the session stands)."""
        by_id = {s.id: s for s in (steps if steps is not None else self.steps())}
        chain: list[Step] = []
        sid = self.current if at is None else at
        while sid is not None:
            chain.append(by_id[sid])
            sid = by_id[sid].parent
        chain.reverse()
        return chain

    def played_paths(self) -> list[list[Step]]:
        """Every path played (each a chain from the start to a step no kept step follows), oldest first."""
        steps = [s for s in self.steps() if not s.undone]
        parents = {s.parent for s in steps}
        return [self.path(s.id, steps) for s in steps if s.id not in parents]

    def spot(self, at: int | None = None) -> play.Spot:
        key = ("spot", at)
        if key not in self._memo:
            self._memo[key] = play.follow(self.scenario, [(s.node, s.branch) for s in self.path(at)])
        return self._memo[key]  # type: ignore[no-any-return]

    def group_vector(self) -> tuple[float, ...]:
        """The group's current assumptions: the median of the participants' sets (the file's values where none)."""
        key = ("group",)
        if key not in self._memo:
            self._memo[key] = self.scenario.assumption_values(median_set(self.scenario, self.assumption_sets()))
        return self._memo[key]  # type: ignore[no-any-return]

    def _available(self, at: int | None = None) -> tuple[Any, ...]:
        """The branches open at step `at` (default: where the group stands) under the group's assumptions."""
        key = ("available", at)
        if key not in self._memo:
            self._memo[key] = play.available(self.scenario, self.spot(at), self.group_vector())
        return self._memo[key]  # type: ignore[no-any-return]

    def position(self) -> dict[str, Any]:
        """The current node as everyone sees it, with the path so far and the open vote."""
        spot = self.spot()
        here = play.describe(self.scenario, spot, self.group_vector())
        here["path"] = [s.to_dict() for s in self.path()]
        here["step"] = self.current
        vote = self.open_round()
        here["round"] = vote.to_dict() if vote else None
        return here

    # -- votes -------------------------------------------------------------------------------------------

    def open_round(self) -> Round | None:
        row = self.store.row("SELECT * FROM rounds WHERE session = ? AND status = 'open'", self.id)
        return _round(row) if row else None

    def rounds(self) -> list[Round]:
        return [_round(r) for r in self.store.rows("SELECT * FROM rounds WHERE session = ? ORDER BY id", self.id)]

    def open_vote(self, voters: str | None = None) -> Round:
        """Open a vote at the current decision; `voters`: role (default setting) or everyone."""
        voters = voters or self.settings["voters"]
        if voters not in VOTERS:
            raise WorkshopError(f"unknown voters '{voters}' (role or everyone)")
        self._not_ended()
        spot = self.spot()
        node = self.scenario.runtime.nodes[spot.node]
        if node.kind != DECISION:
            raise WorkshopError(f"'{node.label}' is not a decision: only decisions are voted on", "conflict")
        if self.open_round():
            raise WorkshopError("a vote is already open here; close it first", "conflict")
        with self.store.change() as db:
            cur = db.execute("INSERT INTO rounds (session, at, node, voters, status, created) VALUES (?, ?, ?, ?,"
                             " 'open', ?)", (self.id, self.current, node.id, voters, now()))
        self._changed("state")
        return _round(self.store.row("SELECT * FROM rounds WHERE id = ?", cur.lastrowid))

    def vote(self, participant_id: str, branch: int, key: str, round_id: object = None) -> tuple[Round, bool]:
        """Record a participant's vote once; the same `key` again returns the first (False: not counted again).

        `round_id`, when given, is the vote the participant saw: a vote for a round that has
        since closed is refused rather than counted in the next one.
        """
        if not isinstance(key, str) or not 1 <= len(key) <= 64:
            raise WorkshopError("a vote needs an idempotency key of 1 to 64 characters")
        who = self.participant(participant_id)
        with self.store.change() as db:
            before = db.execute("SELECT r.* FROM votes v JOIN rounds r ON v.round = r.id "
                                "WHERE v.participant = ? AND v.key = ?", (who.id, key)).fetchone()
            if before is not None:
                return _round(before), False
            row = db.execute("SELECT * FROM rounds WHERE session = ? AND status = 'open'", (self.id,)).fetchone()
            if row is None:
                raise WorkshopError("no vote is open now", "conflict")
            vote = _round(row)
            if round_id is not None and round_id != vote.id:
                raise WorkshopError("this vote is closed", "conflict")
            node = self.scenario.runtime.nodes[self.scenario.runtime.index[vote.node]]
            if vote.voters == "role" and who.role != node.actor:
                actor = self.scenario.spec.actors[node.actor or ""].name
                raise WorkshopError(f"this vote is for the role {actor}", "forbidden")
            if db.execute("SELECT 1 FROM votes WHERE round = ? AND participant = ?", (vote.id, who.id)).fetchone():
                raise WorkshopError("you have already voted in this vote", "conflict")
            self._check_branch(branch)
            db.execute("INSERT INTO votes (round, participant, branch, key, created) VALUES (?, ?, ?, ?, ?)",
                       (vote.id, who.id, branch, key, now()))
        self._changed("tally")
        return vote, True

    def my_vote(self, participant_id: str, round_id: int) -> int | None:
        row = self.store.row("SELECT branch FROM votes WHERE round = ? AND participant = ?", round_id, participant_id)
        return row["branch"] if row else None

    def tally(self, round_id: int) -> dict[int, int]:
        """Votes per branch position (every available branch listed, zeros included)."""
        counts = {r["branch"]: r["n"] for r in self.store.rows(
            "SELECT branch, count(*) AS n FROM votes WHERE round = ? GROUP BY branch", round_id)}
        row = self.store.row("SELECT * FROM rounds WHERE id = ? AND session = ?", round_id, self.id)
        if row is None:
            raise WorkshopError(f"no vote {round_id} in this session", "not_found")
        return {**{b.index: 0 for b in self._available(row["at"])}, **counts}

    def ballots(self, round_id: int) -> list[tuple[str, int]]:
        """(participant id, branch) of each vote: for the record, and for the big screen when names are shown."""
        return [(r["participant"], r["branch"]) for r in self.store.rows(
            "SELECT participant, branch FROM votes WHERE round = ? ORDER BY id", round_id)]

    def close_vote(self, branch: int | None = None) -> Step:
        """Take the winner, or `branch` (an override when it isn't the winner; a tie-break among tied winners)."""
        vote = self.open_round()
        if vote is None:
            raise WorkshopError("no vote is open now", "conflict")
        counts = self.tally(vote.id)
        top = max(counts.values(), default=0)
        leaders = [k for k, n in counts.items() if n == top and top > 0]
        if branch is None:
            if not leaders:
                raise WorkshopError("no votes yet: choose a branch to take it without votes (an override)",
                                    "conflict")
            if len(leaders) > 1:
                tied = " and ".join(self._label(vote.node, k) for k in leaders)
                raise WorkshopError(f"the vote is tied between {tied}: choose one of them", "conflict")
            branch, how = leaders[0], "vote"
        else:
            self._check_branch(branch)
            how = "vote" if leaders == [branch] else "tiebreak" if branch in leaders else "override"
        tally = {self._label(vote.node, k): n for k, n in counts.items()}
        return self._take(branch, how, tally=tally, closing=vote.id)

    # -- other moves -------------------------------------------------------------------------------------

    def choose(self, branch: int) -> Step:
        """The facilitator takes a branch: at a chance node (picked), or at a decision without a vote."""
        if self.open_round():
            raise WorkshopError("a vote is open here: close it (or override it) instead", "conflict")
        return self._take(branch, "chosen")

    def draw(self, rng: random.Random | None = None) -> Step:
        """Draw a chance node's branch at random by its weights under the group's current assumptions."""
        spot = self.spot()
        node = self.scenario.runtime.nodes[spot.node]
        if node.kind != CHANCE:
            raise WorkshopError(f"'{node.label}' is not a chance event: only chance events are drawn", "conflict")
        a = self.group_vector()
        avail = self._available()  # the same spot and group vector, kept between changes
        shares = play.shares(self.scenario, spot, avail, a)
        if shares is None:
            raise WorkshopError(f"'{node.label}' has no weights to draw by: pick a branch", "conflict")
        picked = (rng or random.SystemRandom()).choices(avail, weights=shares)[0]
        weights = {b.label: s for b, s in zip(avail, shares, strict=True)}
        assumptions = dict(zip(self.scenario.runtime.assumption_ids, a, strict=True))
        return self._take(picked.index, "drawn", weights=weights, assumptions=assumptions)

    def _take(self, branch: int, how: str, *, tally: dict[str, int] | None = None, closing: int | None = None,
              weights: dict[str, float] | None = None, assumptions: dict[str, float] | None = None) -> Step:
        self._not_ended()
        spot = self.spot()
        node = self.scenario.runtime.nodes[spot.node]
        b = self._check_branch(branch)
        with self.store.change() as db:
            cur = db.execute("INSERT INTO steps (session, parent, node, branch, label, how, weights, assumptions,"
                             " tally, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (self.id, self.current, node.id, b.index, b.label, how, dumps(weights),
                              dumps(assumptions), dumps(tally), now()))
            db.execute("UPDATE sessions SET current = ? WHERE id = ?", (cur.lastrowid, self.id))
            if closing is not None:
                db.execute("UPDATE rounds SET status = 'closed', step = ? WHERE id = ?", (cur.lastrowid, closing))
        self._changed("state")
        return _step(self.store.row("SELECT * FROM steps WHERE id = ?", cur.lastrowid))

    def undo(self) -> Step:
        """Take back the last step (kept in the record, marked undone); an open vote here is cancelled."""
        current = self.current
        if current is None:
            raise WorkshopError("nothing to undo: the session is at the start", "conflict")
        with self.store.change() as db:
            parent = db.execute("SELECT parent FROM steps WHERE id = ?", (current,)).fetchone()["parent"]
            db.execute("UPDATE steps SET undone = 1 WHERE id = ?", (current,))
            db.execute("UPDATE rounds SET status = 'cancelled' WHERE session = ? AND status = 'open'", (self.id,))
            db.execute("UPDATE sessions SET current = ? WHERE id = ?", (parent, self.id))
        self._changed("state")
        return _step(self.store.row("SELECT * FROM steps WHERE id = ?", current))

    def go_back(self, step: int | None) -> None:
        """Stand again after `step` (None: the start) to play another branch; every path played is kept."""
        if step is not None:
            found = 0 < step < 2**63  # SQLite's integers: a larger number is no step, not an overflow
            row = self.store.row("SELECT undone FROM steps WHERE id = ? AND session = ?", step, self.id) \
                if found else None
            if row is None:
                raise WorkshopError(f"no step {step} in this session", "not_found")
            if row["undone"]:
                raise WorkshopError(f"step {step} was undone", "conflict")
        with self.store.change() as db:
            db.execute("UPDATE rounds SET status = 'cancelled' WHERE session = ? AND status = 'open'", (self.id,))
            db.execute("UPDATE sessions SET current = ? WHERE id = ?", (step, self.id))
        self._changed("state")

    def _check_branch(self, branch: object) -> Any:
        spot = self.spot()
        node = self.scenario.runtime.nodes[spot.node]
        if node.kind == OUTCOME:
            raise WorkshopError(f"'{node.label}' is an outcome: the path has ended (go back to play another)",
                                "conflict")
        if isinstance(branch, bool) or not isinstance(branch, int):
            raise WorkshopError("a branch is given by its number (0 for the first)")
        for b in self._available():
            if b.index == branch:
                return b
        raise WorkshopError(f"'{node.label}' has no available branch {branch}")

    def _label(self, node_id: str, branch: int) -> str:
        rt = self.scenario.runtime
        return rt.nodes[rt.index[node_id]].branches[branch].label

    def _not_ended(self) -> None:
        if self.ended:
            raise WorkshopError("this session has ended", "conflict")

    # -- notes and assumptions ---------------------------------------------------------------------------

    def add_note(self, author: str, text: str, node: str | None = None, step: int | None = None) -> Note:
        """A note on a node or step (the current one by default): "a branch that is missing here"."""
        if author != "facilitator":
            self.participant(author)
            if not self.settings["participant_notes"]:
                raise WorkshopError("the facilitator has not opened notes to participants", "forbidden")
        text = clean_text(text, "the note", NOTE_LIMIT, required=True)
        if node is not None and node not in self.scenario.spec.nodes:
            raise WorkshopError(f"unknown node '{node}'", "not_found")
        if step is not None and self.store.row("SELECT 1 FROM steps WHERE id = ? AND session = ?",
                                                step, self.id) is None:
            raise WorkshopError(f"no step {step} in this session", "not_found")
        if node is None and step is None:
            node = self.scenario.runtime.nodes[self.spot().node].id
            step = self.current
        with self.store.change() as db:
            cur = db.execute("INSERT INTO notes (session, author, node, step, text, created) VALUES (?, ?, ?, ?, ?, ?)",
                             (self.id, author, node, step, text, now()))
        self._changed("state")
        return _note(self.store.row("SELECT * FROM notes WHERE id = ?", cur.lastrowid))

    def notes(self) -> list[Note]:
        return [_note(r) for r in self.store.rows("SELECT * FROM notes WHERE session = ? ORDER BY id", self.id)]

    def set_assumptions(self, participant_id: str, values: Mapping[str, object]) -> dict[str, float]:
        """A participant's own values (each within its range); the others they set are kept."""
        who = self.participant(participant_id)
        checked = check_values(self.scenario, values)
        with self.store.change() as db:
            for name, value in checked.items():
                db.execute("INSERT INTO assumption_values VALUES (?, ?, ?, ?, ?) ON CONFLICT (session, participant,"
                           " name) DO UPDATE SET value = excluded.value, updated = excluded.updated",
                           (self.id, who.id, name, value, now()))
        self._changed("assumptions")
        return self.assumption_set(who.id)

    def assumption_set(self, participant_id: str) -> dict[str, float]:
        """The values one participant set (empty if none)."""
        return {r["name"]: r["value"] for r in self.store.rows(
            "SELECT name, value FROM assumption_values WHERE session = ? AND participant = ? ORDER BY name",
            self.id, participant_id)}

    def assumption_sets(self) -> dict[str, dict[str, float]]:
        """Participant id → the values they set, in joining order."""
        sets: dict[str, dict[str, float]] = {}
        for r in self.store.rows("SELECT a.participant, a.name, a.value FROM assumption_values a JOIN participants p"
                                 " ON a.participant = p.id WHERE a.session = ? ORDER BY p.number, a.name", self.id):
            sets.setdefault(r["participant"], {})[r["name"]] = r["value"]
        return sets

    # -- the raw record ----------------------------------------------------------------------------------

    def record(self) -> dict[str, Any]:
        """Everything stored about the session, as `scenarios workshop export -f json` prints it."""
        rounds = []
        for r in self.rounds():
            entry = r.to_dict()
            entry["votes"] = [{"participant": p, "branch": b, "label": self._label(r.node, b)}
                              for p, b in self.ballots(r.id)]
            rounds.append(entry)
        return {
            "session": self.id, "scenario": self.scenario.name, "title": self.title, "file": self.file,
            "created": self.created, "ended": self.ended, "settings": self.settings,
            "note": "Weights, draws and analyses follow from the group's stated assumptions; they are not forecasts.",
            "participants": [p.to_dict() for p in self.participants()],
            "steps": [s.to_dict() for s in self.steps()], "current": self.current, "rounds": rounds,
            "assumptions": self.assumption_sets(), "notes": [n.to_dict() for n in self.notes()],
        }


def _check_settings(scenario: Scenario, settings: dict[str, Any], changed: set[str] | None = None) -> dict[str, Any]:

    for name in changed or set():
        if name not in DEFAULTS:
            raise WorkshopError(f"unknown setting '{name}' (settings: {', '.join(DEFAULTS)})")
    if settings["voters"] not in VOTERS:
        raise WorkshopError(f"unknown voters '{settings['voters']}' (role or everyone)")
    for flag in ("show_values", "show_names", "participant_notes"):
        if not isinstance(settings[flag], bool):
            raise WorkshopError(f"{flag} is true or false")
    alpha = settings["alpha"]
    if isinstance(alpha, bool) or not isinstance(alpha, int | float):
        raise WorkshopError("alpha is a number from 0 to 1")
    if not isinstance(settings["rule"], str):
        raise WorkshopError("rule is the name of a rule")
    try:
        check_rule(settings["rule"], float(alpha))
    except UsageError as exc:
        raise WorkshopError(exc.message) from None
    return {k: settings[k] for k in DEFAULTS}


def _participant(r: sqlite3.Row) -> Participant:
    return Participant(r["id"], r["number"], r["name"], r["role"], r["joined"])


def _step(r: sqlite3.Row | None) -> Step:
    assert r is not None
    return Step(r["id"], r["parent"], r["node"], r["branch"], r["label"], r["how"], loads(r["weights"]),
                loads(r["assumptions"]), loads(r["tally"]), bool(r["undone"]), r["created"])


def _round(r: sqlite3.Row | None) -> Round:
    assert r is not None
    return Round(r["id"], r["at"], r["node"], r["voters"], r["status"], r["step"], r["created"])


def _note(r: sqlite3.Row | None) -> Note:
    assert r is not None
    return Note(r["id"], r["author"], r["node"], r["step"], r["text"], r["created"])
