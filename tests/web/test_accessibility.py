"""`serve`'s pages in Debian's chromium: axe-core finds no serious or critical violation, all text (disabled
controls included) meets WCAG AA's 4.5:1, and the scenario page fits a 375 px phone without a sideways scroll.

axe-core is axe-playwright-python's bundled copy; the contrast measure is tests/web/browser.py's CONTRAST
(the text's colour against what is painted under it), since axe leaves disabled controls and overlays out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.browser import browser, low_contrast, serious_violations, serving

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PAGES = {"index": "", "scenario": "s/mexico", "present": "s/mexico/present", "error": "s/no-such-scenario"}
WIDE = {"viewport": {"width": 1280, "height": 720}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, Any]]:
    with serving() as url, browser() as b:
        yield url, b


@pytest.mark.parametrize("size", ["wide", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_serve_page_passes_axe_and_contrast(site: tuple[str, Any], name: str, size: str) -> None:
    url, b = site
    page = b.new_context(**(WIDE if size == "wide" else PHONE)).new_page()
    page.goto(url + PAGES[name])
    page.wait_for_load_state("networkidle")
    if name == "present":
        page.keyboard.press("ArrowRight")  # a step in, the help and the caption over the slide
        page.wait_for_timeout(300)
    assert serious_violations(page) == []
    assert low_contrast(page) == []
    page.context.close()


def test_the_scenario_page_fits_a_phone(site: tuple[str, Any]) -> None:
    url, b = site
    page = b.new_context(**PHONE).new_page()
    page.goto(url + "s/mexico")
    page.wait_for_selector("#choices tbody tr")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    cut = page.evaluate("""() => [...document.querySelectorAll('.table-wrap')]
        .filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => w.querySelector('table').id)""")
    assert cut == []  # no table scrolls sideways inside its box either (the choices needed 534 px of 354)
    label = page.evaluate("getComputedStyle(document.querySelector('#choices td'), '::before').content")
    assert "Decision" in label  # each cell names its column once the table is cards
    page.context.close()
