"""Writing a rendered file: the shared output policy of engine.files (marker, inputs, non-regular targets)."""

from __future__ import annotations

from pathlib import Path

from ..files import write_output as _write


def write_output(path: Path, data: bytes, force: bool = False) -> None:
    """Write atomically; an existing file we did not write needs `force`."""
    _write(path, data, force=force)
