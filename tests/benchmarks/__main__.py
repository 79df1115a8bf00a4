"""Run the benchmarks and print their figures: `python -m tests.benchmarks [NAME…]`.

NAME is a module suffix (engine, render, analysis); with none, all run.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [f"bench_{n}" for n in argv] or names
    for name in wanted:
        if name not in names:
            sys.exit(f"unknown benchmark '{name[6:]}'; available: {', '.join(n[6:] for n in names)}")
        print(f"== {name[6:]}", flush=True)
        importlib.import_module(f"tests.benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
