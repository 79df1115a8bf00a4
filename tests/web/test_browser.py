"""End to end in a real browser: the mexico page, sliders, filters, live editing and the export."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import browser, expect, serving
from .conftest import DATA, hostile_text

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.graphviz]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("served")
    (folder / "hostile.yaml").write_text(hostile_text(), encoding="utf-8")
    with serving("mexico", str(folder / "hostile.yaml")) as url:
        yield url


def open_page(chromium: Any, url: str, **options: Any) -> tuple[Any, list[str]]:
    page = chromium.new_page(viewport={"width": 1280, "height": 720}, **options)
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(url)
    return page, problems


def test_node_panel_shows_sources(chromium: Any, library: str) -> None:
    page, problems = open_page(chromium, library + "s/mexico")
    page.locator('g[id="n:mexico_forces"]').dispatch_event("click")  # the node may lie outside the view
    panel = page.locator("#panel")
    from scenarios import engine

    assert panel.locator("h2").inner_text() == engine.load("mexico").spec.nodes["mexico_forces"].label
    assert "Government of Mexico" in panel.inner_text()
    assert "Sources" in panel.inner_text() and "2026-01-09" in panel.inner_text()
    assert page.locator('g[id="n:mexico_forces"].selected').count() == 1
    assert problems == []


def test_slider_changes_weights_and_the_play(chromium: Any, library: str) -> None:
    from scenarios import engine
    from scenarios.engine.text.numbers import slide_percent as percent

    s = engine.load("mexico")
    weights = {"file": percent(next(iter(s.paths())).weight),
               "moved": percent(next(iter(s.paths({"p_coop_enough": 0.7}))).weight)}
    assert weights["file"] != weights["moved"]
    page, problems = open_page(chromium, library + "s/mexico")
    first_weight = page.locator("#paths tbody tr >> nth=0").locator("td >> nth=3")
    play = page.locator("#play")
    before_weight, before_play = first_weight.inner_text(), play.inner_text()
    page.locator("#a-p_coop_enough").evaluate("e => { e.value = 0.7; e.dispatchEvent(new Event('input')); }")
    assert before_weight == weights["file"]
    expect(first_weight).to_have_text(weights["moved"])
    assert play.inner_text() != before_play
    assert "a.p_coop_enough=0.7" in page.url  # the link reproduces the view
    page.click("#show-play")
    assert page.locator("svg.lit-play g.edge.on").count() > 0
    page.select_option("#rule", "maximin")
    expect(page).to_have_url(re.compile("rule=maximin"))
    expect(page.locator("#analysis")).to_contain_text("maximin")
    page.click("#reset")
    expect(page).not_to_have_url(re.compile("p_coop_enough"))
    expect(first_weight).to_have_text(weights["file"])
    assert problems == []


def test_the_spanish_page_in_a_browser_and_the_signposts_in_its_node_panel(chromium: Any, library: str) -> None:
    """What the scripts draw (paths, analysis, panel) in Spanish too, and a branch's signposts with sources."""
    from scenarios import engine

    from .test_language import english_in

    page, problems = open_page(chromium, library + "s/mexico?lang=es")
    expect(page.locator("#paths tbody tr")).to_have_count(50)
    expect(page.locator("#analysis h3 >> nth=0")).to_have_text("Valor para cada actor")
    page.locator('g[id="n:coop_judged"]').dispatch_event("click")
    panel = page.locator("#panel")
    spanish = engine.load("mexico", lang="es").spec.nodes["coop_judged"]
    assert panel.locator("h2").inner_text() == spanish.label
    assert "Señales: lo que indicaría que esta rama se está produciendo" in panel.inner_text()
    assert spanish.branches[0].signposts[0].label in panel.locator("ul.signposts >> nth=0").inner_text()
    page.click("#sens-run")
    expect(page.locator("#sensitivity h3 >> nth=0")).to_contain_text("Tornado: valor para", timeout=90_000)
    # The program's words wherever the page and its scripts put them (content such as guards in the
    # expression language, ids and the sources' own titles is left out).
    words = page.evaluate("""() => Array.from(document.querySelectorAll(
        "h1, h2, h3, h4, th, button, label, dt, .note, .hint, .meta, #paths-count, #page, .tagline, .disclaimer, "
        + "#analysis td")).filter((e) => !e.closest(".sources")).map((e) => {
          const copy = e.cloneNode(true); copy.querySelectorAll("code").forEach((c) => c.remove());
          return copy.textContent; }).join("\\n")""")
    assert not english_in(words), sorted(english_in(words))
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator("#a-p_coop_enough").evaluate("e => { e.value = 0.7; e.dispatchEvent(new Event('input')); }")
    expect(page).to_have_url(re.compile(r"a\.p_coop_enough=0\.7.*lang=es|lang=es.*a\.p_coop_enough=0\.7"))
    assert problems == []


