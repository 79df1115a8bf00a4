"""What both apps share renders safely: one environment, one JSON path into scripts, hostile text inert."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from starlette.requests import Request
from starlette.routing import Route
from starlette.testclient import TestClient

from scenarios.cli.http import create_app
from scenarios.cli.http.pages import TEMPLATES, Pages, environment, pages
from scenarios.cli.web.pages import PAGES as WEB
from scenarios.cli.workshop.templating import PAGES as WORKSHOP

HOSTILE = {"label": "</script><script>alert(1)</script>", "note": "it's <b>bold</b> & 'quoted'", "é": "ü"}


def test_data_for_a_script_cannot_end_its_block_and_reads_back_whole() -> None:
    html = environment().from_string(
        '<script type="application/json" id="data">{{ data | tojson }}</script>').render(data=HOSTILE)
    body = re.fullmatch(r'<script type="application/json" id="data">(.*)</script>', html, re.S)
    assert body is not None, html
    assert not set("<>&'") & set(body.group(1))  # no way out of the block, nor out of an attribute
    assert json.loads(body.group(1)) == HOSTILE


@pytest.mark.parametrize("app_pages", [pytest.param(WEB, id="browser"), pytest.param(WORKSHOP, id="workshop")])
def test_both_apps_extend_the_one_base_with_autoescape_on(app_pages: Pages) -> None:
    env = app_pages.env
    assert env.autoescape is True and "script_json" not in env.filters
    assert env.get_template("base.html").filename == str(TEMPLATES / "base.html")
    escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert env.from_string("{{ x }}").render(x=HOSTILE["label"]) == escaped


def test_a_page_carries_its_nonce_language_words_and_the_security_headers() -> None:
    shared = Pages(environment(), words=["Rule"])

    async def home(request: Request) -> object:
        return pages(request).page(request, "error.html", {"status": 404, "message": HOSTILE["label"]})

    with TestClient(create_app([Route("/", home)], shared)) as client:
        r = client.get("/?lang=es")
        nonce = re.search(r"script-src 'nonce-([^']+)'", r.headers["content-security-policy"])
        assert nonce and f'nonce="{nonce.group(1)}"' in r.text
        assert '<html lang="es">' in r.text and "<script>alert" not in r.text
        words = json.loads(re.search(r'id="words"[^>]*>(.*?)</script>', r.text, re.S).group(1))  # type: ignore[union-attr]
        assert words["Rule"] == "Regla" and words["Type"] == "Tipo"  # the app's words and the shared scripts'
        assert client.get("/static/dom.js").status_code == 200
        assert client.get("/nowhere").status_code == 404
        assert client.get("/api/nowhere").json() == {"error": "not found"}


def test_a_compiled_template_is_read_again_until_its_text_changes(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A later command reads the template compiled by an earlier one (about 0.05 s of `workshop report` was Jinja
    compiling the handout), never a stale one; a cache file cut short is compiled afresh."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "outer.html").write_text("<main>{% block main %}{% endblock %}</main>")
    (folder / "page.html").write_text("{% extends 'outer.html' %}{% block main %}first {{ x }}{% endblock %}")
    assert environment([folder]).get_template("page.html").render(x=1) == "<main>first 1</main>"

    again = environment([folder])
    monkeypatch.setattr(again, "_compile", lambda *a: pytest.fail("compiled again"))
    assert again.get_template("page.html").render(x="<2>") == "<main>first &lt;2&gt;</main>"  # outer.html too

    (folder / "page.html").write_text("{% extends 'outer.html' %}{% block main %}second {{ x }}{% endblock %}")
    assert environment([folder]).get_template("page.html").render(x=3) == "<main>second 3</main>"

    for kept in (tmp_path / "tmp").rglob("*.cache"):
        kept.write_bytes(kept.read_bytes()[:20])
    assert environment([folder]).get_template("page.html").render(x=4) == "<main>second 4</main>"


def test_pages_render_when_the_temporary_folder_cannot_keep_them(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))  # no such folder: nothing can be kept
    (tmp_path / "page.html").write_text("<p>{{ x }}</p>")
    env = environment([tmp_path])
    assert env.bytecode_cache is None
    assert env.get_template("page.html").render(x="<kept>") == "<p>&lt;kept&gt;</p>"
