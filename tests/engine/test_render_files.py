"""Writing files (atomic, never over someone else's), --watch, and the committed gallery."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import engine
from engine.diagrams import render
from engine.diagrams.gallery import bundled
from engine.diagrams.output import write_output
from engine.diagrams.watch import watch
from engine.errors import UsageError
from tests.conftest import PORT

OUTPUTS = Path(__file__).parents[2] / "outputs"


def test_write_is_atomic_and_overwrites_only_our_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "port.dot"
    data = render(engine.load(PORT), "dot")
    write_output(target, data)
    write_output(target, data)  # ours: overwritten without --force
    assert target.read_bytes() == data
    assert [p.name for p in target.parent.iterdir()] == ["port.dot"]  # no temporary left behind
    foreign = tmp_path / "notes.svg"
    foreign.write_text("<svg>mine</svg>")
    with pytest.raises(UsageError, match=r"notes.svg exists and was not written by `scenarios render`; use --force"):
        write_output(foreign, data)
    assert foreign.read_text() == "<svg>mine</svg>"
    write_output(foreign, data, force=True)
    assert foreign.read_bytes() == data


def test_watch_redraws_on_change_and_keeps_the_last_good_diagram(tmp_path: Path) -> None:
    source = tmp_path / "port.yaml"
    shutil.copy(PORT, source)
    out = tmp_path / "port.dot"
    said: list[str] = []

    def build() -> str:
        write_output(out, render(engine.load(source), "dot"))
        return f"wrote {out}"

    def edits():
        text = source.read_text()
        source.write_text(text.replace("Uneasy calm", "Uneasy truce"))
        yield {("modified", str(source))}
        good = out.read_text()
        assert "Uneasy truce" in good
        source.write_text(text.replace("to: deal\n", "to: dael\n"))
        yield {("added", str(tmp_path / "other.yaml"))}  # another file in the folder: ignored
        yield {("modified", str(source))}
        assert out.read_text() == good
        source.write_text(text)
        yield {("added", str(source))}  # an editor's atomic save shows up as the file being added

    assert watch(source, build, said.append, edits()) == 4
    assert said[:2] == [f"wrote {out}", f"wrote {out}"]
    assert said[2].startswith(f"{source}:45:13: error: branch 'Return to talks' goes to unknown node 'dael'")
    assert said[3:] == ["not redrawn: the last good diagram is kept until the file checks clean", f"wrote {out}"]
    assert "Uneasy calm" in out.read_text()


def test_watch_stops_at_the_limit() -> None:
    calls: list[str] = []
    forever = iter(lambda: {("modified", str(PORT))}, None)
    assert watch(PORT, lambda: "drawn", calls.append, forever, limit=3) == 3
    assert calls == ["drawn"] * 3


@pytest.mark.parametrize("file", [f for f, s in bundled() if not isinstance(s, Exception)], ids=lambda f: f.stem)
def test_committed_gallery_matches_the_code(file: Path) -> None:
    scenario = engine.load(file)
    committed = OUTPUTS / f"{scenario.name}.dot"
    assert committed.exists(), f"{committed} is missing; regenerate the gallery: scenarios render --gallery"
    assert committed.read_text(encoding="utf-8") == render(scenario, "dot").decode("utf-8"), (
        f"{committed} is out of date; regenerate the gallery: scenarios render --gallery")
