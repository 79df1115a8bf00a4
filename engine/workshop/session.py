"""One workshop session as a state machine over the store: join, step, vote, draw, undo, go back, note.

Every change is one `Store.change()` transaction (its checks included), so it is on
disk before it returns; reads come from the database, so a session resumed after
`kill -9` is exactly the one that was running.  The parts: `record` reads what is
kept, `standing` derives where the group stands, `people` says who is who; the rules
are plain functions (voting, navigation, notes, settings, spread) that the screens
call too.  Weights and draws follow from the group's stated assumptions (the median
of the participants' sets); none is a forecast.
"""

from __future__ import annotations

import random
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from scenarios.engine.core.runtime import CHANCE, DECISION
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.format.loader import load_text
from scenarios.engine.text.i18n import _, language_code

from . import navigation, notes, play, voting
from .batch import Batch, ballot_box
from .errors import MovedOn, WorkshopError, WrongCode
from .identity import NAME_LIMIT, clean_text, digest, new_secret, same_code
from .moves import Moves
from .people import People, role_for
from .records import Note, Participant, Round, Session, Step
from .settings import DEFAULTS, check_settings
from .spread import check_values
from .standing import Standing
from .store import Record, Recorder, Store
from .voices import Voices

REREAD_SETS = ("assumptions", "moved")  # changes after which the participants' assumption sets are read again