def test_where_filter_and_path_highlight(chromium: Any, library: str) -> None:
    page, problems = open_page(chromium, library + "s/mexico")
    page.fill("#where", "civilian_risk >= high")
    page.click("#where-form button[type=submit]")
    page.wait_for_selector("svg.lit-where")
    assert "Paths that end where civilian_risk >= high: 24,492" in page.inner_text("#paths-count")
    assert page.locator("svg.lit-where g.node.on").count() > 3
    page.click("#paths tbody tr >> nth=0")
    page.wait_for_selector("svg.lit-path")
    assert "path=" in page.url and page.locator("svg.lit-path g.edge.on").count() >= 3
    page.fill("#where", "civilian_risk >= hgh")
    page.click("#where-form button[type=submit]")
    page.wait_for_selector("#where-error:not([hidden])")
    assert "--where" in page.inner_text("#where-error")
    assert problems == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]


def test_fold_and_present(chromium: Any, library: str) -> None:
    page, problems = open_page(chromium, library + "s/mexico")
    page.locator('g[id="n:mexico_forces"]').dispatch_event("click")  # the node may lie outside the view
    page.click("#fold-toggle")
    expect(page).to_have_url(re.compile("fold=mexico_forces"))
    page.wait_for_selector('g[id^="n:more-"]')
    assert "more paths" in (page.locator('g[id^="n:more-"] >> nth=0').text_content() or "")
    page.locator('g[id^="n:more-"] >> nth=0').dispatch_event("click")  # the node may lie outside the view
    expect(page).not_to_have_url(re.compile("fold="))
    page.goto(library + "s/mexico/present")
    page.wait_for_selector(".slide-step[data-title]", timeout=60000)  # laid out in the background, then reloaded
    page.keyboard.press("ArrowRight")
    assert re.search(r"Pressure( \(\d+ of \d+\))? · step 2 of", page.inner_text("#caption"))  # a long phase: parts
    assert problems == []


def test_hostile_text_shows_literally_and_never_runs(chromium: Any, library: str) -> None:
    page, problems = open_page(chromium, library + "s/hostile")
    assert "<script>alert(1)</script>" in page.inner_text("h1")
    page.locator('g[id="n:a_moves"]').dispatch_event("click")  # the node may lie outside the view
    panel = page.locator("#panel")
    assert "{{ 7*7 }}" in panel.inner_text()
    assert panel.locator("a").count() == 0  # javascript: is shown, never linked
    page.click("#paths tbody tr >> nth=0")
    assert not any(p.startswith("dialog") for p in problems) and problems == []


def test_live_edit_break_and_recover(chromium: Any, tmp_path: Path) -> None:
    file = tmp_path / "port.yaml"
    shutil.copy(DATA / "port-dispute.yaml", file)
    good = file.read_text()
    with serving(str(file)) as url:
        page, problems = open_page(chromium, url + "s/port?a.p_talks_succeed=0.7")
        page.locator('g[id="n:talks"]').dispatch_event("click")  # the node may lie outside the view
        page.wait_for_timeout(500)  # the event stream is open
        file.write_text(good.replace("label: Do talks succeed?", "label: Do the talks hold?"))
        page.wait_for_selector('g[id="n:talks"] >> text=Do the talks hold?', timeout=5000)
        assert page.locator("#panel h2").inner_text() == "Do the talks hold?"  # selection kept
        assert "a.p_talks_succeed=0.7" in page.url and page.input_value("#a-p_talks_succeed") == "0.7"
        file.write_text(good.replace("to: deal, weight", "to: dael, weight"))
        page.wait_for_selector("#problems:not([hidden])", timeout=5000)
        text = page.inner_text("#problems")
        assert re.search(r"port\.yaml:\d+:\d+: error: .*unknown node 'dael'", text)
        assert "to: dael" in text  # the offending line
        assert page.locator("#diagram-box.stale").count() == 1
        assert page.locator('g[id="n:talks"]').count() == 1  # the last good diagram stays
        file.write_text(good)
        expect(page.locator("#problems")).to_be_hidden(timeout=5000)
        assert page.locator("#diagram-box.stale").count() == 0
        assert problems == []


def test_exported_file_works_offline_from_disk(chromium: Any, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scenarios.cli.main import main

    out = tmp_path / "mexico.html"
    assert CliRunner().invoke(main, ["render", "mexico", "-f", "html", "-o", str(out)]).exit_code == 0
    context = chromium.new_context(offline=True, viewport={"width": 1280, "height": 720})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(out.as_uri())
    page.locator('g[id="n:mexico_forces"]').dispatch_event("click")  # the node may lie outside the view
    assert "Sources" in page.inner_text("#panel")
    from scenarios import engine

    s = engine.load("mexico")
    first = next(iter(s.paths()))
    page.fill("#filter", s.spec.nodes[s.outcome_id(first)].label.lower())
    count = page.locator("#paths tbody tr").count()
    assert 0 < count <= 500
    assert page.locator("svg.lit-where g.node.on").count() > 0
    page.click("#paths tbody tr >> nth=0")
    assert page.locator("svg.lit-path g.edge.on").count() >= 2
    page.select_option("#outcome", index=1)
    assert 0 < page.locator("#paths tbody tr").count() <= 500
    assert "stated assumptions" in page.inner_text("#assumption-note")
    assert problems == []
    context.close()
