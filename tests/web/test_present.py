"""Presentation mode phase by phase (issue 18) and pages that never wait on a layout (issue 24)."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from scenarios.cli.web import create_app

from .browser import browser, serving

BUNDLED = ["mexico", "tutorial", "venezuela", "fentanyl-labs"]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot (and a slow stand-in of it)")

# Every `text` element shown on a step, with its size in CSS pixels as drawn: the computed font-size (SVG user
# units) times the horizontal scale of its screen transform (getScreenCTM().a: the viewBox fitted to the page and
# Graphviz's own scale), and its box on screen (getBoundingClientRect); the caption bar is measured the same way.
MEASURE = """() => {
  const step = document.querySelector('.slide-step:not([hidden])');
  const out = [];
  for (const el of step.querySelectorAll('text')) {
    if (!el.textContent.trim()) continue;
    const r = el.getBoundingClientRect();
    const px = parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a;
    out.push({text: el.textContent, px, left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  }
  const c = document.getElementById('caption'), r = c.getBoundingClientRect();
  out.push({text: c.textContent, px: parseFloat(getComputedStyle(c).fontSize), left: r.left, top: r.top,
            right: r.right, bottom: r.bottom});
  return out;
}"""


def ready(client: TestClient, url: str, limit: float = 60.0) -> None:
    """Wait until the slides of `url` (a scenario's /api/s/NAME/slides) are laid out."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if client.get(url).json()["ready"]:
            return
    raise AssertionError(f"{url}: the slides were not ready within {limit} s")


@pytest.mark.e2e
@pytest.mark.browser
@pytest.mark.graphviz
@needs_dot
def test_every_presentation_step_is_readable_and_uncut_at_1920x1080() -> None:
    with serving(*BUNDLED) as url, browser() as b:
        page = b.new_page(viewport={"width": 1920, "height": 1080})
        for name in BUNDLED:
            page.goto(f"{url}s/{name}/present")
            for _ in range(60):  # the slides are laid out in the background; the page reloads when they are ready
                if page.locator(".slide-step[data-title]").count():
                    break
                page.wait_for_timeout(1000)
            steps = page.locator(".slide-step").count()
            assert steps >= 3, name
            for k in range(steps):
                texts = page.evaluate(MEASURE)
                caption = texts[-1]["text"]
                assert f"step {k + 1} of {steps}" in caption
                assert len(texts) > 3, caption
                for t in texts:
                    assert t["px"] >= 18, (caption, t["text"], round(t["px"], 1))
                    assert t["left"] >= 0 and t["top"] >= 0 and t["right"] <= 1920 and t["bottom"] <= 1080, (caption, t)
                page.keyboard.press("ArrowRight")


@pytest.fixture
def tutorial(tmp_path: Path) -> str:
    """A copy of the tutorial under its own path: a scenario no earlier test has laid out (layouts are kept)."""
    copy = tmp_path / "tutorial.yaml"
    text = (Path(__file__).parents[2] / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    copy.write_text(text + f"\n# {tmp_path.name}\n", encoding="utf-8")  # loaded scenarios are kept by content too
    return str(copy)


def stand_in_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slow_runs: str) -> Path:
    """`dot` on PATH: a stand-in running Graphviz's own, after 4 s of sleep when `slow_runs` (a shell test) holds."""
    real = shutil.which("dot")
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "dot"
    script.write_text(f'#!/bin/sh\nif {slow_runs.format(folder=folder)}; then sleep 4; fi\nexec "{real}" "$@"\n',
                      encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return script


@pytest.fixture
def slow_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Graphviz's first two runs take 4 s more (a slow layout), the later ones none."""
    return stand_in_dot(tmp_path, monkeypatch, 'mkdir "{folder}/1" 2>/dev/null || mkdir "{folder}/2" 2>/dev/null')


@pytest.fixture
def stuck_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every Graphviz run takes 4 s more: with a short budget, every layout is refused.

    (Counting runs would not do: a layout an earlier test left running in the background may take one.)
    """
    return stand_in_dot(tmp_path, monkeypatch, "true")


@pytest.mark.graphviz
@needs_dot
@pytest.mark.big
def test_serve_answers_at_once_while_the_layout_runs_and_shows_the_folded_view(slow_dot: Path, tutorial: str) -> None:
    with TestClient(create_app([tutorial])) as c:
        for url in ("/s/tutorial", "/s/tutorial/present"):
            start = time.perf_counter()
            r = c.get(url)
            took = time.perf_counter() - start
            assert r.status_code == 200 and took < 2.0, (url, took)
            assert "The map is still being laid out; here is the folded view meanwhile." in r.text, url
            assert "Pressure" in r.text and "paths enter it" in r.text  # the phases as words
        ready(c, "/api/s/tutorial/slides")  # the layouts go on in the background, then the page has them
        page = c.get("/s/tutorial/present").text
        assert page.count('class="slide-step"') >= 5 and "folded view" not in page
        state = c.get("/api/s/tutorial/state").json()
        assert state["svg"] and state["folded"] is None


@pytest.mark.graphviz
@needs_dot
def test_a_layout_refused_as_too_big_shows_the_folded_view(stuck_dot: Path, tutorial: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENARIOS_GRAPHVIZ_SECONDS", "0.3")  # every run of the stand-in is stopped
    with TestClient(create_app([tutorial])) as c:
        state: dict[str, Any] = {}
        for _ in range(20):
            state = c.get("/api/s/tutorial/state").json()
            if state["folded"] and not state["folded"]["again"]:
                break
        assert state["folded"]["why"] == "The map is too big to lay out here; here is the folded view."
        assert [b["title"] for b in state["folded"]["boxes"]] == ["Pressure", "Response", "Checks", "Outcomes"]
        for _ in range(20):
            answer = c.get("/api/s/tutorial/slides").json()
            if not answer["again"]:
                break
        assert answer == {"ready": False, "why": "The map is too big to lay out here; here is the folded view.",
                          "again": False}
        assert "too big to lay out here" in c.get("/s/tutorial/present").text
