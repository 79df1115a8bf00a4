"""How many event streams a server holds: a cap in all (below the descriptor limit) and per client address.

Each open page holds one connection, and so one file descriptor, for as long as it is open.
Past the cap a stream is answered at once with one `full` event (the page says why) and a
`retry` of RETRY_MS, so the page asks again later instead of holding a descriptor the
facilitator's next request needs; the terminal says so once per crowd.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

try:
    import resource
except ImportError:  # Windows: no descriptor limit to raise
    resource = None  # type: ignore[assignment]

from scenarios.engine.text.i18n import _

RESERVED = 64     # descriptors kept for the facilitator, the database, files and requests that aren't streams
PER_CLIENT = 64   # streams from one address (not loopback): a shared NAT still fits a room
MOST = 4096
RETRY_MS = 15_000


def raise_descriptor_limit() -> int:
    """Raise the soft limit on open files to the hard limit (as far as the system allows); the soft limit now."""
    if resource is None:
        return MOST
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    for target in (hard, 65536, 10240):  # macOS refuses RLIM_INFINITY and anything above OPEN_MAX
        if target == resource.RLIM_INFINITY or target <= soft or (hard != resource.RLIM_INFINITY and target > hard):
            continue
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            break
        except (ValueError, OSError):
            continue
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class Full(Exception):
    """No room for another stream; `message` says why, for the page and the terminal."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _loopback(client: str) -> bool:
    try:
        return ipaddress.ip_address(client).is_loopback
    except ValueError:
        return False


class Streams:
    """The open event streams of one server, by client address."""

    def __init__(self, most: int | None = None, per_client: int = PER_CLIENT,
                 say: Callable[[str], None] | None = None):
        limit = raise_descriptor_limit()  # at start: the soft limit up to the hard one
        room = MOST if resource is None or limit == resource.RLIM_INFINITY else max(8, limit - RESERVED)
        self.most = min(most or MOST, room)
        self.per_client = per_client
        self.say = say
        self.open: dict[str, int] = {}
        self.total = 0
        self.warned = False

    @contextlib.contextmanager
    def hold(self, client: str, reserved: bool = False) -> Iterator[None]:
        """Count one stream from `client` while the block runs; Full when there is no room (`reserved`: the
        facilitator's screen, which always has room)."""
        if not reserved:
            if self.total >= self.most:
                self._full(_("the server holds as many live pages as it can ({count}); this page asks again "
                             "shortly, and votes still count").format(count=self.most))
            if not _loopback(client) and self.open.get(client, 0) >= self.per_client:
                self._full(_("too many live pages from one address ({count}); this page asks again shortly, and "
                             "votes still count").format(count=self.per_client))
        self.open[client] = self.open.get(client, 0) + 1
        self.total += 1
        try:
            yield
        finally:
            self.total -= 1
            self.open[client] -= 1
            if not self.open[client]:
                del self.open[client]
            if self.total < self.most * 0.9:
                self.warned = False

    def _full(self, message: str) -> None:
        if self.say is not None and not self.warned:
            self.warned = True
            self.say(message)
        raise Full(message)


def full_event(message: str) -> str:
    """The one event a refused stream is sent: the message, and when to ask again."""
    return f"retry: {RETRY_MS}\n\nevent: full\ndata: {json.dumps({'error': message})}\n\n"


async def warm_up() -> None:
    """Answer two event streams in process before the server listens, so nothing a stream needs is loaded later.

    Libraries import some modules on first use (anyio imports its task groups when the first
    stream starts, and its worker threads when a response is read from a plain iterator), and
    an import opens a file. Done first while a crowd of pages arriving at once holds every
    descriptor, it fails, and a page that should hold its stream is answered 500 instead and
    never told of the next vote. The scope is uvicorn's (ASGI spec 2.3: a stream listens for
    the page going away beside it).
    """
    from starlette.responses import StreamingResponse

    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}}
    held = asyncio.Event()  # never set: the page stays; the stream ends when its events do

    async def receive() -> dict[str, Any]:
        await held.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        return None

    async def events() -> AsyncIterator[str]:
        yield ": ready\n\n"

    for content in (events(), iter([": ready\n\n"])):
        await StreamingResponse(content, media_type="text/event-stream")(scope, receive, send)
