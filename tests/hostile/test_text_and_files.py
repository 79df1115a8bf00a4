"""Hostile text and hostile paths: refused with a position, shown escaped, never written over."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import xml.dom.minidom
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios import engine
from scenarios.cli.main import main
from scenarios.engine import ScenarioError, load_text
from scenarios.engine.output.reports.markdown_report import cell
from tests.conftest import PORT

BASE = PORT.read_text(encoding="utf-8")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def refused(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        load_text(text, "s.yaml")
    return str(info.value.errors[0])


@pytest.mark.parametrize("escape", ["\\x1b[2J", "\\x07", "\\x85", "\\x7f", "\\uFFFE", "\\uFFFF", "\\uFDD0",
                                    "\\U0001FFFF"])
def test_escaped_control_and_non_characters_are_refused_at_their_scalar(escape: str) -> None:
    message = refused(BASE.replace("label: Uneasy calm", f'label: "Uneasy{escape}calm"'))
    assert message.startswith("s.yaml:48:39: error: this text holds U+")


def test_a_raw_control_character_is_reported_at_its_line_and_column_in_one_line() -> None:
    message = refused(BASE.replace("label: Uneasy calm", "label: Uneasy\x01calm"))
    assert message == ("s.yaml:48:45: error: the file holds U+0001 (a control character), which a scenario "
                       "can't hold; remove it")


@pytest.mark.parametrize(("old", "new", "says"), [
    ("as_of: 2026-01-09", "as_of: 2026-13-45", "'2026-13-45' is not a real date"),
    ("as_of: 2026-01-09", "as_of: 2026-02-30", "is not a real date"),
    ("format: 1", "format: 0", "'format': must be 1 or more"),
    ("format: 1", "format: -2", "must be 1 or more"),
    ("label: Uneasy calm", 'label: "   "', "can't be only spaces"),
    ("label: Uneasy calm", "label: " + "a" * 1001, "at most 1,000"),
    ("{name: Government A,", "{name: Government A, color: blurple,", "'blurple' is not a colour name"),
    ("  gov_b: {name", "  gov_b: !!python/object {name", "YAML tag 'tag:yaml.org,2002:python/object'"),
    ("    sources: [art-1]", "    sources: !custom [art-1]", "YAML tag '!custom'"),
])
def test_values_the_format_refuses(old: str, new: str, says: str) -> None:
    assert old in BASE
    assert says in refused(BASE.replace(old, new, 1))


def test_terminal_output_never_carries_a_raw_escape_sequence() -> None:
    code, out, err = run("explore", "\x1b[2Jnope")
    assert code == 2 and "\x1b" not in out + err and "\\x1b[2Jnope" in err


def test_markdown_cells_show_text_literally() -> None:
    assert cell("a & b &amp; `x` *y* | <t>") == "a &amp; b &amp;amp; \\`x\\` \\*y\\* \\| &lt;t&gt;"


def test_graphml_loads_in_networkx_with_numeric_weights_and_round_trips_text() -> None:
    nx = pytest.importorskip("networkx")
    text = BASE.replace("label: Uneasy calm", 'label: "Uneasy\\r\\ncalm & <co>"')
    scenario = load_text(text, "s.yaml")
    graph = nx.read_graphml(io.BytesIO(engine.export(scenario, "graphml").encode("utf-8")))
    assert graph.nodes["uneasy_calm"]["label"] == "Uneasy\r\ncalm & <co>"
    edges = {d["label"]: d for _, _, d in graph.edges(data=True)}
    assert edges["Agreement"]["weight"] == 0.5 and edges["Agreement"]["weight_expr"] == "p_talks_succeed"
    assert "weight" not in edges["Accept"]
    assert nx.dijkstra_path(graph, "a_moves", "deal") == ["a_moves", "talks", "deal"]
    ids = [e.getAttribute("id") for e in xml.dom.minidom.parseString(engine.export(scenario, "graphml"))
           .getElementsByTagName("edge")]
    assert len(ids) == len(set(ids)) == 7


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_outputs_refuse_devices_and_fifos_and_inputs_refuse_them_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (["render", str(PORT), "-f", "dot", "-o", "/dev/zero"],
                 ["render", str(PORT), "-f", "dot", "-o", str(fifo)],
                 ["export", str(PORT), "-f", "json", "-o", str(fifo)]):
        code, _, err = run(*args)
        assert code == 2 and "is not a regular file" in err
    for args in (["explore", str(fifo)], ["explore", str(PORT), "--assumptions", "/dev/zero"],
                 ["diff", str(PORT), "/dev/zero"]):
        code, _, err = run(*args)
        assert code == 2 and "is not a regular file (a device, pipe or socket)" in err


def test_no_command_writes_over_a_scenario_it_read_even_with_force(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(BASE)
    for args in (["render", str(mine), "-f", "dot", "-o", str(mine), "--force"],
                 ["export", str(mine), "-f", "json", "-o", str(mine), "--force"]):
        code, _, err = run(*args)
        assert code == 2 and "never writes over its input" in err
    assert mine.read_text() == BASE


def test_the_marker_must_be_in_its_place_not_anywhere(tmp_path: Path) -> None:
    notes = tmp_path / "notes.dot"
    notes.write_text("My notes\nWritten by scenarios export\n// Drawn by scenarios render; edit the scenario file, "
                     "not this one.\n<!-- Drawn by scenarios render -->\n")
    before = notes.read_text()
    for args in (["render", str(PORT), "-f", "dot", "-o", str(notes)], ["export", str(PORT), "-f", "json", "-o",
                                                                         str(notes)]):
        code, _, err = run(*args)
        assert code == 2 and "was not written by scenarios" in err
    assert notes.read_text() == before
    for fmt in ("dot", "mermaid"):
        out = tmp_path / f"ours.{fmt}"
        assert run("render", str(PORT), "-f", fmt, "-o", str(out))[0] == 0
        assert run("render", str(PORT), "-f", fmt, "-o", str(out))[0] == 0  # our own file: replaced
    for fmt in ("json", "efg", "graphml"):
        out = tmp_path / f"ours.{fmt}"
        assert run("export", str(PORT), "-f", fmt, "-o", str(out))[0] == 0
        assert run("export", str(PORT), "-f", fmt, "-o", str(out))[0] == 0


def test_dash_is_standard_output_for_export() -> None:
    code, out, _ = run("export", str(PORT), "-f", "json", "-o", "-")
    assert code == 0 and json.loads(out)["scenario"] == "port-dispute"
    assert not Path("-").exists()


def test_new_writes_shareable_files_and_repairs_an_empty_schema(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "scenario.schema.json").write_text("")  # left by a full disk
    old = os.umask(0o022)
    try:
        assert run("new", "talks")[0] == 0
    finally:
        os.umask(old)
    made = tmp_path / "scenarios" / "talks.yaml"
    assert stat.S_IMODE(made.stat().st_mode) == 0o644
    assert json.loads((tmp_path / "scenarios" / "scenario.schema.json").read_text())["title"]
    assert run("new", "other", "--title", "a\x1bb")[0] == 2


@pytest.mark.big
def test_the_documented_schema_route_validates_bundled_files_and_flags_bad_ids() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    yaml = pytest.importorskip("yaml")
    from scenarios.engine.format.library import bundled_dir

    schema = json.loads((bundled_dir() / "scenario.schema.json").read_text(encoding="utf-8"))
    for path in [*sorted(bundled_dir().glob("*.yaml")), PORT]:
        with path.open(encoding="utf-8") as f:
            data = json.loads(json.dumps(yaml.safe_load(f), default=str))  # YAML 1.1 dates become text
        jsonschema.validate(data, schema)
    with PORT.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(raw, schema)  # why the schema route in docs/guides/commands.md converts dates first
    bad = json.loads(json.dumps(raw, default=str))
    bad["nodes"]["1bad"] = bad["nodes"]["deal"]
    with pytest.raises(jsonschema.ValidationError, match="1bad"):
        jsonschema.validate(bad, schema)
    text = json.dumps(schema)
    assert '"default": null' not in text
    assert schema["$defs"]["Node"]["properties"]["branches"]["type"] == "array"
    assert all("description" in p for p in schema["properties"].values())


def test_notebooks_get_dot_text_without_graphviz_and_scaled_svg_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarios.engine.output.diagrams import graphviz_run

    scenario = engine.load(PORT)
    if shutil.which("dot"):
        bundle = scenario._repr_mimebundle_()
        assert '<svg style="max-width:100%;height:auto" ' in bundle["image/svg+xml"]
    monkeypatch.setattr(graphviz_run.shutil, "which", lambda name: None)
    bundle = scenario._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and bundle["text/plain"].startswith("// Drawn by scenarios render")


def test_analysis_records_show_as_html_tables() -> None:
    result = engine.analyze(engine.load(PORT))
    page = result._repr_html_()
    assert page.startswith("<table>") and "<th>choice</th>" in page and "Propose talks" in page


def test_explore_json_states_the_order_of_levels() -> None:
    _, out, _ = run("explore", str(PORT), "-f", "json")
    assert json.loads(out)["levels"] == {"tension": ["low", "moderate", "high", "severe"]}


@pytest.mark.parametrize("args", [
    ["explore", "a" * 5000],
    ["check", "b/" * 3000],
    ["explore", "mexico", "--assumptions", "c" * 5000],
    ["serve", "d" * 5000],
])
def test_a_name_too_long_for_the_file_system_is_one_line_and_exit_2(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert "Traceback" not in err and "File name too long" in err


@pytest.mark.parametrize("args", [
    ["uncertainty", "mexico", "--samples", "10000000000000"],
    ["sensitivity", "mexico", "--steps", "100000000"],
])
def test_a_typo_of_extra_zeros_is_refused_before_any_work(args: list[str]) -> None:
    code, _out, err = run(*args)
    assert code == 2 and "is not in the range" in err


def test_running_out_of_memory_or_a_refused_path_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarios.engine.analysis.uncertainty import run as uncertainty  # the command imports it when it runs

    def huge(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(uncertainty, "uncertainty", huge)
    code, _out, err = run("uncertainty", "mexico", "--samples", "1000")
    assert (code, err) == (1, "error: not enough memory for this; ask for less (fewer samples, steps or paths)\n")

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "/some/where")

    monkeypatch.setattr(uncertainty, "uncertainty", refused)
    code, _out, err = run("uncertainty", "mexico", "--samples", "1000")
    assert (code, err) == (1, "error: Permission denied (/some/where)\n")
