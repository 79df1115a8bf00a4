"""What a sensitivity chart says and marks, in the reader's language: shared by the SVG and PNG drawings."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from scenarios.engine.text.i18n import N_, _
from scenarios.engine.text.numbers import setting

if TYPE_CHECKING:
    from scenarios.engine.analysis.records import Sensitivity, Sweep
    from scenarios.engine.text.names import Names

CAPTION_FLIPS = 4
NOTE = N_("Values follow from the stated assumptions (rule: {rule}); they are not forecasts.")  # through _()
LOW, HIGH = "#4477aa", "#ee6677"  # the tornado's bars: the value with the assumption at its low end, at its high end
FLIP = {True: "#000000", False: "#bbbbbb"}  # a flip's line: on the play, off it


class Words:
    """What a chart of one sensitivity analysis says, in the reader's language."""

    def __init__(self, result: Sensitivity, actor: Callable[[str], str], assumption: Callable[[str], str],
                 node: Callable[[str], str], named: bool):
        self.result, self.actor, self.assumption, self.node, self.named = result, actor, assumption, node, named
        self.note = _(NOTE).format(rule=result.rule)

    @classmethod
    def of(cls, result: Sensitivity, names: Names | None) -> Words:
        """Actors, assumptions and nodes named by label when names are given, else by id."""
        if names is None:
            return cls(result, str, str, str, False)
        return cls(result, names.actor, names.assumption, names.node, True)

    @property
    def rows(self) -> list[str]:
        return [f"{self.assumption(s.name)} [{s.low:g}, {s.high:g}]" for s in self.result.sweeps]

    def panel(self, aid: str) -> str:
        return _("{actor}: value {value} at the stated assumptions").format(
            actor=self.actor(aid), value=f"{self.result.base_values[aid]:g}")

    @property
    def tornado_title(self) -> str:
        return _("{title}: one-way sensitivity (tornado)").format(title=self.result.title)

    @property
    def tornado_caption(self) -> list[str]:
        return [_("Blue bar: the value with the assumption at its low end; red bar: at its high end."), self.note]

    def sweep_title(self, sweep: Sweep) -> str:
        return _("{title}: sweep of {assumption}").format(title=self.result.title,
                                                           assumption=self.assumption(sweep.name))

    def sweep_axis(self, sweep: Sweep) -> str:
        return f"{self.assumption(sweep.name)} ({sweep.name})" if self.named else f"{sweep.label} ({sweep.name})"

    @staticmethod
    def stated(sweep: Sweep) -> str:
        return _("stated value {value}").format(value=f"{sweep.base:g}")

    @staticmethod
    def flip_kind(on_play: bool) -> str:
        return _("a choice flips on the play") if on_play else _("a choice flips off the play")


class Flips:
    """A sweep's flips as a chart shows them: one line per value (flips within a hair of each other share it), one
    label per such group on the play (numbered in value order), and the first few spelled out in a caption."""

    def __init__(self, sweep: Sweep, words: Words):
        on = [t for t in sweep.thresholds if t.on_play]
        self.kinds = sorted({t.on_play for t in sweep.thresholds}, reverse=True)
        hair = (sweep.high - sweep.low) / 150 or 1e-9  # about a pixel or two on the plot
        self.lines: list[tuple[float, bool]] = []  # one per value (within a hair); on the play if any flip there is
        for t in sweep.thresholds:
            if self.lines and t.value - self.lines[-1][0] <= hair:
                self.lines[-1] = (self.lines[-1][0], self.lines[-1][1] or t.on_play)
            else:
                self.lines.append((t.value, t.on_play))
        self.marks: list[tuple[float, str]] = []
        start = 0
        for k in range(1, len(on) + 1):
            if k == len(on) or on[k].value - on[start].value > hair:
                label = (_("flip {number}").format(number=start + 1) if k == start + 1
                         else _("flips {first}–{last}").format(first=start + 1, last=k))
                self.marks.append(((on[start].value + on[k - 1].value) / 2, label))
                start = k
        self.caption = [_("flip {number} at {value}: {node}: {before} → {after}").format(
            number=n + 1, value=setting(t.value), node=words.node(t.node), before=t.before, after=t.after)
            for n, t in enumerate(on[:CAPTION_FLIPS])]  # many would crowd the plot away: the table lists them all
        if len(on) > CAPTION_FLIPS:
            self.caption.append(_("… and {count} more flips on the play (listed in the sensitivity table)").format(
                count=len(on) - CAPTION_FLIPS))
