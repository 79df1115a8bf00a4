"""Driving Debian's chromium through Playwright, and a real `scenarios serve` to drive it at.

Playwright's own browser download is never used: the system chromium is launched through
`executable_path`.  Without chromium or Playwright these tests skip, except with CI=true,
where they fail, so a green CI proves they ran.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        message = "needs Debian's chromium (apt-get install chromium) and the playwright package"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def expect(target: Any) -> Any:
    """Playwright's retrying assertions (imported late: the package may be absent)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


@contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(*sources: str, cwd: Path | None = None) -> Iterator[str]:
    """`scenarios serve SOURCES` on a free port, until the block ends (stopped with Ctrl-C)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "scenarios", "serve", *sources, "--port", str(port)],
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        stop(proc)


def wait_until_up(url: str, proc: subprocess.Popen[str], limit: float = 20.0) -> float:
    """Seconds until the server answers `url`."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if proc.poll() is not None:
            raise AssertionError(f"the server stopped: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                r.read()
                return time.perf_counter() - start
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"the server did not answer within {limit} s")


def stop(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    import signal

    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    else:
        out, err = proc.communicate()
    return proc.returncode, out, err


def serious_violations(page: Any) -> list[str]:
    """axe-core (axe-playwright-python's bundled copy) run on `page` as it stands: every serious or critical
    violation, as "rule: nodes", for an assertion message."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): " + "; ".join(" ".join(n["target"]) if isinstance(n["target"], list)
                                                          else str(n["target"]) for n in v["nodes"][:5])
            for v in found if v.get("impact") in ("serious", "critical")]


# Every visible text node's contrast with what lies behind it, as WCAG 2 computes it (relative luminance), the
# text's colour blended by the opacity of its element and every ancestor, against the first ancestor (the element
# included) with a background colour that is not transparent, blended over white: the elements painted under the
# text's centre (document.elementsFromPoint, from the text's element down), so an overlay is measured against what it
# overlays; text outside the viewport is measured against its ancestors.  Disabled controls are measured
# like any other text (axe-core leaves them out).  SVG text (the maps, the dot plots) is left out: its colour is a
# fill, and the maps are measured for size elsewhere.
CONTRAST = """() => {
  const rgba = (s) => { const m = s.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  const background = (el, box) => {  // what is painted under the text: the elements at its centre, from it down
    const stack = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const from = stack.indexOf(el);
    const under = from >= 0 ? stack.slice(from) : [];
    if (!under.length) for (let e = el; e; e = e.parentElement) under.push(e);  // off screen: its ancestors
    const layers = [];
    for (const e of under) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255];
    for (const c of layers.reverse()) bg = over(c, bg);
    return bg;
  };
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || el.closest("svg")) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const range = document.createRange(); range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= 0 || box.left >= innerWidth) continue;
    let alpha = rgba(style.color)[3];
    for (let e = el; e; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity);
    const bg = background(el, box), fg = over([...rgba(style.color).slice(0, 3), alpha], bg);
    const a = lum(fg), b = lum(bg), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const what = `${el.tagName.toLowerCase()}${el.disabled ? ", disabled" : ""}`;
    if (ratio < 4.5) bad.push(`${ratio.toFixed(2)}:1 "${node.textContent.trim().slice(0, 40)}" (${what})`);
  }
  return bad;
}"""


def low_contrast(page: Any) -> list[str]:
    """Text on `page` below WCAG AA's 4.5:1 (see CONTRAST), disabled controls included."""
    return list(page.evaluate(CONTRAST))
