"""A session read in other languages: each participant's phone (and the projector, and the handout) shows the
scenario's text in its reader's language, over the one session.

A voice is a `Workshop` over the same store, record and people, with the scenario's kept text loaded in
another language and a standing of its own, forgotten with the session's.  Steps and tallies are kept
with the labels of the session's language; `relabel` says one in a voice's.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.format.loader import load_text

from .standing import Standing

if TYPE_CHECKING:
    from .session import Workshop


class Voices:
    """`voices(lang)`: the session with its scenario's text in `lang` (None or the session's own: the session)."""

    def __init__(self, workshop: Workshop):
        self.w = workshop
        self.by_lang: dict[str, Workshop] = {}

    def __call__(self, lang: str | None) -> Workshop:
        w = self.w
        if not lang or lang == w.scenario.language or w.origin is not None:
            return w
        if lang not in self.by_lang:
            started = w.started
            scenario = load_text(started.text, started.file, name=started.scenario, lang=lang)
            other = type(w)(w.store, started, scenario)
            other.record, other.people, other.standing = w.record, w.people, Standing(scenario, w.record)
            other.origin = w.scenario
            self.by_lang[lang] = other
        return self.by_lang[lang]

    def changed(self, kind: str) -> None:
        """The session changed (`kind` as Workshop._changed): each voice follows."""
        for other in self.by_lang.values():
            if kind not in ("tally", "people"):
                other.standing.forget(assumptions=kind in ("assumptions", "moved"))
            other.version = self.w.version


def room_languages(w: Workshop) -> list[str]:
    """The languages the participants of `w` chose, the most chosen first (none chosen: empty)."""
    chosen = Counter(p.lang for p in w.record.participants() if p.lang)
    return sorted(chosen, key=lambda lang: (-chosen[lang], lang))


def relabel(origin: Scenario | None, scenario: Scenario, node: str, label: str) -> str:
    """A branch label as kept (in the language of `origin`, the session's scenario) in the language of `scenario`."""
    if origin is None or node not in origin.spec.nodes or node not in scenario.spec.nodes:
        return label
    kept = [b.label for b in origin.spec.nodes[node].branches]
    mine = scenario.spec.nodes[node].branches
    return mine[kept.index(label)].label if label in kept and len(mine) == len(kept) else label
