"""Charts of a sensitivity analysis with matplotlib: a tornado and one sweep plot per assumption.

matplotlib is imported here, lazily, and drawn through its object API with the Agg
canvas, so no GUI backend or global pyplot state is touched.  SVG output is
deterministic (fixed hash salt, no date).
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING, Any

from scenarios.engine import stamps
from scenarios.engine.errors import UsageError, one_of
from scenarios.engine.output.charts import CHART_FORMATS
from scenarios.engine.output.files import MARK
from scenarios.engine.text.i18n import N_, _
from scenarios.engine.text.numbers import setting

if TYPE_CHECKING:
    from collections.abc import Callable

    from scenarios.engine.analysis.records import Sensitivity, Sweep
    from scenarios.engine.text.names import Names

CAPTION_FLIPS = 4
NOTE = N_("Values follow from the stated assumptions (rule: {rule}); they are not forecasts.")  # through _()


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


def tornado(result: Sensitivity, fmt: str = "svg", names: Names | None = None) -> bytes:
    """One panel per actor: a bar from the value at the stated assumptions to the value at low, and one to high.

    The two bars of an assumption sit side by side (low above, high below), so neither
    hides the other when both lie on the same side of the stated value.
    """
    actors = list(result.base_values)
    sweeps = list(result.sweeps)
    if not sweeps:
        raise UsageError("no assumption with a low..high range to chart")
    actor, assumption, _ = _namers(names)
    fig = _figure(8, 1.2 + (0.5 * len(sweeps) + 0.9) * max(1, len(actors)), fmt)
    axes = fig.subplots(max(1, len(actors)), 1, squeeze=False)[:, 0]
    labels = [f"{assumption(s.name)} [{s.low:g}, {s.high:g}]" for s in sweeps]
    rows = [float(k) for k in range(len(sweeps) - 1, -1, -1)]
    for ax, aid in zip(axes, actors, strict=False):
        base = result.base_values[aid]
        lows = [s.values[aid][0] - base for s in sweeps]
        highs = [s.values[aid][1] - base for s in sweeps]
        ax.barh([r + 0.2 for r in rows], lows, height=0.38, left=base, color="#4477aa", label=_("at low"))
        ax.barh([r - 0.2 for r in rows], highs, height=0.38, left=base, color="#ee6677", label=_("at high"))
        ax.axvline(base, color="black", linewidth=0.8)
        for row, lo, hi in zip(rows, lows, highs, strict=True):
            if lo == 0 and hi == 0:
                ax.text(base, row, " " + _("no change"), va="center", fontsize=7, color="#555555")
        ax.set_yticks(rows, labels)
        ax.set_title(_("{actor}: value {value} at the stated assumptions").format(actor=actor(aid), value=f"{base:g}"),
                     fontsize=9, loc="right")
    fig.suptitle(_("{title}: one-way sensitivity (tornado)").format(title=result.title), fontsize=11)
    fig.supxlabel(_("Blue bar: the value with the assumption at its low end; red bar: at its high end.") + "\n"
                  + _(NOTE).format(rule=result.rule), fontsize=8)
    return _save(fig, fmt, "tornado")


def sweep_chart(result: Sensitivity, sweep: Sweep, fmt: str = "svg", names: Names | None = None) -> bytes:
    """Each actor's value across the assumption's range; dashed lines where a choice flips.

    The legend sits outside the plot, to its right, so it never covers a line.
    """
    actor, assumption, node = _namers(names)
    fig = _figure(9, 4.5, fmt)
    ax = fig.subplots()
    for aid, ys in sweep.series.items():
        ax.plot(sweep.xs, ys, label=actor(aid))
    ax.axvline(sweep.base, color="grey", linestyle=":", linewidth=1,
               label=_("stated value {value}").format(value=f"{sweep.base:g}"))
    for kind in sorted({t.on_play for t in sweep.thresholds}, reverse=True):
        ax.plot([], [], color="black" if kind else "#bbbbbb", linestyle="--", linewidth=0.8,
                label=_("a choice flips on the play") if kind else _("a choice flips off the play"))
    flips: list[str] = []
    for t in sweep.thresholds:
        ax.axvline(t.value, color="black" if t.on_play else "#bbbbbb", linestyle="--", linewidth=0.8)
        if t.on_play:
            flips.append(_("flip {number} at {value}: {node}: {before} → {after}").format(
                number=len(flips) + 1, value=setting(t.value), node=node(t.node), before=t.before, after=t.after))
            ax.annotate(_("flip {number}").format(number=len(flips)), (t.value, 1), xycoords=("data", "axes fraction"),
                        rotation=90, va="top", ha="right", fontsize=7)
    ax.set_xlabel(f"{assumption(sweep.name)} ({sweep.name})" if names else f"{sweep.label} ({sweep.name})")
    ax.set_ylabel(_("value"))
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_title(_("{title}: sweep of {assumption}").format(title=result.title, assumption=assumption(sweep.name)),
                 fontsize=11)
    shown = flips[:CAPTION_FLIPS]  # many flips would crowd the plot away: the table lists them all
    caption = [line for flip in shown for line in textwrap.wrap(flip, 130)]
    if len(flips) > len(shown):
        caption.append(f"… and {len(flips) - len(shown)} more flips on the play (listed in the sensitivity table)")
    fig.supxlabel("\n".join([*caption, _(NOTE).format(rule=result.rule)]), fontsize=8)
    return _save(fig, fmt, f"sweep of {sweep.name}")


def _namers(names: Names | None) -> tuple[Callable[[str], str], Callable[[str], str], Callable[[str], str]]:
    """How actors, assumptions and nodes are named on a chart: by label when names are given, else by id."""
    if names is None:
        return str, str, str
    return names.actor, names.assumption, names.node
