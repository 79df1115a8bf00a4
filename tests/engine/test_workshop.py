"""The workshop session as a state machine, without a server: votes, draws, undo, replay, resume."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from scenarios.engine.format.loader import load_path
from scenarios.engine.workshop import Store, Workshop, WorkshopError
from scenarios.engine.workshop.voting import may_vote
from tests.conftest import PORT


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "workshops.db")


@pytest.fixture
def w(store: Store) -> Workshop:
    return Workshop.create(store, load_path(PORT), PORT.read_text(encoding="utf-8"), str(PORT))


def people(w: Workshop, *roles: str) -> list[str]:
    return [w.join(w.code, f"P{i}", role)[0].id for i, role in enumerate(roles)]


def test_join_needs_the_code_and_hands_out_roles_evenly(w: Workshop) -> None:
    with pytest.raises(WorkshopError, match="wrong join code") as err:
        w.join("AAAAAA", "Mallory")
    assert err.value.kind == "forbidden"
    a, _ = w.join(w.code.lower(), "  Ann  ")
    b, _ = w.join(" " + w.code, "")
    assert (a.name, a.role, a.number) == ("Ann", "gov_a", 1)
    assert (b.name, b.role, b.label(show_names=True)) == ("", "gov_b", "participant 2")
    with pytest.raises(WorkshopError, match="unknown role 'gov_c'"):
        w.join(w.code, "C", "gov_c")
    with pytest.raises(WorkshopError, match="the limit is 40"):
        w.join(w.code, "x" * 41)


def test_a_resent_vote_counts_once_and_a_second_vote_is_refused(w: Workshop) -> None:
    ann, bob = people(w, "gov_a", "gov_a")
    vote = w.open_vote()
    assert w.vote(ann, 1, "k1") == (vote, True)
    assert w.vote(ann, 1, "k1") == (vote, False)  # the phone resent it
    with pytest.raises(WorkshopError, match="already voted") as err:
        w.vote(ann, 0, "k2")
    assert err.value.kind == "conflict"
    w.vote(bob, 1, "k1")  # keys are per participant
    assert w.standing.tally(vote.id) == {0: 0, 1: 2}


def test_only_the_deciding_role_votes_unless_everyone_may(w: Workshop) -> None:
    _a, b = people(w, "gov_a", "gov_b")
    w.open_vote()
    with pytest.raises(WorkshopError, match="for the role Government A") as err:
        w.vote(b, 0, "k")
    assert err.value.kind == "forbidden"
    w.undo() if w.record.current() else w.go_back(None)  # cancels the open vote
    everyone = w.open_vote("everyone")
    w.vote(b, 0, "k")
    assert w.standing.tally(everyone.id) == {0: 1, 1: 0}


@pytest.mark.parametrize(("voters", "role", "allowed"), [
    pytest.param("role", "gov_a", True, id="the_deciding_role"),
    pytest.param("role", "gov_b", False, id="another_role"),
    pytest.param("role", None, False, id="no_role_in_a_role_vote"),
    pytest.param("everyone", "gov_b", True, id="another_role_when_everyone_votes"),
    pytest.param("everyone", None, True, id="no_role_when_everyone_votes"),
])
def test_who_may_vote_at_government_as_decision(voters: str, role: str | None, allowed: bool) -> None:
    assert may_vote(voters, "gov_a", role) is allowed


def test_closing_takes_the_winner_and_records_the_tally(w: Workshop) -> None:
    a1, a2, a3 = people(w, "gov_a", "gov_a", "gov_a")
    w.open_vote()
    for pid, branch in ((a1, 1), (a2, 1), (a3, 0)):
        w.vote(pid, branch, "k")
    step = w.close_vote()
    assert (step.label, step.how, step.tally) == ("Impose inspections", "vote",
                                                  {"Propose talks": 1, "Impose inspections": 2})
    assert w.standing.position()["id"] == "b_responds"
    with pytest.raises(WorkshopError, match="no vote is open"):
        w.vote(a1, 0, "late")


def test_override_and_tie_are_recorded_as_such(w: Workshop) -> None:
    a1, a2 = people(w, "gov_a", "gov_a")
    w.open_vote()
    w.vote(a1, 0, "k")
    w.vote(a2, 1, "k")
    with pytest.raises(WorkshopError, match="tied between Propose talks and Impose inspections"):
        w.close_vote()
    assert w.close_vote(1).how == "tiebreak"
    w.undo()
    w.open_vote()
    w.vote(a1, 0, "k3")
    assert w.close_vote(1).how == "override"


def test_a_closed_vote_without_votes_asks_for_a_branch(w: Workshop) -> None:
    w.open_vote()
    with pytest.raises(WorkshopError, match="no votes yet"):
        w.close_vote()


def test_draw_records_the_weights_under_the_groups_median_assumptions(w: Workshop) -> None:
    a, b, c = people(w, "gov_a", "gov_b", "gov_b")
    w.choose(0)  # Propose talks, chosen without a vote
    for pid, value in ((a, 0.2), (b, 0.8), (c, 0.7)):
        w.set_assumptions(pid, {"p_talks_succeed": value})
    step = w.draw(random.Random(1))
    assert step.how == "drawn"
    assert step.assumptions == {"p_talks_succeed": 0.7}
    assert step.weights == pytest.approx({"Agreement": 0.7, "Breakdown": 0.3})


def test_draw_and_vote_only_where_they_apply(w: Workshop) -> None:
    with pytest.raises(WorkshopError, match="not a chance event"):
        w.draw()
    w.choose(0)
    with pytest.raises(WorkshopError, match="only decisions are voted on"):
        w.open_vote()
    with pytest.raises(WorkshopError, match="no available branch 5"):
        w.choose(5)


def test_guarded_branches_are_not_offered(w: Workshop) -> None:
    w.choose(0)
    w.choose(1)  # Breakdown: B responds after talks were held
    labels = [b["label"] for b in w.standing.position()["branches"]]
    assert labels == ["Accept", "Retaliate"]  # "Return to talks" needs `not talks_held`
    with pytest.raises(WorkshopError, match="no available branch 2"):
        w.choose(2)


def test_what_the_group_sees_follows_every_change_between_votes(w: Workshop) -> None:
    a, b = people(w, "gov_a", "gov_b")
    w.choose(0)  # Propose talks: a chance node weighted by p_talks_succeed
    assert [x["weight"] for x in w.standing.position()["branches"]] == pytest.approx([0.5, 0.5])
    w.set_assumptions(a, {"p_talks_succeed": 0.8})
    assert [x["weight"] for x in w.standing.position()["branches"]] == pytest.approx([0.8, 0.2])
    w.set_assumptions(b, {"p_talks_succeed": 0.4})  # the median of 0.8 and 0.4
    assert [x["weight"] for x in w.standing.position()["branches"]] == pytest.approx([0.6, 0.4])
    w.go_back(None)
    w.choose(1)  # Impose inspections: B responds, talks never held, so "Return to talks" is open
    assert [x["label"] for x in w.standing.position()["branches"]] == ["Accept", "Retaliate", "Return to talks"]
    w.open_vote("everyone")
    assert w.vote(b, 2, "k1")[1] is True
    w.undo()
    w.go_back(None)
    w.choose(0)
    w.choose(1)  # Breakdown: B responds again, at the same node in another state
    w.open_vote("everyone")
    with pytest.raises(WorkshopError, match="no available branch 2"):
        w.vote(b, 2, "k2")  # after talks, "Return to talks" is closed


def test_undo_and_going_back_keep_every_played_path(w: Workshop) -> None:
    first = w.choose(1)  # Impose inspections
    w.choose(1)  # Retaliate → spiral
    assert w.standing.position()["outcome"]
    with pytest.raises(WorkshopError, match="the path has ended"):
        w.choose(0)
    undone = w.undo()
    assert (undone.label, undone.undone) == ("Retaliate", True)  # kept in the record, marked undone
    w.choose(0)  # Accept instead
    w.go_back(first.id)
    w.choose(2)  # what if B had returned to talks?
    w.go_back(None)
    w.choose(0)
    paths = [[s.label for s in p] for p in w.standing.played_paths()]
    assert paths == [["Impose inspections", "Accept"], ["Impose inspections", "Return to talks"], ["Propose talks"]]
    assert w.standing.position()["indicators"]["talks_held"] == "yes"


def test_undo_at_the_start_and_unknown_steps_are_refused(w: Workshop) -> None:
    with pytest.raises(WorkshopError, match="nothing to undo"):
        w.undo()
    with pytest.raises(WorkshopError, match="no step 99") as err:
        w.go_back(99)
    assert err.value.kind == "not_found"


def test_going_back_cancels_an_open_vote(w: Workshop) -> None:
    step = w.choose(1)
    w.open_vote()
    w.go_back(step.id)
    assert w.record.open_round() is None
    assert [r.status for r in w.record.rounds()] == ["cancelled"]


def test_notes_are_limited_and_participants_need_permission(w: Workshop) -> None:
    (a,) = people(w, "gov_a")
    note = w.add_note(a, "  a branch that is missing here  ")
    assert (note.text, note.node, note.step, note.author) == ("a branch that is missing here", "a_moves", None, a)
    with pytest.raises(WorkshopError, match="limit is 500"):
        w.add_note("facilitator", "x" * 501)
    with pytest.raises(WorkshopError, match="empty"):
        w.add_note("facilitator", " \n ")
    w.update_settings({"participant_notes": False})
    with pytest.raises(WorkshopError, match="not opened notes"):
        w.add_note(a, "again")
    assert w.add_note("facilitator", "<b>ok</b>", node="deal").text == "<b>ok</b>"  # escaped on display


def test_assumptions_are_checked_and_each_keeps_their_own(w: Workshop) -> None:
    a, b = people(w, "gov_a", "gov_b")
    with pytest.raises(WorkshopError, match=r"outside its range \[0.2, 0.8\]"):
        w.set_assumptions(a, {"p_talks_succeed": 0.9})
    with pytest.raises(WorkshopError, match="unknown assumption 'p_talk'"):
        w.set_assumptions(a, {"p_talk": 0.5})
    with pytest.raises(WorkshopError, match="should be a number"):
        w.set_assumptions(a, {"p_talks_succeed": "0.5"})
    w.set_assumptions(a, {"p_talks_succeed": 0.3})
    w.set_assumptions(b, {"p_talks_succeed": 0.6})
    w.set_assumptions(a, {"p_talks_succeed": 0.4})
    assert w.record.assumption_sets() == {a: {"p_talks_succeed": 0.4}, b: {"p_talks_succeed": 0.6}}


def test_settings_are_checked(w: Workshop) -> None:
    with pytest.raises(WorkshopError, match="unknown setting 'colour'"):
        w.update_settings({"colour": "red"})
    with pytest.raises(WorkshopError, match="unknown rule 'best'"):
        w.update_settings({"rule": "best"})
    assert w.update_settings({"show_names": True})["show_names"] is True


def test_resume_from_the_database_finds_every_vote_and_step(store: Store, w: Workshop, tmp_path: Path) -> None:
    a1, a2 = people(w, "gov_b", "gov_b")
    w.choose(1)
    open_vote = w.open_vote()
    w.vote(a1, 0, "k")
    w.vote(a2, 1, "k")
    w.add_note("facilitator", "first note")
    store.close()
    again = Workshop.resume(Store(tmp_path / "workshops.db"), w.id)  # a fresh process would do the same
    assert again.record.open_round() == open_vote
    assert again.standing.tally(open_vote.id) == {0: 1, 1: 1, 2: 0}
    assert again.vote(a1, 0, "k")[1] is False  # the resent vote after the restart still counts once
    assert [s.label for s in again.standing.path()] == ["Impose inspections"]
    assert [n.text for n in again.record.notes()] == ["first note"]
    assert again.close_vote(0).tally == {"Accept": 1, "Retaliate": 1, "Return to talks": 0}


def test_resume_does_not_depend_on_the_file(tmp_path: Path) -> None:
    copy = tmp_path / "port.yaml"
    copy.write_text(PORT.read_text(encoding="utf-8"), encoding="utf-8")
    store = Store(tmp_path / "w.db")
    w = Workshop.create(store, load_path(copy), copy.read_text(encoding="utf-8"), str(copy))
    w.choose(0)
    copy.unlink()
    assert Workshop.resume(store, w.id).standing.position()["id"] == "talks"


def test_unknown_session_and_foreign_database(store: Store, tmp_path: Path) -> None:
    with pytest.raises(WorkshopError, match="no workshop session 'nope'") as err:
        Workshop.resume(store, "nope")
    assert err.value.kind == "not_found"
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(WorkshopError, match="not a workshop database"):
        Store(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(WorkshopError, match="not a workshop database"):
        Store(junk)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    Store(path).close()
    sqlite3.connect(path).execute("PRAGMA user_version = 99")
    with pytest.raises(WorkshopError, match="newer version"):
        Store(path)


def test_facilitator_keys_are_stored_hashed(store: Store, w: Workshop) -> None:
    key = w.people.add_facilitator_key()
    assert w.people.is_facilitator(key) and not w.people.is_facilitator("guess") and not w.people.is_facilitator(None)
    dump = "\n".join(store.db.iterdump())
    assert key not in dump


def test_group_analysis_compares_each_participants_set(w: Workshop) -> None:
    from scenarios.engine.workshop import group_analysis

    a, b = people(w, "gov_a", "gov_b")
    w.set_assumptions(a, {"p_talks_succeed": 0.2})
    w.set_assumptions(b, {"p_talks_succeed": 0.8})
    result = group_analysis(w.scenario, w.record.assumption_sets())
    assert [g["name"] for g in result["comparison"]["groups"]] == ["median", a, b]
    (row,) = result["spread"]
    assert (row["file"], row["values"], row["median"]) == (0.5, [0.2, 0.8], 0.5)
