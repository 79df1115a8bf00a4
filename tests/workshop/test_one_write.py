"""A response's head leaves with its body (cli/http/server.py, `Corked`): one write per answer, and nothing held back.

Over a real server's socket: a page arrives whole, and a HEAD request (no body to carry the
head) is answered at once."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from scenarios.cli.http.server import Corked
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

    def close(self) -> None:
        self.closed = True


def test_a_head_with_a_length_waits_for_its_body_and_everything_leaves_in_order() -> None:
    wire = Wire()
    corked = Corked(wire)
    corked.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
    assert wire.writes == []
    corked.write(b"{}")
    assert wire.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]
    corked.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")  # no body follows (HEAD): the response's end
    corked.flush()
    corked.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")  # a stream's head: at once
    assert wire.writes[1:] == [b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
                               b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"]
    corked.write(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 5\r\n\r\n")
    corked.close()  # a connection closed after a head: the head is sent first
    assert wire.writes[-1].startswith(b"HTTP/1.1 500") and wire.closed


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
