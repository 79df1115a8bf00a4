"""In a checkout, a user's files stay out of the shipped library (scenarios/) and the gallery (outputs/).

The commands run in a copy of the checkout, as `python -m scenarios` from its root,
so the copy's own scenarios/ folder is the bundled library there.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # `python -m scenarios` in subprocesses

ROOT = Path(__file__).resolve().parents[1]


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def test_commands_in_a_checkout_leave_library_and_gallery_alone(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    for part in ("scenarios", "engine", "cli", "outputs"):
        shutil.copytree(ROOT / part, checkout / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", checkout)
    library, gallery = _fingerprint(checkout / "scenarios"), _fingerprint(checkout / "outputs")
    env = {**os.environ, "COLUMNS": "100"}

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "scenarios", *args], cwd=checkout, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    assert "workspace/scenarios/trial.yaml" in run("new", "trial")
    assert "workspace/scenarios/mexico.yaml" in run("copy", "mexico")
    assert "wrote workspace/outputs/mexico.dot" in run("render", "mexico", "--set", "p_coop_enough=0.2", "-f", "dot")
    assert "wrote workspace/outputs/mexico-tornado.svg" in run("sensitivity", "mexico", "--all", "-a", "p_clash",
                                                               "--steps", "3")
    assert "workspace/outputs/mexico-uncertainty-" in run("uncertainty", "mexico", "--samples", "200")
    listing = run("list")
    assert "trial" in listing and "local" in listing  # the user's file, not called bundled
    run("check", "trial")

    assert _fingerprint(checkout / "scenarios") == library
    assert _fingerprint(checkout / "outputs") == gallery
    assert sorted(p.name for p in (checkout / "workspace" / "scenarios").iterdir()) == [
        "mexico.yaml", "scenario.schema.json", "trial.yaml"]
