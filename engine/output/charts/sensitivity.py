"""Charts of a sensitivity analysis: a tornado and one sweep plot per assumption.

SVG is written directly (`sensitivity_svg`, through the small kit in `svg.py`): the charts are
lines, bars and labels, and matplotlib's import and drawing took longer than the sweep.
PNG is drawn with matplotlib, imported here lazily and used through its object API with
the Agg canvas, so no GUI backend or global pyplot state is touched; the uncertainty charts
share `_figure` and `_save`. Both formats show the same things and are deterministic.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING, Any

from scenarios.engine import stamps
from scenarios.engine.errors import UsageError, one_of
from scenarios.engine.output.charts import CHART_FORMATS
from scenarios.engine.output.files import MARK
from scenarios.engine.text.i18n import _

from .sweep_words import FLIP, HIGH, LOW, Flips, Words

if TYPE_CHECKING:
    from scenarios.engine.analysis.records import Sensitivity, Sweep
    from scenarios.engine.text.names import Names


def _figure(width: float, height: float, fmt: str) -> Any:
    """A blank figure on the Agg canvas; an unknown format is refused before anything is drawn."""
    if fmt not in CHART_FORMATS:
        raise UsageError(f"unknown chart format '{fmt}' ({one_of(CHART_FORMATS)})")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Any, fmt: str, what: str, analysis: str = "sensitivity") -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    description = f"{MARK.decode()} {analysis}: {what}"
    metadata = {"Date": None, "Description": description} if fmt == "svg" else {"Description": description}
    with matplotlib.rc_context({"svg.hashsalt": "scenarios", "svg.fonttype": "path"}):
        fig.savefig(buffer, format=fmt, metadata=metadata, dpi=150)
    mark = stamps.svg if fmt == "svg" else stamps.png
    return mark(buffer.getvalue(), stamps.UNCERTAINTY if analysis == "uncertainty" else stamps.CHART)


def _check(fmt: str) -> None:
    if fmt not in CHART_FORMATS:
        raise UsageError(f"unknown chart format '{fmt}' ({one_of(CHART_FORMATS)})")


def tornado(result: Sensitivity, fmt: str = "svg", names: Names | None = None) -> bytes:
    """One panel per actor: a bar from the value at the stated assumptions to the value at low, and one to high.

    The two bars of an assumption sit side by side (low above, high below), so neither
    hides the other when both lie on the same side of the stated value.
    """
    _check(fmt)
    if not result.sweeps:
        raise UsageError("no assumption with a low..high range to chart")
    if fmt == "svg":
        from .sensitivity_svg import tornado_svg

        return stamps.svg(tornado_svg(result, Words.of(result, names)), stamps.CHART)
    actors = list(result.base_values)
    sweeps = list(result.sweeps)
    words = Words.of(result, names)
    fig = _figure(8, 1.2 + (0.5 * len(sweeps) + 0.9) * max(1, len(actors)), fmt)
    axes = fig.subplots(max(1, len(actors)), 1, squeeze=False)[:, 0]
    rows = [float(k) for k in range(len(sweeps) - 1, -1, -1)]
    for ax, aid in zip(axes, actors, strict=False):
        base = result.base_values[aid]
        lows = [s.values[aid][0] - base for s in sweeps]
        highs = [s.values[aid][1] - base for s in sweeps]
        ax.barh([r + 0.2 for r in rows], lows, height=0.38, left=base, color=LOW, label=_("at low"))
        ax.barh([r - 0.2 for r in rows], highs, height=0.38, left=base, color=HIGH, label=_("at high"))
        ax.axvline(base, color="black", linewidth=0.8)
        for row, lo, hi in zip(rows, lows, highs, strict=True):
            if lo == 0 and hi == 0:
                ax.text(base, row, " " + _("no change"), va="center", fontsize=7, color="#555555")
        ax.set_yticks(rows, words.rows)
        ax.set_title(words.panel(aid), fontsize=9, loc="right")
    fig.suptitle(textwrap.fill(words.tornado_title, 90), fontsize=11)
    fig.supxlabel("\n".join(words.tornado_caption), fontsize=8)
    return _save(fig, fmt, "tornado")


def sweep_chart(result: Sensitivity, sweep: Sweep, fmt: str = "svg", names: Names | None = None) -> bytes:
    """Each actor's value across the assumption's range; dashed lines where a choice flips.

    Flips at one value (many decision points can flip together) share one line and one label
    ("flips 3–9"); the first few are spelled out under the plot. The legend sits outside the
    plot, to its right, so it never covers a line.
    """
    _check(fmt)
    words = Words.of(result, names)
    flips = Flips(sweep, words)
    if fmt == "svg":
        from .sensitivity_svg import sweep_svg

        return stamps.svg(sweep_svg(result, sweep, words, flips), stamps.CHART)
    fig = _figure(9, 4.5, fmt)
    ax = fig.subplots()
    for aid, ys in sweep.series.items():
        ax.plot(sweep.xs, ys, label=words.actor(aid))
    ax.axvline(sweep.base, color="grey", linestyle=":", linewidth=1, label=words.stated(sweep))
    for on_play in flips.kinds:
        ax.plot([], [], color=FLIP[on_play], linestyle="--", linewidth=0.8, label=words.flip_kind(on_play))
    for x, on_play in flips.lines:
        ax.axvline(x, color=FLIP[on_play], linestyle="--", linewidth=0.8)
    for x, label in flips.marks:
        ax.annotate(label, (x, 1), xycoords=("data", "axes fraction"), rotation=90, va="top", ha="right", fontsize=7)
    ax.set_xlabel(words.sweep_axis(sweep))
    ax.set_ylabel(_("value"))
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_title(textwrap.fill(words.sweep_title(sweep), 90), fontsize=11)  # a long title would be cut off
    caption = [line for text in flips.caption for line in textwrap.wrap(text, 130)]
    fig.supxlabel("\n".join([*caption, words.note]), fontsize=8)
    return _save(fig, fmt, f"sweep of {sweep.name}")
