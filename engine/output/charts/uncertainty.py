"""Charts of an uncertainty analysis: value distributions, choice shares, and PRIM's trade-off curve.

Drawn like the sensitivity charts (matplotlib's object API on the Agg canvas,
deterministic SVG); every chart says its shares are of sampled assumption sets.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.engine.text.i18n import N_, _

from .sensitivity import _figure, _save

if TYPE_CHECKING:
    from scenarios.engine.analysis.uncertainty.records import Uncertainty

NOTE = N_("Across {n} sampled assumption sets ({method}, seed {seed}; rule: {rule}). Shares are of the sampled "
          "sets, not probabilities of events; nothing here is a forecast.")  # shown through _()
MAX_BARS = 20
TIED = "#dddddd"  # the hatched segment of sets in which the actor is indifferent


def _note(result: Uncertainty) -> str:
    return textwrap.fill(_(NOTE).format(n=f"{result.samples:,}", method=result.method, seed=result.seed,
                                        rule=result.rule), 100)


def value_chart(result: Uncertainty, fmt: str = "svg") -> bytes:
    """One histogram per actor, with its 5th, 50th and 95th percentiles marked."""
    actors = result.actors
    fig = _figure(8, 1.0 + 1.9 * len(actors), fmt)
    axes = fig.subplots(len(actors), 1, squeeze=False)[:, 0]
    values = result.data.values
    for k, (ax, spread) in enumerate(zip(axes, actors, strict=True)):
        x = values[:, k]
        ax.hist(x, bins=60, color="#4477aa")
        for q, style in ((spread.value.p5, ":"), (spread.value.p50, "-"), (spread.value.p95, ":")):
            ax.axvline(q, color="black", linestyle=style, linewidth=0.8)
        v = spread.value
        ax.set_title(_("{actor}: mean {mean}, 5th–95th percentile {low} … {high}").format(
            actor=f"{spread.name} ({spread.actor})", mean=f"{v.mean:.3g}", low=f"{v.p5:.3g}", high=f"{v.p95:.3g}"),
            fontsize=9, loc="left")
        ax.set_ylabel(_("sets"), fontsize=8)
    fig.suptitle(textwrap.fill(_("{title}: each actor's value across the sampled assumption sets").format(
        title=result.title), 80), fontsize=11)
    fig.supxlabel(_note(result), fontsize=7)
    return _save(fig, fmt, "value distributions", "uncertainty")


def choice_chart(result: Uncertainty, fmt: str = "svg") -> bytes:
    """For the decision points the play reaches most often: the share of sets choosing each branch.

    Each set counts once: a branch alone best, or (hatched grey) indifferent between several.
    Labels are written in full in a line above each bar, numbered as the segments are, and
    each row names the steps before its decision point, so a decision met twice reads as two.
    """
    rows = [d for d in result.decisions if d.reached > 0][:MAX_BARS]
    fig = _figure(10, 1.6 + 0.75 * max(1, len(rows)), fmt)
    ax = fig.subplots()
    colours = ["#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#555555"]
    for y, d in enumerate(reversed(rows)):
        left = 0.0
        legend: list[str] = []
        for k, (label, share, colour) in enumerate(segments(d, colours), 1):
            tied = colour == TIED
            ax.barh(y, share, left=left, height=0.36, color=colour, edgecolor="#888888" if tied else "white",
                    hatch="///" if tied else None)
            if share >= 0.035:  # the segment's number, matching the line above
                ax.text(left + share / 2, y, str(k), ha="center", va="center", fontsize=6,
                        color="black" if tied else "white")
            legend.append(f"{k} {label} {share:.1%}")
            left += share
        ax.text(0, y + 0.22, textwrap.fill("   ".join(legend), 120), ha="left", va="bottom", fontsize=6,
                clip_on=False)
    ax.set_yticks(range(len(rows)), list(reversed(row_labels(rows))), fontsize=7)
    ax.set_ylim(-0.5, len(rows) - 0.1)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.set_xlabel(_("share of the sampled assumption sets choosing each branch"), fontsize=8)
    ax.set_title(textwrap.fill(_("{title}: choices across the sampled assumption sets").format(title=result.title), 90),
                 fontsize=11)
    fig.supxlabel(_note(result), fontsize=7)
    return _save(fig, fmt, "choice shares", "uncertainty")


def segments(d: Any, colours: list[str]) -> list[tuple[str, float, str]]:
    """A decision point's bar: (label, share, colour) per branch alone best, then the sets where it is indifferent."""
    found = [(label, share, colours[k % len(colours)]) for k, (label, share) in enumerate(d.shares.items())
             if share > 0]
    if d.tied > 0:
        between = " | ".join(label for label, s in d.among.items() if s > d.shares.get(label, 0.0))
        found.append((_("indifferent ({between})").format(between=between), d.tied, TIED))
    return found


def row_labels(rows: list[Any]) -> list[str]:
    """Each decision point with the last steps before it and how often the play reaches it; a repeat is numbered."""
    labels: list[str] = []
    for d in rows:
        after = " → ".join(d.history[-3:]) if d.history else _("the start")
        text = _("{node} after {steps} (reached in {share})").format(node=d.node, steps=after,
                                                                     share=f"{d.reached:.0%}")
        base, k = text, 2
        while text in labels:
            text, k = f"{base} #{k}", k + 1
        labels.append(text)
    return [textwrap.fill(text, 52) for text in labels]


def tradeoff_chart(result: Uncertainty, fmt: str = "svg") -> bytes:
    """PRIM's peeling trajectory for the first box: coverage against density, coloured by restricted assumptions."""
    found = result.discovery
    assert found is not None and found.trajectory
    fig = _figure(8, 5.5, fmt)
    ax = fig.subplots()
    coverage, density, dims = (np.array(v) for v in zip(*found.trajectory, strict=True))
    points = ax.scatter(coverage, density, c=dims, cmap="viridis", s=14)
    fig.colorbar(points, ax=ax, label=_("assumptions restricted"))
    if found.boxes:
        box = found.boxes[0]
        ax.scatter([box.coverage], [box.density], marker="o", s=120, facecolors="none", edgecolors="red",
                   label=_("box reported"))
        ax.legend(fontsize=8, loc="lower left")
    ax.axhline(found.threshold, color="grey", linestyle=":", linewidth=0.8)
    ax.set_xlabel(_("coverage (share of the target's sets inside the box)"))
    ax.set_ylabel(_("density (share of the box's sets with the target)"))
    ax.set_title(textwrap.fill(_("{title}: PRIM trade-off for {target}").format(title=result.title,
                                                                                target=found.target), 70), fontsize=10)
    fig.supxlabel(_note(result), fontsize=7)
    return _save(fig, fmt, "PRIM trade-off", "uncertainty")
