"""A slider move reuses the drawing's layout with the engine's own words, and no kept answer is ever stale."""

from __future__ import annotations

import json
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from scenarios import engine
from scenarios.cli.web import create_app
from scenarios.cli.web import facts as web_facts
from scenarios.cli.web.cache import Results
from scenarios.cli.web.query import Query

from .conftest import DATA

pytestmark = pytest.mark.graphviz
SVG = "{http://www.w3.org/2000/svg}"

# A guard that reads an assumption: at p_open >= 0.5 the weather is never reached, so its
# edges lose their weights and the drawing has another shape.
GATE = (Path(__file__).parent.parent / "engine" / "test_reach.py").read_text(encoding="utf-8") \
    .split('GATE = """', 1)[1].split('"""', 1)[0]


def words(svg: str) -> dict[str, Any]:
    """What a drawing says that follows the assumptions: each edge's small lines, each stub, the title lines."""
    root = ET.fromstring(svg)
    graph = root.find(f"{SVG}g")
    assert graph is not None
    edges = {g.get("id"): [t.text or "" for t in g.iter(f"{SVG}text") if t.get("font-size") == "10.00"]
             for g in graph.iter(f"{SVG}g") if g.get("class") == "edge"}
    stubs = {g.get("id"): [t.text for t in g.iter(f"{SVG}text")] for g in graph.iter(f"{SVG}g")
             if (g.get("id") or "").startswith("n:more-")}
    return {"edges": edges, "stubs": stubs, "title": [t.text for t in graph.findall(f"{SVG}text")]}


def shown(texts: dict[str, Any], title: list[str]) -> dict[str, Any]:
    """The drawing's words as the state's `texts` put them, in the shape `words` reads."""
    assert all(note in title for note in texts["notes"])
    return {"edges": texts["edges"], "stubs": {k: [v] for k, v in texts["stubs"].items()}, "title": title}


def state(client: TestClient, name: str, limit: float = 60.0, **params: str) -> dict[str, Any]:
    """The page's state, asked again while its map is still being laid out (a loaded machine takes longer)."""
    start = time.perf_counter()
    while True:
        r = client.get(f"/api/s/{name}/state", params=params)
        assert r.status_code == 200, r.text
        answer: dict[str, Any] = r.json()
        if not (answer.get("folded") or {}).get("again") or time.perf_counter() - start > limit:
            return answer
        time.sleep(0.2)


@pytest.mark.big
def test_a_slider_move_reuses_the_layout_with_the_words_render_draws() -> None:
    with TestClient(create_app(["mexico"])) as client:
        first = state(client, "mexico")
        assert first["svg"] and words(first["svg"]) == shown(first["svgTexts"], words(first["svg"])["title"])
        moved = state(client, "mexico", **{"a.p_coop_enough": "0.7", "have": first["svgKey"],
                                           "v": str(first["version"])})
    assert moved["svg"] is None and moved["svgKey"] == first["svgKey"]  # no Graphviz, nothing re-sent
    assert moved["texts"] != first["texts"]
    fresh = engine.render(engine.load("mexico"), "svg", assumptions={"p_coop_enough": 0.7}).decode("utf-8")
    drawn = words(fresh[fresh.index("<svg"):])
    assert shown(moved["texts"], drawn["title"]) == drawn  # the words `scenarios render --assumptions` draws


def test_a_move_that_changes_the_drawings_shape_gets_a_new_drawing(tmp_path: Path) -> None:
    file = tmp_path / "gate.yaml"
    file.write_text(GATE, encoding="utf-8")
    with TestClient(create_app([str(file)])) as client:
        first = state(client, "gate")
        assert first["texts"]["edges"]["e:weather:home"] == ["50%"]
        shut = state(client, "gate", **{"a.p_open": "0.8", "have": first["svgKey"], "v": str(first["version"])})
        assert shut["svgKey"] != first["svgKey"] and shut["svg"]
        assert shut["texts"]["edges"]["e:weather:home"] == []
        drawn = words(shut["svg"])
        assert drawn["edges"] == shut["texts"]["edges"]
        back = state(client, "gate", **{"a.p_open": "0.2", "have": shut["svgKey"], "v": str(shut["version"])})
        assert back["svgKey"] == first["svgKey"] and back["svg"]  # the first layout, kept


@pytest.mark.big
def test_answers_follow_the_assumption_vector_back_and_forth() -> None:
    s = engine.load("mexico")
    with TestClient(create_app(["mexico"])) as client:
        for value in ("0.3", "0.7", "0.3", "0.7", None):
            params = {} if value is None else {"a.p_coop_enough": value}
            got = state(client, "mexico", **params)
            q = Query({} if value is None else {"p_coop_enough": float(value)})
            for part, compute in (("paths", web_facts.paths), ("shares", web_facts.shares),
                                  ("analysis", web_facts.analysis), ("texts", web_facts.drawn_texts)):
                assert got[part] == json.loads(json.dumps(compute(s, q))), (part, value)


def test_an_edit_is_never_answered_from_the_old_files_results(tmp_path: Path) -> None:
    file = tmp_path / "port.yaml"
    text = (DATA / "port-dispute.yaml").read_text(encoding="utf-8")
    file.write_text(text, encoding="utf-8")
    with TestClient(create_app([str(file)])) as client:
        params = {"a.p_talks_succeed": "0.6"}
        before = state(client, "port", **params)
        assert before["texts"]["edges"]["e:talks:deal"] == ["60%"]
        edited = text.replace("weight: 1 - p_talks_succeed", "weight: 3 * (1 - p_talks_succeed)")
        file.write_text(edited, encoding="utf-8")
        os.utime(file, ns=(time.time_ns(), time.time_ns() + 10**9))
        after = state(client, "port", **params, have=before["svgKey"], v=str(before["version"]))
    assert after["version"] != before["version"] and after["svgKey"] != before["svgKey"] and after["svg"]
    assert after["texts"]["edges"]["e:talks:deal"] == ["33%"]  # 0.6 against 3 × 0.4
    assert after["paths"] != before["paths"] and after["nodes"] is not None


def test_the_cache_keeps_the_most_recent_and_computes_each_key_once() -> None:
    cache = Results(2)
    calls: list[str] = []

    def compute(key: str) -> Any:
        return lambda: calls.append(key) or key.upper()

    assert [cache.get(k, compute(k)) for k in ("a", "b", "a", "c", "a", "b")] == ["A", "B", "A", "C", "A", "B"]
    assert calls == ["a", "b", "c", "b"]  # b was the least recently used when c came
    assert cache.get("none", lambda: None) is None and len(cache) == 2  # None is not kept
