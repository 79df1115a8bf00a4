"""A turn's writes leave together at its end (cli/http/server.py, `Outbox`): one write per answer, nothing held longer.

Over a real server's socket: a page arrives whole, and a HEAD request (no body to carry the
head) is answered at once."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

import pytest

from scenarios.cli.http.server import Corked, Outbox
from tests.conftest import PORT

from .running import start

pytestmark = pytest.mark.e2e


class Wire:
    """What a transport was asked to write, write by write."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True


def test_a_turns_writes_leave_at_its_end_one_write_a_connection_in_order() -> None:
    async def turn() -> tuple[Wire, Wire]:
        outbox = Outbox(asyncio.get_running_loop())
        first, second = Wire(), Wire()
        a, b = Corked(first, outbox), Corked(second, outbox)
        a.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
        b.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        a.write(b"{}")
        b.write(b"5\r\nhello\r\n")
        assert first.writes == [] and second.writes == []  # held for the rest of this turn
        await asyncio.sleep(0)
        assert first.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]  # head and body: one write
        assert second.writes == [b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n"]
        a.write(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 5\r\n\r\n")
        a.close()  # a connection closed after a head: the head is sent first
        assert first.writes[-1].startswith(b"HTTP/1.1 500") and first.closed
        b.write(b"0\r\n\r\n")
        second.closed = True  # lost before the turn ended: nothing is written to it
        await asyncio.sleep(0)
        return first, second

    first, second = asyncio.run(turn())
    assert len(first.writes) == 2 and len(second.writes) == 1


def ask(port: int, request: bytes, until: bytes) -> tuple[bytes, int]:
    """Send `request`; what arrived, and how many reads it took to see `until` (each read at most 2 s apart)."""
    with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
        s.sendall(request)
        got, reads = b"", 0
        while until not in got:
            time.sleep(0.05)  # a second write, had there been one, has arrived by now
            chunk = s.recv(65536)
            if not chunk:
                break
            got, reads = got + chunk, reads + 1
        return got, reads


def test_answers_arrive_whole_and_a_head_alone_is_sent(tmp_path: Path) -> None:
    server = start(tmp_path / "w.db", str(PORT))
    try:
        got, _ = ask(server.port, b"GET /join HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b"</html>")
        assert got.startswith(b"HTTP/1.1 200") and got.rstrip().endswith(b"</html>")
        got, reads = ask(server.port, b"HEAD /static/app.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b"\r\n\r\n")
        assert got.startswith(b"HTTP/1.1 ") and reads == 1, got
    finally:
        server.stop()
