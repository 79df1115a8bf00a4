"""Issue 18 in Debian's chromium: a scripted `mexico` session played to an outcome, looked at on every step by the
projector at 1920x1080 and by phones at 375x812.

How text size is measured: every visible text node of the page (a TreeWalker over
document.body's text; skipped when its element is display:none or visibility:hidden, when
its Range has no client rect, or when that rect lies outside the viewport, like the
off-screen "skip to content" link) has its element's getComputedStyle().fontSize read in CSS
px; the smallest must be at least 24.  No vertical scroll means
document.scrollingElement.scrollHeight <= window.innerHeight.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser import ARGS, chromium_path
from tests.workshop.running import Running, start

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
MEASURE = """() => {
  let min = Infinity, where = "";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement, style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const range = document.createRange(); range.selectNodeContents(node);
    if (!range.getClientRects().length) continue;
    const box = range.getBoundingClientRect();
    if (box.width === 0 || box.bottom <= 0 || box.right <= 0 || box.left >= innerWidth
        || box.top >= innerHeight + scrollY) continue;
    const size = parseFloat(style.fontSize);
    if (size < min) { min = size; where = node.textContent.trim().slice(0, 60); }
  }
  return { min, where, scroll: document.scrollingElement.scrollHeight, height: innerHeight };
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS)
        yield b
        b.close()


class Facilitator:
    """The facilitator's actions, as the facilitator's page sends them (its cookie, Origin and token)."""

    def __init__(self, browser: Any, server: Running):
        self.page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        self.page.goto(server.login)
        self.csrf = self.page.evaluate("JSON.parse(document.getElementById('boot').textContent).csrf")
        self.base = server.base

    def act(self, action: str, body: dict[str, Any] | None = None) -> Any:
        answer = self.page.request.post(f"{self.base}/api/f/{action}", data=body or {},
                                        headers={"X-CSRF-Token": self.csrf, "Origin": self.base})
        assert answer.ok, answer.text()
        return answer.json()

    def state(self) -> Any:
        return self.page.request.get(f"{self.base}/api/f/state").json()


SIZES = {"1920": (1920, 1080), "1280": (1280, 720), "375": (375, 812)}


def shots(pages: dict[str, Any], moment: str) -> None:
    """With SCENARIOS_SHOTS=FOLDER, each page at the three sizes (for the gallery, outputs/)."""
    folder = os.environ.get("SCENARIOS_SHOTS")
    if not folder:
        return
    for name, page in pages.items():
        before = page.viewport_size
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(200)
            page.screenshot(path=str(Path(folder) / f"workshop-{name}-{moment}-{size}.png"))
        page.set_viewport_size(before)


def join(browser: Any, server: Running, name: str) -> Any:
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.base}/join?code={server.code}")
    page.fill("#name", name)
    page.click("#join-form button[type=submit]")
    page.wait_for_selector("#play:not([hidden])")
    return page


def test_the_projector_and_the_phones_read_on_every_step_of_mexico(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    server = start(tmp_path / "w.db", "mexico")
    try:
        boss = Facilitator(browser, server)
        url = boss.page.get_attribute("#projector-link", "href")
        projector = browser.new_context(**PROJECTOR).new_page()  # a second computer: no facilitator cookie
        projector.goto(url)
        if os.environ.get("SCENARIOS_SHOTS"):  # the page a phone opens from the QR code, before joining
            joining = browser.new_context(**PHONE).new_page()
            joining.goto(f"{server.base}/join?code={server.code}")
            shots({"phone": joining}, "join")
            joining.context.close()
        phones = [join(browser, server, f"P{i}") for i in range(2)]
        seen = []
        for _step in range(30):
            state = boss.state()
            here = state["position"]
            if here["decision"]:
                boss.act("open-vote", {"voters": "everyone"})
                for phone in phones:
                    first = phone.locator("#branches button").first
                    expect(first).to_be_enabled()
                    phone.wait_for_timeout(150)  # the scroll to the vote runs on the next frame
                    box = first.bounding_box()
                    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 812, (here["label"], box)
                if len(seen) == 0:
                    shots({"phone": phones[1]}, "vote")
                phone = phones[0]
                phone.reload()  # a reload brings the open vote back into view
                expect(phone.locator("#branches button").first).to_be_enabled()
                phone.wait_for_timeout(150)
                box = phone.locator("#branches button").first.bounding_box()
                assert box is not None and box["y"] + box["height"] <= 812, ("after a reload", here["label"], box)
                for phone in phones:
                    phone.locator("#branches button").last.click()
                expect(projector.locator("#status")).to_contain_text("2")
                if len(seen) == 0:
                    shots({"projector": projector, "facilitator": boss.page}, "vote")
            expect(projector.locator("#node")).to_have_text(here["label"])
            measured = projector.evaluate(MEASURE)
            seen.append((here["label"], measured))
            assert measured["scroll"] <= measured["height"], (here["label"], measured)
            assert measured["min"] >= 24, (here["label"], measured)
            if here["outcome"]:
                shots({"projector": projector, "facilitator": boss.page}, "outcome")
                break
            if here["decision"]:
                boss.act("close-vote", {})
            else:
                boss.act("choose", {"branch": here["branches"][-1]["index"]})
        assert seen and seen[-1][1] and boss.state()["position"]["outcome"], "the session reached an outcome"
        assert len(seen) >= 4
        boss.act("end")
        expect(projector.locator("#status")).not_to_be_empty()
        expect(phones[0].locator("#handout-link")).to_be_visible()
        shots({"phone": phones[0]}, "ended")
        assert projector.evaluate(MEASURE)["scroll"] <= 1080
    finally:
        server.stop()
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_a_late_answer_from_before_the_vote_opened_never_closes_it_on_a_phone(browser: Any, tmp_path: Path) -> None:
    """A phone that has just joined asks for its own view (`/api/me`) when its event stream opens. If that answer
    was worked out before the vote opened but arrives after the stream has shown the open vote, the phone keeps
    the open vote: the stale answer once greyed out the buttons until the next change (a flaky room test)."""
    from playwright.sync_api import expect

    server = start(tmp_path / "w.db", "mexico")
    try:
        boss = Facilitator(browser, server)
        assert boss.state()["position"]["decision"]
        held: list[tuple[Any, Any]] = []
        joining = []

        def hold(route: Any) -> None:  # once joined: asked now, answered later (the answer from before the vote)
            if joining:
                held.append((route, route.fetch()))
            else:
                route.continue_()  # the join page's own question: is this phone in the session yet?

        page = browser.new_context(**PHONE).new_page()
        page.route("**/api/me", hold)
        page.goto(f"{server.base}/join?code={server.code}")
        page.fill("#name", "late")
        joining.append(True)
        page.click("#join-form button[type=submit]")
        page.wait_for_selector("#play:not([hidden])")
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(50)
        assert held, "the phone asked for its own view when its stream opened"
        first = page.locator("#branches button").first
        expect(first).to_be_disabled()  # no vote yet
        boss.act("open-vote", {"voters": "everyone"})
        expect(first).to_be_enabled()  # the stream's news
        route, answer = held.pop()
        assert answer.json()["public"]["round"] is None  # the held answer is from before the vote
        route.fulfill(response=answer)
        page.wait_for_timeout(500)
        expect(first).to_be_enabled(timeout=100)
        assert page.locator("#vote-prompt").inner_text().startswith("Vote")
        first.click()
        expect(page.locator("#vote-prompt")).to_have_text("Your vote is in.")
    finally:
        server.stop()
    shutil.rmtree(tmp_path, ignore_errors=True)
