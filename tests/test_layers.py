"""The house's rules, checked: layer contracts (import-linter), no import loop between files, small modules.

The repository's fixed layout (engine/ and cli/ beside scenarios/) is mapped into one package
only when installed, so the import graph is read from a folder of links laid out as installed.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
MAX_METHODS = 20


@pytest.fixture(scope="module")
def installed_layout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose `scenarios/` holds the package as a wheel lays it out (links, not copies)."""
    top = tmp_path_factory.mktemp("layout")
    package = top / "scenarios"
    package.mkdir()
    for entry in (ROOT / "scenarios").iterdir():
        (package / entry.name).symlink_to(entry)
    for part in ("engine", "cli"):
        (package / part).symlink_to(ROOT / part)
    return top


def test_layer_contracts_hold(installed_layout: Path) -> None:
    lint = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    done = subprocess.run([sys.executable, "-c", lint, str(ROOT / "pyproject.toml")],
                          cwd=installed_layout, env={**os.environ, "PYTHONPATH": str(installed_layout)},
                          capture_output=True, text=True, timeout=120)
    assert "Contracts:" in done.stdout, done.stdout + done.stderr  # it ran, and read the contracts
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_import_loop_between_files(installed_layout: Path) -> None:
    """Every import counts, a function's own included: a loop through a deferred import is still a loop."""
    script = """
import grimp, json
g = grimp.build_graph("scenarios", exclude_type_checking_imports=True)
edges = [(m, t) for m in g.modules for t in g.find_modules_directly_imported_by(m)]
print(json.dumps(edges))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=installed_layout, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(installed_layout)}, timeout=120, check=True)
    import json

    import networkx as nx

    graph = nx.DiGraph(json.loads(done.stdout))
    loops = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert loops == []


def _sources() -> list[Path]:
    return sorted(p for part in ("engine", "cli") for p in (ROOT / part).rglob("*.py"))


def test_no_module_over_400_lines_and_no_class_over_20_methods() -> None:
    big = [f"{p.relative_to(ROOT)}: {n} lines" for p in _sources()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    wide = []
    for p in _sources():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                methods = sum(isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef)) for b in node.body)
                if methods > MAX_METHODS:
                    wide.append(f"{p.relative_to(ROOT)}: class {node.name} has {methods} methods")
    assert big + wide == []


def test_help_imports_no_model_numpy_or_command() -> None:
    """`scenarios --help` lists the commands from a table: no command, model or heavy library loads."""
    script = """
import sys
sys.argv = ["scenarios", "--help"]
from scenarios.cli.main import main
try:
    main()
except SystemExit:
    pass
heavy = ("pydantic", "numpy", "networkx", "rich", "starlette", "scenarios.cli.commands.explore",
         "scenarios.engine.format", "scenarios.engine.core")
print([m for m in heavy if m in sys.modules], file=sys.stderr)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stderr.strip() == "[]"
    assert "explore" in done.stdout and "workshop" in done.stdout


def test_the_command_table_matches_each_command() -> None:
    """The table `--help` reads says what each command's own help says, and names the real function."""
    import importlib

    from scenarios.cli.commands import COMMANDS

    for name, (where, summary) in COMMANDS.items():
        module, function = where.split(":")
        command = getattr(importlib.import_module(f"scenarios.cli.commands.{module}"), function)
        assert command.name == name
        english = command.__dict__.get("_english_help", command.help)  # its help as written, if already shown
        assert summary == (english or "").split("\n\n")[0].replace("\n", " ")


def test_the_architecture_page_names_every_room() -> None:
    """docs/architecture.md maps the rooms: a new folder under engine/ or cli/ gets a row there."""
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rooms = sorted({p.parent.relative_to(ROOT).as_posix() for p in _sources() if p.name == "__init__.py"})
    assert [room for room in rooms if f"`{room}/`" not in page] == []
