"""A workshop in Spanish (`scenarios workshop NAME --lang es`): phones, the big screen and the handout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from scenarios.cli.workshop.app import Server
from scenarios.cli.workshop.serve import open_session
from scenarios.engine.workshop import Store, Workshop
from tests.web.test_language import CROSSING, english_in, shown
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
    assert words["Vote: what should {actor} do?"] == "Vote: ¿qué debería hacer {actor}?"
    assert 'class="langs"' not in page  # one language per session: no switch
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
