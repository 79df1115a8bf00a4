"""The one text policy: which characters a scenario may hold, and how text reaches a terminal.

Control characters (C0 but tab, newline and carriage return; DEL; C1), Unicode
non-characters (U+FFFE, U+FFFF, U+FDD0…U+FDEF and their kin in every plane) and lone
surrogates are refused where they are written: no diagram language, XML or terminal
can carry them safely, so a file `check` accepts is valid in every output format.
Text shown on a terminal goes through `visible`, which spells such characters out
(`\\x1b`) so an escape sequence from a file or an argument never reaches the screen raw.
"""

from __future__ import annotations

import re

_NONCHARS = "".join(f"\\U{plane << 16 | 0xFFFE:08x}\\U{plane << 16 | 0xFFFF:08x}" for plane in range(17))
_FORBIDDEN_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARS
FORBIDDEN = re.compile(f"[{_FORBIDDEN_CLASS}]")
_UNSHOWABLE = re.compile(f"[{_FORBIDDEN_CLASS}\\t\\n\\r\\u2028\\u2029]")


def forbidden_at(text: str) -> int | None:
    """The index of the first character a scenario may not hold, or None."""
    found = FORBIDDEN.search(text)
    return None if found is None else found.start()


def describe_char(ch: str) -> str:
    """`U+001B (a control character)` — how a message names a refused character."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "a control character"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    else:
        kind = "a Unicode non-character"
    return f"U+{code:04X} ({kind})"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """One line of text safe for a terminal: control characters, newlines and the like spelled out."""
    return _UNSHOWABLE.sub(_escape, text)


# Abbreviations a line must never break inside, joined by a no-break space (U+00A0) wherever text is shown:
# "EE. UU." split over two lines of a diagram or a table reads as two words.
_UNBROKEN = re.compile(r"\b(EE\.) (UU\.)")


def unbroken(text: str) -> str:
    """`text` with a no-break space inside "EE. UU." (and its kin), so no line breaks there."""
    return _UNBROKEN.sub("\\1\u00a0\\2", text)
