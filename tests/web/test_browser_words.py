"""In a real browser: a slider move swaps the engine's words into the drawing, as `render` would draw them."""

from __future__ import annotations

import pytest

from scenarios import engine

from .browser import browser, expect, serving
from .test_state_cache import words

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.graphviz]

# The drawing's words as the page shows them, read the way `words` reads an SVG file.
READ = """() => {
  const svg = document.querySelector("#diagram svg"), graph = svg.querySelector("g.graph");
  const edges = {}, stubs = {};
  graph.querySelectorAll("g.edge").forEach((g) => {
    edges[g.id] = Array.from(g.querySelectorAll("text[font-size='10.00']")).map((t) => t.textContent);
  });
  graph.querySelectorAll("g.node").forEach((g) => {
    if (g.id.startsWith("n:more-")) stubs[g.id] = Array.from(g.querySelectorAll("text")).map((t) => t.textContent);
  });
  return { edges, stubs, title: Array.from(graph.querySelectorAll(":scope > text")).map((t) => t.textContent) };
}"""


def test_a_moved_slider_shows_the_words_render_draws_without_a_new_drawing() -> None:
    with browser() as chromium, serving("mexico") as url:
        page = chromium.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url + "s/mexico")
        page.wait_for_selector("#diagram svg")
        page.evaluate("() => { document.querySelector('#diagram svg').dataset.first = 'yes'; }")
        page.locator("#a-p_coop_enough").evaluate("e => { e.value = 0.7; e.dispatchEvent(new Event('input')); }")
        expect(page.locator("#status")).to_have_text("updated")
        assert page.locator("#diagram svg[data-first='yes']").count() == 1  # the same drawing, not a new one
        fresh = engine.render(engine.load("mexico"), "svg", assumptions={"p_coop_enough": 0.7}).decode("utf-8")
        assert page.evaluate(READ) == words(fresh[fresh.index("<svg"):])
        page.evaluate("() => { document.getElementById('status').textContent = ''; }")
        page.click("#reset")
        expect(page.locator("#status")).to_have_text("updated")
        assert "p_coop_enough" not in page.url
        first = engine.render(engine.load("mexico"), "svg").decode("utf-8")
        assert page.evaluate(READ) == words(first[first.index("<svg"):])
