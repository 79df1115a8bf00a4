"""Running Graphviz: the one place the program touches its binaries (kept at the edge), with a guard.

A layout runs with a time budget and a memory cap.  Past either, Graphviz is stopped and the
caller gets one line saying what to draw instead (TooBig, a RuntimeFailure), never a hang.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.text.i18n import _

INSTALL = ("Graphviz is not installed, and {fmt} needs its `dot` program: install it with "
           "`sudo apt install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) or "
           "`winget install graphviz` (Windows), or use -f dot or -f mermaid, which need nothing")
BUDGET = 20.0              # seconds a layout may take
MEMORY = 1536 * 2 ** 20    # bytes of address space Graphviz may use


class TooBig(RuntimeFailure):
    """Graphviz went past its time budget or memory cap: the map must be drawn in parts or folded."""


def budget() -> float:
    """The time budget in seconds; SCENARIOS_GRAPHVIZ_SECONDS changes it (a slow machine, a test)."""
    try:
        return max(0.1, float(os.environ.get("SCENARIOS_GRAPHVIZ_SECONDS", BUDGET)))
    except ValueError:
        return BUDGET


def too_big(why: str) -> TooBig:
    return TooBig(_("the map is too big for Graphviz to lay out ({why}): draw part of it with --focus NODE or "
                    "--depth K, one slide per phase with --slides, or browse it with scenarios serve").format(why=why))


def _cap_memory() -> None:  # runs in the child, before Graphviz starts
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_dot(source: str, fmt: str, layout: str = "dot") -> bytes:
    """Graphviz on DOT text: `dot -T<fmt>`, or `neato -n2` for a layout made by the engine (fixed positions).

    A clean RuntimeFailure when Graphviz is missing or fails, TooBig past the budget or cap."""
    exe = shutil.which("dot")
    if exe is None:
        raise RuntimeFailure(INSTALL.format(fmt=fmt.upper()))
    args = [exe, f"-K{layout}", f"-T{fmt}"] + (["-n2"] if layout == "neato" else [])
    seconds = budget()
    try:
        done = subprocess.run(args, input=source.encode("utf-8"), capture_output=True, check=False, timeout=seconds,
                              preexec_fn=_cap_memory if os.name == "posix" else None)
    except subprocess.TimeoutExpired:  # run() has killed it and reaped it
        raise too_big(_("stopped after {seconds:g} s").format(seconds=seconds)) from None
    except OSError as exc:
        raise RuntimeFailure(f"could not run Graphviz's dot: {exc}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if done.returncode < 0 or any("memory" in line.lower() or "alloc" in line.lower() for line in detail):
            raise too_big(_("it needed more than {mb} MB").format(mb=MEMORY // 2 ** 20))
        raise RuntimeFailure(f"Graphviz's dot failed on {fmt.upper()}: {detail[0] if detail else 'no message'}")
    return done.stdout
