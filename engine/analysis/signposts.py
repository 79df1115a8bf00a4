"""Signposts: what a group could watch for that would suggest a branch is unfolding.

The watch list gathers them per uncertain event (every chance node, and any other node
that lists signposts), with the sources they are attributed to.  For the bundled library
a chance node with no signposts at all is a warning: the library promises a watch list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Watch:
    """One thing to watch for, and the source ids it is attributed to."""

    label: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class BranchWatch:
    label: str
    signposts: tuple[Watch, ...]


@dataclass(frozen=True)
class EventWatch:
    """An uncertain event (or a node with signposts): its own signposts and each branch's."""

    node: str
    label: str
    type: str
    signposts: tuple[Watch, ...]
    branches: tuple[BranchWatch, ...]

    @property
    def empty(self) -> bool:
        return not self.signposts and not any(b.signposts for b in self.branches)


def _watches(items: Any) -> tuple[Watch, ...]:
    return tuple(Watch(item.label, tuple(item.sources)) for item in items)


def watch_list(scenario: Any) -> list[EventWatch]:
    """Every chance node, and every other node listing signposts, in file order."""
    events = []
    for nid, node in scenario.spec.nodes.items():
        branches = tuple(BranchWatch(b.label, _watches(b.signposts)) for b in node.branches or [])
        event = EventWatch(nid, node.label, node.type, _watches(node.signposts), branches)
        if node.type == "chance" or not event.empty:
            events.append(event)
    return events


def cited_sources(events: list[EventWatch]) -> list[str]:
    """Source ids the watch list cites, in order of first citation."""
    seen: dict[str, None] = {}
    for event in events:
        for watch in (*event.signposts, *(w for b in event.branches for w in b.signposts)):
            seen.update(dict.fromkeys(watch.sources))
    return list(seen)
