"""`scenarios workshop --anonymous`: phones are told before joining, and no name reaches the record, the export or
the handout; an ordinary session says on the phone that names are kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from scenarios.cli.main import main
from scenarios.cli.workshop.app import Server
from scenarios.cli.workshop.handout import handout_html
from scenarios.engine.format.loader import load_path
from scenarios.engine.workshop import Store, Workshop, WorkshopError
from scenarios.engine.workshop.export import export
from tests.conftest import PORT
from tests.workshop.conftest import ORIGIN


def session(tmp_path: Path, anonymous: bool) -> Workshop:
    return Workshop.create(Store(tmp_path / "w.db"), load_path(PORT), PORT.read_text(encoding="utf-8"), str(PORT),
                           {"anonymous": anonymous})


def play(w: Workshop) -> None:
    """Two people join by name, vote, set assumptions and write a note; names are then shown."""
    ana, _ = w.join(w.code, "Ana Lovelace", "gov_a")
    bo, _ = w.join(w.code, "Bo Zhang", "gov_a")
    w.open_vote("everyone")
    w.vote(ana.id, 0, "a")
    w.vote(bo.id, 0, "b")
    w.close_vote()
    name = next(iter(w.scenario.spec.assumptions))
    w.set_assumptions(ana.id, {name: w.scenario.spec.assumptions[name].value})
    w.add_note(bo.id, "a note")
    w.update_settings({"show_names": True})


@pytest.mark.big
def test_an_anonymous_session_keeps_no_name_in_its_export_or_handout(tmp_path: Path) -> None:
    w = session(tmp_path, anonymous=True)
    play(w)
    assert [p.name for p in w.record.participants()] == ["", ""]
    for text in (export(w, "json"), export(w, "csv"), handout_html(w), handout_html(w, appendix=True)):
        assert "Ana" not in text and "Lovelace" not in text and "Bo Zhang" not in text
    assert "participant 1" in handout_html(w, appendix=True)
    with pytest.raises(WorkshopError, match="chosen when the session starts"):
        w.update_settings({"anonymous": False})


def test_an_ordinary_session_keeps_names_and_the_handout_shows_them_when_the_facilitator_does(tmp_path: Path) -> None:
    w = session(tmp_path, anonymous=False)
    play(w)  # the failing twin of the test above: the same play does leave names
    assert "Ana Lovelace" in export(w, "json")
    assert "Bo Zhang" in handout_html(w)


@pytest.mark.parametrize("anonymous", [True, False])
def test_the_phone_says_before_joining_whether_names_are_kept(tmp_path: Path, anonymous: bool) -> None:
    w = session(tmp_path, anonymous)
    page = TestClient(Server(w, "LOGIN", "http://testserver/join").app(), base_url="http://testserver")
    text = page.get(f"/join?code={w.code}").text
    join_form = text[text.index('id="join-form"'):text.index("</form>")]
    if anonymous:
        assert "This session is anonymous: no name is asked for or kept" in join_form
        assert 'id="name"' not in join_form
        r = page.post("/api/join", json={"code": w.code, "name": "Ana"}, headers=ORIGIN)  # an old page sends one
        assert r.status_code == 200 and r.json()["me"]["name"] == ""
    else:
        assert re.search(r"Your name is kept in the session&#39;s record|Your name is kept in the session's record",
                         join_form)
        assert 'id="name"' in join_form


def test_anonymous_is_chosen_at_the_start_not_on_resume(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["workshop", "--resume", "abc", "--anonymous", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2
    assert "--anonymous is chosen when a session starts" in result.output
