"""scenarios: explore declarative branching models of policy situations.

    import scenarios
    s = scenarios.load("mexico")          # a name, or a path to a file
    for path in s.paths(): ...            # streamed, numbered from 1
    scenarios.summarize(s).path_count     # exact, without listing paths

The library is `scenarios.engine` (re-exported here); the terminal commands are
`scenarios.cli`; this folder also holds the bundled scenario library as data files.
"""

from __future__ import annotations

import os as _os

# The one place the version is written: the wheel's metadata reads it (pyproject's dynamic version),
# and so does `scenarios --version`.
__version__ = "0.2.0"

# In a checkout the repository's fixed layout keeps engine/ and cli/ beside this folder;
# an installed wheel places them inside it. Extending __path__ makes `scenarios.engine`
# resolve the same way in both (as pkgutil.extend_path does for split packages).
_here = _os.path.dirname(_os.path.abspath(__file__))
_root = _os.path.dirname(_here)
if not _os.path.isdir(_os.path.join(_here, "engine")) and _os.path.isfile(
        _os.path.join(_root, "engine", "__init__.py")):
    __path__.append(_root)  # type: ignore[name-defined]


def _engine():
    import importlib

    return importlib.import_module(__name__ + ".engine")


def __getattr__(name: str):  # PEP 562: the engine loads on first use, so --help stays fast
    if name.startswith("__") or name in ("engine", "cli"):
        raise AttributeError(f"module 'scenarios' has no attribute {name!r}")
    try:
        return getattr(_engine(), name)
    except AttributeError:
        raise AttributeError(f"module 'scenarios' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_engine().__all__))
