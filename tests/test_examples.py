"""Every example in every `--help`, in the README and in every page of docs/ runs as written.

The commands run in a fresh folder holding only the files they name (from
tests/data/examples/: a group's assumption files, a draft, a file with mistakes...).
A transcript (`$ scenarios ...` followed by its output) must match what the command
prints today. A command shown in several places runs once, named by the first place
(`docs/guides/commands.md:42: scenarios ...`, or `--help: ...`).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import every_command, main
from tests.docs import GUIDES, PAGES, ROOT, Block, Example, blocks, examples, where

FIXTURES = ROOT / "tests" / "data" / "examples"
# Run until Ctrl-C, so they cannot run here; tests/engine/test_render_files.py drives the watcher
# and tests/web/ the server themselves.
ENDLESS = ("--watch", "scenarios serve", "scenarios workshop mexico", "scenarios workshop --resume",
           "scenarios workshop start")
# Examples that show a non-zero exit on purpose.
EXIT = {"scenarios balance my-file.yaml --strict": (0, 1)}
# Examples that run an analysis or a drawing of the full mexico model (a second or more each; the small
# models' runs of the same commands are in tests/cli/), and the handout and slides that Chromium prints as a
# PDF: left out of the default loop.
BIG = ("scenarios uncertainty mexico", "scenarios sensitivity mexico", "scenarios export mexico -f efg",
       "scenarios render --gallery", "scenarios balance mexico", "scenarios matrix mexico",
       "scenarios analyze mexico", "scenarios compare mexico", "scenarios diff mexico", "scenarios render mexico",
       "scenarios explore mexico --format csv", "scenarios explore mexico --summary --set")


def _marks(command: str) -> list[pytest.MarkDecorator]:
    big = command.startswith(BIG)
    chromium = (command.startswith("scenarios workshop report") and command.endswith(".pdf")) or \
        "--slides -f pdf" in command
    return [mark for mark, wanted in ((pytest.mark.big, big), (pytest.mark.e2e, chromium)) if wanted]


def help_examples() -> list[str]:
    """The lines under "Example(s):" in the group's and every command's help."""
    found = []
    for text in [main.help, *(command.help for command in every_command().values())]:
        listing = False
        for line in (text or "").splitlines():
            stripped = line.strip()
            if stripped.startswith(("Example:", "Examples:")):
                listing = True
            elif listing and stripped.startswith("scenarios "):
                found.append(stripped.split("  #")[0].strip())
            elif stripped:
                listing = False
    return found


def all_examples() -> list[Example]:
    """The pages' examples, then the help's, each (command, transcript) once, at its first place."""
    found: dict[tuple[str, str | None], Example] = {}
    shown = [e for page in PAGES for e in examples(page)]
    for example in shown + [Example(c, None, "--help") for c in help_examples()]:
        found.setdefault((example.command, example.transcript), example)
    return list(found.values())


EXAMPLES = all_examples()


def test_examples_were_found() -> None:
    commands = {e.command for e in EXAMPLES}
    assert len(commands) > 60
    assert {"scenarios render my-file.yaml --watch", "scenarios check border.yaml"} <= commands
    assert set(every_command()) <= {c.split()[1] for c in commands}, "every command has an example"
    shown = {e.place.split(":")[0] for e in EXAMPLES}
    assert {"README.md", "docs/guides/commands.md", "docs/guides/analysis.md", "docs/guides/workshop.md"} <= shown


@pytest.mark.parametrize(("command", "transcript"),
                         [pytest.param(e.command, e.transcript, id=f"{e.place}: {e.command}", marks=_marks(e.command))
                          for e in EXAMPLES])
def test_example_runs_as_written(command: str, transcript: str | None, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if any(endless in command for endless in ENDLESS):
        pytest.skip("runs until interrupted")
    words = shlex.split(command)
    drawn = ("render" in words and not {"mermaid", "dot"} & set(words)) or \
        (words[1] == "matrix" and bool({"png", "svg"} & set(words)))  # a matrix slide is drawn by dot too
    if drawn and shutil.which("dot") is None and os.environ.get("CI") != "true":
        pytest.skip("Graphviz `dot` is not installed")
    for word in words:
        fixture = FIXTURES / word
        if not fixture.is_file() and "/" in word:
            fixture = ROOT / word  # a file of the repository, e.g. tests/data/port-dispute.yaml
        if fixture.is_file():
            (tmp_path / word).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fixture, tmp_path / word)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # workshop sessions: never the user's own
    if words[:2] == ["scenarios", "workshop"]:
        kept_session(tmp_path / "data" / "scenarios" / "workshops.db", "3f2a9c1d")
    target = None
    if ">" in words:
        words, target = words[: words.index(">")], words[words.index(">") + 1]
    result = CliRunner().invoke(main, words[1:])
    if transcript is not None:
        shown = "\n".join(line.rstrip() for line in result.output.splitlines()) + "\n"
        assert shown == transcript
        return
    assert result.exit_code in EXIT.get(command, (0,)), result.output
    assert "Traceback" not in result.output
    if target:
        Path(target).write_text(result.stdout, encoding="utf-8")
        assert Path(target).stat().st_size > 0


def kept_session(db: Path, session: str) -> None:
    """A short played session with the id the workshop examples name."""
    from scenarios.engine.format.loader import load_path
    from scenarios.engine.workshop import Store, Workshop

    port = ROOT / "tests" / "data" / "port-dispute.yaml"
    store = Store(db)
    w = Workshop.create(store, load_path(port), port.read_text(encoding="utf-8"), str(port))
    with store.change() as sql:
        sql.execute("UPDATE sessions SET id = ? WHERE id = ?", (session, w.id))
    w = Workshop.resume(store, session)
    ana = w.join(w.code, "Ana", "gov_a")[0]
    w.open_vote()
    w.vote(ana.id, 0, "k")
    w.close_vote()
    store.close()


PYTHON = [block for page in PAGES for block in blocks(page) if block.lang in ("python", "py")]


@pytest.mark.parametrize("block", PYTHON, ids=[where(b.page, b.line) for b in PYTHON])
def test_python_example_runs(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each Python block runs, in a folder whose ./scenarios/ is the bundled library (as in a checkout)."""
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    monkeypatch.chdir(tmp_path)
    code = block.text
    if shutil.which("dot") is None and os.environ.get("CI") != "true":
        code = code.replace('svg = scenarios.render(s, "svg")', 'svg = scenarios.render(s, "dot")')
    exec(compile(code, where(block.page, block.line), "exec"), {})


