"""The words on a diagram: effects, weights as percentages, guards, and the notes under the title."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from scenarios.engine.core.expr import readable
from scenarios.engine.text.effects import effects_text
from scenarios.engine.text.i18n import _, ngettext
from scenarios.engine.text.numbers import slide_percent
from scenarios.engine.text.sources import source_refs

from .view import View


def share_range(low: float, high: float) -> str:
    """One percentage, or a range when the share depends on how the path got here."""
    a, b = slide_percent(low), slide_percent(high)
    return a if a == b else f"{a.rstrip('%')}–{b}"


_VISITED = re.compile(r"\bvisited\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)")


def guard(when: Any, node_labels: Mapping[str, str] | None = None) -> str | None:
    """A `when` as a slide shows it: ≥ for >=, and `visited(node)` as `passed “the node's label”`."""
    if when is None:
        return None
    text = readable(str(when).lower() if isinstance(when, bool) else str(when))
    if node_labels:
        text = _VISITED.sub(lambda m: _("passed “{label}”").format(label=node_labels.get(m.group(1), m.group(1))),
                            text)
    return _("if {condition}").format(condition=text)


def effects(scenario: Any, items: Mapping[str, Any]) -> str | None:
    """`Flow of drugs into the US: to moderate · Trade cost: +2`, in file order (engine.text.effects)."""
    return effects_text(scenario, items)


def signposts(items: Iterable[Any]) -> str | None:
    """`watch: a; b`: the signposts listed on a branch or node, for render --signposts."""
    texts = [item.label for item in items]
    return _("watch: {signposts}").format(signposts="; ".join(texts)) if texts else None


def with_signposts(note: str | None, items: Iterable[Any], shown: bool) -> str | None:
    """A node's small note with its own signposts added on a new line, when they are shown."""
    extra = signposts(items) if shown else None
    return "\n".join(p for p in (note, extra) if p) or None


def more_paths(count: int) -> str:
    """A stub's label: how many paths it stands for."""
    if not count:
        return _("… no path goes on here")
    return ngettext("… {count} more path", "… {count} more paths", count).format(count=f"{count:,}")


def path_note(number: int, weight: float | None) -> str:
    return _("path {number}").format(number=number) + ("" if weight is None else f" · {slide_percent(weight)}")


def weights_legend() -> str:
    """What a percentage on a map is, in words a class reads right (a weight of 100% is not "certain")."""
    return _("weights: each percentage is a share of its branch's weight, given the decisions on it — not a forecast")


def weight_note(scenario: Any, overrides: Mapping[str, float]) -> str | None:
    """Percentages follow from the stated assumptions; say so, and name any changed for this run."""
    if not scenario.has_weights:
        return None
    changed = ", ".join(f"{k} = {v:g}" for k, v in overrides.items())
    if changed:
        return _("Percentages follow from the stated assumptions, not from evidence "
                 "(set for this diagram: {changed})").format(changed=changed)
    return _("Percentages follow from the stated assumptions, not from evidence")


def notes(scenario: Any, view: View, first: Iterable[str], chosen: int) -> tuple[str, ...]:
    """The lines under the title: the view's own, then what is highlighted (`chosen` paths), then the weights note."""
    out = list(first)
    if view.highlight is not None:
        out.append(_("Highlighted: path {number}").format(number=view.highlight))
    elif view.where is not None:
        out.append(ngettext("Highlighted: {count} path ending where {condition}",
                            "Highlighted: {count} paths ending where {condition}", chosen)
                   .format(count=f"{chosen:,}", condition=readable(view.where)))
    if view.signposts:
        out.append(_("Green lines: signposts, what a group could watch for; none of them predicts a branch"))
    weights = weight_note(scenario, view.assumptions)
    if weights:
        out.extend((weights, weights_legend()))
    out.extend(source_list(scenario, view))
    return tuple(out)


def source_list(scenario: Any, view: View) -> list[str]:
    """The scenario's sources under the title, numbered in file order (the numbers `--sources` puts on nodes)."""
    refs = source_refs(scenario)
    if not refs:
        return []
    head = _("Sources (numbered on the nodes and branches that cite them):") if view.sources else _("Sources:")
    return [head, *(f"[{k}] {ref.text}" for k, ref in enumerate(refs, 1))]


def cited(scenario: Any, view: View, ids: Iterable[str]) -> str | None:
    """ "sources [1] [3]" for a node's or branch's `sources` under --sources; None otherwise or when it cites none."""
    if not view.sources:
        return None
    number = {ref.id: k for k, ref in enumerate(source_refs(scenario), 1)}
    marks = [f"[{number[i]}]" for i in dict.fromkeys(ids) if i in number]
    if not marks:
        return None
    return ngettext("source {numbers}", "sources {numbers}", len(marks)).format(numbers=" ".join(marks))
