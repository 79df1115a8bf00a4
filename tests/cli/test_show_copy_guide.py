"""`show`, `copy` and `guide`: reading and copying a bundled scenario and the guides, without a checkout."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios import engine
from scenarios.cli.main import main


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_show_prints_the_bundled_yaml(in_tmp: Path) -> None:
    code, out, _ = run("show", "tutorial")
    assert code == 0
    assert out == (engine.bundled_dir() / "tutorial.yaml").read_text(encoding="utf-8")


def test_show_refuses_what_is_not_a_scenario(in_tmp: Path) -> None:
    (in_tmp / "notes.txt").write_text("secret")
    assert run("show", "notes.txt") == (2, "", "error: notes.txt: not a scenario file (a .yaml file)\n")
    code, _, err = run("show", "nosuch")
    assert code == 2 and err.startswith("error: no scenario named 'nosuch'")


def test_copy_makes_an_editable_copy_that_takes_the_bundled_ones_place(in_tmp: Path) -> None:
    assert run("copy", "mexico") == (0, "wrote scenarios/mexico.yaml\nnext: edit it, then scenarios check mexico\n",
                                     "")
    copy = in_tmp / "scenarios" / "mexico.yaml"
    assert copy.read_bytes() == (engine.bundled_dir() / "mexico.yaml").read_bytes()
    assert (in_tmp / "scenarios" / "scenario.schema.json").is_file()
    copy.write_text(copy.read_text().replace("\n  en: US land strikes", "\n  en: Our copy of US land strikes", 1))
    assert engine.load("mexico").title.startswith("Our copy of ")
    code, _, err = run("copy", "mexico")
    assert code == 2 and err.endswith("mexico.yaml already exists; choose another name or edit that file\n")
    assert run("copy", "tutorial", "first.yaml")[0] == 0 and (in_tmp / "first.yaml").is_file()
    assert run("copy", "tutorial", "first.txt")[0] == 2


GUIDES = Path(__file__).resolve().parents[2] / "docs" / "guides"


@pytest.mark.parametrize(("topic", "heading"), [("workshop", "## Running a 60-minute workshop"),
                                                ("format", "# The scenario format"),
                                                ("commands", "## `scenarios explore NAME|FILE`"),
                                                ("python", "# From Python or a notebook"),
                                                ("numbers", "## How numbers are written")])
def test_guide_prints_the_guide_file(topic: str, heading: str) -> None:
    """The topics users typed before the guides were files still work, and print the whole file: every word of it
    and no other (the order is reflow's: a shell comment too wide for the terminal moves above its command, as
    tests/cli/test_guide_reflow.py checks)."""
    code, out, _ = run("guide", topic)
    assert code == 0
    assert sorted(out.split()) == sorted((GUIDES / f"{topic}.md").read_text(encoding="utf-8").split())
    assert out.startswith("# ") and f"\n{heading}\n" in f"\n{out}"


def test_guide_lists_topics_and_the_new_template_points_at_it(in_tmp: Path) -> None:
    code, out, _ = run("guide")
    assert code == 0 and "workshop" in out and "format" in out
    for page in GUIDES.glob("*.md"):
        heading = page.read_text(encoding="utf-8").splitlines()[0]
        topic, _dot, lang = page.stem.partition(".")  # workshop.es.md: the workshop guide in Spanish
        listed = run("guide", "--lang", lang)[1] if lang else out
        assert f"  {topic:<9} {heading[2:]}\n" in listed
    run("new", "first")
    assert "scenarios guide format" in (in_tmp / "scenarios" / "first.yaml").read_text()


def test_guides_are_package_data() -> None:
    from importlib.resources import files

    shipped = sorted(f.name for f in files("scenarios.guides").iterdir() if f.name.endswith(".md"))
    assert shipped == sorted(p.name for p in GUIDES.glob("*.md")) and "workshop.md" in shipped


def test_a_file_is_a_topic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rooms.md").write_text("# Rooms: where to hold a session\n\nAny room.\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a guide", encoding="utf-8")
    monkeypatch.setattr("scenarios.cli.commands.guide.files", lambda _package: tmp_path)
    assert run("guide") == (0, "Guides (scenarios guide TOPIC):\n  rooms     Rooms: where to hold a session\n", "")
    assert run("guide", "rooms")[1] == "# Rooms: where to hold a session\n\nAny room.\n"


def test_an_unknown_guide_lists_the_guides() -> None:
    code, out, err = run("guide", "worksop")
    assert (code, out) == (2, "")
    assert err.startswith("error: no guide 'worksop' (did you mean 'workshop'? the guides are: analysis, commands, ")
