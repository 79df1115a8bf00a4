"""The program's own words in the reader's language, through gettext catalogues.

Every string the program shows is wrapped in `_()` (or `ngettext` for counts); module-level
constants are marked with `N_()` and translated where they are shown.  Catalogues live in
engine/text/locale/LANG/LC_MESSAGES/scenarios.po, compiled to .mo beside them (both shipped), and
are extracted and compiled with Babel (see docs/development.md, Translations).  Without a
catalogue for the language the words stay in English.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "scenarios"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_active: gettext.NullTranslations = gettext.NullTranslations()
_language: str | None = None
# A language for one request of a server (or one task): it wins over set_language's, and threads
# started with asyncio.to_thread inherit it, so two pages in two languages never mix their words.
_context: ContextVar[tuple[gettext.NullTranslations, str | None] | None] = ContextVar("scenarios_language",
                                                                                     default=None)


@cache
def translations(lang: str | None) -> gettext.NullTranslations:
    """The catalogue for `lang` (None or a language without a catalogue: the English words)."""
    if not lang:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang.replace("-", "_")], fallback=True)


def set_language(lang: str | None) -> None:
    """Show the program's words in `lang` (e.g. "es"; None for English) from now on."""
    global _active, _language
    _language = lang or None
    _active = translations(_language)


class in_language:  # used as a function: `with in_language(lang):`
    """The program's words in `lang` within this context only (one request of a server, and its threads).

    A class rather than a generator: a server enters one or two per request, and on a busy machine
    a generator's context manager costs several times as much.
    """

    __slots__ = ("lang", "token")

    def __init__(self, lang: str | None):
        self.lang = lang or None

    def __enter__(self) -> None:
        self.token = _context.set((translations(self.lang), self.lang))

    def __exit__(self, *exc: object) -> None:
        _context.reset(self.token)


def _current() -> gettext.NullTranslations:
    chosen = _context.get()
    return _active if chosen is None else chosen[0]


@contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """The program's words in `lang` for the duration of a block (the gallery draws each language)."""
    previous = _language
    set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


def language() -> str | None:
    """The language the program speaks here: in_language's, else set_language's (None: English)."""
    chosen = _context.get()
    return _language if chosen is None else chosen[1]


def has_catalogue(lang: str) -> bool:
    return gettext.find(DOMAIN, LOCALE_DIR, languages=[lang.replace("-", "_")]) is not None


def _(message: str) -> str:
    return _current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a constant for extraction; translate it with _() where it is shown."""
    return message


LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"  # en, es, es-MX: what a file and --lang accept


def language_code(value: str | None) -> str | None:
    """A language code as given to --lang, ?lang= or load(lang=...); None for none.

    Raises ValueError with the message to show for a malformed one (callers turn it into
    their own refusal: a usage error, a 400)."""
    if value is None or value == "":
        return None
    if not re.fullmatch(LANGUAGE_PATTERN, value):
        raise ValueError(_("'{value}' is not a language code; use a code such as en or es").format(value=value))
    return value
