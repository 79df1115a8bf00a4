"""`--where` in the reader's words: indicator and level labels (in the scenario's loaded language) read as ids.

"civilian_risk >= alto" and "'Riesgo para civiles' >= alto" (a quoted label, or its start) mean
"civilian_risk >= high" when the file labels that level "alto"; a label that names two things, or that
is itself an id, is left as written.
"""

from __future__ import annotations

import re
from typing import Any


def label_ids(spec: Any) -> dict[str, str]:
    """Each unambiguous indicator or level label (casefolded) and the id it stands for."""
    ids = {str(i).casefold() for table in (spec.indicators, spec.assumptions, spec.nodes) for i in table}
    found: dict[str, set[str]] = {}
    for ident, indicator in spec.indicators.items():
        if isinstance(indicator.label, str):
            found.setdefault(indicator.label.casefold(), set()).add(ident)
        for level in indicator.levels or ():
            ids.add(str(level).casefold())
            label = (indicator.level_labels or {}).get(level)
            if isinstance(label, str):
                found.setdefault(label.casefold(), set()).add(level)
    return {label: next(iter(owners)) for label, owners in found.items()
            if len(owners) == 1 and label not in ids and label.strip()}


def with_ids(text: str, spec: Any) -> str:
    """`text` with labels (quoted or bare, longest first) replaced by their ids."""
    table = label_ids(spec)
    if not table:
        return text

    def quoted(found: re.Match[str]) -> str:  # a quoted label, or the start of exactly one label
        key = found.group(2).strip().casefold()
        starts = {table[label] for label in table if label.startswith(key)} if len(key) >= 4 else set()
        return table.get(key) or (starts.pop() if len(starts) == 1 else found.group(0))

    text = re.sub(r"(['\"])(.+?)\1", quoted, text)
    for label in sorted(table, key=len, reverse=True):
        text = re.sub(rf"(?<![\w'\"]){re.escape(label)}(?![\w'\"])", table[label], text, flags=re.IGNORECASE)
    return text
