"""What the phones and the facilitator's screen may change: one table from each action to who may ask, the fields
its request may hold and what it does; the routes and the dispatch both read it.

A phone's action needs the participant's cookie and is rate-limited per participant and
action; the facilitator's needs the facilitator's cookie.  Both need this server's own
page (Origin) and its CSRF token.  The session does the rest, and refuses what its rules
refuse; the facilitator's screen is answered {"ok": true, "result": ...}.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from scenarios.engine.text.i18n import _, in_language, language
from scenarios.engine.workshop import Workshop
from scenarios.engine.workshop.batch import Batch
from scenarios.engine.workshop.notes import FACILITATOR
from scenarios.engine.workshop.settings import DEFAULTS as SETTINGS

from .auth import Auth
from .guard import Limiter, Refused, json_body

PARTICIPANT = "participant"
GROUP = 32  # votes committed together at most (300 arriving at once: 10 commits, answered as each is kept)
Body = dict[str, Any]
Run = Callable[[Workshop, str, Body], Any]  # (session, who asks: a participant id or FACILITATOR, request body)


@dataclass(frozen=True)
class Action:
    fields: frozenset[str]  # what the request's JSON object may hold
    run: Run


def _vote(w: Workshop, me: str, data: Body) -> dict[str, Any]:
    """A phone's vote, written with the others arriving in the same moment (answered once they are kept: `kept`)."""
    branch = data.get("branch")
    counted_round, counted = w.vote(me, branch, data.get("key"), data.get("round"), grouped=True)  # type: ignore[arg-type]
    return {"round": counted_round.id, "counted": counted,
            "branch": branch if counted else w.record.my_vote(me, counted_round.id)}


async def kept(batch: Batch) -> None:
    """Returns once the open group of votes is committed (at once when none is open): after the other votes that
    arrived in this turn of the event loop are written, one commit for all, by whichever of them resumes first.  A
    failed commit (a full disk) keeps none of them, and each is answered 503."""
    if not batch.open:
        return
    told: list[Exception | None] = []
    batch.wait(told.append)
    if len(batch.waiting) < GROUP:  # a crowd's first votes are answered while the rest are still arriving
        await asyncio.sleep(0)  # the turn's other votes are written meanwhile
    if not told:
        batch.commit()
    if told[0] is not None:
        raise Refused(503, _("the vote could not be saved ({reason}); send it again").format(reason=told[0]))


def _assumptions(w: Workshop, me: str, data: Body) -> dict[str, Any]:
    return {"values": w.set_assumptions(me, data.get("values"))}  # type: ignore[arg-type]


def _note(w: Workshop, author: str, data: Body) -> Any:
    return w.add_note(author, data.get("text"), data.get("node")).to_dict()  # type: ignore[arg-type]


def _back(w: Workshop, _: str, data: Body) -> None:
    step = data.get("step")
    if step is not None and (isinstance(step, bool) or not isinstance(step, int)):
        raise Refused(400, "step is a step number, or null for the start")
    w.go_back(step)


def _fields(*names: str) -> frozenset[str]:
    return frozenset(names)


ACTIONS: dict[tuple[str, str], Action] = {  # (who may ask, name) → the action, at POST /api/NAME or /api/f/NAME
    (PARTICIPANT, "vote"): Action(_fields("round", "branch", "key"), _vote),
    (PARTICIPANT, "assumptions"): Action(_fields("values"), _assumptions),
    (PARTICIPANT, "note"): Action(_fields("text"), _note),
    (FACILITATOR, "open-vote"): Action(_fields("voters"), lambda w, _, d: w.open_vote(d.get("voters"))),
    (FACILITATOR, "close-vote"): Action(_fields("branch"), lambda w, _, d: w.close_vote(d.get("branch"))),
    (FACILITATOR, "choose"): Action(_fields("branch"), lambda w, _, d: w.choose(d.get("branch"))),  # type: ignore[arg-type]
    (FACILITATOR, "draw"): Action(_fields(), lambda w, _, d: w.draw()),
    (FACILITATOR, "undo"): Action(_fields(), lambda w, _, d: w.undo()),
    (FACILITATOR, "back"): Action(_fields("step"), _back),
    (FACILITATOR, "note"): Action(_fields("text", "node"), _note),
    (FACILITATOR, "settings"): Action(_fields(*SETTINGS), lambda w, _, d: w.update_settings(d)),
    (FACILITATOR, "end"): Action(_fields(), lambda w, _, d: w.end()),
}


def names(who: str) -> list[str]:
    """The actions `who` may ask for, in the table's order."""
    return [name for asker, name in ACTIONS if asker == who]


class Actions:
    """The dispatch: who is asking, may they, and which action of the table runs."""

    def __init__(self, workshop: Workshop, auth: Auth, limits: Limiter):
        self.w = workshop
        self.auth = auth
        self.limits = limits  # per participant and action

    def handler(self, who: str, name: str | None = None) -> Callable[[Request], Awaitable[Response]]:
        """The route handler of `who`'s action `name` (None: the name is the route's {action})."""
        async def handle(request: Request) -> Response:
            return await self.act(who, name or request.path_params["action"], request)
        return handle

    async def act(self, who: str, name: str, request: Request) -> Response:
        if who == FACILITATOR:
            asker = FACILITATOR
            holder = self.auth.facilitator(request)
            self.w.batch.commit()  # what the screen does (close a vote) follows from the votes kept, not pending
        else:
            me, holder = self.auth.participant(request)
            asker = me.id
            self.limits.check(f"{name} {me.id}")
        self.auth.check_csrf(request, holder)
        action = ACTIONS.get((who, name))
        if action is None:
            raise Refused(404, f"unknown action '{name}' (actions: {', '.join(names(who))})")
        data = await json_body(request, set(action.fields))
        with in_language(language() if who == FACILITATOR else me.lang or language()):  # a phone: its reader's
            try:
                result = action.run(self.w, asker, data)
            finally:  # an answer computed inside a group of votes is given once the group is kept
                await kept(self.w.batch)
        if who == FACILITATOR:
            result = {"ok": True, "result": result.to_dict() if hasattr(result, "to_dict") else result}
        return JSONResponse(result)
