"""check, list, new, schema and help: exit codes and the text a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import every_command, main
from scenarios.engine import bundled_dir, load_path
from tests.conftest import PORT


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_ok_file() -> None:
    code, out, err = run("check", str(PORT))
    assert (code, out, err) == (0, f"{PORT}: ok, 0 warnings\n", "")


def test_check_reports_every_file_and_fails_on_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(PORT.read_text().replace("actor: gov_b", "actor: gov_x").replace("to: deal\n", "to: dael\n"))
    code, out, err = run("check", str(PORT), str(bad))
    assert code == 2
    assert out == f"{PORT}: ok, 0 warnings\n"
    assert err.splitlines() == [
        f"{bad}:39:12: error: node 'b_responds' names unknown actor 'gov_x' (did you mean 'gov_b'?)",
        f"{bad}:45:13: error: branch 'Return to talks' goes to unknown node 'dael' (did you mean 'deal'?)",
        f"{bad}: 2 errors, 0 warnings",
    ]


def test_check_warnings_do_not_fail(tmp_path: Path) -> None:
    warned = tmp_path / "warned.yaml"
    warned.write_text(PORT.read_text().replace("actors:\n", "actors:\n  idle: {name: Idle}\n"))
    code, _out, err = run("check", str(warned))
    assert code == 0
    assert err == f"{warned}:9:3: warning: actor 'idle' is never used (no node, payoff or values names it)\n"


def test_check_missing_file() -> None:
    code, _, err = run("check", "no/such/file.yaml")
    assert code == 2
    assert err == "error: no such file: no/such/file.yaml\n"


def test_list_shows_bundled_scenarios_with_path_counts() -> None:
    code, out, _ = run("list")
    assert code == 0
    assert out.splitlines()[0].split() == ["Name", "Title", "Paths", "Where"]
    names = [line.split()[0] for line in out.splitlines()[1:]]
    assert {"mexico", "venezuela", "fentanyl-labs", "tutorial"} <= set(names)


def test_new_writes_a_valid_scenario_and_refuses_to_overwrite(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["new", "border-talks"])
    assert result.exit_code == 0
    assert result.stdout == ("wrote " + str(Path("scenarios") / "border-talks.yaml") +
                             "\nnext: scenarios check border-talks, then scenarios explore border-talks\n")
    scenario = load_path("scenarios/border-talks.yaml")
    assert scenario.warnings == ()
    assert scenario.summarize().path_count == 5
    assert Path("scenarios/scenario.schema.json").is_file()
    before = Path("scenarios/border-talks.yaml").read_text()
    again = runner.invoke(main, ["new", "border-talks"])
    assert again.exit_code == 2
    assert again.stderr.endswith("border-talks.yaml already exists; choose another name or edit that file\n")
    assert Path("scenarios/border-talks.yaml").read_text() == before
    explored = runner.invoke(main, ["explore", "border-talks"])
    assert explored.exit_code == 0


def test_new_refuses_odd_names(tmp_path: Path) -> None:
    code, _, err = run("new", "../escape")
    assert code == 2
    assert err == "error: '../escape' is not a usable name: use letters, digits, - and _ (e.g. border-talks)\n"
    code, _out, err = run("new", "n" * 300)
    assert (code, err) == (2, f"error: '{'n' * 40}…' is 300 characters long: keep a name to 100 or fewer\n")


def test_schema_is_json_schema_and_matches_the_committed_copy() -> None:
    _code, out, _ = run("schema")
    schema = json.loads(out)
    assert schema["title"] == "Scenario file (format 1)"
    assert set(schema["required"]) == {"title", "start", "nodes"}
    committed = (bundled_dir() / "scenario.schema.json").read_text(encoding="utf-8")
    assert json.loads(committed) == schema, "regenerate with: scenarios schema > scenarios/scenario.schema.json"


def test_bundled_files_point_editors_at_the_schema() -> None:
    for file in bundled_dir().glob("*.yaml"):
        assert file.read_text(encoding="utf-8").splitlines()[0] == \
            "# yaml-language-server: $schema=./scenario.schema.json", file.name


@pytest.mark.parametrize("command", sorted(every_command()))
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Example" in out, f"'scenarios {command} --help' shows no example"


HEAVY = ("pydantic", "networkx", "rich", "ruamel", "graphviz", "matplotlib", "numpy", "scipy")


def _loaded_by(asking: str, heavy: tuple[str, ...]) -> str:
    """In a fresh process, invoke `main` with each list of arguments `asking` (Python source for a list of argument
    lists) and print the exit codes and the loaded modules whose names start with one of `heavy`."""
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from scenarios.cli.main import main; "
            "from scenarios.cli.commands import COMMANDS; "
            f"codes = [CliRunner().invoke(main, args).exit_code for args in {asking}]; "
            f"print(set(codes), sorted(m for m in sys.modules if m.startswith({heavy!r})))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_help_does_not_import_heavy_libraries() -> None:
    assert _loaded_by("[['--help']]", (*HEAVY, "scenarios.engine.format.loader")) == "{0} []"


def test_every_python_package_is_packaged() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[2]
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"scenarios." + str(p.parent.relative_to(root)).replace("/", ".") for top in ("engine", "cli")
             for p in (root / top).rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"


def test_each_commands_help_imports_no_model_or_heavy_library() -> None:
    """`scenarios COMMAND --help` (and `workshop start --help`) loads the command and its options, not the
    engine behind it: no model, no rich, no numpy. One process asks every command's help in turn."""
    asking = "[[*c.split(), '--help'] for c in [*COMMANDS, 'workshop start', 'workshop report', 'workshop list']]"
    heavy = (*HEAVY, "starlette", "uvicorn", "jinja2", "scenarios.engine.format", "scenarios.engine.core",
             "scenarios.engine.errors")
    assert _loaded_by(asking, heavy) == "{0} []"
