"""Phones and screens over the wire, for tests and the load benchmark: a minimal HTTP/1.1 client.

Plain HTTP/1.1 over asyncio streams, one kept-alive connection per phone as a browser
keeps one, and server-sent event streams read chunk by chunk.  Much cheaper per request
than an HTTP client library, so hundreds of simulated phones measure the server, not
themselves.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class Closed(Exception):
    """The server closed the connection (or it broke) before a whole answer arrived."""


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def cookie(self, prefix: str) -> str | None:
        for name, value in self.headers:
            if name == "set-cookie" and value.startswith(prefix):
                return value.split(";", 1)[0]
        return None


@dataclass
class Conn:
    """One kept-alive connection to the server, reopened when the server or the network drops it.

    Through a reverse proxy: `tls` (a context trusting its certificate) and `name` (the public
    name, sent as Host and in TLS's SNI); the connection still goes to 127.0.0.1.
    """

    port: int
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    tls: ssl.SSLContext | None = None
    name: str | None = None

    @property
    def host(self) -> str:
        return f"{self.name or '127.0.0.1'}:{self.port}"

    def again(self) -> Conn:
        """Another connection to the same place."""
        return Conn(self.port, tls=self.tls, name=self.name)

    async def open(self) -> None:
        self.close()
        self.reader, self.writer = await asyncio.open_connection(
            "127.0.0.1", self.port, ssl=self.tls, server_hostname=self.name if self.tls else None)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def send(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> None:
        if self.writer is None:
            await self.open()
        assert self.writer is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}",
                 *(f"{k}: {v}" for k, v in headers.items())]
        if body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
        await self.writer.drain()

    async def head(self) -> tuple[int, list[tuple[str, str]]]:
        assert self.reader is not None
        try:
            status = await self.reader.readuntil(b"\r\n")
            block = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            raise Closed from exc
        headers = []
        for line in block.decode("latin-1").split("\r\n"):
            if ":" in line:
                name, value = line.split(":", 1)
                headers.append((name.strip().lower(), value.strip()))
        return int(status.split()[1]), headers

    async def chunk(self) -> bytes:
        """One chunk of a chunked body (b"" at its end)."""
        assert self.reader is not None
        try:
            size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
            data = await self.reader.readexactly(size + 2)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError) as exc:
            raise Closed from exc
        return data[:-2]

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes | None = None) -> Answer:
        await self.send(method, path, headers, body)
        status, got = await self.head()
        fields = dict(got)
        assert self.reader is not None
        if fields.get("transfer-encoding") == "chunked":
            parts = []
            while part := await self.chunk():
                parts.append(part)
            data = b"".join(parts)
        else:
            try:
                data = await self.reader.readexactly(int(fields.get("content-length", "0")))
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                raise Closed from exc
        if fields.get("connection") == "close":
            self.close()
        return Answer(status, got, data)


async def events(port: int, cookie: str, path: str, seen: Callable[[Any], None], stop: asyncio.Event,
                 via: Conn | None = None) -> None:
    """Hold an event stream open (reconnecting as EventSource does); pass each pushed state to `seen`.

    `via`: a connection to copy (a proxy's TLS and name) instead of plain HTTP to `port`.
    """
    conn = via.again() if via else Conn(port)
    while not stop.is_set():
        try:
            await conn.send("GET", path, {"Cookie": cookie, "Accept": "text/event-stream"}, None)
            status, _ = await conn.head()
            assert status == 200, status
            pending = b""
            while part := await conn.chunk():
                pending += part
                while b"\n\n" in pending:
                    event, pending = pending.split(b"\n\n", 1)
                    for line in event.split(b"\n"):
                        if line.startswith(b"data: "):
                            seen(json.loads(line[6:]))
        except (Closed, ConnectionError):
            conn.close()
            await asyncio.sleep(1.0)
    conn.close()
