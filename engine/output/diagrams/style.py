"""The visual language: one shape per node kind, one colour per actor, faded and emphasized states.

Shared by the DOT and Mermaid writers so a reader learns it once from the legend.
Colours are picked to stay readable on white and on a projector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scenarios.engine.format.colors import CSS_COLORS
from scenarios.engine.text.i18n import N_

# Okabe-Ito (colour-blind safe), darkened where the original is too light for text on white.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#5f5f5f", "#e69f00")

KIND_TEXT = {"decision": N_("Decision (an actor chooses)"), "chance": N_("Chance event"), "outcome": N_("Outcome"),
             "stub": N_("… N more paths")}  # the legend's sample of each kind, shown through _()
INK = "#222222"
FADED = "#c8c8c8"
FADED_INK = "#a0a0a0"
SIGNPOST_INK = "#2f6b3a"  # a quiet green: what to watch, apart from weights and effects
CHANCE_FILL = "#f2f2f2"
OUTCOME_FILL = "#fff6d6"
OUTCOME_LINE = "#8a6d00"
EMPHASIS = "#d1001f"
FONT = "Helvetica"

_NAMED = CSS_COLORS


def hex_color(color: str) -> str | None:
    """#rrggbb for a #rgb, #rrggbb or a common colour name; None when unknown."""
    color = color.lower()
    if re.fullmatch(r"#[0-9a-f]{3}", color):
        return "#" + "".join(c * 2 for c in color[1:])
    if re.fullmatch(r"#[0-9a-f]{6}", color):
        return color
    return _NAMED.get(color)


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in rgb)


def _luminance(color: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def readable_ink(color: str) -> str:
    """The colour, darkened until text in it has a 4.5:1 contrast on white (WCAG AA)."""
    rgb = _rgb(color)
    for _ in range(20):
        candidate = _hex(rgb)
        if 1.05 / (_luminance(candidate) + 0.05) >= 4.5:
            return candidate
        rgb = tuple(c * 0.85 for c in rgb)  # type: ignore[assignment]
    return INK


def tint(color: str, amount: float = 0.86) -> str:
    """A pale fill of the colour (mixed with white), light enough for dark text on it."""
    return _hex(tuple(c + (255 - c) * amount for c in _rgb(color)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class ActorStyle:
    """How one actor's decisions are drawn: border line, pale fill, and ink for its name."""

    line: str
    fill: str
    ink: str


def actor_styles(actors: dict[str, str | None]) -> dict[str, ActorStyle]:
    """Each actor's colours: its own `color` when given, else the next unused palette colour, in file order."""
    out: dict[str, ActorStyle] = {}
    taken = {hex_color(c) for c in actors.values() if c}
    free = (c for c in PALETTE * (len(actors) // len(PALETTE) + 1) if c not in taken)
    for aid, color in actors.items():
        if color and hex_color(color) is None:  # a colour name we can't mix: draw it as given
            out[aid] = ActorStyle(color, "#ffffff", INK)
            continue
        base = hex_color(color) if color else next(free)
        assert base is not None
        ink = readable_ink(base)
        line = base if 1.05 / (_luminance(base) + 0.05) >= 2 else ink  # a pale colour's border vanishes on white
        out[aid] = ActorStyle(line, tint(base), ink)
    return out
