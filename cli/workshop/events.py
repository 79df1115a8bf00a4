"""What each audience is sent: its view, built and encoded once per change for all its pages and streams.

The phones see the shared view with whether their role may vote (one variant per role,
so each is built once however many phones hold it); the big screen sees everything
but the heavy analysis, and while only votes arrive, just its tally is recounted.
The hub (hub.py) says when an audience has news; server-sent event streams carry it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.responses import Response, StreamingResponse

from scenarios.cli.http.streams import Full, Streams, full_event
from scenarios.engine.text.i18n import in_language
from scenarios.engine.workshop import Workshop

from .hub import Hub
from .projector import projector_view
from .views import phone_view, public_view, screen_view

KEEPALIVE = 15.0  # seconds between comments on an idle event stream


class Feed:
    """One session's views by audience and language, cached per version, and the event streams that carry them.

    Each view is built in the language it is asked in (None: `lang`, the session's), its program words and the
    scenario's text both (Workshop.voice), whatever the language of the request that asks for it.
    """

    def __init__(self, workshop: Workshop, streams: Streams | None = None, lang: str | None = None):
        self.w = workshop
        self.lang = lang
        self.streams = streams or Streams()  # the cap on open streams, in all and per client address
        self.hub = Hub()
        workshop.listeners.append(self.hub.notify)
        self.cache: dict[str, tuple[int, Any, bytes | None]] = {}  # key → (version, view, its event's bytes)
        self.before: tuple[int, Any] | None = None  # (hub.moves, the big screen's view then)
        self.head: tuple[Any, bytes] = (None, b"")  # (that view, its JSON but the version and tally, unclosed)

    def view(self, key: str, build: Callable[[], Any]) -> Any:
        """The view kept under `key` (its audience, or "everyone:ROLE"), built once per change of its audience."""
        version = self.hub.versions[_audience(key)]
        hit = self.cache.get(key)
        if hit is None or hit[0] != version:
            hit = self.cache[key] = (version, build(), None)
        return hit[1]

    def event(self, key: str, build: Callable[[], Any]) -> bytes:
        """The view as one server-sent event, encoded once (to bytes: no stream encodes it again) for all its
        streams."""
        view = self.view(key, build)
        version, _, data = self.cache[key]
        if data is None:
            data = b"event: state\ndata: " + self._encoded(key, view) + b"\n\n"
            self.cache[key] = (version, view, data)
        return data

    def _encoded(self, key: str, view: Any) -> bytes:
        """The view as JSON. The big screen's, while only votes arrive, is what it was with the tally recounted: the
        rest (300 participants' names, the spread's dot plots: 20-30 KB) is encoded once, not at each push of a vote."""
        before = self.before
        if key != "screen" or before is None or before[0] != self.hub.moves or view is before[1]:
            return _json(view)
        if self.head[0] is not before[1]:
            rest = {k: v for k, v in before[1].items() if k not in ("version", "tally")}
            self.head = (before[1], _json(rest)[:-1] if rest else b"")
        if not self.head[1]:
            return _json(view)
        return self.head[1] + b',"version":' + _json(view["version"]) + b',"tally":' + _json(view["tally"]) + b"}"

    def public(self, lang: str | None = None) -> Any:
        """What every phone reading `lang` sees."""
        lang = lang or self.lang
        return self.view(f"everyone:*|{lang or ''}", _said(lang, lambda: public_view(self.w.voice(lang))))

    def phone(self, role: str | None, lang: str | None = None) -> Any:
        """What the phones of `role` reading `lang` see: the public view, and whether they may vote."""
        lang = lang or self.lang
        return self.view(_phone(role, lang), _said(lang, lambda: phone_view(self.public(lang), role)))

    def screen(self) -> Any:
        """The big screen's view."""
        return self.view("screen", self._build_screen)

    def projector(self, join_url: str, lang: str | None = None) -> Any:
        """The projector's view in `lang`: the big screen's, cut to what the room should see."""
        lang = lang or self.lang
        return self.view(f"screen:projector|{lang or ''}", _projected(self, join_url, lang))

    def projector_stream(self, join_url: str, alive: Callable[[], bool], client: str,
                         lang: str | None = None) -> StreamingResponse:
        # the projector, like the big screen, always gets a stream (reserved), whatever the phones hold
        lang = lang or self.lang
        return self._stream(f"screen:projector|{lang or ''}", _projected(self, join_url, lang), client,
                            reserved=True, alive=alive)

    def phone_stream(self, role: str | None, client: str, lang: str | None = None) -> StreamingResponse:
        lang = lang or self.lang
        return self._stream(_phone(role, lang), _said(lang, lambda: phone_view(self.public(lang), role)), client)

    def screen_stream(self, client: str) -> StreamingResponse:
        return self._stream("screen", self._build_screen, client, reserved=True)

    def _build_screen(self) -> Any:
        """The big screen's view; while only votes arrive, just its tally is recounted."""
        if self.before is not None and self.before[0] == self.hub.moves:
            return screen_view(self.w, self.before[1])
        view = screen_view(self.w)
        self.before = (self.hub.moves, view)
        return view

    def _stream(self, key: str, build: Callable[[], Any], client: str, reserved: bool = False,
                alive: Callable[[], bool] = lambda: True) -> StreamingResponse:
        """The audience's stream; past the cap (cli/http/streams.py) the view once, then why, and the page
        asks again later. The stream ends when `alive()` turns false (a projector link renewed)."""
        audience = _audience(key)

        async def events() -> AsyncIterator[bytes]:
            yield b"retry: 1000\n\n"
            seen = -1
            while alive():  # Starlette ends the stream when the page goes away
                version = self.hub.published[audience]
                if version != seen:  # the hub publishes at most every COALESCE seconds
                    seen = version
                    yield self.event(key, build)
                    continue
                after = await self.hub.wait(audience, seen, KEEPALIVE)
                if after == seen:
                    yield b": keep-alive\n\n"

        def refused(message: str) -> Response:  # one body, sent at once: no worker thread for it
            return Response(self.event(key, build) + full_event(message).encode(), media_type="text/event-stream",
                            headers={**HEADERS, "Connection": "close"})

        return Held(events(), self.streams, client, reserved, refused)


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _said(lang: str | None, build: Callable[[], Any]) -> Callable[[], Any]:
    """`build`, run in `lang`."""
    def run() -> Any:
        with in_language(lang):
            return build()
    return run


def _projected(feed: Feed, join_url: str, lang: str | None) -> Callable[[], Any]:
    """How the projector's view in `lang` is built: from the big screen's view (kept) in the session's language, from
    one built for it in another."""
    def build() -> Any:
        voice = feed.w.voice(lang)
        return projector_view(feed.screen() if voice is feed.w else screen_view(voice), join_url)
    return _said(lang, build)


HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


class Held(StreamingResponse):
    """An event stream that holds its place in the cap from before its headers are sent until it ends.

    The place is taken when the response starts, not when its first event is built, so a crowd
    of pages arriving at once is counted as it arrives. A page past the cap is answered with
    the view, why, and `Connection: close`: its descriptor is freed at once, not kept alive
    for the page's next request.
    """

    def __init__(self, events: AsyncIterator[bytes], streams: Streams, client: str, reserved: bool,
                 refused: Callable[[str], Response]):
        super().__init__(events, media_type="text/event-stream", headers=HEADERS)
        self.streams, self.client, self.reserved, self.refused = streams, client, reserved, refused

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            place = self.streams.hold(self.client, self.reserved)
            place.__enter__()
        except Full as full:
            await self.refused(full.message)(scope, receive, send)
            return
        try:
            await super().__call__(scope, receive, send)
        finally:
            place.__exit__(None, None, None)


def _phone(role: str | None, lang: str | None) -> str:
    return f"everyone:{role or ''}|{lang or ''}"


def _audience(key: str) -> str:
    return key.partition(":")[0]
