"""The workshop server's defences: body size, rate limits, same-origin checks and one JSON error shape.

Every refusal is a 4xx with a one-line message the page can show; nothing a
request sends can crash the session.
"""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from scenarios.cli.http.security import Message, Receive, Scope, header
from scenarios.engine.errors import UsageError
from scenarios.engine.workshop import WorkshopError

MAX_BODY = 16 * 1024  # bytes: a vote is ~60, the longest note ~2 KB
STATUS = {"invalid": 400, "forbidden": 403, "not_found": 404, "conflict": 409}


class Refused(Exception):
    """A request refused before it reaches the session."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(exc: Exception) -> JSONResponse:
    if isinstance(exc, Refused):
        return JSONResponse({"error": exc.message}, status_code=exc.status)
    if isinstance(exc, WorkshopError):
        return JSONResponse({"error": exc.message}, status_code=STATUS[exc.kind])
    if isinstance(exc, UsageError):
        return JSONResponse({"error": exc.message}, status_code=400)
    raise exc


def limited(scope: Scope, receive: Receive, limit: int = MAX_BODY) -> tuple[Response | None, Receive]:
    """The 413 answer to a request whose Content-Length is over `limit` (else None), and `receive` refusing a body
    that grows past it while it streams; the middleware's and the crowd's lane's (cli/http/lane.py) one rule."""
    length = header(scope, b"content-length")
    if length is not None and (not length.isdigit() or int(length) > limit):
        return _too_large(limit), receive
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise Refused(413, f"the request is larger than {limit // 1024} KB")
        return message

    return None, counted


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"error": f"the request is larger than {limit // 1024} KB"}, status_code=413)


class Limiter:
    """Token buckets per key (participant, or client address for joining): `rate` per second, `burst` at once.

    A bucket refilled to full is the same as none, so buckets that have been full a while are
    dropped (a sweep at most every few seconds): memory follows the clients active lately, and
    no one's debt is forgiven by a crowd of other keys.
    """

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self.clock = time.monotonic  # a test stops it, so that what it checks does not depend on the machine's speed
        self.buckets: dict[str, tuple[float, float]] = {}
        self.swept = 0.0

    def _tokens(self, key: str, now: float) -> float:
        tokens, last = self.buckets.get(key, (float(self.burst), now))
        return min(self.burst, tokens + (now - last) * self.rate)

    def check(self, key: str, what: str = "requests") -> None:
        """Spend one token of `key`'s bucket; 429 when it is empty."""
        self.check_spent(key, what)
        self.spend(key)

    def check_spent(self, key: str, what: str = "requests") -> None:
        """429 when `key`'s bucket is empty, spending nothing (the cost is taken by `spend` once known)."""
        if self._tokens(key, self.clock()) < 1:
            raise Refused(429, f"too many {what}: wait a moment and try again")

    def spend(self, key: str) -> None:
        now = self.clock()
        self.buckets[key] = (max(0.0, self._tokens(key, now) - 1), now)
        if now - self.swept > 5:
            self.sweep(now)

    def sweep(self, now: float) -> None:
        """Drop the buckets that have refilled (the same as no bucket)."""
        self.swept = now
        full = self.burst / self.rate if self.rate > 0 else float("inf")
        for key in [k for k, (tokens, last) in self.buckets.items() if tokens + (now - last) * self.rate >= self.burst
                    or now - last > full]:
            del self.buckets[key]


def same_origin(request: Request) -> None:
    """State changes come only from this server's own pages: the Origin must be on the server's allow-list
    (cli/http/hosts.py), never merely equal to the Host header, which the sender writes."""
    origin = request.headers.get("origin")
    if not origin:
        raise Refused(403, "cross-site request refused: the request has no Origin")
    hosts = getattr(request.app.state, "hosts", None)
    ours = hosts.allows_origin(origin) if hosts is not None else \
        origin.split("://", 1)[-1] == request.headers.get("host", "")  # an app in-process, with no socket
    if not ours:
        raise Refused(403, f"cross-site request refused: Origin {origin} is not this server")


async def json_body(request: Request, allowed: set[str]) -> dict[str, Any]:
    """The request's JSON object, with only the `allowed` fields."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise Refused(415, "send the request as JSON (Content-Type: application/json)")
    try:
        raw = await request.body()
    except ClientDisconnect:
        raise Refused(400, "the connection closed before the request arrived") from None
    try:  # NaN and Infinity are not JSON (RFC 8259); nesting deep enough to exhaust the parser is refused too
        raw = raw or b"{}"
        data = DECODER.decode(raw.decode(json.detect_encoding(raw), "surrogatepass"))  # as json.loads reads bytes
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Refused(400, "the request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Refused(400, "the request body must be a JSON object")
    try:  # a lone surrogate (\ud800) parses, but no page, message or database can hold it (only a \u escape makes one)
        if b"\\u" in raw:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(400, "the request holds text that is not valid Unicode") from None
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise Refused(400, f"unknown field '{unknown[0]}' (allowed: {', '.join(sorted(allowed)) or 'none'})")
    return data


def _not_json(word: str) -> Any:
    raise ValueError(f"{word} is not JSON")


DECODER = json.JSONDecoder(parse_constant=_not_json)  # made once: json.loads with an option makes one per call
