"""Live authoring: watch the served files and push a note to every open page when one is saved.

Editors save by writing a temporary file and renaming it, so the folders are watched (with
watchfiles), not the files.  Each page holds one server-sent event stream; on a change the
server reloads the file first, so the page's next request sees the new version (or its errors).
A file still being written (a large file copied in) is reloaded once it has stopped changing,
not at every step of the copy: reading a part-written file of megabytes again and again kept
the other routes waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from .served import Served, stamp

HEARTBEAT = 15.0  # seconds between comments that keep proxies and browsers from closing the stream
SETTLE = 0.1  # seconds a changed file must stay as it is before it is reloaded
SETTLE_MOST = 10.0  # a file written for longer than this is reloaded anyway


class Live:
    def __init__(self, served: Served):
        self.served = served
        self.queues: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self.stop_event = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.stop_event = asyncio.Event()
        self.task = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        self.end()
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task

    async def _watch(self) -> None:
        import watchfiles

        folders = sorted({e.path.parent for e in self.served.entries.values()})
        async for batch in watchfiles.awatch(*folders, debounce=50, step=25, stop_event=self.stop_event,
                                             recursive=False):
            await asyncio.to_thread(self.changed, [Path(p) for _, p in batch])  # a reload never holds up a page

    def changed(self, paths: list[Path]) -> None:
        """Reload the served files among `paths` and tell every page about each one that changed.

        Runs in a worker thread; the note to the pages is handed to the event loop."""
        loop = self.loop
        entries = [e for e in map(self.served.by_path, paths) if e is not None]
        settle([e.path for e in entries])
        for entry in entries:
            if self.served.refresh(entry):
                event = {"name": entry.name, "version": entry.version, "ok": not entry.errors}
                if loop is None:
                    self.publish(event)
                else:
                    loop.call_soon_threadsafe(self.publish, event)

    def end(self) -> None:
        """Stop watching and close every open stream (the server is stopping: open pages must not hold it up)."""
        self.stop_event.set()
        self.publish_end()

    def publish_end(self) -> None:
        """Close every open stream (the server is stopping)."""
        for q in list(self.queues):
            q.put_nowait(None)

    def publish(self, event: dict[str, Any]) -> None:
        for q in list(self.queues):
            q.put_nowait(event)

    async def stream(self, name: str) -> AsyncIterator[str]:
        """Server-sent events for one scenario's page, until the client leaves or the server stops."""
        q: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.queues.add(q)
        try:
            yield "retry: 1000\n\n"
            while not self.stop_event.is_set():
                try:
                    event = await asyncio.wait_for(q.get(), HEARTBEAT)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if event is None:
                    return
                if event["name"] == name:
                    yield f"event: changed\ndata: {json.dumps(event)}\n\n"
        finally:
            self.queues.discard(q)


def settle(paths: list[Path]) -> None:
    """Wait until none of `paths` has changed (modification time and size) for SETTLE seconds, at most SETTLE_MOST."""
    if not paths:
        return
    before = [stamp(p) for p in paths]
    deadline = time.monotonic() + SETTLE_MOST
    while time.monotonic() < deadline:
        time.sleep(SETTLE)
        now = [stamp(p) for p in paths]
        if now == before:
            return
        before = now
