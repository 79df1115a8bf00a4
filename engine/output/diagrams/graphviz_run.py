"""Running Graphviz's `dot`: the one place the program touches the binary (kept at the edge)."""

from __future__ import annotations

import shutil
import subprocess

from scenarios.engine.errors import RuntimeFailure

INSTALL = ("Graphviz is not installed, and {fmt} needs its `dot` program: install it with "
           "`sudo apt install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) or "
           "`winget install graphviz` (Windows), or use -f dot or -f mermaid, which need nothing")


def run_dot(source: str, fmt: str) -> bytes:
    """`dot -T<fmt>` on DOT text; a clean RuntimeFailure when dot is missing or fails."""
    exe = shutil.which("dot")
    if exe is None:
        raise RuntimeFailure(INSTALL.format(fmt=fmt.upper()))
    try:
        done = subprocess.run([exe, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, check=False)
    except OSError as exc:
        raise RuntimeFailure(f"could not run Graphviz's dot: {exc}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeFailure(f"Graphviz's dot failed on {fmt.upper()}: {detail[0] if detail else 'no message'}")
    return done.stdout
