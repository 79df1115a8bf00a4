"""The one policy for files the program reads and writes.

Inputs (scenario files, assumption files, files given to diff/compare) must be regular
files no larger than MAX_BYTES, checked before a byte is read, so `/dev/zero` or a
FIFO fails at once.  Outputs go to a temporary name in the same folder and are renamed
into place, so a crash never leaves half a file; a target that is not a regular file,
or a file this run read as input, is never written, and a file without our marker
(see stamps) is replaced only with --force.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import RuntimeFailure, UsageError
from .stamps import is_ours
from .text.i18n import _

MAX_BYTES = 20 * 1024 * 1024
_inputs: set[tuple[int, int]] = set()  # (device, inode) of every file read as input in this process


def read_input(path: Path, what: str = "") -> bytes:
    """The bytes of an input file; UsageError when it is missing, not a regular file or too large."""
    what = what or _("a file")
    fd = _open_input(path, what)
    try:
        info = os.fstat(fd)
        _check_input(info, path, what)
        chunks = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:
            raise UsageError(_("{path}: the file is too large (more than {limit} bytes)").format(
                path=path, limit=f"{MAX_BYTES:,}"))
        _inputs.add((info.st_dev, info.st_ino))
        return b"".join(chunks)
    except OSError as exc:
        raise UsageError(_("{path}: can't be read ({reason})").format(path=path, reason=exc.strerror or exc)) from None
    finally:
        os.close(fd)


def check_input(path: Path, what: str = "") -> None:
    """Refuse, as read_input would, a file that is missing, not a regular file or too large, without reading it
    (a server checks the files it is given before it starts)."""
    what = what or _("a file")
    fd = _open_input(path, what)
    try:
        _check_input(os.fstat(fd), path, what)
    except OSError as exc:
        raise UsageError(_("{path}: can't be read ({reason})").format(path=path, reason=exc.strerror or exc)) from None
    finally:
        os.close(fd)


def _open_input(path: Path, what: str) -> int:
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO opens without waiting for a writer
    except FileNotFoundError:
        raise UsageError(_("{path}: no such file").format(path=path)) from None
    except IsADirectoryError:
        raise UsageError(_("{path}: is a folder, not {what}").format(path=path, what=what)) from None
    except OSError as exc:
        raise UsageError(_("{path}: can't be read ({reason})").format(path=path, reason=exc.strerror or exc)) from None


def _check_input(info: os.stat_result, path: Path, what: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(_("{path}: is a folder, not {what}").format(path=path, what=what))
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(_("{path}: is not a regular file (a device, pipe or socket); give {what}").format(
            path=path, what=what))
    if info.st_size > MAX_BYTES:
        raise UsageError(_("{path}: the file is too large ({size} bytes; the limit is {limit})").format(
            path=path, size=f"{info.st_size:,}", limit=f"{MAX_BYTES:,}"))


def check_target(path: Path, force: bool = False) -> None:
    """Refuse a target that is a folder, not a regular file, an input of this run, or someone else's file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(_("{path}: can't be written ({reason})").format(
            path=path, reason=exc.strerror or exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(_("{path} is a folder; give a file name").format(path=path))
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(_("{path} is not a regular file (a device, pipe or socket); give a file name, "
                           "or -o - for standard output").format(path=path))
    if (info.st_dev, info.st_ino) in _inputs:
        raise UsageError(_("{path} is a file this command read; scenarios never writes over its input, "
                           "even with --force").format(path=path))
    if not force and not is_ours(path):
        raise UsageError(_("{path} already exists and was not written by scenarios; pass --force to replace it").format(
            path=path))


def write_output(path: str | Path, data: bytes, *, force: bool = False) -> Path:
    """Check the target (see check_target), then write `data` atomically; returns the path."""
    path = Path(path)
    check_target(path, force)
    atomic_write(path, data)
    return path


def write_lines(path: str | Path, chunks: Iterable[bytes], *, force: bool = False) -> Path:
    """write_output for output too large to hold at once: the chunks stream into the temporary file."""
    path = Path(path)
    check_target(path, force)
    atomic_stream(path, chunks)
    return path


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and a rename; RuntimeFailure when the write fails."""
    atomic_stream(path, (data,))


def atomic_stream(path: Path, chunks: Iterable[bytes]) -> None:
    """atomic_write for output too large to hold at once: the chunks stream into the temporary file."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                for chunk in chunks:
                    f.write(chunk)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output file is for sharing
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise RuntimeFailure(_("could not write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None


def create_new(path: Path, data: bytes) -> None:
    """Write a new file atomically, never replacing one (FileExistsError if it appeared meanwhile)."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.link(tmp, path)  # fails if the file exists: never overwrite
    finally:
        Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