class Workshop:
    """A session in a store: every change it may go through. Create with `create`, reopen with `resume`."""

    def __init__(self, store: Store, started: Session, scenario: Scenario):
        self.store = store
        self.started = started  # what the session was started with, its scenario's text included
        self.id, self.code, self.title = started.id, started.code, started.title
        self.created, self.csrf_key, self.file = started.created, started.csrf_key, started.file
        self.scenario = scenario
        self.version = 0
        self.listeners: list[Callable[[str], None]] = []
        self.record = Record(store, started.id)
        self.standing = Standing(scenario, self.record)
        self._write = Recorder(store, started.id)
        self._moves = Moves(store, started.id)
        self.batch = Batch(store)  # votes arriving together, committed together
        self._tallied = lambda: self._changed("tally")  # one callable: told once per group of votes
        self.people = People(self.record, self._write)
        self.voice = Voices(self)  # voice(lang): this session read in another language, for its readers' screens
        self.origin: Scenario | None = None  # a voice's: the session's scenario, whose language steps are kept in

    # -- lifecycle ---------------------------------------------------------------------------------------

    @classmethod
    def create(cls, store: Store, scenario: Scenario, text: str, file: str,
               settings: Mapping[str, Any] | None = None) -> Workshop:
        """A new session on `scenario` (its file `text` is kept, so resuming never depends on the file)."""
        chosen = check_settings(scenario, {**DEFAULTS, **(settings or {})})
        sid = store.add_session(scenario.name, file, text, scenario.title, chosen)
        return cls.resume(store, sid, lang=scenario.language)  # its text in the language it was loaded in

    @classmethod
    def resume(cls, store: Store, session_id: str, lang: str | None = None) -> Workshop:
        """The session kept in `store`, its scenario's text in `lang` (None: the file's default language)."""
        started = store.session(session_id)
        if started is None:
            known = store.recent()
            hint = _("recent: {ids}").format(ids=", ".join(known)) if known else _("there are none yet")
            raise WorkshopError(_("no workshop session '{id}' in {file} ({hint})").format(
                id=session_id, file=store.path, hint=hint), "not_found")
        scenario = load_text(started.text, started.file, name=started.scenario, lang=lang)
        return cls(store, started, scenario)

    def _changed(self, kind: str) -> None:
        self.version += 1
        if kind in REREAD_SETS:
            self.record.sets.forget()
        if kind not in ("tally", "people"):  # a vote or a newcomer moves neither the path nor the median
            self.standing.forget(assumptions=kind in REREAD_SETS)
        self.voice.changed(kind)
        for listener in list(self.listeners):
            listener(kind)

    @property
    def settings(self) -> dict[str, Any]:
        return {**DEFAULTS, **self.record.settings()}

    def update_settings(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        chosen = check_settings(self.scenario, {**self.settings, **changes}, set(changes))
        self._write.set_settings(chosen)
        self._changed("state")
        return chosen

    def end(self) -> None:
        self._write.end()
        self._changed("state")

    def join(self, code: str, name: str = "", role: str | None = None,
             lang: str | None = None) -> tuple[Participant, str]:
        """A participant who gave the right code, reading in `lang` (None: the session's language); returns them and
        their secret token."""
        if not isinstance(code, str) or not same_code(code, self.code):
            raise WrongCode()
        _not_ended(self.record)
        lang = _language(lang)
        name = " ".join(clean_text(name, _("the display name"), NAME_LIMIT, required=False).split())
        if self.settings["anonymous"]:
            name = ""  # an anonymous session keeps no name, whatever a phone sends
        taken = [p.role for p in self.record.participants()] if role in ("", None) else []
        role = role_for(self.scenario.spec.actors, taken, role)
        token = new_secret()
        pid = secrets.token_hex(6)
        self._write.add_participant(pid, name, role, digest(token), lang)
        self._changed("people")
        return self.people.participant(pid), token

    def set_language(self, participant_id: str, lang: str | None) -> Participant:
        """The language a participant reads in from now on (None: the session's)."""
        who = self.people.participant(participant_id)
        lang = _language(lang)
        if lang != who.lang:
            self._write.set_language(who.id, lang)
            self.record.seen.clear()  # read again, with the language
            self._changed("people")
        return self.people.participant(participant_id)

    # -- votes -------------------------------------------------------------------------------------------

    def open_vote(self, voters: str | None = None) -> Round:
        """Open a vote at the current decision; `voters`: role (default setting) or everyone."""
        voters = voting.check_voters(voters or self.settings["voters"])
        _not_ended(self.record)
        node = self.scenario.runtime.nodes[self.standing.spot().node]
        if node.kind != DECISION:
            raise WorkshopError(_("'{node}' is not a decision: only decisions are voted on").format(
                node=node.label), "conflict")
        if self.record.open_round():
            raise WorkshopError(_("a vote is already open here; close it first"), "conflict")
        vote = self._write.add_round(self.standing.at(), node.id, voters)
        self._changed("state")
        return vote

    def vote(self, participant_id: str, branch: int, key: str, round_id: object = None,
             grouped: bool = False) -> tuple[Round, bool]:
        """Record a participant's vote once; the same `key` again returns the first (False: not counted again).

        `round_id`, when given, is the vote the participant saw: a vote for a round that has
        since closed is refused rather than counted in the next one.  `grouped`: written in the
        open group of votes (batch.py), kept once `self.batch` commits it, which the caller awaits
        before it answers (the screens are told then, once for the whole group).
        """
        voting.check_key(key)
        who = self.people.participant(participant_id)
        with self.batch.write() if grouped else self.store.change():  # the checks and the vote see the same state
            vote, mine = self.batch.ballot(self.id, who.id) if grouped else ballot_box(self.store, self.id, who.id)
            try:  # the usual vote in one or two statements; anything else is sorted out below, in its checks' order
                if vote is None or mine is not None or round_id not in (None, vote.id):
                    raise _Unusual
                voting.check_ballot(self.scenario, vote, who.role, round_id)
                self._write.add_vote(vote.id, who.id, self.standing.check_branch(branch).index, key)
                answer = vote, True
            except (_Unusual, WorkshopError, sqlite3.IntegrityError):  # (a key used before: the INSERT wrote nothing)
                answer = _unusual_vote(self, who, branch, key, round_id)
        if answer[1] and grouped:
            self.batch.then(self._tallied)
        elif answer[1]:
            self._tallied()
        return answer

    def close_vote(self, branch: int | None = None) -> Step:
        """Take the winner, or `branch` (an override when it isn't the winner; a tie-break among tied winners)."""
        vote = self.record.open_round()
        if vote is None:
            raise WorkshopError(_("no vote is open now"), "conflict")
        counts = self.standing.tally(vote.id)
        if branch is not None:
            self.standing.check_branch(branch)
        branch, how = voting.decide(counts, branch, lambda k: navigation.label(self.scenario, vote.node, k))
        tally = {navigation.label(self.scenario, vote.node, k): n for k, n in counts.items()}
        return self._take(branch, how, tally=tally, closing=vote.id)

    # -- moves -------------------------------------------------------------------------------------------

    def choose(self, branch: int) -> Step:
        """The facilitator takes a branch: at a chance node (picked), or at a decision without a vote."""
        if self.record.open_round():
            raise WorkshopError(_("a vote is open here: close it (or override it) instead"), "conflict")
        return self._take(branch, "chosen")

    def draw(self, rng: random.Random | None = None) -> Step:
        """Draw a chance node's branch at random by its weights under the group's current assumptions."""
        spot = self.standing.spot()
        node = self.scenario.runtime.nodes[spot.node]
        if node.kind != CHANCE:
            raise WorkshopError(_("'{node}' is not a chance event: only chance events are drawn").format(
                node=node.label), "conflict")
        a = self.standing.group_vector()
        avail = self.standing.available()  # the same spot and group vector, kept between changes
        shares = play.shares(self.scenario, spot, avail, a)
        if shares is None:
            raise WorkshopError(_("'{node}' has no weights to draw by: pick a branch").format(
                node=node.label), "conflict")
        picked = (rng or random.SystemRandom()).choices(avail, weights=shares)[0]
        weights = {b.label: s for b, s in zip(avail, shares, strict=True)}
        assumptions = dict(zip(self.scenario.runtime.assumption_ids, a, strict=True))
        return self._take(picked.index, "drawn", weights=weights, assumptions=assumptions)

    def _take(self, branch: int, how: str, *, tally: dict[str, int] | None = None, closing: int | None = None,
              weights: dict[str, float] | None = None, assumptions: dict[str, float] | None = None) -> Step:
        _not_ended(self.record)
        node = self.scenario.runtime.nodes[self.standing.spot().node]
        b = self.standing.check_branch(branch)
        with _fresh(self):  # written only if the store still stands where this move was computed
            step = self._moves.add_step(self.standing.at(), node.id, b.index, b.label, how, weights=weights,
                                        assumptions=assumptions, tally=tally, closing=closing)
        self._changed("state")
        return step

    def undo(self) -> Step | None:
        """Take back the last step (kept in the record, marked undone); an open vote here is cancelled.

        On a session whose stored path doesn't fit (two servers wrote to it), take back instead
        every step that doesn't fit, as `repair` does; returns the last of them (None: none).
        """
        with _fresh(self), self.store.change():
            plan = navigation.misfits(self.scenario, self.record.steps(), self.record.current())
            if plan.needed:
                self._moves.drop([s.id for s in plan.drop], plan.stand)
                step = replace(plan.drop[-1], undone=True) if plan.drop else None
            else:
                step = self._moves.undo(navigation.check_undo(self.standing.at()))
        self._changed("state")
        return step

    def go_back(self, step: int | None) -> None:
        """Stand again after `step` (None: the start) to play another branch; every path played is kept."""
        navigation.check_back(step, None if step is None else self.record.undone(step))
        with _fresh(self):
            self._moves.stand_after(self.standing.at(), step)
        self._changed("state")

    def repair(self, apply: bool = True) -> navigation.Repair:
        """The kept steps that don't follow from the played path or no longer fit the scenario (a second server
        wrote them), and the step the session will stand after; with `apply`, dropped in one transaction (marked
        undone, so the votes, notes and participants that name them are kept)."""
        with self.store.change():
            plan = navigation.misfits(self.scenario, self.record.steps(), self.record.current())
            if apply and plan.needed:
                self._moves.drop([s.id for s in plan.drop], plan.stand)
        if apply and plan.needed:
            self._changed("state")
        return plan

    # -- notes and assumptions ---------------------------------------------------------------------------

    def add_note(self, author: str, text: str, node: str | None = None, step: int | None = None) -> Note:
        """A note on a node or step (the current one by default): "a branch that is missing here"."""
        by_participant = author != notes.FACILITATOR
        if by_participant:
            self.people.participant(author)
        text = notes.check_note(self.scenario, text, node, by_participant=by_participant,
                                open_to_participants=self.settings["participant_notes"])
        if step is not None and self.record.undone(step) is None:
            raise WorkshopError(_("no step {step} in this session").format(step=step), "not_found")
        if node is None and step is None:
            node = self.scenario.runtime.nodes[self.standing.spot().node].id
            step = self.standing.at()
        note = self._write.add_note(author, node, step, text)
        self._changed("state")
        return note

    def set_assumptions(self, participant_id: str, values: Mapping[str, object]) -> dict[str, float]:
        """A participant's own values (each within its range); the others they set are kept."""
        who = self.people.participant(participant_id)
        self._write.set_assumptions(who.id, check_values(self.scenario, values))
        self._changed("assumptions")
        return self.record.assumption_set(who.id)


class _Unusual(Exception):
    """A vote that is not the usual first vote in the open round."""


def _unusual_vote(w: Workshop, who: Participant, branch: int, key: str, round_id: object) -> tuple[Round, bool]:
    """A vote resent, refused, or for a round other than the open one: each check in turn (in the vote's change)."""
    before = w.record.voted_with(who.id, key)
    vote = w.record.open_round()
    if before is not None:  # a resend of the same vote is answered as counted once; another vote is refused
        if before.id != (round_id if round_id is not None else (vote.id if vote else None)):
            raise WorkshopError(_("this vote reuses the key of an earlier vote, so it was not counted: "
                                  "reload the page and vote again"), "conflict")
        return before, False
    if vote is None:
        raise WorkshopError(_("no vote is open now"), "conflict")
    voting.check_ballot(w.scenario, vote, who.role, round_id)
    if w.record.my_vote(who.id, vote.id) is not None:
        raise WorkshopError(_("you have already voted in this vote"), "conflict")
    w.standing.check_branch(branch)
    w._write.add_vote(vote.id, who.id, branch, key)
    return vote, True


@contextmanager
def _fresh(w: Workshop) -> Iterator[None]:
    """A move refused because the session moved on: the screens are pushed where it stands now."""
    try:
        yield
    except MovedOn:
        w._changed("moved")  # another writer: everything is read again
        raise


def _language(lang: object) -> str | None:
    if lang is not None and not isinstance(lang, str):
        raise WorkshopError(_("the language is a code such as en or es"))
    try:
        return language_code(lang)
    except ValueError as exc:
        raise WorkshopError(str(exc)) from None


def _not_ended(record: Record) -> None:
    if record.ended():
        raise WorkshopError(_("this session has ended"), "conflict")
