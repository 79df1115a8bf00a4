"""The one rule for numbers: every number the program accepts is finite and representable.

Numbers enter from YAML scalars (scenario and assumption files), from `--set` and from
literals in expressions; all of them go through `read_number`, so `1e400`, `.nan`, an
integer of thousands of digits or `1e-400` (which would silently read as 0) is refused
where it is written, not discovered later as `inf` in a JSON file.
"""

from __future__ import annotations

import re
import sys

from scenarios.engine.text.i18n import _

FLOAT_MAX = sys.float_info.max
# Indicator values and scores are added and multiplied together (scores, expected values,
# swings); keeping each within ±1e300 leaves room for that without reaching infinity.
QUANTITY_LIMIT = 1e300
_MAX_DIGITS = 330  # refuse longer integers before int(), so Python's int-to-text limit never trips

_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_NONFINITE = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$")


class NumberError(ValueError):
    """A number written in a form the program refuses; the message says why."""


def looks_numeric(text: str) -> bool:
    """True when YAML's core schema would read this plain scalar as a number."""
    return bool(_INT.match(text) or _OCT.match(text) or _HEX.match(text) or _FLOAT.match(text)
                or _NONFINITE.match(text))


def read_number(text: str) -> int | float:
    """A number written as text (YAML 1.2 core forms, or Python's float forms), checked to be finite."""
    body = text.strip()
    if _NONFINITE.match(body) or body.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        raise NumberError(_("'{text}' is not a finite number; every number must be finite").format(text=body))
    if _INT.match(body) or _OCT.match(body) or _HEX.match(body):
        digits = body.lstrip("+-")
        if len(digits) > _MAX_DIGITS:
            raise NumberError(_("the number written with {count} digits is too large to represent").format(
                count=f"{len(digits):,}"))
        if _OCT.match(body):
            value = int(body[2:], 8)
        elif _HEX.match(body):
            value = int(body[2:], 16)
        else:
            value = int(body)
        return checked(value, body)
    try:
        value_f = float(body)
    except ValueError:
        raise NumberError(_("'{text}' is not a number").format(text=short(body))) from None
    if value_f == 0 and re.search(r"[1-9]", body.split("e")[0].split("E")[0]):
        raise NumberError(_("'{text}' is too small to represent (it would read as 0)").format(text=short(body)))
    return checked(value_f, body)


def checked(value: int | float, written: str = "") -> int | float:
    """`value` itself when finite and within float range; NumberError otherwise."""
    if not is_finite(value):
        shown = f"'{short(written)}'" if written else _("the number")
        raise NumberError(_("{number} is too large to represent (numbers must stay within ±{limit})").format(
            number=shown, limit=f"{FLOAT_MAX:.3g}") if value == value
            else _("{number} is not a finite number").format(number=shown))
    return value


def is_finite(value: int | float) -> bool:
    """Finite and within float range (a huge int is not: it can't become a float)."""
    return -FLOAT_MAX <= value <= FLOAT_MAX


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
