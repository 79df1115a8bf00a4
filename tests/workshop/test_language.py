"""A workshop in Spanish (`scenarios workshop NAME --lang es`): phones, the big screen and the handout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from scenarios.cli.workshop.app import Server
from scenarios.cli.workshop.serve import open_session
from scenarios.engine.workshop import Store, Workshop
from tests.web.test_language import CROSSING, english_in, shown, spanish_in
from tests.workshop.conftest import ORIGIN


@pytest.fixture
def spanish(tmp_path: Path) -> tuple[Workshop, TestClient, TestClient]:
    w = open_session(Store(tmp_path / "w.db"), str(CROSSING), None, "es")
    app = Server(w, "LOGIN", "http://testserver/join", lang="es").app()
    facilitator = TestClient(app, base_url="http://testserver")
    facilitator.get("/facilitator/login?token=LOGIN")
    return w, TestClient(app, base_url="http://testserver"), facilitator


def test_the_participants_page_speaks_spanish(spanish: tuple[Workshop, TestClient, TestClient]) -> None:
    w, phone, _ = spanish
    page = phone.get("/join").text
    text, words = shown(page)
    assert '<html lang="es">' in page and "Disputa en el paso fronterizo" in text
    assert "Unirse al taller" in text and "Sus supuestos" in text and "Gobierno A" in page
    assert not english_in(text), sorted(english_in(text))
    assert not english_in(" ".join(words.values()))
    assert words["Vote: what should {actor} do?"] == "Vote: ¿qué opción elegir para {actor}?"
    assert re.search(r'<nav class="langs".*hreflang="en".*aria-current="true">es<', page)  # each phone its own
    assert re.search(r'<select id="lang".*<option value="es" lang="es" selected>Español</option>', page)
    joined = phone.post("/api/join", json={"code": w.code, "name": "", "role": "gov_a"}, headers=ORIGIN).json()
    public = joined["public"]
    assert public["title"] == "Disputa en el paso fronterizo"
    assert public["position"]["label"] == "Primera jugada del Gobierno A"
    assert public["note"].startswith("Los pesos, los valores y los sorteos se derivan")
    assert [a["label"] for a in public["assumptions"]] == ["Las conversaciones prosperan", "Los comerciantes desvían"]
    assert public["position"]["indicators"] == {"Tensión": "baja", "Flujo comercial": "100"}  # labels, not ids
    wrong = phone.post("/api/vote", json={"round": 1, "branch": 0, "key": "k"}, headers=ORIGIN)
    assert "token de seguridad" in wrong.json()["error"]


def test_the_facilitators_screen_and_handout_speak_spanish(spanish: tuple[Workshop, TestClient, TestClient]) -> None:
    facilitator = spanish[2]
    screen = facilitator.get("/facilitator").text
    text, words = shown(screen)
    assert '<html lang="es">' in screen and "Abrir votación (todas las personas)" in text
    assert words["End the session? Nobody can vote or join afterwards."].startswith("¿Terminar la sesión?")
    assert not english_in(text), sorted(english_in(text))
    csrf = re.search(r'"csrf": "([0-9a-f]+)"', screen)
    assert csrf is not None
    headers = {**ORIGIN, "X-CSRF-Token": csrf.group(1)}
    assert facilitator.post("/api/f/choose", json={"branch": 0}, headers=headers).status_code == 200
    state = facilitator.get("/api/f/state").json()
    assert state["steps"][0]["how_text"] == "elegido por la persona facilitadora"
    handout = facilitator.get("/facilitator/handout").text
    text, _ = shown(handout)
    assert '<html lang="es">' in handout and "Documento de cierre del taller: Disputa en el paso fronterizo" in text
    assert "Proponer conversaciones" in text and "elegido por la persona facilitadora" in text
    assert not english_in(text), sorted(english_in(text))


def test_a_resumed_session_takes_the_language_again(spanish: tuple[Workshop, TestClient, TestClient]) -> None:
    w = spanish[0]
    assert Workshop.resume(w.store, w.id, lang="es").scenario.title == "Disputa en el paso fronterizo"
    assert Workshop.resume(w.store, w.id).scenario.title == "Border crossing dispute"


def test_the_report_command_writes_the_handout_in_the_language_asked(
        spanish: tuple[Workshop, TestClient, TestClient], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scenarios.cli.main import main

    w = spanish[0]
    out = tmp_path / "handout.html"
    args = ["workshop", "report", w.id, "-o", str(out), "--db", str(w.store.path)]
    result = CliRunner().invoke(main, [*args, "--lang", "es"])
    assert result.exit_code == 0, result.output
    assert "escrito" in result.stderr
    spanish_text = out.read_text(encoding="utf-8")
    assert "Documento de cierre del taller: Disputa en el paso fronterizo" in spanish_text
    months = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    assert re.search(rf"celebrada el \d{{1,2}} de ({months}) de 20\d\d", spanish_text)  # dates in words, not ISO
    assert not re.search(r"\d{4}-\d{2}-\d{2}", spanish_text.split("</header>")[0])
    result = CliRunner().invoke(main, args)  # the Spanish handout is ours: replaced without --force
    assert result.exit_code == 0, result.output
    english_text = out.read_text(encoding="utf-8")
    assert "Workshop handout: Border crossing dispute" in english_text
    assert re.search(r"held \d{1,2} [A-Z][a-z]+ 20\d\d", english_text)


# The crossing scenario's own Spanish (its labels), beside the program's: none of it on an English phone.
CROSSING_ES = frozenset({"disputa", "paso", "fronterizo", "gobierno", "primera", "jugada", "proponer",
                         "conversaciones", "prosperan", "cerrar", "acuerdo", "ruptura", "tensión", "flujo",
                         "comercial", "comerciantes", "desvían", "baja", "alta", "grave"})


def _said(view: object) -> str:
    """The words a page shows from a view (its strings; not its keys, ids or the token)."""
    if isinstance(view, dict):
        return " ".join(_said(v) for k, v in view.items() if k not in ("csrf", "id", "role", "actor", "node", "kind"))
    if isinstance(view, list):
        return " ".join(map(_said, view))
    return view if isinstance(view, str) else ""


def test_one_room_two_languages_each_phone_its_own(tmp_path: Path) -> None:
    """An English session with an English phone and a Spanish phone: each reads everything in its own language, the
    scenario's text included, remembered for its participant; the projector and the handout switch too."""
    w = open_session(Store(tmp_path / "w.db"), str(CROSSING), None)
    server = Server(w, "LOGIN", "http://testserver/join")
    app = server.app()
    facilitator = TestClient(app, base_url="http://testserver")
    facilitator.get("/facilitator/login?token=LOGIN")
    csrf = re.search(r'"csrf": "([0-9a-f]+)"', facilitator.get("/facilitator").text)
    assert csrf is not None
    english, spanish = TestClient(app, base_url="http://testserver"), TestClient(app, base_url="http://testserver")
    page = spanish.get(f"/join?lang=es&code={w.code}").text
    assert re.search(r'<option value="es" lang="es" selected>Español</option>', page)
    for phone, lang in ((english, "en"), (spanish, "es")):
        joined = phone.post("/api/join", json={"code": w.code, "name": "", "role": "gov_a", "lang": lang},
                            headers=ORIGIN)
        assert joined.status_code == 200, joined.text
    assert sorted(p.lang or "" for p in w.record.participants()) == ["en", "es"]
    headers = {**ORIGIN, "X-CSRF-Token": csrf.group(1)}
    assert facilitator.post("/api/f/choose", json={"branch": 0}, headers=headers).status_code == 200

    mine = spanish.get("/api/me").json()
    assert mine["public"]["title"] == "Disputa en el paso fronterizo"
    assert mine["public"]["position"]["label"] == "¿Prosperan las conversaciones?"
    assert mine["public"]["position"]["path"] == ["Proponer conversaciones"]
    assert mine["me"]["role_name"] == "Gobierno A"
    assert not english_in(_said(mine)), sorted(english_in(_said(mine)))
    theirs = english.get("/api/me").json()
    assert theirs["public"]["position"]["path"] == ["Propose talks"]
    assert theirs["me"]["role_name"] == "Government A"
    assert not spanish_in(_said(theirs), CROSSING_ES), sorted(spanish_in(_said(theirs), CROSSING_ES))

    spanish_page, english_page = spanish.get("/join").text, english.get("/join").text  # remembered per participant
    assert '<html lang="es">' in spanish_page and "Disputa en el paso fronterizo" in spanish_page
    text, words = shown(spanish_page)
    assert not english_in(text) and not english_in(" ".join(words.values()))
    assert {"unirse", "supuestos", "disputa"} <= spanish_in(text, CROSSING_ES)  # what the English page must not show
    text, words = shown(english_page)
    assert '<html lang="en">' in english_page and "Border crossing dispute" in text
    assert not spanish_in(text, CROSSING_ES) and not spanish_in(" ".join(words.values()))

    english.get("/join?lang=es")  # the switch: this phone reads Spanish from now on
    assert english.get("/api/me").json()["public"]["position"]["path"] == ["Proponer conversaciones"]
    assert [p.lang for p in w.record.participants()] == ["es", "es"]

    key = server.auth.projector_key
    state = facilitator.get(f"/api/p/state?key={key}&lang=es").json()
    assert state["label"] == "¿Prosperan las conversaciones?" and state["path"][0]["label"] == "Proponer conversaciones"
    assert not english_in(_said(state)), sorted(english_in(_said(state)))
    assert facilitator.get(f"/api/p/state?key={key}").json()["path"][0]["label"] == "Propose talks"
    projector = facilitator.get(f"/projector?key={key}&lang=es").text
    assert re.search(r'<nav class="langs".*aria-current="true">es<', projector)
    handout = facilitator.get("/facilitator/handout?lang=es")
    assert f"workshop-{w.id}.es.html" in handout.headers["content-disposition"]
    text, _ = shown(handout.text)
    assert "Proponer conversaciones" in text and not english_in(text), sorted(english_in(text))


