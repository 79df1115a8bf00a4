"""Run the benchmarks: `python -m tests.benchmarks [--quick] [NAME…]`.

With no NAME: issue 24's figures, each beside its reference, ending with one table
(tests/benchmarks/figures.py; --quick for a shorter run). NAME is a module suffix (engine,
render, analysis, …) to run that benchmark alone; `all` runs every one of them.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    quick = "--quick" in argv
    argv = [a for a in argv if a != "--quick"]
    if not argv:
        from tests.benchmarks.figures import main as figures

        figures(quick)
        return
    wanted = names if argv == ["all"] else [f"bench_{n}" for n in argv]
    for name in wanted:
        if name not in names:
            sys.exit(f"unknown benchmark '{name[6:]}'; available: {', '.join(n[6:] for n in names)}, all")
        print(f"== {name[6:]}", flush=True)
        importlib.import_module(f"tests.benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
