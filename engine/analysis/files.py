"""Writing output files safely: a temporary name first, then a rename; never over a stranger's file.

Every file this package writes carries MARK, so a later run may replace it, while
a file the program did not write is kept unless the user passes --force.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..files import atomic_write

MARK = b"Written by scenarios"


def write_output(path: str | Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `path` atomically; refuse to replace a file without MARK unless `force`."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    if path.exists() and not force:
        try:
            ours = MARK in path.read_bytes()
        except OSError:
            ours = False
        if not ours:
            raise UsageError(f"{path} already exists and was not written by scenarios; "
                             "pass --force to replace it")
    atomic_write(path, data)
    return path
