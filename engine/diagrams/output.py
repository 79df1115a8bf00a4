"""Writing a rendered file safely: temporary name then rename, and never over someone else's file."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..files import atomic_write
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
    atomic_write(path, data)
