"""Who is waiting for news: server-sent event streams wake when the session changes.

Every change bumps its audiences' versions at once; what the streams are told (the
published version) follows at most every `every` seconds, so a burst of 300 votes
is a handful of pushes, each built and encoded once for all the streams of its
audience.  A change after a quiet moment is published on the next turn of the event
loop, and the last change of a burst always is: the final tally is never held back.
"""

from __future__ import annotations

import asyncio
import contextlib
import math

AUDIENCES = ("everyone", "screen")
COALESCE = 0.1  # seconds: at most one push per audience this often


def audiences_of(kind: str) -> tuple[str, ...]:
    """Who sees a change: votes and newcomers only the big screen; the rest the phones too."""
    return ("screen",) if kind in ("tally", "people") else AUDIENCES


class Hub:
    """A version counter per audience: `everyone` (the phones) and `screen` (the facilitator's big screen)."""

    def __init__(self, every: float = COALESCE) -> None:
        self.every = every
        self.versions = dict.fromkeys(AUDIENCES, 0)  # bumped by every change
        self.published = dict.fromkeys(AUDIENCES, 0)  # what the streams have been told
        self.events = {audience: asyncio.Event() for audience in AUDIENCES}
        self.moves = 0  # changes other than votes: what the big screen shows besides the tally moved
        self._last = -math.inf  # loop time of the last publication
        self._pending: asyncio.TimerHandle | None = None

    def notify(self, kind: str) -> None:
        for audience in audiences_of(kind):
            self.versions[audience] += 1
        if kind != "tally":
            self.moves += 1
        if self._pending is not None:
            return  # a publication is already due; it will carry this change
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside the server's event loop (a script or a test): tell at once
            self.publish()
            return
        delay = max(0.0, self._last + self.every - loop.time())
        self._pending = loop.call_later(delay, self.publish)

    def publish(self) -> None:
        """Tell the waiting streams of every audience whose version moved."""
        self._pending = None
        with contextlib.suppress(RuntimeError):
            self._last = asyncio.get_running_loop().time()
        for audience in AUDIENCES:
            if self.published[audience] != self.versions[audience]:
                self.published[audience] = self.versions[audience]
                event = self.events[audience]
                self.events[audience] = asyncio.Event()
                event.set()

    async def wait(self, audience: str, seen: int, timeout: float) -> int:
        """The audience's published version once it passes `seen`, or the same after `timeout` seconds."""
        if self.published[audience] == seen:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):  # no extra task per wait, unlike wait_for
                    await self.events[audience].wait()
        return self.published[audience]
