"""`engine.export`: a Gambit .efg that parses (by a small grammar, and by pygambit when installed), JSON, GraphML."""

from __future__ import annotations

import io
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.errors import UsageError
from tests.conftest import PORT

DATA = Path(__file__).parent.parent / "data" / "analysis"

_TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\{|\}|,|[^\s{},"]+)')


def tokens(text: str) -> list[str]:
    out, pos, end = [], 0, len(text.rstrip())
    while pos < end:
        m = _TOKEN.match(text, pos)
        assert m, f"can't read the .efg at {text[pos:pos + 30]!r}"
        out.append(m.group(1))
        pos = m.end()
    return out


def parse_efg(text: str) -> dict:
    """A small reader of Gambit's EFG 2 R grammar; returns players and the terminal payoffs, checks the tree."""
    assert text.isascii()
    t = tokens(text)
    assert t[:3] == ["EFG", "2", "R"] and t[3].startswith('"') and t[4] == "{"
    k = 5
    players = []
    while t[k] != "}":
        players.append(t[k])
        k += 1
    k += 1
    assert t[k].startswith('"')  # the comment
    k += 1
    pending, terminals, probabilities = 1, [], []
    while k < len(t):
        kind = t[k]
        assert kind in ("p", "c", "t"), f"unexpected token {kind!r}"
        assert t[k + 1].startswith('"')
        pending -= 1
        if kind == "t":
            k += 4
            assert t[k - 2].isdigit() and t[k - 1].startswith('"') and t[k] == "{"
            k += 1
            payoffs = []
            while t[k] != "}":
                if t[k] != ",":
                    payoffs.append(float(t[k]))
                k += 1
            assert len(payoffs) == len(players)
            terminals.append(payoffs)
            k += 1
            continue
        k += 2
        numbers = 1 if kind == "c" else 2  # chance: infoset; personal: player, infoset
        assert all(t[k + j].isdigit() for j in range(numbers))
        k += numbers
        assert t[k].startswith('"') and t[k + 1] == "{"
        k += 2
        actions = 0
        probs = []
        while t[k] != "}":
            assert t[k].startswith('"')
            actions += 1
            if kind == "c":
                probs.append(Fraction(t[k + 1]))
                k += 1
            k += 1
        if probs:
            assert sum(probs) == 1
            probabilities.append(probs)
        assert t[k + 1] == "0"
        k += 2
        pending += actions
    assert pending == 0, "the tree is incomplete"
    return {"players": players, "terminals": terminals, "chance": probabilities}


def test_efg_of_the_port_dispute() -> None:
    text = engine.export(engine.load(PORT), "efg")
    game = parse_efg(text)
    assert game["players"] == ['"Government A (gov_a)"', '"Government B (gov_b)"']
    assert len(game["terminals"]) == 6
    assert game["chance"] == [[Fraction(1, 2), Fraction(1, 2)]]
    assert 't "Escalation spiral #6" 3 "Escalation spiral #3" { 55, 118 }' in text
    assert "they are not forecasts" in text.splitlines()[1]


def test_efg_follows_the_assumptions_set() -> None:
    game = parse_efg(engine.export(engine.load(PORT), "efg", {"p_talks_succeed": 0.3}))
    assert game["chance"] == [[Fraction(3, 10), Fraction(7, 10)]]


def test_efg_labels_are_ascii_and_quotes_escaped() -> None:
    text = PORT.read_text().replace("Government A's first move", 'Gouvernement « A » – "premier" coup → ici')
    game_text = engine.export(engine.load_text(text, name="accents"), "efg")
    parse_efg(game_text)
    assert 'p "Gouvernement A - \\"premier\\" coup -> ici #1"' in game_text


def test_efg_needs_weights_unless_uniform() -> None:
    scenario = engine.load(DATA / "unweighted.yaml")
    with pytest.raises(UsageError, match="these have no weights: storm"):
        engine.export(scenario, "efg")
    game = parse_efg(engine.export(scenario, "efg", uniform=True))
    assert game["chance"] == [[Fraction(1, 2), Fraction(1, 2)]]


@pytest.mark.big
def test_efg_of_the_bundled_library_parses() -> None:
    for name in ("mexico", "tutorial"):
        scenario = engine.load(name)
        game = parse_efg(engine.export(scenario, "efg"))
        assert len(game["terminals"]) == scenario.summarize().path_count


def test_pygambit_reads_the_export_and_finds_the_hand_solved_play(tmp_path: Path) -> None:
    gbt = pytest.importorskip("pygambit")
    path = tmp_path / "entry.efg"
    path.write_text(engine.export(engine.load(DATA / "entry-game.yaml"), "efg"))
    game = gbt.read_efg(str(path))
    assert [p.label for p in game.players] == ["Entrant (entrant)", "Incumbent (incumbent)"]
    plays = []
    for eq in gbt.nash.enumpure_solve(game).equilibria:
        behaviour = eq.as_behavior()
        chosen = {a.label for p in game.players for s in p.infosets for a in s.actions if behaviour[a] == 1}
        plays.append((chosen, [float(eq.payoff(p)) for p in game.players]))
    assert ({"Enter", "Accommodate"}, [1.0, 1.0]) in plays  # the subgame-perfect play, as engine.analyze finds
    # a bundled scenario of thousands of paths (pygambit's reader takes minutes on mexico's 33,146)
    venezuela = engine.load("venezuela")
    path = tmp_path / "venezuela.efg"
    path.write_text(engine.export(venezuela, "efg"))
    assert len([n for n in gbt.read_efg(str(path)).nodes if n.is_terminal]) == venezuela.summarize().path_count


def test_json_export_has_model_and_graph() -> None:
    data = json.loads(engine.export(engine.load(PORT), "json"))
    assert data["model"]["start"] == "a_moves"
    assert {"source": "talks", "target": "deal", "branch": 0, "label": "Agreement", "weight": "p_talks_succeed"} \
        in data["graph"]["edges"]
    assert len(data["graph"]["nodes"]) == 6


def test_graphml_export_reads_back() -> None:
    import networkx as nx

    graph = nx.read_graphml(io.StringIO(engine.export(engine.load(PORT), "graphml")), force_multigraph=True)
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 7
    assert graph.nodes["a_moves"]["type"] == "decision"


def test_unknown_export_format() -> None:
    with pytest.raises(UsageError, match=r"unknown export format 'gte' \(must be one of 'efg', 'graphml', 'json'\)"):
        engine.export(engine.load(PORT), "gte")
