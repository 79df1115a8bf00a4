"""Screenshots of `serve`'s pages at the three sizes a room meets them (projector, laptop, phone), for
the gallery in outputs/: `python -m tests.shots` (the workshop's pages come from its browser test
with SCENARIOS_SHOTS=outputs/room).  Besides the served pages: a file that does not check clean, as
`serve` shows it, and the single-file page `scenarios render NAME -f html` writes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.web.browser import browser, serving

SIZES = {"1920": (1920, 1080), "1280": (1280, 720), "375": (375, 812)}
PAGES = {"index": "", "scenario": "s/mexico", "scenario-es": "s/mexico?lang=es", "present": "s/mexico/present",
         "not-found": "s/nothing-here", "broken": "s/draft"}
BROKEN = """title: A draft with a mistake
as_of: 2026-01-09
start: first
nodes:
  first:
    type: decision
    label: First move
    actor: nobody
    branches:
      - label: Go
        to: ending
"""


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.yaml"
        draft.write_text(BROKEN, encoding="utf-8")
        export = Path(tmp) / "mexico.html"
        subprocess.run([sys.executable, "-m", "scenarios", "render", "mexico", "-f", "html", "-o", str(export)],
                       check=True, capture_output=True)
        with serving("mexico", "tutorial", "venezuela", "fentanyl-labs", str(draft)) as url, browser() as b:
            for size, (width, height) in SIZES.items():
                page = b.new_page(viewport={"width": width, "height": height})
                for name, path in PAGES.items():
                    page.goto(url + path)
                    page.wait_for_timeout(2500 if "present" in name or name.startswith("scenario") else 300)
                    if name in ("broken", "index"):  # messages name the full path: the temporary folder left out
                        page.evaluate("(folder) => document.querySelectorAll('.msg').forEach((m) => {"
                                      " m.textContent = m.textContent.replace(folder, ''); })", tmp + "/")
                    page.screenshot(path=str(folder / f"serve-{name}-{size}.png"))
                    if name == "present":  # and a phase's own slide: Action, the widest
                        for _ in range(12):
                            page.keyboard.press("ArrowRight")
                            if page.inner_text("#caption").startswith("Action"):
                                break
                        page.screenshot(path=str(folder / f"serve-present-action-{size}.png"))
                page.goto(export.as_uri())
                page.wait_for_timeout(500)
                page.screenshot(path=str(folder / f"render-html-{size}.png"))
                page.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "outputs/serve"))
