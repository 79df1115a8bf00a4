"""The committed gallery: every bundled scenario that checks clean, as DOT and SVG in outputs/,
and once more in each further language it declares (`NAME.es.dot`, `NAME.es.svg`).

Regenerate with `scenarios render --gallery` (or `python -m scenarios.engine.output.diagrams.gallery`);
a test fails when a committed .dot no longer matches what the code draws.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from scenarios.engine.analysis.matrix import build as build_matrix
from scenarios.engine.analysis.matrix import parse_axis
from scenarios.engine.analysis.quadrants import suggest
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import ScenarioError
from scenarios.engine.files import write_output
from scenarios.engine.format.library import bundled_dir
from scenarios.engine.format.loader import load_path
from scenarios.engine.output.diagrams import EXTENSIONS, images, render
from scenarios.engine.text.i18n import speaking

from .matrix_drawing import matrix_dot

FORMATS = ("dot", "svg")
# The matrix slides the gallery also draws: scenario → its two axes (see `scenarios matrix`).
MATRICES = {"mexico": ("coop_judged", "civilian_risk >= high")}
# The scenarios whose first `scenarios matrix --suggest` 2x2 the gallery draws too (NAME-matrix-suggested).
SUGGESTED = ("mexico",)


def bundled() -> Iterator[tuple[Path, Scenario | ScenarioError]]:
    """Each bundled scenario file, loaded, or the error that stops it from loading."""
    for file in sorted(bundled_dir().glob("*.yaml")):
        try:
            yield file, load_path(file)
        except ScenarioError as exc:
            yield file, exc


def translations(file: Path, scenario: Scenario) -> Iterator[tuple[str, Scenario]]:
    """The scenario loaded in each further language it declares, with the file stem for it (`mexico.es`)."""
    for lang in scenario.languages[1:]:
        yield f"{scenario.name}.{lang}", load_path(file, lang=lang)


def matrix_source(scenario: Scenario) -> str | None:
    """The DOT of the scenario's gallery matrix, in the current language; None when it has none."""


    axes = MATRICES.get(scenario.name.split(".")[0])
    if axes is None:
        return None
    grid = build_matrix(scenario, parse_axis(scenario, axes[0]), parse_axis(scenario, axes[1]))
    return matrix_dot(grid, scenario.disclaimer)


def suggested_source(scenario: Scenario) -> str | None:
    """The DOT of the first 2x2 `matrix --suggest` offers for the scenario, in the current language; None when the
    gallery draws none for it."""
    if scenario.name.split(".")[0] not in SUGGESTED:
        return None
    best = suggest(scenario)[0]
    grid = build_matrix(scenario, parse_axis(scenario, best.rows.spec), parse_axis(scenario, best.columns.spec),
                        fold=True)  # the four quadrants alone, as the room names them (`matrix --fold`)
    return matrix_dot(grid, scenario.disclaimer)


def matrix_stem(name: str, lang: str | None, kind: str = "matrix") -> str:
    """`mexico-matrix`, or `mexico-matrix.es` for a further language (`kind` "matrix-suggested": the suggested one)."""
    return f"{name}-{kind}" + (f".{lang}" if lang else "")


def build(folder: Path = Path("outputs"), say: Callable[[str], None] = print) -> list[Path]:

    written = []
    for file, loaded in bundled():
        if isinstance(loaded, ScenarioError):
            say(f"skipped {file.name}: it does not check clean ({len(loaded.errors)} errors)")
            continue
        versions = [(loaded.name, None, loaded), *((stem, s.language, s) for stem, s in translations(file, loaded))]
        for stem, lang, scenario in versions:
            with speaking(lang):
                for fmt in FORMATS:
                    target = folder / f"{stem}.{EXTENSIONS[fmt]}"
                    write_output(target, render(scenario, fmt), force=True)
                    written.append(target)
                    say(f"wrote {target}")
                for kind, source in (("matrix", matrix_source(scenario)),
                                     ("matrix-suggested", suggested_source(scenario))):
                    if source is None:
                        continue
                    for fmt, data in (("dot", source.encode("utf-8")), ("svg", images.svg(source)),
                                      ("png", images.png(source))):
                        target = folder / f"{matrix_stem(loaded.name, lang, kind)}.{fmt}"
                        write_output(target, data, force=True)
                        written.append(target)
                        say(f"wrote {target}")
    return written


if __name__ == "__main__":
    from scenarios.engine.errors import RuntimeFailure

    try:
        build()
    except (ScenarioError, RuntimeFailure) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
