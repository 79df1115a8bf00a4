"""The browser pages and the HTML export in the reader's language: ?lang=CODE, --lang, $SCENARIOS_LANG.

A Spanish page shows the scenario's Spanish text and none of the program's English words, in
what the server writes and in the words its scripts show; signposts appear in the node panel.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from scenarios.cli.http import words as shared_words
from scenarios.cli.main import main
from scenarios.cli.web import create_app
from scenarios.cli.web import words as web_words
from scenarios.cli.workshop import words as workshop_words
from tests.test_catalogue import _english_words, _words

ROOT = Path(__file__).resolve().parents[2]
CROSSING = ROOT / "tests" / "data" / "languages" / "crossing.yaml"
PORT = ROOT / "tests" / "data" / "port-dispute.yaml"  # English only (the tutorial has Spanish since issue 19)
# Ids, level names, rule names and expressions are language-neutral content, not the program's words.
CONTENT = {"tension", "trade", "high", "low", "severe", "p_talks", "p_reroute", "expected", "laplace", "maximin",
           "maximax", "hurwicz", "scenarios", "crossing", "civilian_risk"}


class _Shown(HTMLParser):
    """The text a reader meets on a page: text nodes, the attributes read aloud or shown, the scripts' words."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.scripts: dict[str, str] = {}
        self._in: list[str] = []
        self._script_id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self._in.append(tag)
        if tag == "script":
            self._script_id = a.get("id")
        for name in ("aria-label", "title", "placeholder", "alt"):
            if a.get(name):
                self.text.append(a[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if "script" in self._in:
            if self._script_id:
                self.scripts[self._script_id] = self.scripts.get(self._script_id, "") + data
        elif "style" not in self._in and "code" not in self._in:
            self.text.append(data)


def shown(html: str) -> tuple[str, dict[str, str]]:
    """(the page's visible text, the words its scripts show) of an HTML page."""
    parser = _Shown()
    parser.feed(html)
    return "\n".join(parser.text), json.loads(parser.scripts.get("words", "{}"))


def english_in(text: str) -> set[str]:
    """The program's English words in `text` (addresses, ids and the like left out)."""
    return set(_words(re.sub(r"https?://\S+", " ", text))) & _english_words() - CONTENT


def spanish_in(text: str, also: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """The program's Spanish words in `text` (words of its Spanish that its English never uses), and those of `also`
    (a scenario's Spanish text, say)."""
    return set(re.findall(r"\w{3,}", re.sub(r"https?://\S+", " ", text).lower())) & (_spanish_words() | also)


def _spanish_words() -> set[str]:
    from tests.test_catalogue import _catalogue, _ids

    english: set[str] = set()
    spanish: set[str] = set()
    for message in _catalogue():
        english |= set(re.findall(r"\w{3,}", " ".join(_ids(message.id)).lower()))
        spanish |= set(re.findall(r"\w{3,}", re.sub(r"{\w*}", " ", " ".join(_ids(message.string))).lower()))
    return spanish - english - CONTENT - {"español"}  # a language's own name, as the switches show it


@pytest.fixture
def client() -> TestClient:
    with TestClient(create_app([str(CROSSING), "mexico", "tutorial", str(PORT)])) as c:
        yield c


@pytest.mark.big
def test_a_spanish_scenario_page_has_spanish_text_and_none_of_the_programs_english(client: TestClient) -> None:
    english = client.get("/s/crossing")
    text, words = shown(english.text)
    assert '<html lang="en">' in english.text and "Border crossing dispute" in text
    assert english_in(text) and english_in(" ".join(words.values())), "the English page shows the program's words"

    page = client.get("/s/crossing?lang=es")
    assert page.status_code == 200
    text, words = shown(page.text)
    assert '<html lang="es">' in page.text
    assert "Disputa en el paso fronterizo" in text and "Las conversaciones prosperan" in text
    assert "Supuestos" in text and "Descargar estos supuestos" in text and "Ilustrativo" in text
    assert not english_in(text), f"English words on the Spanish page: {sorted(english_in(text))}"
    assert set(words) == set(shared_words.SCRIPT + web_words.SCRIPT)
    assert not english_in(" ".join(words.values())), "the scripts' words are not all Spanish"
    assert words["Branches taken"] == "Ramas tomadas"


@pytest.mark.big
def test_links_keep_the_language_and_the_switch_offers_the_others(client: TestClient) -> None:
    page = client.get("/s/crossing?lang=es").text
    assert 'href="/s/crossing/present?lang=es"' in page and 'href="/?lang=es"' in page
    assert 'href="/s/crossing/assumptions.yaml?lang=es"' in page
    switch = re.search(r'<nav class="langs".*?</nav>', page, re.S)
    assert switch is not None
    assert '<strong lang="es"' in switch.group(0) and 'href="http://testserver/s/crossing?lang=en"' in switch.group(0)
    library = client.get("/?lang=es").text
    assert 'href="/s/crossing?lang=es"' in library and "Disputa en el paso fronterizo" in library
    with TestClient(create_app([str(CROSSING)])) as alone:  # the tutorial's English summary is content
        library = alone.get("/?lang=es").text
    assert "Un modelo de juguete" in library and not english_in(shown(library)[0])


def test_the_scripts_state_and_messages_follow_the_language(client: TestClient) -> None:
    state = client.get("/api/s/crossing/state?lang=es").json()
    assert state["analysis"]["note"].startswith("Los pesos y los valores se derivan")
    assert state["summary"]["outcomes"][0]["label"] in {"Comercio desviado", "Calma tensa", "Espiral de escalada"}
    assert client.get("/api/s/crossing/state").json()["analysis"]["note"].startswith("Weights and values")
    bad = client.get("/api/s/crossing/state?lang=es&rule=expectd")
    assert bad.status_code == 400 and bad.json()["error"].startswith("regla desconocida 'expectd'")
    assert "¿quiso decir 'expected'?" in bad.json()["error"]
    high = client.get("/api/s/crossing/state?lang=es&a.p_talks=0.95")
    assert high.status_code == 400
    assert high.json()["error"] == "el supuesto 'p_talks' = 0.95 está fuera de su intervalo [0.1, 0.9]"
    missing = client.get("/s/nowhere?lang=es")
    assert missing.status_code == 404
    assert "aquí no se sirve ningún escenario llamado 'nowhere'" in html.unescape(missing.text)
    assert not english_in(shown(missing.text)[0])
    sheet = client.get("/s/crossing/assumptions.yaml?lang=es").text
    assert sheet.startswith("# Supuestos para \"Disputa en el paso fronterizo\"")


@pytest.mark.big
def test_the_present_page_and_a_broken_file_speak_spanish(client: TestClient, tmp_path: Path) -> None:
    present = client.get("/s/crossing/present?lang=es").text
    text, words = shown(present)
    assert words["step {number} of {count}"] and not english_in(text)
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\ntitle: x\nnodes: {}\n", encoding="utf-8")
    with TestClient(create_app([str(broken)])) as c:
        page = c.get("/s/broken?lang=es").text
    assert "El archivo no pasa la comprobación" in page


@pytest.mark.big
def test_the_servers_language_is_the_default_and_a_url_can_switch_it() -> None:
    with TestClient(create_app([str(CROSSING)], lang="es")) as c:
        page = c.get("/s/crossing").text
        assert '<html lang="es">' in page and "Disputa en el paso fronterizo" in page
        assert 'href="/s/crossing/present"' in page  # the default needs no ?lang= in links
        english = c.get("/s/crossing?lang=en").text
        assert '<html lang="en">' in english and "Border crossing dispute" in english
        assert "Download these assumptions" in english
        assert "Disputa en el paso fronterizo" in c.get("/s/crossing").text  # one request's language never sticks


@pytest.mark.big
def test_a_language_without_text_falls_back_and_says_so(client: TestClient) -> None:
    page = client.get("/s/crossing?lang=fr").text
    assert "This scenario has no text in &#39;fr&#39;; it is shown in &#39;en&#39;." in page
    assert "Border crossing dispute" in page and '<html lang="en">' in page
    spanish_words_english_text = client.get("/s/port-dispute?lang=es").text  # no Spanish text: English, words Spanish
    assert "Supuestos" in spanish_words_english_text


@pytest.mark.parametrize("value", ["<script>", "e s", "x" * 30, "ES"])
def test_a_malformed_language_is_a_400(client: TestClient, value: str) -> None:
    page = client.get("/s/crossing", params={"lang": value})
    assert page.status_code == 400 and "is not a language code" in page.text
    assert page.headers["content-type"].startswith("text/plain") and page.headers["x-content-type-options"] == "nosniff"
    api = client.get("/api/s/crossing/state", params={"lang": value})
    assert api.status_code == 400 and "is not a language code" in api.json()["error"]


def test_the_node_panel_data_lists_signposts_with_their_sources(client: TestClient) -> None:
    page = client.get("/s/crossing?lang=es").text
    data = json.loads(re.search(r'<script type="application/json" id="page-data"[^>]*>(.*?)</script>', page,
                                re.S).group(1))
    talks = data["nodes"]["talks"]
    agreement, breakdown = talks["branches"]
    assert agreement["signposts"] == [{"label": "Los negociadores anuncian una segunda ronda", "sources": [
        {"id": "art-1", "title": "Artículo de ejemplo", "publisher": "Example News", "date": "2026-01-09",
         "url": None, "link": None, "note": None, "file": None}]}]
    assert breakdown["signposts"][0] == {"label": "Una delegación se retira antes de tiempo", "sources": []}
    assert data["nodes"]["a_moves"]["signposts"] == []


@pytest.mark.big
def test_html_export_in_spanish_with_signposts(tmp_path: Path) -> None:
    out = tmp_path / "crossing.es.html"
    result = CliRunner().invoke(main, ["render", str(CROSSING), "-f", "html", "-o", str(out), "--lang", "es"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    text, words = shown(page)
    assert '<html lang="es">' in page and "Disputa en el paso fronterizo" in text
    assert "Mostrado con los supuestos declarados en el archivo" in text
    assert not english_in(text), sorted(english_in(text))
    assert not english_in(" ".join(words.values()))
    data = json.loads(re.search(r'id="page-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    agreement = data["nodes"]["talks"]["branches"][0]
    assert agreement["signposts"][0]["label"] == "Los negociadores anuncian una segunda ronda"
    assert agreement["signposts"][0]["sources"][0]["title"] == "Artículo de ejemplo"
    heading = "Signposts: what would suggest this branch is unfolding"  # the node panel's, translated
    assert words[heading] == "Señales: lo que indicaría que esta rama se está produciendo"
    english = CliRunner().invoke(main, ["render", str(CROSSING), "-f", "html", "-o", "-"],
                                 env={"SCENARIOS_LANG": "es"}).stdout
    assert '<html lang="es">' in english, "SCENARIOS_LANG is the export's default language"


def test_every_word_the_pages_show_is_listed_for_the_catalogue() -> None:
    """A `t("...")` in a template or script that its app's words.py (or the shared one) doesn't list would stay
    English: a page carries the shared scripts' words and its app's."""
    pattern = re.compile(r'''\bt\(\s*(["'])((?:\\.|(?!\1).)*)\1''')
    cli, shared = ROOT / "cli", shared_words
    for folder, listed in ((cli / "http" / "templates", shared.PAGE), (cli / "http" / "static", shared.SCRIPT),
                           (cli / "web" / "templates", shared.PAGE + web_words.PAGE),
                           (cli / "web" / "static", shared.SCRIPT + web_words.SCRIPT),
                           (cli / "workshop" / "templates", shared.PAGE + workshop_words.PAGE),
                           (cli / "workshop" / "static", shared.SCRIPT + workshop_words.SCRIPT)):
        for path in folder.iterdir():
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                assert match.group(2).replace("\\'", "'") in listed, f"{path.name}: {match.group(2)!r} is not listed"


@pytest.mark.parametrize("where", ["civilian_risk >= hgh", "civilian_risk = high", "(trade", "trade > 60%", "foo.bar",
                                   "visited(nowhere)", "trade + tension", "[1, 2]", "hgh", "open(x)"])
@pytest.mark.big
def test_a_bad_condition_is_explained_in_spanish(client: TestClient, where: str) -> None:
    message = client.get("/api/s/mexico/state", params={"where": where, "lang": "es"}).json()["error"]
    assert message.startswith("--where ")  # the page puts it under the where box
    explained = re.sub(r"'[^']*'", " ", message.split(": ", 1)[1])  # quoted: the user's text, names from the file
    explained = re.sub(r"(niveles|levels): [\w, ]+", " ", explained)  # the file's level names
    assert not english_in(explained), message
    assert english_in(client.get("/api/s/mexico/state", params={"where": where}).json()["error"]), where
