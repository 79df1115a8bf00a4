"""Writing a rendered file safely: temporary name then rename, and never over someone else's file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import RuntimeFailure, UsageError
from .images import is_stamped


def ours(path: Path) -> bool:
    """True when the file carries the stamp every rendered format writes."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
            f.seek(max(0, path.stat().st_size - 256))
            tail = f.read()
    except OSError:
        return False
    return is_stamped(head) or is_stamped(tail)


def write_output(path: Path, data: bytes, force: bool = False) -> None:
    """Write atomically; an existing file we did not write needs `force`."""
    if path.is_dir():
        raise UsageError(f"-o {path}: is a folder; give a file name")
    if path.exists() and not force and not ours(path):
        raise UsageError(f"{path} exists and was not written by `scenarios render`; "
                         "use --force to overwrite it")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a rendered file is for sharing
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
