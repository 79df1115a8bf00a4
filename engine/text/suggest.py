""""Did you mean" over any number of names, fast enough for a file with thousands of typos.

Up to SMALL names, difflib compares the word with each (its ranking is what people
expect).  Beyond that, an index of every name's one-character deletions finds the
names within about two edits of the word at once (a swapped, missing, extra or wrong
letter), and difflib ranks just those; the index of a collection is built once and
reused while the same collection is asked about again.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

SMALL = 60
CUTOFF = 0.6
_FALLBACK = 40  # names of similar length and first letter tried when the index finds nothing
_cache: dict[int, tuple[Any, int, _Index]] = {}


class _Index:
    def __init__(self, names: list[str]):
        self.names = names
        self.variants: dict[str, list[int]] = {}
        self.by_start: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            for variant in _deletions(name):
                self.variants.setdefault(variant, []).append(i)
            self.by_start.setdefault(name[:1], []).append(i)

    def near(self, word: str) -> list[str]:
        found: dict[int, None] = {}
        for variant in _deletions(word):
            for i in self.variants.get(variant, ()):
                found[i] = None
        if not found:
            similar = [i for i in self.by_start.get(word[:1], ()) if abs(len(self.names[i]) - len(word)) <= 3]
            found = dict.fromkeys(similar[:_FALLBACK])
        return [self.names[i] for i in found]


def _deletions(word: str) -> set[str]:
    return {word, *(word[:k] + word[k + 1:] for k in range(len(word)))}


def _index(choices: Iterable[str]) -> list[str] | _Index:
    key = id(choices)
    hit = _cache.get(key)
    if hit is not None and hit[0] is choices and hit[1] == len(hit[2].names) == _length(choices):
        return hit[2]
    names = [str(c) for c in choices]
    if len(names) <= SMALL:
        return names
    index = _Index(names)
    if isinstance(choices, dict | list | tuple | set | frozenset):
        if len(_cache) >= 16:
            _cache.clear()
        _cache[key] = (choices, len(names), index)  # holding `choices` keeps its id from being reused
    return index


def _length(choices: Iterable[str]) -> int:
    try:
        return len(choices)  # type: ignore[arg-type]
    except TypeError:
        return -1


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The name in `choices` closest to `word`, or None when none is close enough."""
    pool = _index(choices)
    candidates = pool if isinstance(pool, list) else pool.near(word)
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=CUTOFF)
    return close[0] if close else None
