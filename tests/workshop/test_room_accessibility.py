"""The workshop's pages in Debian's chromium: axe-core finds no serious or critical violation and all text, disabled
controls included, meets WCAG AA's 4.5:1 (tests/web/browser.py: serious_violations, low_contrast): the join page,
a phone before, during and after its vote, the facilitator's page, the projector and the handout."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser import low_contrast, serious_violations
from tests.workshop.running import start
from tests.workshop.test_room_browser import PHONE, PROJECTOR, Facilitator, browser  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def checked(page: Any, where: str) -> None:
    assert serious_violations(page) == [], where
    assert low_contrast(page) == [], where


def test_every_workshop_page_passes_axe_and_contrast(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    server = start(tmp_path / "w.db", "mexico", "--anonymous")
    try:
        boss = Facilitator(browser, server)
        boss.page.wait_for_load_state("networkidle")
        checked(boss.page, "facilitator")
        projector = browser.new_context(**PROJECTOR).new_page()
        projector.goto(boss.page.get_attribute("#projector-link", "href"))
        checked(projector, "projector")
        phone = browser.new_context(**PHONE).new_page()
        phone.goto(f"{server.base}/join?code={server.code}")
        expect(phone.locator("#privacy")).to_contain_text("anonymous")
        checked(phone, "join")
        phone.click("#join-form button[type=submit]")
        phone.wait_for_selector("#play:not([hidden])")
        checked(phone, "phone, no vote open")
        boss.act("open-vote", {"voters": "everyone"})
        expect(phone.locator("#branches button").first).to_be_enabled()
        checked(phone, "phone, the vote open")
        checked(projector, "projector, the vote open")
        phone.locator("#branches button").first.click()
        expect(phone.locator("#branches button").last).to_be_disabled()  # voted: the others are disabled
        checked(phone, "phone, voted")
        boss.page.wait_for_timeout(300)
        checked(boss.page, "facilitator, the vote open")
        handout = browser.new_page()
        handout.set_content(boss.page.request.get(f"{server.base}/facilitator/handout?appendix=1").text())
        checked(handout, "handout with its appendix")
        boss.act("end")
        expect(phone.locator("#handout-link")).to_be_visible()
        checked(phone, "phone, the session ended")
    finally:
        server.stop()
    shutil.rmtree(tmp_path, ignore_errors=True)
