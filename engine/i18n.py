"""The program's own words in the reader's language, through gettext catalogues.

Every string the program shows is wrapped in `_()` (or `ngettext` for counts); module-level
constants are marked with `N_()` and translated where they are shown.  Catalogues live in
engine/locale/LANG/LC_MESSAGES/scenarios.po, compiled to .mo beside them (both shipped), and
are extracted and compiled with Babel (see the README's development section).  Without a
catalogue for the language the words stay in English.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "scenarios"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_active: gettext.NullTranslations = gettext.NullTranslations()
_language: str | None = None


def set_language(lang: str | None) -> None:
    """Show the program's words in `lang` (e.g. "es"; None for English) from now on."""
    global _active, _language
    _language = lang or None
    if not lang:
        _active = gettext.NullTranslations()
        return
    _active = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang.replace("-", "_")], fallback=True)


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
    """The language set by set_language (None: English)."""
    return _language


def has_catalogue(lang: str) -> bool:
    return gettext.find(DOMAIN, LOCALE_DIR, languages=[lang.replace("-", "_")]) is not None


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a constant for extraction; translate it with _() where it is shown."""
    return message
