"""End to end in Debian's chromium: a facilitator and three phones play a decision and a chance node,
set assumptions, and survive a SIGKILL of the server mid-vote.

Playwright drives the system `chromium` (never a downloaded browser). Without chromium or
Playwright these tests are skipped, except with CI=true, where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PORT
from tests.workshop.running import Running, start

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
BIG = {"viewport": {"width": 1280, "height": 720}}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None  # type: ignore[assignment]
    if chromium is None or sync_playwright is None:
        message = "needs Debian's chromium and Playwright for Python (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


def slide(page: Any, name: str, value: float) -> None:
    page.locator(f"#assumptions input[name={name}]").evaluate(
        "(e, v) => { e.value = v; e.dispatchEvent(new Event('input')); }", value)


def join(browser: Any, server: Running, name: str, role: str) -> Any:
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.base}/join?code={server.code}")
    page.fill("#name", name)
    page.select_option("#role", role)
    page.click("#join-form button[type=submit]")
    page.wait_for_selector("#play:not([hidden])")
    return page


def vote(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()


def export(db: Path, session: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "scenarios", "workshop", "export", session, "--db", str(db)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_a_room_plays_votes_sets_assumptions_and_survives_a_crash(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    db = tmp_path / "workshops.db"
    server = start(db, str(PORT))
    try:
        screen = browser.new_context(**BIG).new_page()
        errors: list[str] = []
        screen.on("pageerror", lambda e: errors.append(str(e)))
        screen.goto(server.login)
        expect(screen.locator("#join-code")).to_have_text(server.code)
        expect(screen.locator(".topbar .qr svg")).to_be_visible()

        ana = join(browser, server, "Ana", "gov_a")
        bo = join(browser, server, "<img src=x onerror=alert(1)>", "gov_a")
        cy = join(browser, server, "", "gov_b")
        expect(screen.locator("#people-count")).to_have_text("3")
        expect(cy.locator("#me-name")).to_have_text("anonymous (participant 3)")

        # a decision: everyone votes, the big screen counts live, the winner is taken
        screen.get_by_role("button", name="Open vote (everyone)").click()
        vote(ana, "Propose talks")
        vote(bo, "Propose talks")
        vote(cy, "Impose inspections")
        expect(screen.locator(".tally-head")).to_contain_text("3 of 3 voted")
        expect(screen.locator(".tally-count")).to_have_text(["2", "1"])
        expect(ana.locator("#vote-prompt")).to_have_text("Your vote is in.")
        screen.locator("[data-setting=show_names]").check()
        expect(screen.locator(".tally-names").first).to_have_text("Ana, <img src=x onerror=alert(1)>")
        assert screen.locator("#tally img").count() == 0
        screen.get_by_role("button", name="Close vote: take the winner").click()
        expect(screen.locator("#node-label")).to_have_text("Do talks succeed?")
        expect(cy.locator("#node-label")).to_have_text("Do talks succeed?")
        expect(screen.locator("#diagram g[id='e:a_moves:talks']")).to_have_class("edge played here")

        # everyone's assumptions: three dots, the median marked, the weights follow the median
        for page, value in ((ana, 0.2), (bo, 0.8), (cy, 0.7)):
            slide(page, "p_talks_succeed", value)
            page.get_by_role("button", name="Send my values").click()
            expect(page.locator("#assumptions-state")).to_have_text("Sent. Thank you.")
        expect(screen.locator("#sets-count")).to_have_text("3")
        expect(screen.locator("#spread svg.spread circle.dot")).to_have_count(3)
        expect(screen.locator("#spread")).to_contain_text("median 0.7")
        expect(screen.locator(".branch-list")).to_contain_text("Agreement — 70% of this event's weight")
        expect(screen.locator("#analysis")).to_contain_text("median set", timeout=15_000)
        # the choices come first; the whole, with the thresholds, replaces them
        expect(screen.locator("#analysis")).not_to_contain_text("Looking for where each choice flips", timeout=15_000)

        # a chance node: drawn by the weights, recorded with them
        screen.get_by_role("button", name="Draw by the weights").click()
        expect(screen.locator("#steps li")).to_have_count(2)
        expect(screen.locator("#steps li").nth(1)).to_contain_text("drawn at random by the weights")

        # back to the start for "what if", a second vote, and a crash in the middle of it
        screen.get_by_role("button", name="Back to the start").click()
        expect(screen.locator("#node-label")).to_have_text("Government A's first move")
        screen.get_by_role("button", name="Open vote (everyone)").click()
        vote(ana, "Impose inspections")
        vote(bo, "Propose talks")
        expect(screen.locator(".tally-head")).to_contain_text("2 of 3 voted")
        server.kill()
        expect(screen.locator("#status")).to_contain_text("reconnecting")
        vote(cy, "Impose inspections")  # sent while the server is down: the phone resends it
        expect(cy.locator("#vote-state")).to_contain_text("resending")

        server = start(db, "--resume", server.session, port=server.port)
        expect(cy.locator("#vote-prompt")).to_have_text("Your vote is in.", timeout=20_000)
        expect(screen.locator(".tally-head")).to_contain_text("3 of 3 voted", timeout=20_000)
        expect(screen.locator(".tally-count")).to_have_text(["1", "2"])
        expect(screen.locator("#status")).to_have_text("")
        for page in (ana, bo):
            expect(page.locator("#status")).to_have_text("")
            expect(page.locator("#vote-prompt")).to_have_text("Your vote is in.")
            expect(page.locator("button.choice.mine")).to_have_count(1)

        record = export(db, server.session)
        assert [len(r["votes"]) for r in record["rounds"]] == [3, 3]
        assert [s["how"] for s in record["steps"]] == ["vote", "drawn"]
        assert record["steps"][1]["assumptions"] == {"p_talks_succeed": 0.7}
        assert errors == []
    finally:
        server.stop()


def test_a_vote_for_a_role_nobody_plays_is_not_offered(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    server = start(tmp_path / "workshops.db", str(PORT))
    try:
        screen = browser.new_context(**BIG).new_page()
        screen.goto(server.login)
        role_vote = screen.locator("[data-act=open-vote][data-voters=role]")
        expect(role_vote).to_be_disabled()
        expect(screen.locator("#role-note")).to_have_text(
            "Nobody plays Government A yet: open the vote to everyone, or take a branch.")
        join(browser, server, "Bo", "gov_b")  # another role: still nobody to answer
        expect(screen.locator("#people-count")).to_have_text("1")
        expect(role_vote).to_be_disabled()
        join(browser, server, "Ana", "gov_a")
        expect(role_vote).to_be_enabled()
        expect(screen.locator("#role-note")).to_be_hidden()
    finally:
        server.stop()


def test_only_the_phones_of_the_deciding_role_offer_a_role_vote(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    server = start(tmp_path / "workshops.db", str(PORT))
    try:
        screen = browser.new_context(**BIG).new_page()
        screen.goto(server.login)
        ana, bo = join(browser, server, "Ana", "gov_a"), join(browser, server, "Bo", "gov_b")
        screen.get_by_role("button", name="Open vote (the role)").click()
        expect(ana.locator("#vote-prompt")).to_have_text("Vote: what should Government A do?")
        expect(ana.locator("button.choice").first).to_be_enabled()
        expect(bo.locator("#vote-prompt")).to_have_text(
            "A vote is open for Government A's role; you can follow along.")
        expect(bo.locator("button.choice").first).to_be_disabled()
    finally:
        server.stop()
