"""The sensitivity charts as SVG, drawn with the kit in `svg.py` (what they show: `sensitivity.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scenarios.engine.output.files import MARK
from scenarios.engine.text.i18n import _

from .svg import COLORS, Axes, Canvas, padded, text_width, wrap
from .sweep_words import FLIP, HIGH, LOW, Flips, Words

if TYPE_CHECKING:
    from scenarios.engine.analysis.records import Sensitivity, Sweep

WIDTH = 900
TITLE, LABEL, SMALL = 16, 13, 12  # font sizes
LINE = 1.3  # line height, in font sizes


def _description(what: str) -> str:
    return f"{MARK.decode()} sensitivity: {what}"


def _lines(canvas: Canvas, lines: list[str], x: float, y: float, size: float, anchor: str = "middle") -> float:
    """Lines of text from baseline y down; returns the y below the last."""
    for line in lines:
        canvas.text(x, y, line, size, anchor)
        y += size * LINE
    return y


def sweep_svg(result: Sensitivity, sweep: Sweep, words: Words, flips: Flips) -> bytes:
    """Each actor's value across the assumption's range, the stated value dotted, dashed lines where choices flip."""
    title = wrap(words.sweep_title(sweep), WIDTH - 40, TITLE)
    caption = [line for text in (*flips.caption, words.note) for line in wrap(text, WIDTH - 40, SMALL)]
    legend = [(COLORS[k % len(COLORS)], None, words.actor(aid)) for k, aid in enumerate(sweep.series)]
    legend.append(("#808080", "1.5,3", words.stated(sweep)))
    legend += [(FLIP[kind], "5,3", words.flip_kind(kind)) for kind in flips.kinds]
    legend_width = min(300.0, max(text_width(text, SMALL) for _, _, text in legend) + 44)
    values = [v for ys in sweep.series.values() for v in ys]
    ys = padded(values)
    top, height = 16 + TITLE * LINE * len(title), 300.0
    left = 34 + max(text_width(label, SMALL) for label in _tick_labels(ys)) + 10
    width = WIDTH - left - legend_width - 24
    axis = wrap(words.sweep_axis(sweep), width + 40, LABEL)  # under the plot, as wide as it
    canvas = Canvas(WIDTH, top + height + 34 + LABEL * LINE * len(axis) + 8 + SMALL * LINE * len(caption) + 10)
    _lines(canvas, title, WIDTH / 2, 10 + TITLE, TITLE)
    ax = Axes(canvas, left, top, width, height, padded([sweep.low, sweep.high]), ys)
    ax.y_ticks(7, SMALL)
    bottom = ax.x_ticks(9, SMALL)
    canvas.text(14, top + height / 2, _("value"), LABEL, "middle", rotate=True)
    below = _lines(canvas, axis, left + width / 2, bottom + LABEL + 2, LABEL)
    _lines(canvas, caption, WIDTH / 2, below + 8 + SMALL, SMALL)
    inside = ax.xs[0] <= sweep.base <= ax.xs[1]
    if inside:
        canvas.line(ax.x(sweep.base), top, ax.x(sweep.base), top + height, "#808080", 1, "1.5,3")
    for x, on_play in flips.lines:
        canvas.line(ax.x(x), top, ax.x(x), top + height, FLIP[on_play], 0.8, "5,3")
    for k, ys_ in enumerate(sweep.series.values()):
        canvas.polyline([(ax.x(x), ax.y(y)) for x, y in zip(sweep.xs, ys_, strict=True)], COLORS[k % len(COLORS)])
    last = None
    for x, label in flips.marks:  # labels closer than a line of text would overlap: the first one stands
        at = ax.x(x)
        if last is None or at - last > SMALL * 1.2:
            canvas.text(at - 3, top + 4, label, SMALL - 1, "end", rotate=True)
            last = at
    ax.frame()
    _legend(canvas, legend, left + width + 16, top + 6)
    return canvas.to_bytes(words.sweep_title(sweep), _description(f"sweep of {sweep.name}"))


def _tick_labels(span: tuple[float, float]) -> list[str]:
    from .svg import ticks

    return [label for _, label in ticks(*span, 7)]


def _legend(canvas: Canvas, entries: list[tuple[str, str | None, str]], x: float, y: float) -> None:
    """A sample line and its text per entry, one under another (long texts wrapped)."""
    for color, dash, text in entries:
        lines = wrap(text, 256, SMALL)
        canvas.line(x, y + SMALL * 0.6, x + 28, y + SMALL * 0.6, color, 1.5 if dash is None else 1.2, dash)
        _lines(canvas, lines, x + 36, y + SMALL, SMALL, "start")
        y += SMALL * LINE * len(lines) + 4


def tornado_svg(result: Sensitivity, words: Words) -> bytes:
    """One panel per actor: for each assumption a bar to the value at its low end (blue, above) and one to the
    value at its high end (red, below), from the value at the stated assumptions (the black line)."""
    sweeps = list(result.sweeps)
    rows = words.rows
    label_width = max(text_width(row, SMALL) for row in rows)
    plot = 440.0
    width = max(float(WIDTH), label_width + plot + 60)
    left = width - plot - 30
    title = wrap(words.tornado_title, width - 40, TITLE)
    caption = [line for text in words.tornado_caption for line in wrap(text, width - 40, SMALL)]
    row, panel_top = 26.0, 10 + SMALL * LINE + 6  # a row's height; the panel's title above its plot
    panel = panel_top + row * len(sweeps) + 34
    top = 16 + TITLE * LINE * len(title)
    actors = list(result.base_values)
    canvas = Canvas(width, top + panel * len(actors) + 10 + SMALL * LINE * len(caption) + 8)
    _lines(canvas, title, width / 2, 10 + TITLE, TITLE)
    y = top
    for aid in actors:
        base = result.base_values[aid]
        ends = [v for s in sweeps for v in s.values[aid]]
        ax = Axes(canvas, left, y + panel_top, plot, row * len(sweeps), padded([base, *ends]), (0.0, 1.0))
        canvas.text(left + plot, y + SMALL + 6, words.panel(aid), SMALL, "end")
        for k, (sweep, label) in enumerate(zip(sweeps, rows, strict=True)):
            middle = ax.top + row * (k + 0.5)
            canvas.text(left - 8, middle + SMALL * 0.35, label, SMALL, "end")
            low, high = sweep.values[aid]
            if low == base and high == base:
                canvas.text(ax.x(base) + 4, middle + 3, _("no change"), SMALL - 2, color="#555555")
                continue
            for value, color, upper in ((low, LOW, True), (high, HIGH, False)):
                x0, x1 = sorted((ax.x(base), ax.x(value)))
                canvas.rect(x0, middle - 10 if upper else middle + 0.5, x1 - x0, 9.5, color)
        canvas.line(ax.x(base), ax.top, ax.x(base), ax.top + ax.height, "#000000", 1)
        ax.frame()
        ax.x_ticks(9, SMALL)
        y += panel
    _lines(canvas, caption, width / 2, y + 10 + SMALL, SMALL)
    return canvas.to_bytes(words.tornado_title, _description("tornado"))
