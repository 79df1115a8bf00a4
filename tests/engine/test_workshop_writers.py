"""Two writers on one session (issue 20): every move is checked against the stored position inside its transaction,
and a session whose stored path no longer fits is repaired (or undone), never left unfinishable."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from scenarios.engine.format.loader import load_path
from scenarios.engine.workshop import Store, Workshop, WorkshopError
from tests.conftest import PORT


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Workshop, Workshop]:
    """Server A and server B on the same session, each with its own connection (as two processes would be)."""
    a = Workshop.create(Store(tmp_path / "w.db"), load_path(PORT), PORT.read_text(encoding="utf-8"), str(PORT))
    return a, Workshop.resume(Store(tmp_path / "w.db"), a.id)


def _choose(a: Workshop, b: Workshop) -> Callable[[], object]:
    b.standing.position()  # B's screen is drawn at the start
    a.choose(1)  # A: Impose inspections
    return lambda: b.choose(0)  # B, from the start: Propose talks


def _draw(a: Workshop, b: Workshop) -> Callable[[], object]:
    a.choose(0)  # at the talks, a chance event
    b.standing.position()
    a.draw(random.Random(1))
    return lambda: b.draw(random.Random(2))


def _close_vote(a: Workshop, b: Workshop) -> Callable[[], object]:
    a.open_vote()
    b.standing.position()
    a.close_vote(1)  # A closes it, and opens the next one at B's response
    a.open_vote()
    return lambda: b.close_vote(0)


def _undo(a: Workshop, b: Workshop) -> Callable[[], object]:
    a.choose(1)
    b.standing.position()  # B stands after Impose inspections
    a.choose(1)  # A plays on: Retaliate
    return b.undo  # B's undo would take back a step it never saw


def _go_back(a: Workshop, b: Workshop) -> Callable[[], object]:
    first = a.choose(1)
    a.choose(0)
    b.standing.position()
    a.go_back(None)
    a.choose(0)
    return lambda: b.go_back(first.id)


@pytest.mark.parametrize("setup", [_choose, _draw, _close_vote, _undo, _go_back],
                         ids=["choose", "draw", "close-vote", "undo", "go-back"])
def test_a_move_from_a_position_the_session_has_left_is_refused(
        pair: tuple[Workshop, Workshop], setup: Callable[[Workshop, Workshop], Callable[[], object]],
        tmp_path: Path) -> None:
    a, b = pair
    move = setup(a, b)
    before = [s.to_dict() for s in a.record.steps()], a.record.current()
    with pytest.raises(WorkshopError, match="moved on") as err:
        move()
    assert err.value.kind == "conflict"  # a 409: reload
    assert ([s.to_dict() for s in a.record.steps()], a.record.current()) == before  # nothing written
    fresh = Workshop.resume(Store(tmp_path / "w.db"), a.id)
    fresh.standing.position(), fresh.standing.played_paths()  # the stored path still fits
    assert b.standing.position()["step"] == a.record.current()  # B's screen now shows where the session is


def _write_under_a_left_parent(w: Workshop) -> int:
    """What the second server used to do: a step taken at the node it still showed (the start), written under the
    step the session had moved to, straight through the store."""
    with w.store.change() as db:
        parent = db.execute("SELECT current FROM sessions WHERE id = ?", (w.id,)).fetchone()[0]
        cur = db.execute("INSERT INTO steps (session, parent, node, branch, label, how, created) VALUES "
                         "(?, ?, 'a_moves', 0, 'Propose talks', 'chosen', '2025-01-01T00:00:00+00:00')",
                         (w.id, parent))
        db.execute("UPDATE sessions SET current = ? WHERE id = ?", (cur.lastrowid, w.id))
    return int(cur.lastrowid or 0)


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, str, int]:
    """The issue's case: a vote, a note, assumptions, then a step written under a parent the session has left."""
    db = tmp_path / "w.db"
    w = Workshop.create(Store(db), load_path(PORT), PORT.read_text(encoding="utf-8"), str(PORT))
    ana = w.join(w.code, "Ana", "gov_a")[0].id
    w.set_assumptions(ana, {"p_talks_succeed": 0.3})
    w.open_vote()
    w.vote(ana, 1, "k1")
    w.close_vote()  # Impose inspections, by vote
    w.add_note("facilitator", "before the second server")
    bad = _write_under_a_left_parent(w)
    w.store.close()
    return db, w.id, bad


def test_a_step_under_a_left_parent_no_longer_fits(broken: tuple[Path, str, int]) -> None:
    db, sid, _ = broken
    w = Workshop.resume(Store(db), sid)
    with pytest.raises(WorkshopError, match="no longer fits") as err:
        w.standing.position()
    assert err.value.kind == "conflict"


def test_repair_lists_then_drops_what_does_not_fit_and_keeps_the_rest(broken: tuple[Path, str, int]) -> None:
    db, sid, bad = broken
    w = Workshop.resume(Store(db), sid)
    plan = w.repair(apply=False)
    assert [s.id for s in plan.drop] == [bad] and plan.stand == bad - 1
    assert w.record.current() == bad  # only listed
    w.repair()
    again = Workshop.resume(Store(db), sid)
    assert again.standing.position()["id"] == "b_responds"
    assert [[s.label for s in p] for p in again.standing.played_paths()] == [["Impose inspections"]]
    assert [s.undone for s in again.record.steps()] == [False, True]  # dropped, kept in the record
    assert [p.name for p in again.record.participants()] == ["Ana"]
    assert [n.text for n in again.record.notes()] == ["before the second server"]
    assert again.record.counts(1) == {1: 1} and again.record.assumption_sets()
    again.choose(0)  # and the session plays on to the end
    assert again.standing.position()["outcome"]
    assert not again.repair(apply=False).needed


def test_the_facilitators_undo_takes_back_what_does_not_fit(broken: tuple[Path, str, int]) -> None:
    db, sid, bad = broken
    w = Workshop.resume(Store(db), sid)
    undone = w.undo()
    assert undone is not None and (undone.id, undone.undone) == (bad, True)
    assert w.standing.position()["id"] == "b_responds"
    assert w.undo().label == "Impose inspections"  # then undo is the plain undo again


def test_a_misfit_off_the_current_path_and_a_step_under_an_undone_one_are_repaired(tmp_path: Path) -> None:
    w = Workshop.create(Store(tmp_path / "w.db"), load_path(PORT), PORT.read_text(encoding="utf-8"), str(PORT))
    first = w.choose(1)
    bad = _write_under_a_left_parent(w)  # then the facilitator goes back and plays on: the bad path stays kept
    w = Workshop.resume(w.store, w.id)
    w.go_back(first.id)
    w.choose(0)
    assert [s.id for s in w.repair(apply=False).drop] == [bad]  # the handout would follow it: "no longer fits"
    with w.store.change() as db:  # and a step written under one another writer undid
        db.execute("UPDATE steps SET undone = 1 WHERE id = ?", (first.id,))
    with pytest.raises(WorkshopError, match="no longer fits"):  # a 409 that says what to do, not a KeyError
        Workshop.resume(w.store, w.id).standing.played_paths()
    plan = w.repair()
    assert {s.id for s in plan.drop} == {bad, bad + 1} and plan.stand is None
    again = Workshop.resume(w.store, w.id)
    assert again.standing.position()["id"] == "a_moves" and again.standing.played_paths() == []
