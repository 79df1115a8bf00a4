"""Which names a server answers to (the Host allow-list) and which pages may change things (Origin), for both apps.

A page reached by a name this server was not started under (DNS rebinding: `attacker.example`
made to point at 127.0.0.1) is refused with 421, so no other site's page can read what is
served.  The names are the loopback ones, the `--host` address, and the `--public-url`'s host;
a server listening on every address (0.0.0.0 or ::) also answers to any IP address of its own
(a name an attacker can rebind is never an IP address).  A state change's Origin is checked
against the same list, with the port the browser used: never against the Host header, which
whoever sends the request writes.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.responses import PlainTextResponse, Response

from scenarios.engine.errors import UsageError
from scenarios.engine.text.i18n import _

from .security import ASGIApp, Receive, Scope, Send, header

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD = frozenset({"0.0.0.0", "::", ""})
KEPT_ANSWERS = 64  # Host and Origin values whose answer is kept (a room sends one or two of each)


def public_url(url: str | None) -> str | None:
    """A checked `--public-url` (http or https, a host, no query), without a trailing slash; UsageError otherwise."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise UsageError(_("--public-url {url}: give the address people open, e.g. https://workshop.example.org")
                         .format(url=url))
    return url.rstrip("/")


def _name(host: str) -> str:
    host = host.strip().lower()
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Hosts:
    """The names one server answers to, and the origins of pages that may change things."""

    host: str = "127.0.0.1"       # --host
    port: int = 0                 # --port
    public: str | None = None     # --public-url (checked by public_url)
    names: frozenset[str] = field(init=False)
    answers: dict[tuple[str, str], bool] = field(init=False, default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        names = set(LOOPBACK)
        if _name(self.host) not in WILDCARD:
            names.add(_name(self.host))
        if self.public:
            names.add(_name(urlsplit(self.public).hostname or ""))
        object.__setattr__(self, "names", frozenset(names))

    def allows(self, host_header: str) -> bool:
        """True when a request's Host (a name, with or without its port) is one this server answers to."""
        return self._kept("host", host_header, self._allows)

    def _kept(self, kind: str, given: str, check: Callable[[str], bool]) -> bool:
        """`check(given)`, kept for the few names and origins a room's requests carry (each request asks again)."""
        known = self.answers.get((kind, given))
        if known is None:
            known = check(given)
            if len(self.answers) < KEPT_ANSWERS:  # what a stranger sends is checked each time, never kept
                self.answers[(kind, given)] = known
        return known

    def _allows(self, host_header: str) -> bool:
        name = _name(urlsplit(f"//{host_header}").hostname or "") if host_header else ""
        if name in self.names:
            return True
        return _name(self.host) in WILDCARD and _is_ip(name)

    def allows_origin(self, origin: str) -> bool:
        """True when a page at `origin` (scheme://host[:port]) is one of this server's own."""
        return self._kept("origin", origin, self._allows_origin)

    def _allows_origin(self, origin: str) -> bool:
        if self.public and _origin(origin) == _origin(self.public):
            return True
        try:
            parts = urlsplit(origin)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return False
        if parts.scheme != "http" or port != self.port or not parts.hostname:
            return False
        return self.allows(parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def foreign_host(hosts: Hosts, scope: Scope) -> Response | None:
    """The 421 answer to a request whose Host is not on the list (None: it is); the middleware's and the crowd's
    lane's (lane.py) one rule."""
    host = (header(scope, b"host") or b"").decode("latin-1")
    if hosts.allows(host):
        return None
    message = _("this server does not answer to the name '{host}'; open it by the address its terminal "
                "printed").format(host=host[:100])
    return PlainTextResponse(message, status_code=421)


class AllowedHosts:
    """Pure ASGI middleware: a request whose Host is not on the list is answered 421 with one line."""

    def __init__(self, app: ASGIApp, hosts: Hosts):
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (refused := foreign_host(self.hosts, scope)) is not None:
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, send)
