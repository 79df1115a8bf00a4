"""The spread of one assumption as a small SVG: each participant a dot, the file's value and the median marked.

Thresholds where a choice flips are dashed lines; one lying inside the spread is
drawn in the warning colour, since that is the disagreement worth discussing.  The same
flip reached along many histories of the tree is one line, drawn once: on `mexico` the
sweep finds thousands of thresholds at a few dozen places, and a printed page (or the
browser) given every copy spends seconds drawing lines on top of each other.
"""

from __future__ import annotations

from html import escape
from typing import Any

from scenarios.engine.text.i18n import _

WIDTH, HEIGHT, PAD = 320, 46, 12


def spread_svg(row: dict[str, Any]) -> str:
    low = row["low"] if row["low"] is not None else min([row["file"], *row["values"]])
    high = row["high"] if row["high"] is not None else max([row["file"], *row["values"]])
    span = (high - low) or 1.0

    def x(v: float) -> float:
        return round(PAD + (v - low) / span * (WIDTH - 2 * PAD), 1)

    parts = [f'<svg class="spread" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
             f'aria-label="{escape(_summary(row))}">',
             f'<line x1="{PAD}" y1="24" x2="{WIDTH - PAD}" y2="24" class="axis"/>',
             f'<text x="{PAD}" y="42" class="tick">{low:g}</text>',
             f'<text x="{WIDTH - PAD}" y="42" class="tick" text-anchor="end">{high:g}</text>']
    crossed = {t["value"] for t in row.get("crossed", ())}
    drawn: set[tuple[Any, ...]] = set()
    for t in row.get("thresholds", ()):
        cls = "threshold crossed" if t["value"] in crossed else "threshold"
        at = x(t["value"])
        # what the line and its title show: the same flip reached along many histories is drawn once
        shown = (at, cls, f"{t['value']:.3g}", t["node"], t["from"], t["to"])
        if shown in drawn:
            continue
        drawn.add(shown)
        parts.append(f'<line x1="{at}" y1="6" x2="{at}" y2="34" class="{cls}">'
                     f'<title>{escape(_threshold_text(t))}</title></line>')
    seen: dict[float, int] = {}
    for v in row["values"]:
        k = seen[v] = seen.get(v, -1) + 1
        parts.append(f'<circle cx="{x(v)}" cy="{24 - 7 * (k % 3)}" r="4" class="dot"><title>{v:g}</title></circle>')
    f = x(row["file"])
    file_title = escape(_("the file: {value}").format(value=format(row["file"], "g")))
    parts.append(f'<path d="M{f - 5},40 L{f + 5},40 L{f},33 Z" class="file"><title>{file_title}</title></path>')
    if row["median"] is not None:
        m = x(row["median"])
        median_title = escape(_("median: {value}").format(value=format(row["median"], "g")))
        parts.append(f'<rect x="{m - 1.5}" y="12" width="3" height="24" class="median">'
                     f'<title>{median_title}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)


def _summary(row: dict[str, Any]) -> str:
    values = ", ".join(f"{v:g}" for v in row["values"]) or _("none yet")
    median = _("none") if row["median"] is None else f"{row['median']:g}"
    return _("{label}: participants {values}; median {median}; the file {file}").format(
        label=row["label"], values=values, median=median, file=f"{row['file']:g}")


def _threshold_text(t: dict[str, Any]) -> str:
    return _("at {value} the choice at {node} flips from {before} to {after}").format(
        value=f"{t['value']:.3g}", node=t["node"], before=t["from"], after=t["to"])