def test_the_report_comes_in_each_language_the_room_chose(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scenarios.cli.main import main

    w = open_session(Store(tmp_path / "w.db"), str(CROSSING), None)
    w.join(w.code, "", "gov_a", "en")
    w.join(w.code, "", "gov_b", "es")
    w.choose(0)
    out = tmp_path / "handout.html"
    result = CliRunner().invoke(main, ["workshop", "report", w.id, "-o", str(out), "--db", str(w.store.path)])
    assert result.exit_code == 0, result.output
    assert not out.exists()
    spanish = (tmp_path / "handout.es.html").read_text(encoding="utf-8")
    english = (tmp_path / "handout.en.html").read_text(encoding="utf-8")
    assert "Documento de cierre del taller: Disputa en el paso fronterizo" in spanish
    assert "Proponer conversaciones" in spanish and not english_in(shown(spanish)[0])
    assert "Workshop handout: Border crossing dispute" in english and not spanish_in(shown(english)[0], CROSSING_ES)
    result = CliRunner().invoke(main, ["workshop", "report", w.id, "-o", str(out), "--db", str(w.store.path),
                                       "--lang", "es"])  # --lang: that language only, under the name given
    assert result.exit_code == 0 and "Disputa en el paso fronterizo" in out.read_text(encoding="utf-8")


def test_a_sessions_file_from_before_languages_gains_the_column(tmp_path: Path) -> None:
    import sqlite3

    from scenarios.engine.workshop import store

    path = tmp_path / "old.db"
    old = store.SCHEMA.replace(" lang TEXT,", "")
    assert old != store.SCHEMA
    sqlite3.connect(path).executescript(f"BEGIN; {old} PRAGMA user_version=1; COMMIT;")
    w = open_session(Store(path), str(CROSSING), None)
    me, _token = w.join(w.code, "", "gov_a", "es")
    assert me.lang == "es" and sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2
    assert w.voice("es").scenario.title == "Disputa en el paso fronterizo"


def test_a_join_with_a_malformed_language_is_refused(spanish: tuple[Workshop, TestClient, TestClient]) -> None:
    w, phone, _ = spanish
    answer = phone.post("/api/join", json={"code": w.code, "name": "", "lang": "not a code!"}, headers=ORIGIN)
    assert answer.status_code == 400 and "es" in answer.json()["error"]
    assert w.record.participants() == []


def test_a_refusal_reaches_a_spanish_phone_in_spanish(spanish: tuple[Workshop, TestClient, TestClient]) -> None:
    w, phone, _ = spanish
    joined = phone.post("/api/join", json={"code": w.code, "name": "", "role": "gov_a"}, headers=ORIGIN).json()
    headers = {**ORIGIN, "X-CSRF-Token": joined["csrf"]}
    refused = phone.post("/api/vote", json={"round": 1, "branch": 0, "key": "k1"}, headers=headers)
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"] == "no hay ninguna votación abierta ahora"  # was "no vote is open now"
