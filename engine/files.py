"""Writing a file atomically: a temporary name in the same folder, then a rename.

Every writer of the program (diagrams, charts, exports) goes through here, so a
crash or Ctrl-C never leaves a half-written file; whose file may be replaced is
each writer's own rule.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import RuntimeFailure


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and a rename; RuntimeFailure when the write fails."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output file is for sharing
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise RuntimeFailure(f"could not write {path}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
