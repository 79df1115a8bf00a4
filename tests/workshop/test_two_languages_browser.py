"""Issue 21 in Debian's chromium: one `mexico` session (started in English) with an English phone, a Spanish phone
and the projector switched to Spanish, played through a vote and a few steps.

At each moment the visible text of each page (its <details> opened) is read: the Spanish
phone and the projector show no English word of the program (the catalogue's words, as the
catalogue tests read them) and none of the scenario's English text; the English phone no
Spanish word of the program and none of the scenario's Spanish text.  The scenario's words
of one language are those of its text in that language that its text in the other never uses.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scenarios.engine.format.library import resolve
from scenarios.engine.format.loader import load_path
from tests.web.browser import ARGS, chromium_path
from tests.web.test_language import english_in, spanish_in
from tests.workshop.running import Running, start
from tests.workshop.test_room_browser import PHONE, PROJECTOR, Facilitator

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SHOWN = """() => { document.querySelectorAll('details').forEach(d => { d.open = true; });
                   return document.body.innerText; }"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
        yield b
        b.close()


def scenario_words(name: str) -> dict[str, set[str]]:
    """Each language's words of the scenario's text that the other language's text never uses ("en", "es"), and all
    of them ("all en", "all es")."""
    def words(lang: str) -> set[str]:
        dumped = json.dumps(load_path(resolve(name), lang=lang).spec.model_dump(mode="json"), ensure_ascii=False)
        return set(re.findall(r"[^\W\d_]{3,}", dumped.lower()))
    en, es = words("en"), words("es")
    return {"en": en - es, "es": es - en, "all en": en, "all es": es}


def join(browser: Any, server: Running, lang: str) -> Any:
    """A phone joining from the join page, choosing its language there."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.base}/join?code={server.code}")
    if lang != "en":
        with page.expect_navigation():
            page.select_option("#lang", lang)  # the page comes back in that language, the code kept
    assert page.input_value("#code") == server.code
    page.click("#join-form button[type=submit]")
    page.wait_for_selector("#play:not([hidden])")
    return page


def words_on(page: Any) -> str:
    return str(page.evaluate(SHOWN))


def check(pages: dict[str, Any], theirs: dict[str, set[str]], moment: str) -> None:
    for who, page in pages.items():
        text = words_on(page)
        lowered = set(re.findall(r"[^\W\d_]{3,}", text.lower()))
        if who == "phone (en)":  # a word the program's Spanish shares with the scenario's English is the scenario's
            leaked = spanish_in(text) - theirs["all en"] | (lowered & theirs["es"])
        else:
            leaked = english_in(text) - theirs["all es"] | (lowered & theirs["en"])
        assert not leaked, (moment, who, sorted(leaked), text[:2000])


def test_one_session_an_english_phone_a_spanish_phone_and_the_projector_in_spanish(browser: Any,
                                                                                   tmp_path: Path) -> None:
    from playwright.sync_api import expect

    theirs = scenario_words("mexico")
    spanish = load_path(resolve("mexico"), lang="es")
    server = start(tmp_path / "w.db", "mexico")
    try:
        boss = Facilitator(browser, server)
        url = boss.page.get_attribute("#projector-link", "href")
        projector = browser.new_context(**PROJECTOR).new_page()
        projector.goto(url)
        with projector.expect_navigation():
            projector.click("nav.langs a[hreflang=es]")  # the projector's switch
        expect(projector.locator("html")).to_have_attribute("lang", "es")
        english, spanish_phone = join(browser, server, "en"), join(browser, server, "es")
        expect(spanish_phone.locator("html")).to_have_attribute("lang", "es")
        expect(english.locator("#title")).to_have_text(load_path(resolve("mexico"), lang="en").title)
        expect(spanish_phone.locator("#title")).to_have_text(spanish.title)
        me = spanish_phone.locator(".me").inner_text()  # "Usted es …, su papel: Ejecutivo de EE. UU." (one period)
        assert (".." not in me and "EE.\u00a0UU." in me) or "EE." not in me, me
        pages = {"phone (en)": english, "phone (es)": spanish_phone, "projector (es)": projector}
        check(pages, theirs, "joined")
        taken = []
        for step in range(4):
            here = boss.state()["position"]
            node = spanish.spec.nodes[here["id"]]
            taken.append(node.branches[here["branches"][0]["index"]].label)  # both phones vote the first; it is taken
            expect(projector.locator("#node")).to_have_text(node.label)
            expect(spanish_phone.locator("#node-label")).to_have_text(node.label)
            expect(english.locator("#node-label")).to_have_text(here["label"])
            if here["decision"]:  # its actor with the article: "Una decisión del Gobierno de México"
                assert not re.search(r"\bde (Gobierno|Ejecutivo|Congreso|Cárteles)\b", projector.inner_text("#kind"))
                boss.act("open-vote", {"voters": "everyone"})
                for phone in (english, spanish_phone):
                    expect(phone.locator("#branches button").first).to_be_enabled()
                check(pages, theirs, f"vote {step}")
                for phone in (english, spanish_phone):
                    phone.locator("#branches button").first.click()
                expect(projector.locator("#status")).to_contain_text("2")
                expect(spanish_phone.locator("#vote-state")).not_to_be_empty()
                check(pages, theirs, f"voted {step}")
                boss.act("close-vote", {})
            else:
                check(pages, theirs, f"event {step}")
                boss.act("choose", {"branch": here["branches"][0]["index"]})
        expect(spanish_phone.locator("#path")).to_contain_text(taken[0])  # the path so far, in Spanish
        spanish_phone.reload()  # remembered: the phone comes back in Spanish without asking
        expect(spanish_phone.locator("html")).to_have_attribute("lang", "es")
        expect(spanish_phone.locator("#play")).to_be_visible()
        check(pages, theirs, "after a reload")
    finally:
        server.stop()
    shutil.rmtree(tmp_path, ignore_errors=True)
