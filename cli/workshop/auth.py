"""Who is asking: a participant by the cookie joining gave them, the facilitator by the cookie the login link
gave; and the CSRF token a page sends back with each change.

The projector's link is read-only and works in any browser (a second computer drives the
projector) until the facilitator renews it.  Both cookies are HttpOnly and SameSite=Strict.
The facilitator's link works once, in one browser: a link seen on a projector, in a chat or in a
history opens nothing more, and a restart prints a new one.  Joining is rate-limited per client
address, wrong codes more slowly still, so that guessing the code takes longer than the workshop.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import Response

from scenarios.engine.text.i18n import _
from scenarios.engine.workshop import Participant, Workshop, WrongCode
from scenarios.engine.workshop.identity import csrf_token

from .guard import Limiter, Refused, json_body, same_origin

PARTICIPANT_DAYS = 7
KEPT_TOKENS = 5_000  # CSRF tokens kept (a room's phones and the facilitator's browsers)
FACILITATOR_DAYS = 30


class Auth:
    """One session's cookies, facilitator link and CSRF tokens; `login_token` is the secret in the link."""

    def __init__(self, workshop: Workshop, login_token: str):
        self.w = workshop
        self.login_token = login_token
        self.login_used = False  # the link opens the facilitator's screen once; a restart prints a new one
        self.projector_key = secrets.token_urlsafe(16)  # the projector's read-only link; the facilitator renews it
        self.p_cookie = f"wsp_{workshop.id}"
        self.f_cookie = f"wsf_{workshop.id}"
        self.joins = Limiter(rate=50, burst=400)  # per client address: a whole room joins at once
        self.wrong_codes = Limiter(rate=0.2, burst=20)  # per client address: guessing the code is slow
        self.tokens: dict[str, str] = {}  # cookie secret → its page's CSRF token (only cookies this server gave)

    def participant(self, request: Request) -> tuple[Participant, str]:
        """The participant whose cookie came with `request`, and their token."""
        token = request.cookies.get(self.p_cookie)
        return self.w.people.by_token(token), token or ""

    def facilitator(self, request: Request) -> str:
        """The facilitator's key from the cookie that came with `request`; refused without one."""
        key = request.cookies.get(self.f_cookie)
        if not self.w.people.is_facilitator(key):
            raise Refused(403, _("this needs the facilitator's screen (open the link the terminal printed)"))
        return key or ""

    def is_facilitator(self, request: Request) -> bool:
        return self.w.people.is_facilitator(request.cookies.get(self.f_cookie))

    def projector(self, request: Request) -> None:
        """Refused unless `request` carries the projector link's current key (a read-only view, any browser)."""
        if not secrets.compare_digest(request.query_params.get("key", ""), self.projector_key):
            raise Refused(403, _("this projector link has been replaced or is not valid: ask the facilitator "
                                 "for the current one"))

    def projector_valid(self, key: str) -> bool:
        return secrets.compare_digest(key, self.projector_key)

    def renew_projector(self) -> str:
        """A new projector key: the old link stops working, and any screen showing it goes blank."""
        self.projector_key = secrets.token_urlsafe(16)
        return self.projector_key

    def csrf(self, holder: str) -> str:
        """The token the page of whoever holds `holder` (their cookie's secret) sends back with each change (kept for
        the holders of this session's cookies: checked again on every change)."""
        token = self.tokens.get(holder)
        if token is None:
            token = csrf_token(self.w.csrf_key, holder)
            if len(self.tokens) < KEPT_TOKENS:
                self.tokens[holder] = token
        return token

    def check_csrf(self, request: Request, holder: str) -> None:
        same_origin(request)
        sent = request.headers.get("x-csrf-token", "")
        if not secrets.compare_digest(sent, self.csrf(holder)):
            raise Refused(403, _("the page's security token is missing or stale: reload the page"))

    async def join(self, request: Request) -> tuple[Participant, str]:
        """A newcomer who gave the code, and their token; limited per client address, wrong codes the more."""
        client = request.client.host if request.client else "?"
        same_origin(request)
        self.joins.check(f"join {client}", "people joining from this address")
        data = await json_body(request, {"code", "name", "role", "lang"})
        self.wrong_codes.check_spent(f"code {client}", "wrong codes")  # before the code is compared: guessing is slow
        try:
            return self.w.join(data.get("code", ""), data.get("name", ""), data.get("role") or None,
                               data.get("lang") or None)
        except WrongCode:
            self.wrong_codes.spend(f"code {client}")
            raise

    def admit(self, response: Response, token: str) -> Response:
        """`response` with the participant's cookie."""
        response.set_cookie(self.p_cookie, token, httponly=True, samesite="strict", max_age=PARTICIPANT_DAYS * 86400)
        return response

    def use_login(self, given: str) -> str | None:
        """Spend the facilitator's link: None if `given` opens the screen (this once), or why it doesn't."""
        if not secrets.compare_digest(given, self.login_token):
            return _("this facilitator link is not valid for this server (use the one the terminal printed)")
        if self.login_used:
            return _("this facilitator link has been used already: it works once, in one browser. Use the "
                     "browser that opened it, or restart the server with --resume for a new link")
        self.login_used = True  # a link seen on a projector, in a chat or in a history opens nothing more
        return None

    def admit_facilitator(self, response: Response) -> Response:
        """`response` with a new facilitator key in the facilitator's cookie."""
        response.set_cookie(self.f_cookie, self.w.people.add_facilitator_key(), httponly=True, samesite="strict",
                            max_age=FACILITATOR_DAYS * 86400)
        return response
