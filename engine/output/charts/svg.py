"""A small SVG drawing kit for the sensitivity charts: text, lines, bars, axes with round ticks.

The sensitivity command writes a chart per swept assumption; drawn through matplotlib, each
took a third of a second and matplotlib's import as long again. These charts are lines,
bars and labels, so they are written here as SVG text directly, with the text left as text
(any sans-serif font; widths are estimated on the wide side so labels never collide). The
output depends only on the input: the same analysis gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
INK = "#000000"
# matplotlib's default colours ("tab10"), so an SVG chart and a PNG one draw each actor alike
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
          "#17becf")
MINUS = "\u2212"

# advance widths in em of DejaVu Sans (a wide sans-serif: other fonts' text comes out narrower, never wider)
_NARROW = dict.fromkeys("ijlI|!.,:;'`", 0.28) | dict.fromkeys("frt()[]{}-/\\\"", 0.40)
_WIDE = dict.fromkeys("mwMW@%", 0.95) | dict.fromkeys("ABCDEFGHKLNOPQRSTUVXYZ&", 0.74)


def text_width(text: str, size: float) -> float:
    """The width of `text` at font size `size`, in the same units, estimated on the wide side."""
    em = 0.0
    for ch in text:
        if ch == " ":
            em += 0.32
        elif ch.isdigit():
            em += 0.64
        else:
            em += _NARROW.get(ch) or _WIDE.get(ch) or (0.62 if ch.islower() else 0.7)
    return em * size


def wrap(text: str, width: float, size: float) -> list[str]:
    """`text` broken at spaces into lines no wider than `width` (a longer word keeps its own line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and text_width(trial, size) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def ticks(low: float, high: float, most: int) -> list[tuple[float, str]]:
    """Round values (1, 2, 2.5 or 5 times a power of ten apart) from low to high, at most `most` of them, each with
    its label (as many decimals as the step needs, and a true minus sign)."""
    if not high > low:
        return [(low, f"{low:g}".replace("-", MINUS))]
    wanted = (high - low) / max(1, most - 1)
    power = 10.0 ** math.floor(math.log10(wanted))
    factor = next(m for m in (1, 2, 2.5, 5, 10) if m * power >= wanted * (1 - 1e-9))
    step = factor * power
    digits = max(0, -math.floor(math.log10(step) + 1e-9)) + (1 if factor == 2.5 else 0)
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    found = []
    for k in range(first, last + 1):
        label = f"{k * step:.{digits}f}"
        if label.lstrip("-").strip("0.") == "":
            label = label.lstrip("-")  # no "−0"
        found.append((k * step, label.replace("-", MINUS)))
    return found


def padded(values: Sequence[float], margin: float = 0.05) -> tuple[float, float]:
    """The range of `values` widened by `margin` of it on each side (a range too narrow to draw, to ±1 around it)."""
    low, high = min(values), max(values)
    if high - low <= 1e-9 * max(1.0, abs(low), abs(high)):
        return low - 1, high + 1
    pad = (high - low) * margin
    return low - pad, high + pad


class Canvas:
    """An SVG picture built element by element, `width` × `height` pixels."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.parts: list[str] = []

    def text(self, x: float, y: float, text: str, size: float = 12, anchor: str = "start", color: str = INK,
             rotate: bool = False, bold: bool = False) -> None:
        """A line of text, its baseline at y (rotated a quarter turn to read upwards when asked)."""
        extra = f' text-anchor="{anchor}"' if anchor != "start" else ""
        extra += f' fill="{color}"' if color != INK else ""
        extra += ' font-weight="bold"' if bold else ""
        extra += f' transform="rotate(-90 {x:.1f} {y:.1f})"' if rotate else ""
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{extra}>{escape(text)}</text>')

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str = INK, width: float = 1,
             dash: str | None = None) -> None:
        style = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{color}" '
                          f'stroke-width="{width:g}"{style}/>')

    def polyline(self, points: Sequence[tuple[float, float]], color: str, width: float = 1.5) -> None:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        self.parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="{width:g}" '
                          'stroke-linejoin="round" stroke-linecap="round"/>')

    def rect(self, x: float, y: float, width: float, height: float, fill: str = "none", stroke: str | None = None,
             ) -> None:
        outline = f' stroke="{stroke}" stroke-width="0.8"' if stroke else ""
        self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" '
                          f'fill="{fill}"{outline}/>')

    def to_bytes(self, title: str, description: str) -> bytes:
        """The document: the XML declaration alone on the first line (our mark goes after it), then the SVG."""
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width:.0f}" height="{self.height:.0f}" '
                f'viewBox="0 0 {self.width:.0f} {self.height:.0f}" font-family={quoteattr(FONT)}>')
        body = "\n".join([head, f"<title>{escape(title)}</title>", f"<desc>{escape(description)}</desc>",
                          f'<rect width="{self.width:.0f}" height="{self.height:.0f}" fill="#ffffff"/>',
                          *self.parts, "</svg>", ""])
        return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode()


class Axes:
    """A plotting area on a canvas: data coordinates to pixels, a frame, and round ticks with their labels."""

    def __init__(self, canvas: Canvas, left: float, top: float, width: float, height: float,
                 xs: tuple[float, float], ys: tuple[float, float]):
        self.canvas, self.left, self.top, self.width, self.height = canvas, left, top, width, height
        self.xs, self.ys = xs, ys

    def x(self, value: float) -> float:
        low, high = self.xs
        return self.left + (value - low) / (high - low) * self.width

    def y(self, value: float) -> float:
        low, high = self.ys
        return self.top + self.height - (value - low) / (high - low) * self.height

    def frame(self) -> None:
        self.canvas.rect(self.left, self.top, self.width, self.height, stroke=INK)

    def x_ticks(self, most: int, size: float = 11) -> float:
        """Ticks and labels under the frame; returns the y just below the labels."""
        bottom = self.top + self.height
        for value, label in ticks(*self.xs, most):
            x = self.x(value)
            self.canvas.line(x, bottom, x, bottom + 4)
            self.canvas.text(x, bottom + 6 + size, label, size, "middle")
        return bottom + 10 + size

    def y_ticks(self, most: int, size: float = 11) -> float:
        """Ticks and labels left of the frame; returns the widest label's width."""
        widest = 0.0
        for value, label in ticks(*self.ys, most):
            y = self.y(value)
            widest = max(widest, text_width(label, size))
            self.canvas.line(self.left - 4, y, self.left, y)
            self.canvas.text(self.left - 6, y + size * 0.35, label, size, "end")
        return widest
