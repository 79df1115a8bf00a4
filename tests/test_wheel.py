"""The workshop guide from a wheel: `policy-scenarios`, built without warnings, installed in two fresh
virtual environments, one without extras and one with all of them; every command of the guide run
with all of them, in a folder that is not the checkout; the core alone explores and names the extra a
missing library comes with; `scenarios --version` is the wheel's version in both.

Slow (each fresh environment installs every dependency, a minute or more), so it is marked `slow`,
left out of the default loop and run by CI's full run (.ci/run).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.docs import blocks

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP_PAGE = ROOT / "docs" / "guides" / "workshop.md"
GROUPS = ROOT / "tests" / "data" / "examples"


def guide_commands() -> list[str]:
    """Every `scenarios ...` command of the 60-minute workshop: code blocks, the timings table and inline spans."""
    text = WORKSHOP_PAGE.read_text(encoding="utf-8")
    start = text.index("## Running a 60-minute workshop")
    first = text.count("\n", 0, start) + 1
    commands = [line for block in blocks(WORKSHOP_PAGE) if block.line > first and block.lang in ("", "sh")
                for line in block.lines if line.startswith("scenarios ")]
    commands += re.findall(r"`(scenarios [a-z][^`]*)`", text[start:])
    return list(dict.fromkeys(commands))


def _run(args: list[str] | str, cwd: Path, env: dict[str, str],
         shell: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, shell=shell)


SERVERS = ("scenarios workshop", "scenarios serve")  # they run until interrupted


def _serve_then_stop(command: str, cwd: Path, env: dict[str, str]) -> None:
    """Start a server command, wait for the address it prints, load that page, then press Ctrl-C:
    a facilitator's whole use of it, ending in a clean exit rather than a timeout."""
    program = shutil.which("scenarios", path=env["PATH"])
    assert program, "the wheel installed no `scenarios` command"
    args = [program, *shlex.split(command)[1:]]  # no shell between us and the server: Ctrl-C goes to it alone
    server = subprocess.Popen(args, cwd=cwd, env=env, text=True, start_new_session=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        url = None
        assert server.stdout is not None
        while url is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            found = re.search(r"http://127\.0\.0\.1:\d+/\S*", line)
            url = found.group(0) if found else None
        assert url, f"{command}: printed no address ({server.stderr.read() if server.poll() is not None else ''})"
        status = None
        while status is None and server.poll() is None and time.monotonic() < deadline:
            try:  # the address is printed just before uvicorn binds it
                with urllib.request.urlopen(url, timeout=60) as page:
                    status = page.status
            except OSError:
                time.sleep(0.5)
        assert status == 200, f"{command}: {url} answered {status} (exit {server.poll()})"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            raise
    assert code == 0, f"{command}: exit {code} after Ctrl-C"


def _fresh(venv: Path, requirement: str, cwd: Path, env: dict[str, str]) -> Path:
    """A new virtual environment with `requirement` installed; its site-packages folder."""
    assert _run([sys.executable, "-m", "venv", str(venv)], cwd, env).returncode == 0
    installed = _run([str(venv / "bin" / "pip"), "install", "-q", requirement], cwd, env)
    assert installed.returncode == 0, installed.stderr
    (site,) = (venv / "lib").glob("python3*/site-packages")
    return site


@pytest.mark.slow
@pytest.mark.e2e
def test_the_guide_works_from_a_wheel_in_a_fresh_environment(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV")}
    built = _run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", str(tmp_path / "dist"), str(ROOT)],
                 tmp_path, env)
    assert built.returncode == 0, built.stderr
    warnings = [line for line in (built.stdout + built.stderr).splitlines()
                if re.search(r"warn", line, re.I) and "Location" not in line]
    assert warnings == [], "the build warns"
    (wheel,) = (tmp_path / "dist").glob("policy_scenarios-*.whl")
    version = wheel.name.split("-")[1]

    room = tmp_path / "workshop"  # not the checkout
    room.mkdir()
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(GROUPS / name, room)

    # The core alone: explore works; the calls whose library is an extra name the extra, in one line.
    core = tmp_path / "core"
    site = _fresh(core, str(wheel), tmp_path, env)
    assert not {"ema_workbench", "SALib", "pandas", "sklearn"} & {p.name for p in site.iterdir()}
    bare = {**env, "PATH": f"{core / 'bin'}{os.pathsep}{env.get('PATH', '')}", "COLUMNS": "100"}
    assert _run("scenarios --version", room, bare, shell=True).stdout == f"scenarios, version {version}\n"
    explored = _run("scenarios explore mexico", room, bare, shell=True)
    assert explored.returncode == 0 and "33,146" in explored.stdout, explored.stderr
    for option, extra in (("--target coop_holds", "discovery"), ("--method sobol", "sobol")):
        refused = _run(f"scenarios uncertainty mexico --samples 64 --no-charts {option}", room, bare, shell=True)
        assert refused.returncode == 1 and refused.stdout == ""
        assert refused.stderr.endswith(f"install the {extra} extra: pip install 'policy-scenarios[{extra}]'\n")
        assert refused.stderr.count("\n") == 1, refused.stderr

    # Everything: the whole guide.
    venv = tmp_path / "venv"
    _fresh(venv, f"policy-scenarios[all] @ {wheel.as_uri()}", tmp_path, env)
    env = {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", "COLUMNS": "100"}
    python = str(venv / "bin" / "python")
    assert _run("scenarios --version", room, env, shell=True).stdout == f"scenarios, version {version}\n"
    metadata = _run([python, "-c", "import importlib.metadata as m; print(m.version('policy-scenarios'))"], room, env)
    assert metadata.stdout.strip() == version
    explored = _run("scenarios explore mexico", room, env, shell=True)
    assert explored.returncode == 0 and "33,146" in explored.stdout, explored.stderr

    commands = guide_commands()
    assert {"scenarios show mexico", "scenarios copy mexico", "scenarios check mexico"} <= set(commands)
    for command in commands:
        if "render" in command and shutil.which("dot") is None:
            command += " -f dot"
        if command.startswith(SERVERS):
            _serve_then_stop(command, room, env)
            continue
        done = _run(command, room, env, shell=True)
        assert done.returncode == 0, f"{command}: {done.stderr}"
        assert "Traceback" not in done.stderr
    assert (room / "scenarios" / "mexico.yaml").is_file()  # `copy` put the group's own copy here
    assert "## Running a 60-minute workshop" in _run("scenarios guide workshop", room, env, shell=True).stdout

    same = _run([python, "-m", "scenarios", "list"], room, env)
    assert same.returncode == 0 and "mexico" in same.stdout
    for name in ("engine", "cli"):  # one namespace: nothing generic is installed at the top level
        assert _run([python, "-c", f"import {name}"], room, env).returncode != 0
    api = _run([python, "-c", "import scenarios; print(scenarios.load('tutorial').summarize().path_count)"], room, env)
    assert api.stdout.strip() == "16"
    spanish = _run("scenarios explore tutorial --summary --lang es", room, env, shell=True)  # the shipped catalogue
    assert spanish.returncode == 0 and "Desenlaces" in spanish.stdout and "Outcomes" not in spanish.stdout
