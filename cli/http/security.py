"""Response headers for every answer of both apps: a Content-Security-Policy whose only scripts are the app's own.

Each request gets a fresh nonce; templates put it on their <script> and <style> tags, so
an injected `<script>` (were any user text ever to slip through unescaped) would not run.
"""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

# The ASGI interface the apps' middleware is written against (pure ASGI: event streams pass untouched).
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'nonce-{nonce}'",
    "style-src 'self' 'nonce-{nonce}'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
_BEFORE, _BETWEEN, _AFTER = POLICY.split("{nonce}")


def policy(nonce: str) -> str:
    """The Content-Security-Policy of an answer whose scripts and styles carry `nonce` (POLICY, filled in)."""
    return _BEFORE + nonce + _BETWEEN + nonce + _AFTER


OTHER_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                 (b"x-frame-options", b"DENY"))


NONCE_BYTES = 18
_random = bytearray()  # the system's random bytes, fetched a few kilobytes at a time and each used once
_taking = threading.Lock()  # (an app in-process may answer from more than one thread)


def fresh_nonce() -> str:
    """A nonce for one answer: 18 random bytes, URL-safe base64 (as secrets.token_urlsafe(18), without a system
    call per answer)."""
    global _random
    with _taking:
        if len(_random) < NONCE_BYTES:
            _random = bytearray(os.urandom(NONCE_BYTES * 256))
        taken = bytes(_random[-NONCE_BYTES:])
        del _random[-NONCE_BYTES:]
    return base64.urlsafe_b64encode(taken).rstrip(b"=").decode("ascii")


def secured(scope: Scope, send: Send) -> Send:
    """`send`, adding the security headers to the answer's head; the request's fresh nonce goes in its scope's
    state, for the page's <script> and <style> tags. Every answer of both apps is sent through one of these (the
    middleware's and the crowd's lane, lane.py)."""
    nonce = fresh_nonce()
    scope.setdefault("state", {})["nonce"] = nonce

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [*message.get("headers", ()), (b"content-security-policy", policy(nonce).encode()),
                       *OTHER_HEADERS]
            message = {**message, "headers": headers}
        await send(message)

    return send_with_headers


def header(scope: Scope, name: bytes) -> bytes | None:
    """The request's first header called `name` (lower case, as ASGI gives them), or None."""
    for key, value in scope.get("headers") or ():
        if key == name:
            return value  # type: ignore[no-any-return]
    return None


class SecurityHeaders:
    """Pure ASGI middleware (server-sent event streams pass through untouched)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, secured(scope, send))


def nonce(scope: Scope) -> str:
    """This request's nonce, for the page's <script> and <style> tags."""
    return str(scope["state"]["nonce"])
