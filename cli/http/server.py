"""One server runner for both apps: the port checked before anything starts, uvicorn, a clean stop on Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import gc
import socket
from collections.abc import Callable
from typing import Any

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.text.i18n import _

from .streams import raise_descriptor_limit, warm_up


def check_port(host: str, port: int) -> None:
    """Fail with one line, before anything starts, when the port can't be had."""

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise RuntimeFailure(_("--host {host}: not an address of this computer").format(host=host)) from None
    family, _type, _proto, _name, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise RuntimeFailure(_("port {port} is already in use on {host}; choose another with --port").format(
                    port=port, host=host)) from None
            raise RuntimeFailure(_("cannot listen on {host}:{port}: {reason}").format(
                host=host, port=port, reason=exc.strerror or exc)) from None


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


HEADER_TIMEOUT = 10.0  # seconds a new connection has to send its request's headers (slowloris)
MAX_HEADERS = 16 * 1024  # bytes of a request's headers


class HeadersTooLarge(Exception):
    """A request's headers ran past MAX_HEADERS: answered 400 and the connection closed, as a malformed request is."""


def _protocol(header_timeout: float) -> type:
    """uvicorn's httptools protocol (its C parser: a vote costs a fraction of the CPU of the pure-Python h11's)
    with a deadline on each request's headers (slowloris) and a cap on their size.

    uvicorn's own keep-alive timer is cancelled by the first byte that arrives, so a client
    sending its headers a byte at a time would hold the connection for ever: the deadline
    here runs from the connection (or the first byte of the next request on a kept-alive one)
    until the request's headers are complete, whatever arrives in between. The headers' bytes
    are counted as they arrive, so neither one long header nor many short ones grow past
    MAX_HEADERS.
    """
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class Protocol(HttpToolsProtocol):
        deadline: asyncio.TimerHandle | None = None
        corked: Corked
        outbox: Outbox | None = None  # the writes of this server's turn of the event loop (one server, one loop)
        heard = 0  # bytes received since the current request's headers began
        parsed = 0  # bytes of its URL and headers the parser has handed over
        in_headers = True  # between a request's first byte (or the connection) and the end of its headers

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if Protocol.outbox is None:
                Protocol.outbox = Outbox(self.loop)
            self.transport = self.corked = Corked(transport, Protocol.outbox)  # every write of this connection
            self.deadline = self.loop.call_later(header_timeout, self.late)

        def data_received(self, data: bytes) -> None:
            if self.in_headers:
                self.heard += len(data)
            super().data_received(data)
            if self.in_headers and self.heard > MAX_HEADERS and self.parser is not None \
                    and not self.transport.is_closing():
                self.send_400_response("Request headers too large.")

        def on_message_begin(self) -> None:
            super().on_message_begin()
            if not self.in_headers:  # the first byte of the next request on a kept-alive connection
                self.in_headers, self.heard = True, 0
            if self.deadline is None:
                self.deadline = self.loop.call_later(header_timeout, self.late)

        def on_url(self, url: bytes) -> None:
            self.count(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self.count(len(name) + len(value) + 4)
            super().on_header(name, value)

        def count(self, size: int) -> None:
            self.parsed += size
            if self.parsed > MAX_HEADERS:
                raise HeadersTooLarge  # the parser reports it as a malformed request: 400, connection closed

        def on_headers_complete(self) -> None:
            self.in_headers, self.heard, self.parsed = False, 0, 0
            self.unset_deadline()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self.unset_deadline()
            super().connection_lost(exc)

        def unset_deadline(self) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
                self.deadline = None

        def late(self) -> None:
            self.deadline = None
            if self.in_headers and not self.transport.is_closing():
                self.transport.close()

    return Protocol


GC_THRESHOLD = (10_000, 10, 10)  # the collector's generation thresholds while serving (Python's default: 700, 10, 10)


class Outbox:
    """What the connections were given to send in one turn of the event loop, sent at its end, one connection after
    another: a response's head leaves with its body in one write (one packet, not two), and a turn's answers leave
    together.

    Writing an answer wakes the process waiting for it, and on a busy machine the woken process
    takes the core from the server at once (Linux's wakeup preemption); written as each was
    ready, a room's 300 answers gave up the core 300 times, and the server spent half its time
    in a round waiting inside `write` (sampled with py-spy).  Written together, the readers
    woken by the first are still reading when the rest arrive.  Nothing waits beyond the turn.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.waiting: dict[Corked, None] = {}  # in the order they were first given something this turn
        self.due = False

    def add(self, corked: Corked) -> None:
        self.waiting[corked] = None
        if not self.due:
            self.due = True
            self.loop.call_soon(self.send)

    def send(self) -> None:
        self.due = False
        waiting, self.waiting = self.waiting, {}
        for corked in waiting:
            corked.flush()


class Corked:
    """One connection's transport, its writes held until the end of the event loop's turn (Outbox) and then sent in
    one write, in order; closing sends what is held first.  Everything else is the transport's."""

    def __init__(self, transport: Any, outbox: Outbox):
        self.transport = transport
        self.outbox = outbox
        self.held: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self.held:
            self.outbox.add(self)
        self.held.append(bytes(data))

    def flush(self) -> None:
        if self.held:
            data, self.held = b"".join(self.held), []
            if not self.transport.is_closing():  # a connection lost meanwhile: nothing to send it
                self.transport.write(data)

    def close(self) -> None:
        self.flush()
        self.transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)


def settle_memory() -> None:
    """Keep the garbage collector's passes short and rare while requests arrive: what start-up built (the modules,
    the scenario and its compiled model, the app) is set aside from them, and a pass waits for more new objects.

    Measured in the workshop benchmark on `mexico` (load average about 5): the server ran 14 full
    passes over its 180,000 objects, 13-180 ms each with the event loop stopped, freeing nothing;
    one fell at the end of a round of votes.  With start-up frozen and a first generation of
    10,000 objects, 3 full passes (157 ms in all).  Frozen objects are never scanned (nor freed:
    they live as long as the server does); what requests make is collected as before.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def run(app: Any, host: str, port: int, *, on_stop: Callable[[], None] | None = None, grace: int = 2,
        keep_alive: int = 5, forwarded: str | None = None, header_timeout: float = HEADER_TIMEOUT) -> None:
    """Serve `app` until Ctrl-C, which ends it cleanly (no traceback; the caller says "stopped").

    `on_stop` runs as soon as the stop is asked for, before uvicorn waits up to `grace` seconds
    for open requests: an app ends its event streams there, so open pages don't hold the stop
    up. `keep_alive` is how long an idle connection is kept (phones polling keep theirs); a new
    connection that has not sent its headers within `header_timeout` seconds is dropped, and
    headers over MAX_HEADERS are refused. X-Forwarded-For and -Proto are believed only from the
    addresses in `forwarded` (--forwarded-allow-ips: a reverse proxy in front), so per-address
    limits see the phone, not the proxy.
    """
    import uvicorn

    Protocol = _protocol(header_timeout)

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await warm_up()  # before it listens: a crowd at the descriptor limit finds everything loaded
            settle_memory()
            await super().startup(sockets)

        def handle_exit(self, sig: int, frame: Any) -> None:
            if on_stop is not None:
                on_stop()
            super().handle_exit(sig, frame)

    raise_descriptor_limit()
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            proxy_headers=bool(forwarded), forwarded_allow_ips=forwarded or "127.0.0.1",
                            http=Protocol,
                            lifespan="on", timeout_keep_alive=keep_alive, timeout_graceful_shutdown=grace)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C it handled: a clean stop
        Server(config).run()
