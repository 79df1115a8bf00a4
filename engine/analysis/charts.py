"""Charts of a sensitivity analysis with matplotlib: a tornado and one sweep plot per assumption.

matplotlib is imported here, lazily, and drawn through its object API with the Agg
canvas, so no GUI backend or global pyplot state is touched.  SVG output is
deterministic (fixed hash salt, no date).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..errors import UsageError, one_of
from .files import MARK

if TYPE_CHECKING:
    from .records import Sensitivity, Sweep

CHART_FORMATS = ("svg", "png")
NOTE = "Values follow from the stated assumptions (rule: {rule}); they are not forecasts."


def _figure(width: float, height: float, fmt: str) -> Any:
    """A blank figure on the Agg canvas; an unknown format is refused before anything is drawn."""
    if fmt not in CHART_FORMATS:
        raise UsageError(f"unknown chart format '{fmt}' ({one_of(CHART_FORMATS)})")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Any, fmt: str, what: str) -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    description = f"{MARK.decode()} sensitivity: {what}"
    metadata = {"Date": None, "Description": description} if fmt == "svg" else {"Description": description}
    with matplotlib.rc_context({"svg.hashsalt": "scenarios", "svg.fonttype": "path"}):
        fig.savefig(buffer, format=fmt, metadata=metadata, dpi=150)
    return buffer.getvalue()


def tornado(result: Sensitivity, fmt: str = "svg") -> bytes:
    """One panel per actor: bars from the value at the stated assumptions to the value at low and at high."""
    actors = list(result.base_values)
    sweeps = list(result.sweeps)
    if not sweeps:
        raise UsageError("no assumption with a low..high range to chart")
    fig = _figure(8, 1.2 + (0.35 * len(sweeps) + 0.9) * max(1, len(actors)), fmt)
    axes = fig.subplots(max(1, len(actors)), 1, squeeze=False)[:, 0]
    labels = [f"{s.name} [{s.low:g}, {s.high:g}]" for s in sweeps]
    for ax, actor in zip(axes, actors, strict=False):
        base = result.base_values[actor]
        rows = range(len(sweeps) - 1, -1, -1)
        lows = [s.values[actor][0] - base for s in sweeps]
        highs = [s.values[actor][1] - base for s in sweeps]
        ax.barh(list(rows), lows, left=base, color="#4477aa", label="at low")
        ax.barh(list(rows), highs, left=base, color="#ee6677", alpha=0.8, label="at high")
        ax.axvline(base, color="black", linewidth=0.8)
        ax.set_yticks(list(rows), labels)
        ax.set_title(f"{actor}: value {base:g} at the stated assumptions", fontsize=9, loc="left")
    axes[0].legend(loc="lower right", fontsize=8)
    fig.suptitle(f"{result.title}: one-way sensitivity (tornado)", fontsize=11)
    fig.supxlabel(NOTE.format(rule=result.rule), fontsize=8)
    return _save(fig, fmt, "tornado")


def sweep_chart(result: Sensitivity, sweep: Sweep, fmt: str = "svg") -> bytes:
    """Each actor's value across the assumption's range; dashed lines where a choice flips."""
    fig = _figure(8, 4.5, fmt)
    ax = fig.subplots()
    for actor, ys in sweep.series.items():
        ax.plot(sweep.xs, ys, label=actor)
    ax.axvline(sweep.base, color="grey", linestyle=":", linewidth=1, label=f"stated value {sweep.base:g}")
    for t in sweep.thresholds:
        ax.axvline(t.value, color="black" if t.on_play else "#bbbbbb", linestyle="--", linewidth=0.8)
        if t.on_play:
            ax.annotate(f"{t.node}: {t.before} → {t.after}", (t.value, 1), xycoords=("data", "axes fraction"),
                        rotation=90, va="top", ha="right", fontsize=7)
    ax.set_xlabel(f"{sweep.label} ({sweep.name})")
    ax.set_ylabel("value")
    ax.legend(fontsize=8)
    ax.set_title(f"{result.title}: sweep of {sweep.name}", fontsize=11)
    fig.supxlabel(NOTE.format(rule=result.rule), fontsize=8)
    return _save(fig, fmt, f"sweep of {sweep.name}")
