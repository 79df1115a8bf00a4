"""The frame every analysis result is read in (title, disclaimer, sources, the rule and the assumptions
in force), and the small table helpers the analysis commands share.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from scenarios.cli.i18n import N_, _, ngettext
from scenarios.engine.analysis.rules import RULES, rule_label
from scenarios.engine.text.dates import date_in_words
from scenarios.engine.text.numbers import setting, value
from scenarios.engine.text.sources import source_refs, sources_line

NOTE = N_("Values, weights and expected values follow from the stated assumptions; they are not forecasts.")


def titled(title: str) -> Any:
    """A rich table whose title is never wrapped to a narrow table's width."""
    return Table(title=escape(title), title_justify="left", min_width=min(len(title), 120))


def number(x: float | None) -> str:
    return value(x)


def header(out: Any, scenario: Any, assumptions: dict[str, float], overrides: dict[str, float],
           rule: str | None = None, alpha: float = 0.5, brief: bool = False) -> None:
    """Title, disclaimer, sources, the rule and the assumptions in force: the frame every result is read in.

    `brief` (a summary's first screen) counts the sources, and a list of assumptions longer than two lines,
    instead of listing them; --all lists them.
    """
    spec = scenario.spec
    as_of = "  (" + _("as of {date}").format(date=date_in_words(spec.as_of)) + ")" if spec.as_of else ""
    out.print(Text(f"{scenario.title}{as_of}"))
    out.print(Text(scenario.disclaimer))
    sources = sources_line(scenario)
    if sources and brief:
        count = len(source_refs(scenario))
        out.print(Text(ngettext("Sources: {count} cited in the file (listed with --all)",
                                "Sources: {count} cited in the file (listed with --all)", count).format(count=count)))
    elif sources:
        out.print(Text(sources))
    if rule:
        extra = f" (alpha = {setting(alpha)})" if rule == "hurwicz" else ""
        out.print(Text(_("Rule: {rule}: {summary}").format(rule=rule_label(rule) + extra,
                                                           summary=_(RULES[rule].summary))))
    if assumptions:
        used = ", ".join(f"{k} = {setting(v)}" + (" " + _("(set)") if k in overrides else "")
                         for k, v in assumptions.items())
        line = _("Assumptions: {values}").format(values=used)
        if brief and len(line) > 2 * out.width:  # a summary's first screen counts a long list; --all lists it
            line = ngettext("Assumptions: {count} in force (listed with --all)",
                            "Assumptions: {count} in force (listed with --all)", len(assumptions)).format(
                count=len(assumptions))
            if overrides:
                line += "; " + ", ".join(f"{k} = {setting(v)} " + _("(set)") for k, v in assumptions.items()
                                         if k in overrides)
        out.print(Text(line))
    out.print(_(NOTE))
    out.print()


def trail(history: tuple[str, ...] | list[str], last: int | None = None) -> str:
    """A history as "A → B → C"; with `last`, only the final steps after an ellipsis."""
    if not history:
        return _("(start)")
    if last is not None and len(history) > last:
        return "… → " + " → ".join(history[-last:])
    return " → ".join(history)
