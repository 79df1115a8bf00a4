"""One live server per session: an OS lock on a file beside the sessions file, holding the port it serves on.

The lock is the kernel's (`fcntl.flock`), so a server killed with `kill -9` leaves nothing
stuck: the lock goes with the process.  A second `--resume` of a session being served is
refused with one line naming the port.
"""

from __future__ import annotations

import os
from pathlib import Path

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.text.i18n import _

try:
    import fcntl
except ImportError:  # Windows: no lock (one server per session is then up to the facilitator)
    fcntl = None  # type: ignore[assignment]


def lock_path(db: Path, session: str) -> Path:
    return db.with_name(f"{db.name}.{session}.lock")


class SessionLock:
    """Held while a session is served; `take` refuses when another live process holds it."""

    def __init__(self, db: Path, session: str):
        self.path = lock_path(db, session)
        self.session = session
        self.fd: int | None = None

    def take(self, port: int) -> None:
        if fcntl is None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise RuntimeFailure(_("{file}: can't be written ({reason})").format(
                file=self.path, reason=exc.strerror or exc)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            held = os.read(fd, 64).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise RuntimeFailure(_("session {id} is already being served on port {port}; open that server, or "
                                   "stop it before resuming here").format(id=self.session, port=held)) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(port).encode("ascii"))
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock; the file stays (removing it would race a new taker)
            self.fd = None
