"""Names and labels for ids: what outputs show people, with the id added on request."""

from __future__ import annotations

from typing import Any


class Names:
    """Looks up the label of a node, the name of an actor, the label of an assumption or indicator.

    With `ids`, each reads "label (id)", so a reader can match it to the file or to --set.
    """

    def __init__(self, scenario: Any, ids: bool = False):
        spec = scenario.spec
        self.ids = ids
        self._nodes = {k: n.label for k, n in spec.nodes.items()}
        self._actors = {k: a.name for k, a in spec.actors.items()}
        self._assumptions = {k: (a.label or k) for k, a in spec.assumptions.items()}
        self._indicators = {k: (i.label or k) for k, i in spec.indicators.items()}

    def _show(self, table: dict[str, str], key: str) -> str:
        label = table.get(key, key)
        return f"{label} ({key})" if self.ids and label != key else label

    def node(self, key: str) -> str:
        return self._show(self._nodes, key)

    def actor(self, key: str) -> str:
        return self._show(self._actors, key)

    def assumption(self, key: str) -> str:
        return self._show(self._assumptions, key)

    def indicator(self, key: str) -> str:
        return self._show(self._indicators, key)
