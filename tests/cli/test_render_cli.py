"""`scenarios render`: exit codes, files written, and the exact text a user sees."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios import engine
from scenarios.cli.commands.render import FORMATS
from scenarios.cli.main import main
from scenarios.engine.output.diagrams import RENDERERS
from scenarios.engine.output.diagrams.dot import MARK
from tests.conftest import PORT

needs_dot = pytest.mark.skipif(shutil.which("dot") is None and os.environ.get("CI") != "true",
                               reason="Graphviz `dot` is not installed (CI=true makes this a failure)")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_format_choices_are_the_renderers() -> None:
    assert sorted(FORMATS) == sorted([*RENDERERS, "html"])  # html: the web front end's single file


@pytest.mark.graphviz
@needs_dot
def test_default_is_svg_in_outputs(in_tmp: Path) -> None:
    code, out, err = run("render", str(PORT))
    assert (code, out, err.splitlines()[0]) == (0, "", "wrote outputs/port-dispute.svg")
    assert len(err.splitlines()) == 1 or "--slides" in err.splitlines()[1]  # the readable-size warning, if any
    assert (in_tmp / "outputs" / "port-dispute.svg").read_bytes().startswith(b"<?xml")
    assert run("render", str(PORT))[0] == 0  # our own file: overwritten without --force


def test_dot_to_standard_output_needs_no_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    code, out, err = run("render", str(PORT), "-f", "dot", "-o", "-")
    assert (code, err) == (0, "") and out.startswith(MARK)
    code, out, err = run("render", str(PORT), "-f", "mermaid", "-o", "-")
    assert (code, err) == (0, "") and "flowchart LR" in out


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_missing_graphviz_exits_1_with_one_line(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setenv("PATH", "")
    code, out, err = run("render", str(PORT), "-f", fmt)
    assert (code, out) == (1, "")
    assert err == (f"error: Graphviz is not installed, and {fmt.upper()} needs its `dot` program: install it with "
                   "`sudo apt install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) or "
                   "`winget install graphviz` (Windows), or use -f dot or -f mermaid, which need nothing\n")


def test_writes_where_asked_and_protects_other_files(in_tmp: Path) -> None:
    assert run("render", str(PORT), "-f", "mermaid", "-o", "slide.mmd") == (0, "", "wrote slide.mmd\n")
    (in_tmp / "notes.dot").write_text("digraph { mine }")
    assert run("render", str(PORT), "-f", "dot", "-o", "notes.dot") == (
        2, "", "error: notes.dot already exists and was not written by scenarios; pass --force to replace it\n")
    assert (in_tmp / "notes.dot").read_text() == "digraph { mine }"
    assert run("render", str(PORT), "-f", "dot", "-o", "notes.dot", "--force")[0] == 0


def test_bad_options_exit_2() -> None:
    code, _, err = run("render", str(PORT), "-f", "gif")
    assert code == 2 and "'gif' is not one of 'svg', 'png', 'pdf', 'dot', 'mermaid'" in err
    assert run("render", str(PORT), "-f", "dot", "--highlight", "7") == (
        2, "", "error: --highlight 7: port-dispute has 6 paths (numbered from 1)\n")
    assert run("render", str(PORT), "-f", "dot", "--where", "tension >=")[0] == 2
    assert run("render", str(PORT), "-f", "dot", "--set", "p_talks_succeed=2") == (
        2, "", "error: --set 'p_talks_succeed=2': assumption 'p_talks_succeed' = 2 is outside its range [0.2, 0.8]\n")
    assert run("render") == (2, "", "error: give a scenario NAME or FILE to draw (see: scenarios list), or --gallery\n")
    assert run("render", "mexico", "--gallery")[0] == 2


def test_tree_too_big_says_what_to_do() -> None:
    code, out, err = run("render", "mexico", "--tree", "-f", "dot")
    assert (code, out) == (2, "")
    count = engine.load("mexico").summarize().path_count
    assert err.startswith(f"error: the tree of mexico has more than 120 leaves ({count:,} paths in all)")


def test_invalid_scenario_lists_errors(in_tmp: Path) -> None:
    bad = in_tmp / "bad.yaml"
    bad.write_text(PORT.read_text().replace("to: deal\n", "to: dael\n"))
    code, out, err = run("render", str(bad), "-f", "dot")
    assert (code, out) == (2, "")
    assert err == (f"{bad}:45:13: error: branch 'Return to talks' goes to unknown node 'dael' "
                   "(did you mean 'deal'?)\n1 error\n")
    assert not (in_tmp / "outputs").exists()


def test_help_has_an_example() -> None:
    code, out, _ = run("render", "--help")
    assert code == 0 and "scenarios render mexico" in out and "--tree" in out
