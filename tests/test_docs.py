"""The documentation stays a front door and a reference: short README, links that lead somewhere,
guides that read the same from a wheel, perspective tables that match the files, scenarios that check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from scenarios.cli.main import main
from tests.docs import ALL_PAGES, GUIDES, README, ROOT, Block, blocks, prose, where

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def test_the_readme_is_a_front_door() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert 150 <= lines < 250, f"README.md has {lines} lines; the reference belongs in docs/"


def anchors(page: Path) -> set[str]:
    """The ids GitHub gives the page's headings: lower case, punctuation dropped, spaces as hyphens."""
    found = set()
    for _, line in prose(page):
        if line.startswith("#"):
            text = line.lstrip("#").strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return found


@pytest.mark.parametrize("page", ALL_PAGES, ids=where)
def test_every_relative_link_leads_to_a_file(page: Path) -> None:
    broken = []
    for number, line in prose(page):
        for target in LINK.findall(line):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                broken.append(f"{where(page, number)}: {target} (no such file)")
            elif anchor and file.suffix == ".md" and anchor not in anchors(file):
                broken.append(f"{where(page, number)}: {target} (no such heading)")
    assert broken == []


GUIDE_PAGES = sorted(GUIDES.glob("*.md"))


@pytest.mark.parametrize("page", GUIDE_PAGES, ids=where)
def test_a_guide_reads_the_same_from_a_wheel(page: Path) -> None:
    """A guide opens with the heading `scenarios guide` lists, shows no image a wheel lacks,
    and links only to other guides (the package ships this folder alone)."""
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# ") and text.endswith("\n")
    for number, line in prose(page):
        assert "![" not in line, f"{where(page, number)}: an image in a guide"
        for target in LINK.findall(line):
            if not re.match(r"[a-z]+:", target):
                assert "/" not in target, f"{where(page, number)}: {target} leaves docs/guides/"


def test_nothing_tells_anyone_to_install_the_unrelated_project() -> None:
    """The distribution is `policy-scenarios`; the package index's `scenarios` is someone else's."""
    files = [*ALL_PAGES, ROOT / "pyproject.toml", ROOT / ".ci" / "run", *(ROOT / "cli").rglob("*.py"),
             *(ROOT / "engine").rglob("*.py")]
    wrong = re.compile(r"""pip install (-\S+ )*["']?scenarios\b""")
    assert [where(f) for f in files if wrong.search(f.read_text(encoding="utf-8"))] == []


SETS = re.compile(r"^\| `([a-z-]+)` \| (`\w+` -?[\d.]+(?:, `\w+` -?[\d.]+)*) \|$", re.M)  # values may be negative
PERSPECTIVES = SETS.findall((GUIDES / "library.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "sets"), PERSPECTIVES, ids=[name for name, _ in PERSPECTIVES])
def test_the_perspective_table_says_what_each_file_sets(name: str, sets: str) -> None:
    data = YAML(typ="safe").load((ROOT / "scenarios" / "perspectives" / f"{name}.yaml").read_text(encoding="utf-8"))
    values = {key: value["value"] if isinstance(value, dict) else value for key, value in data.items()}
    stated = {key: float(value) for key, value in re.findall(r"`(\w+)` (-?[\d.]+)", sets)}
    assert stated == values


def test_the_perspective_table_lists_every_file() -> None:
    files = sorted(p.stem for p in (ROOT / "scenarios" / "perspectives").glob("*.yaml"))
    assert sorted(name for name, _ in PERSPECTIVES) == files


SCENARIOS = [b for page in ALL_PAGES for b in blocks(page) if b.lang == "yaml" and "\nformat: " in f"\n{b.text}"]


@pytest.mark.parametrize("block", SCENARIOS, ids=[where(b.page, b.line) for b in SCENARIOS])
def test_a_scenario_shown_in_the_docs_checks_clean(block: Block, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("shown.yaml").write_text(block.text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "shown.yaml"])
    assert (result.exit_code, result.output) == (0, "shown.yaml: ok, 0 warnings\n")


def test_scenarios_shown_in_the_docs_were_found() -> None:
    assert {where(b.page) for b in SCENARIOS} == {"README.md", "docs/guides/format.md", "docs/guides/format.es.md"}
