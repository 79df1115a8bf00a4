"""Codes, secrets and names: who may join, who facilitates, and what text a person may leave."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from scenarios.engine.text.i18n import _

from .errors import WorkshopError

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on a phone
CODE_LENGTH = 6
NAME_LIMIT = 40
NOTE_LIMIT = 500


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """Secrets are stored hashed: the database alone doesn't let anyone act as someone."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def csrf_token(key: str, holder: str) -> str:
    """The token a page sends back with each change; bound to the cookie it came with."""
    return hmac.new(key.encode(), holder.encode(), hashlib.sha256).hexdigest()


def same_code(given: str, code: str) -> bool:
    cleaned = "".join(given.split()).upper()
    return hmac.compare_digest(cleaned.encode(), code.encode())


def clean_text(text: object, what: str, limit: int, *, required: bool) -> str:
    """Trimmed text without control characters, within `limit` characters; shown escaped wherever it appears."""
    if not isinstance(text, str):
        raise WorkshopError(_("{what} must be text").format(what=what))
    kept = "".join(c if c in "\n" or unicodedata.category(c)[0] != "C" else " " for c in text).strip()
    if required and not kept:
        raise WorkshopError(_("{what} is empty").format(what=what))
    if len(kept) > limit:
        raise WorkshopError(_("{what} is {length} characters long; the limit is {limit}").format(
            what=what, length=len(kept), limit=limit))
    return kept
