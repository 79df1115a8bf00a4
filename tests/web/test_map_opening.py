"""`serve`'s scenario page opens its map at a readable size (issue 18): never the whole map shrunk to unreadable
text, but its start, with the rest summarised phase by phase beside it and a way to go to each phase.

How it is measured: every node and edge label of the map (`g.node text`, `g.edge text`) that lies at least partly
inside the map's box on screen, at its size in CSS pixels as drawn (the computed font-size, in the drawing's
units, times the horizontal scale of its screen transform, getScreenCTM().a: the view's viewBox fitted to the box
and Graphviz's own transform).
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from .browser import browser, serving

BUNDLED = ["mexico", "tutorial", "venezuela", "fentanyl-labs"]
pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.graphviz,
              pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")]

SHOWN = """() => {
  const box = document.getElementById('diagram').getBoundingClientRect();
  const out = [];
  for (const el of document.querySelectorAll('#diagram svg g.node text, #diagram svg g.edge text')) {
    if (!el.textContent.trim()) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= box.left || r.left >= box.right || r.bottom <= box.top || r.top >= box.bottom) continue;
    out.push({text: el.textContent, px: parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a,
              node: el.closest('g').id});
  }
  return out;
}"""


def opened(page: Any, url: str) -> list[dict[str, Any]]:
    """The labels shown once the map is drawn (the page shows the folded view until its layout is ready)."""
    page.goto(url)
    page.wait_for_selector("#diagram svg", timeout=90_000)
    page.wait_for_timeout(200)
    return list(page.evaluate(SHOWN))


def too_small(shown: list[dict[str, Any]], px: float) -> list[tuple[str, float]]:
    return [(t["text"], round(t["px"], 1)) for t in shown if t["px"] < px]


def test_every_bundled_map_opens_readable_with_its_phases_beside_it() -> None:
    with serving(*BUNDLED) as url, browser() as b:
        page = b.new_page(viewport={"width": 1920, "height": 1080})
        for name in BUNDLED:
            shown = opened(page, f"{url}s/{name}")
            assert len(shown) >= 4, (name, shown)  # the start is drawn: its first nodes' labels
            assert too_small(shown, 18) == [], name
            start = page.evaluate("ScenarioDiagram.readablePx()")
            assert start == 18, start

        # mexico: fitted whole its labels would be about 5 px; the phases summarise the rest and lead to it
        page.goto(f"{url}s/mexico")
        page.wait_for_selector("#diagram svg", timeout=90_000)
        strip = page.locator("#phase-strip button")
        assert [t.split(" ", 1)[1] for t in strip.all_inner_texts()] == [
            "Pressure", "Action", "Response", "Adaptation", "Checks", "Trade", "Outcomes"]
        assert strip.first.get_attribute("aria-current") == "location"
        boxes = page.locator("#phase-summary .phase-boxes li")
        assert boxes.count() == 7
        assert "Decisions: Congress before any strike (US Congress)" in boxes.nth(1).inner_text()
        assert "paths enter it" in boxes.nth(1).inner_text()

        page.locator("#phase-strip button", has_text="Trade").click()
        shown = page.evaluate(SHOWN)
        assert too_small(shown, 18) == [] and any("USMCA" in t["text"] for t in shown), shown
        assert page.locator("#phase-strip button", has_text="Trade").get_attribute("aria-current") == "location"
        assert strip.first.get_attribute("aria-current") is None

        # Fit stays the reader's own choice: the whole map, its text then far below readable
        page.locator("#zoom-fit").click()
        assert min(t["px"] for t in page.evaluate(SHOWN)) < 8
        page.locator("#zoom-start").click()
        shown = page.evaluate(SHOWN)
        assert too_small(shown, 18) == [] and any("Mexico's answer" in t["text"] for t in shown)


def test_the_map_opens_readable_on_a_phone_without_overflow() -> None:
    with serving(*BUNDLED) as url, browser() as b:
        page = b.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
        for name in BUNDLED:
            shown = opened(page, f"{url}s/{name}")
            assert len(shown) >= 3, (name, shown)
            assert too_small(shown, 12) == [], name
            assert page.evaluate("document.scrollingElement.scrollWidth") <= 375, name


def test_presentation_mode_on_a_phone_swipes_a_slide_drawn_readable() -> None:
    """A 16:9 slide fitted to a phone held upright would draw its text at 4 px: it takes the screen's height and is
    swiped sideways inside its stage, the page itself no wider than the phone, the caption and disclaimer whole."""
    with serving("mexico") as url, browser() as b:
        page = b.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
        page.goto(f"{url}s/mexico/present")
        page.wait_for_selector(".slide-step[data-title]", timeout=90_000)  # the page reloads when they are laid out
        sizes = page.evaluate("""() => [...document.querySelectorAll('.slide-step:not([hidden]) text')]
            .filter((el) => el.textContent.trim())
            .map((el) => parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a)""")
        assert sizes and min(sizes) >= 12, sorted(sizes)[:3]
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
        assert page.evaluate("document.querySelector('.stage').scrollWidth") > 375  # swiped, not shrunk
        for part in ("#caption", "#disclaimer"):
            whole = "(p) => { const e = document.querySelector(p); return e.scrollWidth <= e.clientWidth; }"
            fits = page.evaluate(whole, part)
            assert fits, part


def test_the_single_file_page_opens_readable_with_the_phases(tmp_path: Any) -> None:
    """`scenarios render mexico -f html`, opened from disk: the same opening and the same strip of phases."""
    import subprocess
    import sys

    out = tmp_path / "mexico.html"
    subprocess.run([sys.executable, "-m", "scenarios", "render", "mexico", "-f", "html", "-o", str(out)], check=True,
                   capture_output=True)
    with browser() as b:
        page = b.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(out.as_uri())
        shown = page.evaluate(SHOWN)
        assert len(shown) >= 4 and too_small(shown, 18) == []
        assert page.locator("#phase-strip button").count() == 7
        page.locator("#phase-strip button", has_text="Checks").click()
        shown = page.evaluate(SHOWN)
        assert too_small(shown, 18) == [] and any("Congress after strikes" in t["text"] for t in shown), shown
