"""ASCII-safe text for other tools' files: accents dropped, typographic marks spelled plainly."""

from __future__ import annotations

import unicodedata

_PLAIN = {"→": "->", "←": "<-", "—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...",
          "≥": ">=", "≤": "<=", "≠": "!=", "×": "x", "·": "-", "€": "EUR", "£": "GBP", "α": "alpha"}


def ascii_text(text: str) -> str:
    """Transliterate to printable ASCII on one line (é → e, → → ->); other characters are dropped."""
    text = "".join(_PLAIN.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch if 32 <= ord(ch) < 127 else " " if ch.isspace() else "" for ch in text)
    return " ".join(text.split())
