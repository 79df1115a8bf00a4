"""A mutation fuzzer over the bundled scenarios: drop a key, change a value's type, duplicate or
rename an id, insert odd Unicode or an edge number, then load the result.

The only acceptable failure is a clean ScenarioError whose errors all carry a position;
an accepted file must summarize, export and draw.  `python -m tests.fuzz.mutate N` runs N cases.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from typing import Any

from scenarios import engine
from scenarios.engine import ScenarioError, load_text
from scenarios.engine.format.library import bundled_dir
from scenarios.engine.format.yamlread import read_yaml

ODD = ["\u0000", "\u001b[2J", "\u0085", "\u007f", "\ufffe", "\uffff", "\u202e", "\u200b", "🎲", "é", "\r\n",
       "%%{init: {}}%%", "<script>", "&amp;", "`", '"', "\\N", "", " ", "a" * 1200]
EDGE_NUMBERS = [0, -1, 1e308, -1e308, 1e300, 5e-324, 10**400, 2**63, 0.1, 1 / 3, True, None]


def sources() -> list[tuple[str, Any]]:
    """(name, data) of each bundled scenario."""
    out = []
    for path in sorted(bundled_dir().glob("*.yaml")):
        out.append((path.stem, read_yaml(path.read_bytes(), path.name).data))
    return out


def _places(data: Any, here: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield here, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _places(v, (*here, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _places(v, (*here, i))


def _parent(data: Any, loc: tuple) -> Any:
    for step in loc[:-1]:
        data = data[step]
    return data


def mutate(data: Any, rng: random.Random, times: int) -> Any:
    data = json.loads(json.dumps(data))
    for _ in range(times):
        places = [p for p in _places(data) if p[0]]
        if not places:
            break
        loc, value = rng.choice(places)
        parent, key = _parent(data, loc), loc[-1]
        kind = rng.randrange(7)
        if kind == 0:  # drop a key or item
            del parent[key]
        elif kind == 1:  # change the value's type
            parent[key] = rng.choice([[], {}, "text", 7, 2.5, True, None, [value], {"set": value}])
        elif kind == 2 and isinstance(parent, dict):  # rename an id (or key)
            parent[rng.choice(["renamed", "end", "1bad", "a-b", str(key) + "x", "format"])] = parent.pop(key)
        elif kind == 3 and isinstance(parent, dict):  # duplicate an id under a new name
            parent[str(key) + "_copy"] = json.loads(json.dumps(value))
        elif kind == 4 and isinstance(value, str):  # odd Unicode inside text
            cut = rng.randrange(len(value) + 1)
            parent[key] = value[:cut] + rng.choice(ODD) + value[cut:]
        elif kind == 5:  # a number at the edge
            parent[key] = rng.choice(EDGE_NUMBERS)
        elif isinstance(parent, list):  # duplicate a list item
            parent.insert(key, json.loads(json.dumps(value)))
    return data


def to_yaml(data: Any) -> str:
    """JSON is YAML: control characters become \\u escapes, huge ints are written out."""
    return json.dumps(data, ensure_ascii=False) + "\n"


def one_case(name: str, data: Any, seed: int) -> str | None:
    """None when the case behaves; otherwise what went wrong."""
    rng = random.Random(seed)
    text = to_yaml(mutate(data, rng, rng.randint(1, 4)))
    try:
        scenario = load_text(text, f"{name}-{seed}.yaml")
    except ScenarioError as exc:
        if not exc.errors or any(d.position.line <= 0 for d in exc.errors):
            return f"{name} seed {seed}: an error without a position: {exc}"
        return None
    except Exception as exc:
        return f"{name} seed {seed}: {type(exc).__name__}: {exc}"
    try:
        if scenario.runtime.nodes and len(scenario.spec.nodes) < 400:
            scenario.summarize()
            json.loads(engine.export(scenario, "json"))
            engine.render(scenario, "dot")
    except ScenarioError:
        return None  # a clean refusal (e.g. a tree too large) is fine
    except Exception as exc:
        return f"{name} seed {seed} (accepted, then): {type(exc).__name__}: {exc}"
    return None


def run(cases: int, first_seed: int = 0) -> list[str]:
    """Run `cases` mutations spread over the bundled scenarios; return the failures."""
    pool = sources()
    failures = []
    for seed in range(first_seed, first_seed + cases):
        name, data = pool[seed % len(pool)]
        problem = one_case(name, data, seed)
        if problem:
            failures.append(problem)
    return failures


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    found = run(count)
    print("\n".join(found) or f"{count} cases, no crash")
    sys.exit(1 if found else 0)
