"""Who is waiting for news: server-sent event streams wake when the session changes.

All session calls run on the server's one event loop, so a change sets an asyncio
event directly; a burst of votes is coalesced into one push by the stream itself.
"""

from __future__ import annotations

import asyncio
import contextlib


class Hub:
    """A version counter per audience: `everyone` (the phones) and `screen` (the facilitator's big screen)."""

    def __init__(self) -> None:
        self.versions = {"everyone": 0, "screen": 0}
        self.events = {"everyone": asyncio.Event(), "screen": asyncio.Event()}

    def notify(self, kind: str) -> None:
        audiences = ("screen",) if kind in ("tally", "assumptions", "people") else ("everyone", "screen")
        for audience in audiences:
            self.versions[audience] += 1
            event = self.events[audience]
            event.set()
            self.events[audience] = asyncio.Event()

    async def wait(self, audience: str, seen: int, timeout: float) -> int:
        """The audience's version once it passes `seen`, or the same after `timeout` seconds (a keep-alive)."""
        if self.versions[audience] == seen:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.events[audience].wait(), timeout)
        return self.versions[audience]
