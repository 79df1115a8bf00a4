"""Writing files (atomic, never over someone else's), --watch, and the committed gallery."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.errors import UsageError
from scenarios.engine.files import write_output
from scenarios.engine.output.diagrams import render
from scenarios.engine.output.diagrams.gallery import (
    build,
    bundled,
    matrix_source,
    matrix_stem,
    suggested_source,
    translations,
)
from scenarios.engine.output.diagrams.watch import watch
from scenarios.engine.text.i18n import speaking
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
    with pytest.raises(UsageError, match=r"notes.svg already exists and was not written by scenarios; pass --force"):
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
@pytest.mark.big
def test_committed_gallery_matches_the_code(file: Path) -> None:
    scenario = engine.load(file)
    committed = OUTPUTS / f"{scenario.name}.dot"
    assert committed.exists(), f"{committed} is missing; regenerate the gallery: scenarios render --gallery"
    assert committed.read_text(encoding="utf-8") == render(scenario, "dot").decode("utf-8"), (
        f"{committed} is out of date; regenerate the gallery: scenarios render --gallery")
    versions = [(None, scenario), *((t.language, t) for _stem, t in translations(file, scenario))]
    for lang, version in versions:
        with speaking(lang):
            drawn = {f"{version.name}.{lang}.dot" if lang else f"{version.name}.dot": render(version, "dot").decode()}
            matrix = matrix_source(version)
            if matrix is not None:
                drawn[f"{matrix_stem(version.name, lang)}.dot"] = matrix
            suggested = suggested_source(version)
            if suggested is not None:
                drawn[f"{matrix_stem(version.name, lang, 'matrix-suggested')}.dot"] = suggested
        for name, text in drawn.items():
            committed = OUTPUTS / name
            assert committed.exists() and committed.read_text(encoding="utf-8") == text, (
                f"{committed} is missing or out of date; regenerate the gallery: scenarios render --gallery")


@pytest.mark.graphviz
def test_gallery_draws_each_further_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "library"
    library.mkdir()
    crossing = Path(__file__).parents[1] / "data" / "languages" / "crossing.yaml"
    (library / "crossing.yaml").write_text(crossing.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr("scenarios.engine.output.diagrams.gallery.bundled_dir", lambda: library)
    written = build(tmp_path / "out", lambda _line: None)
    assert sorted(p.name for p in written) == ["crossing.dot", "crossing.es.dot", "crossing.es.svg", "crossing.svg"]
    spanish = (tmp_path / "out" / "crossing.es.dot").read_text(encoding="utf-8")
    assert "Disputa en el paso fronterizo" in spanish and "Leyenda" in spanish
    english = (tmp_path / "out" / "crossing.dot").read_text(encoding="utf-8")
    assert "Border crossing dispute" in english and "Legend" in english


def test_the_gallery_shows_mexicos_suggested_2x2_with_four_filled_quadrants() -> None:
    from scenarios.engine.analysis.matrix import build as build_matrix
    from scenarios.engine.analysis.matrix import empty_cells, parse_axis
    from scenarios.engine.analysis.quadrants import suggest
    from scenarios.engine.format.library import resolve

    scenario = engine.load(resolve("mexico"))
    best = suggest(scenario)[0]
    grid = build_matrix(scenario, parse_axis(scenario, best.rows.spec), parse_axis(scenario, best.columns.spec),
                        fold=True)
    assert not empty_cells(grid) and [len(row) for row in grid.cells] == [2, 2]
    assert all(cell.paths for row in grid.cells for cell in row)
    for stem in ("mexico-matrix-suggested", "mexico-matrix-suggested.es"):
        for ext in ("dot", "svg", "png"):
            assert (OUTPUTS / f"{stem}.{ext}").exists(), f"regenerate the gallery: scenarios render --gallery ({stem})"
    assert "(not reached)" not in (OUTPUTS / "mexico-matrix-suggested.dot").read_text(encoding="utf-8")
