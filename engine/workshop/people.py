"""Who is who in a session: participants by id or by their secret token, and the facilitator's keys.

Only hashes of the secrets are stored: the database alone doesn't let anyone act as someone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scenarios.engine.text.i18n import _

from .errors import WorkshopError
from .identity import digest, new_secret
from .records import Participant
from .store import Record, Recorder

KEPT_HASHES = 5_000  # participants' token hashes kept (a room's phones)


class People:
    """Look-ups that refuse the unknown, over one session's `Record`."""

    def __init__(self, record: Record, recorder: Recorder):
        self.record = record
        self.recorder = recorder
        self.hashes: dict[str, str] = {}  # a participant's token → its hash (each of their requests asks again)

    def participant(self, pid: str) -> Participant:
        found = self.record.participant(pid)
        if found is None:
            raise WorkshopError(_("unknown participant"), "not_found")
        return found

    def by_token(self, token: str | None) -> Participant:
        """The participant holding `token` (their cookie)."""
        hashed = self.hashes.get(token or "") or (digest(token) if token else None)
        found = self.record.by_token(hashed) if hashed else None
        if found is None:
            raise WorkshopError(_("you have not joined this session (join with the code first)"), "forbidden")
        if token and len(self.hashes) < KEPT_HASHES:  # only the tokens of people who joined are kept
            self.hashes[token] = hashed  # type: ignore[assignment]
        return found

    def add_facilitator_key(self) -> str:
        """A new facilitator secret (kept by the facilitator's browser); only its hash is stored."""
        key = new_secret()
        self.recorder.add_key(digest(key))
        return key

    def is_facilitator(self, key: str | None) -> bool:
        return bool(key) and self.record.is_facilitator(digest(key or ""))


def role_for(actors: Mapping[str, object], taken: Iterable[str | None], asked: str | None) -> str | None:
    """The role a newcomer plays: the one asked for, or (none asked) the one fewest people play yet."""
    if asked not in ("", None):
        if asked not in actors:
            raise WorkshopError(_("unknown role '{asked}' (roles: {roles})").format(
                asked=asked, roles=', '.join(actors)))
        return asked
    if not actors:
        return None
    counts = dict.fromkeys(actors, 0)
    for role in taken:
        if role in counts:
            counts[role] += 1
    return min(actors, key=lambda a: counts[a])
