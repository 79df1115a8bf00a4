"""Issue 18's handout, printed by Debian's chromium: a scripted 8-participant `mexico` session played to an outcome.

Without `--appendix` it is at most 4 A4 pages and no statement in it repeats; with it, the
per-participant tables and every finding are there.  "No statement repeats": the PDF's text
(pdftotext), its lines joined, cut into sentences; every sentence of five words or more
appears once.  Sentences, not printed lines, because a wrapped line ("below, 3 above.") can
end two different findings; the repeats issue 18 found were whole findings, 40 times over.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main
from scenarios.engine.format.library import resolve
from scenarios.engine.format.loader import load_path
from scenarios.engine.workshop import Store, Workshop
from tests.web.browser import chromium_path

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def played_session(db: Path) -> Workshop:
    """Eight participants set every ranged assumption (seeded), vote five to three at each decision, and the draws
    (seeded) take the session to an outcome."""
    path = resolve("mexico")
    w = Workshop.create(Store(db), load_path(path), path.read_text(encoding="utf-8"), str(path))
    rnd = random.Random(7)
    people = [w.join(w.code, f"Person {i}")[0].id for i in range(8)]
    for pid in people:
        w.set_assumptions(pid, {k: round(rnd.uniform(a.low, a.high), 2) for k, a in w.scenario.spec.assumptions.items()
                                if a.low is not None and a.high is not None})
    for step in range(40):
        here = w.standing.position()
        if here["outcome"]:
            return w
        if here["decision"]:
            w.open_vote("everyone")
            open_ = [b["index"] for b in here["branches"]]
            for i, pid in enumerate(people):
                w.vote(pid, open_[0] if i < 5 else open_[-1], key=f"k{step}")
            w.close_vote()
        else:
            w.draw(rnd)
    raise AssertionError("the scripted session reached no outcome")


def printed(w: Workshop, db: Path, out: Path, *more: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["workshop", "report", w.id, "--db", str(db), "-o", str(out), *more])
    assert result.exit_code == 0, result.output
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    return pages, text


def sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", flat) if len(s.split()) >= 5]


def test_the_handout_prints_on_four_pages_and_says_each_thing_once(tmp_path: Path) -> None:
    chromium_path()
    if (shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None) and os.environ.get("CI") != "true":
        pytest.skip("needs poppler-utils (pdfinfo, pdftotext); CI installs them, and there this is a failure")
    db = tmp_path / "w.db"
    w = played_session(db)
    assert len(w.record.participants()) == 8 and w.standing.position()["outcome"]

    pages, text = printed(w, db, tmp_path / "handout.pdf")
    assert pages <= 4, pages
    repeated = {s: n for s, n in Counter(sentences(text)).items() if n > 1}
    assert not repeated, repeated
    assert "the room straddles" in text  # the strongest findings are in the core
    assert text.count("the room straddles") <= 3
    assert "Each participant's assumptions" not in text and "participant 1" not in text

    pages_all, full = printed(w, db, tmp_path / "appendix.pdf", "--appendix")
    assert pages_all > pages
    assert "Each participant's assumptions" in full and "Every decision, by whose assumptions" in full
    assert "participant 1" in full and "participant 8" in full
    assert full.count("the room straddles") > 3  # every finding, each once
