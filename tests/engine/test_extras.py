"""A call whose library comes with an extra says, in one line and exit 1, which extra to install; and the
distribution's name, extras and version agree with what the program says."""

from __future__ import annotations

import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import scenarios
from scenarios import engine
from scenarios.cli.main import main
from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.extras import DISTRIBUTION, EXTRAS

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
MESSAGES = {
    "discovery": "error: scenario discovery (--target) uses EMA Workbench's PRIM, which is not installed; "
                 "install the discovery extra: pip install 'policy-scenarios[discovery]'\n",
    "sobol": "error: Sobol' indices (--method sobol) use SALib, which is not installed; "
             "install the sobol extra: pip install 'policy-scenarios[sobol]'\n",
}
COMMANDS = {"discovery": ["--target", "shared_success"], "sobol": ["--method", "sobol"]}


@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_a_missing_extra_is_one_line_naming_it_and_exit_1(extra: str, monkeypatch: pytest.MonkeyPatch) -> None:
    module, _ = EXTRAS[extra]
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed: importing it fails
    result = CliRunner().invoke(main, ["uncertainty", "tutorial", "--samples", "64", "--no-charts",
                                       *COMMANDS[extra]])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", MESSAGES[extra])


def test_prim_itself_missing_names_the_extra_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the library is found but will not import (a broken install), the same line."""
    from scenarios.engine.analysis.uncertainty import discovery

    monkeypatch.setitem(sys.modules, "ema_workbench.analysis", None)
    with pytest.raises(RuntimeFailure) as caught:
        discovery._prim_module()
    assert f"error: {caught.value}\n" == MESSAGES["discovery"]


def test_the_library_call_fails_the_same_way(monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarios.engine.analysis.uncertainty.run import uncertainty

    monkeypatch.setitem(sys.modules, "SALib", None)
    with pytest.raises(RuntimeFailure, match=re.escape("pip install 'policy-scenarios[sobol]'")):
        uncertainty(engine.load("tutorial"), 64, "sobol")


def test_each_extra_is_declared_with_its_library() -> None:
    declared = PYPROJECT["project"]["optional-dependencies"]
    assert PYPROJECT["project"]["name"] == DISTRIBUTION
    for extra, (module, _what) in EXTRAS.items():
        assert any(re.match(rf"{re.escape(module)}\b", req, re.I) for req in declared[extra]), extra
        assert not any(re.match(rf"{re.escape(module)}\b", req, re.I) for req in PYPROJECT["project"]["dependencies"])
    # the full test run needs every extra
    assert f"{DISTRIBUTION}[{','.join(sorted(EXTRAS))}]" in declared["test"]


def test_the_version_is_the_distributions() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.output == f"scenarios, version {scenarios.__version__}\n"
    assert importlib.metadata.version(DISTRIBUTION) == scenarios.__version__, \
        "the installed metadata is older than the source: reinstall (pip install -e .)"
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "scenarios.__version__"}
