"""Signposts: checked sources, the watch list in three formats, diagrams that show them, the library's promise."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main
from scenarios.engine import ScenarioError, load_text
from scenarios.engine.format.checks import missing_signposts

CROSSING = Path(__file__).parents[1] / "data" / "languages" / "crossing.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_watch_list_has_every_chance_node_with_branches_and_sources() -> None:
    code, out, _err = run("signposts", str(CROSSING), "-f", "json", "--lang", "es")
    data = json.loads(out)
    assert code == 0
    assert [(e["node"], e["label"]) for e in data["events"]] == [
        ("talks", "¿Prosperan las conversaciones?"), ("reroute", "¿Desvían los comerciantes?")]
    assert data["events"][0]["branches"] == [
        {"label": "Acuerdo", "signposts": [{"label": "Los negociadores anuncian una segunda ronda",
                                            "sources": ["art-1"]}]},
        {"label": "Ruptura", "signposts": [{"label": "Una delegación se retira antes de tiempo", "sources": []}]},
    ]
    assert data["sources"] == {"art-1": {"title": "Artículo de ejemplo", "publisher": "Example News",
                                         "date": "2026-01-09"}}


def test_markdown_watch_list_for_handouts() -> None:
    code, out, _err = run("signposts", str(CROSSING), "-f", "markdown")
    assert code == 0
    assert "| Agreement | Negotiators announce a second round | art-1 |" in out
    assert "| Reroute | (nothing listed yet) |  |" in out
    assert "- `art-1`: Example article (Example News, 2026-01-09)" in out
    assert "none of them predicts" in out


def test_table_names_each_event_and_lists_sources() -> None:
    code, out, _err = run("signposts", str(CROSSING))
    assert code == 0
    assert "Do talks succeed? (talks)" in out and "Do traders reroute? (reroute)" in out
    assert "art-1: Example article (Example News, 2026-01-09)" in out


def test_a_signpost_citing_an_unknown_source_is_an_error_at_its_line() -> None:
    text = CROSSING.read_text().replace("sources: [art-1]\n      - label: {en: Breakdown",
                                        "sources: [art-2]\n      - label: {en: Breakdown")
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "c.yaml")
    assert [str(d) for d in caught.value.diagnostics] == [
        "c.yaml:52:23: error: unknown source 'art-2' (did you mean 'art-1'?)"]


def test_a_source_cited_only_by_a_signpost_counts_as_cited() -> None:
    text = CROSSING.read_text().replace("    sources: [art-1]\n    branches:", "    branches:")
    assert load_text(text, "c.yaml").warnings == ()


@pytest.mark.parametrize("fmt", ["dot", "mermaid"])
def test_render_signposts_shows_them_under_their_branch(fmt: str) -> None:
    code, plain, _err = run("render", str(CROSSING), "-f", fmt, "-o", "-")
    code2, shown, _err = run("render", str(CROSSING), "-f", fmt, "-o", "-", "--signposts")
    assert code == code2 == 0
    assert "Negotiators announce" not in plain
    assert "watch: Negotiators announce a second round" in re.sub(r"<BR[^>]*>", " ", shown)
    assert "Green lines: signposts" in shown


def test_render_signposts_escapes_markup_in_every_format() -> None:
    text = CROSSING.read_text().replace("A delegation leaves early", '"A <b>walkout</b> & |pipes| --> #"')
    path = CROSSING.parent / "tmp-escape.yaml"
    try:
        path.write_text(text)
        for fmt in ("dot", "mermaid"):
            code, out, _err = run("render", str(path), "-f", fmt, "-o", "-", "--signposts", "--tree")
            assert code == 0
            assert "<b>walkout" not in out and "walkout" in out
    finally:
        path.unlink()


def test_the_library_check_warns_for_chance_nodes_without_signposts() -> None:
    scenario = load_text(CROSSING.read_text(), "c.yaml")
    warnings = [str(w) for w in missing_signposts(scenario.spec, scenario.doc)]
    assert warnings == ["c.yaml:59:3: warning: chance 'reroute' has no signposts: the bundled library lists, for "
                        "each branch, what a group could watch for (signposts: [{label, sources}])"]


def test_only_the_bundled_library_is_asked_for_signposts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarios.engine import load_path

    (tmp_path / "crossing.yaml").write_text(CROSSING.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_path(tmp_path / "crossing.yaml").warnings == ()
    monkeypatch.setattr("scenarios.engine.format.library.bundled_dir", lambda: tmp_path)
    assert [w.message.split(":")[0] for w in load_path(tmp_path / "crossing.yaml").warnings] == [
        "chance 'reroute' has no signposts"]
