"""Dates in words, in the reader's convention: "7 December 2026", "7 de diciembre de 2026".

Program text never shows an ISO date to people (data files keep ISO). A scenario's `as_of` may be
a year, a year and month, or a full date; each is written in words as far as it goes.
"""

from __future__ import annotations

import datetime
import re

from .i18n import N_, _

MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_in_words(value: object) -> str:
    """A date (a `date`, `datetime`, or text YYYY, YYYY-MM, YYYY-MM-DD) in words; other text as given."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        year, month, day = value.year, value.month, value.day
    else:
        found = _ISO.match(str(value).strip())
        if found is None:
            return str(value)
        year = int(found.group(1))
        month = int(found.group(2)) if found.group(2) else 0
        day = int(found.group(3)) if found.group(3) else 0
        if not 0 <= month <= 12:
            return str(value)
    if not month:
        return str(year)
    name = _(MONTHS[month - 1])
    if not day:
        # TRANSLATORS: a month and year, e.g. "December 2026"
        return _("{month} {year}").format(month=name, year=year)
    # TRANSLATORS: a day, month and year, e.g. "7 December 2026"
    return _("{day} {month} {year}").format(day=day, month=name, year=year)


def moment_in_words(value: str) -> str:
    """A stored time ("2026-12-07T05:17:03+00:00") as a date in words and the hour, in local time."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # the reader's clock, not UTC
    return _("{date}, {time}").format(date=date_in_words(moment), time=moment.strftime("%H:%M"))