def test_python_examples_were_found() -> None:
    assert {where(b.page) for b in PYTHON} >= {"docs/guides/python.md", "docs/guides/commands.md"}


def test_the_guides_weights_step_shows_what_it_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guide quotes path weights before and after --set; they must be what explore prints."""
    monkeypatch.setenv("COLUMNS", "200")
    guide = (GUIDES / "workshop.md").read_text(encoding="utf-8")
    step = guide[guide.index("### 25–35: argue about the weights"):]
    step = " ".join(step[:step.index("```\nscenarios sensitivity")].split())
    setting = re.search(r"scenarios explore mexico --summary --set (\S+)", step).group(1)  # type: ignore[union-attr]
    claims = re.findall(r'"([^"]+)",? (?:goes )?from ([\d.–]+%) to ([\d.–]+%)', step)
    assert len(claims) >= 1
    before = CliRunner().invoke(main, ["explore", "mexico", "--summary"]).stdout
    after = CliRunner().invoke(main, ["explore", "mexico", "--summary", "--set", setting]).stdout
    for outcome, old, new in claims:
        row = re.compile(rf"^{re.escape(outcome)} — [\d,]+ paths? · share of weight (\S+)$", re.M)
        assert row.search(before).group(1) == old, outcome  # type: ignore[union-attr]
        assert row.search(after).group(1) == new, outcome  # type: ignore[union-attr]
    name, value = setting.split("=")
    assert f"{name} = {value} (set)" in after
    stated = re.search(r"\(stated as ([\d.]+)\)", step).group(1)  # type: ignore[union-attr]
    assert f"{name} = {stated}," in before
