"""Effects read by label on serve's pages, their JSON and the HTML export, in English and Spanish: never ids.

A node can be reached in many states, so an effect there reads as what it does
("US–Mexico relations: to rupture", "…: one level up"), not "us_mexico_relations = rupture".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from scenarios import engine
from scenarios.cli.web import create_app
from scenarios.cli.web.export import html
from scenarios.engine.text.i18n import in_language

MEXICO = engine.load("mexico")
# An id said as the effect's subject ("us_mexico_relations = rupture", "campaign: yes"); a plain-word
# id (the rebuilt library's "campaign") may stand inside a label ("A sustained strike campaign is …").
IDS = re.compile("|".join(rf"\b{re.escape(k)}\b(?=\s*[=:])" for k in MEXICO.spec.indicators))


def effects_of(nodes: dict[str, Any]) -> list[str]:
    """Every effects text of the node panel's data: on arrival at a node and on each branch."""
    said = [n["effects"] for n in nodes.values() if n["effects"]]
    return said + [b["effects"] for n in nodes.values() for b in n["branches"] if b["effects"]]


def page_data(page: str) -> dict[str, Any]:
    return json.loads(re.search(r'id="(?:page|present)-data"[^>]*>(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(["mexico"])) as c:
        yield c


@pytest.mark.parametrize(("lang", "level", "step"), [("en", "US–Mexico relations: to rupture", "one level up"),
                                                      ("es", "Relaciones entre EE.\u00a0UU. y México: pasa a ruptura",
                                                       "un nivel arriba")])
@pytest.mark.big
def test_the_mexico_pages_say_effects_by_label(client: TestClient, lang: str, level: str, step: str) -> None:
    for url in (f"/s/mexico?lang={lang}", f"/s/mexico/present?lang={lang}"):
        said = effects_of(page_data(client.get(url).text)["nodes"])
        assert said and not [s for s in said if IDS.search(s)], url
        assert any(level in s for s in said) and any(step in s for s in said), url
    said = effects_of(client.get(f"/api/s/mexico/state?lang={lang}").json()["nodes"])
    assert said and not [s for s in said if IDS.search(s)]
    assert any(level in s for s in said)


@pytest.mark.parametrize(("lang", "level"), [("en", "to rupture"), ("es", "pasa a ruptura")])
@pytest.mark.big
def test_the_html_export_says_effects_by_label(lang: str, level: str) -> None:
    with in_language(lang):
        page = html(engine.load("mexico", lang=lang)).decode()
    said = effects_of(page_data(page)["nodes"])
    assert said and not [s for s in said if IDS.search(s)]
    assert any(level in s for s in said)
