"""`scenarios workshop list|export|report`: the kept record and the handout, without a server."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main
from scenarios.engine.format.loader import load_path
from scenarios.engine.workshop import Store, Workshop
from tests.conftest import PORT

needs_dot = pytest.mark.skipif(shutil.which("dot") is None and os.environ.get("CI") != "true",
                               reason="Graphviz `dot` is not installed (CI=true makes this a failure)")
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None and os.environ.get("CI") != "true",
                                    reason="Chromium is not installed (CI=true makes this a failure)")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def played(tmp_path: Path) -> tuple[Path, Workshop]:
    """A session on the port dispute: a vote, a draw, a decision, a note and two assumption sets."""
    db = tmp_path / "w.db"
    w = Workshop.create(Store(db), load_path(PORT), PORT.read_text(encoding="utf-8"), str(PORT))
    a = w.join(w.code, "<img src=x onerror=alert(1)>", "gov_a")[0].id
    b = w.join(w.code, "Bea", "gov_a")[0].id
    w.open_vote()
    w.vote(a, 0, "k")
    w.vote(b, 0, "k")
    w.close_vote()
    w.set_assumptions(a, {"p_talks_succeed": 0.2})
    w.set_assumptions(b, {"p_talks_succeed": 0.3})
    w.draw(random.Random(3))
    w.add_note(a, "</script><script>alert(2)</script> a branch is missing")
    return db, w


def test_list_shows_each_session(played: tuple[Path, Workshop]) -> None:
    db, w = played
    code, out, _ = run("workshop", "list", "--db", str(db))
    assert code == 0
    assert w.id in out and "port-dispute: Port inspection dispute" in out
    assert out.split()[-4:-1] == ["2", "2", "2"]  # people, steps, votes


def test_list_of_an_empty_file(tmp_path: Path) -> None:
    code, out, _ = run("workshop", "list", "--db", str(tmp_path / "none.db"))
    assert (code, out.split("\n")[0].startswith("No workshop sessions in")) == (0, True)


def test_export_json_is_the_whole_record(played: tuple[Path, Workshop]) -> None:
    db, w = played
    code, out, _ = run("workshop", "export", w.id, "--db", str(db))
    record = json.loads(out)
    assert code == 0
    assert [s["how"] for s in record["steps"]] == ["vote", "drawn"]
    assert [v["label"] for v in record["rounds"][0]["votes"]] == ["Propose talks", "Propose talks"]
    assert record["steps"][1]["assumptions"] == {"p_talks_succeed": 0.25}
    assert record["participants"][0]["name"] == "<img src=x onerror=alert(1)>"


def test_export_csv_has_one_row_per_event(played: tuple[Path, Workshop]) -> None:
    db, w = played
    code, out, _ = run("workshop", "export", w.id, "-f", "csv", "--db", str(db))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [r["kind"] for r in rows] == ["participant", "participant", "step", "step", "vote round", "vote", "vote",
                                         "assumption", "assumption", "note"]
    assert rows[2]["value"] == "Propose talks=2; Impose inspections=0"


def test_unknown_session_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _, err = run("workshop", "export", "nope", "--db", str(tmp_path / "w.db"))
    assert (code, err) == (2, f"error: no workshop session 'nope' in {tmp_path / 'w.db'} (there are none yet)\n")


def test_a_file_that_is_not_a_workshop_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("hello" * 1000)
    code, _, err = run("workshop", "list", "--db", str(junk))
    assert code == 2 and err.startswith(f"error: {junk}: not a workshop database")


def test_report_html_is_self_contained_and_escapes_names_and_notes(played: tuple[Path, Workshop],
                                                                    tmp_path: Path) -> None:
    db, w = played
    out = tmp_path / "handout.html"
    code, _, err = run("workshop", "report", w.id, "-o", str(out), "--db", str(db))
    assert (code, err) == (0, f"wrote {out}\n")
    page = out.read_text(encoding="utf-8")
    assert "Workshop handout: Port inspection dispute" in page and "Example article, Example News" in page
    assert "not a forecast" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; a branch is missing" in page
    assert "<script" not in page and "src=" not in page and "http" not in page.replace("http://www.w3.org", "")
    assert '<span class="taken-label">Propose talks 2</span>' in page  # the votes at the step
    assert "drawn at random by the weights" in page and "Agreement 25%" in page
    assert "Talks succeed = 0.25" not in page  # the assumptions at each draw are in the appendix, by label
    assert run("workshop", "report", w.id, "-o", str(out), "--db", str(db), "--appendix")[0] == 0
    assert "Talks succeed = 0.25" in out.read_text(encoding="utf-8")
    # a second report replaces the first; a file someone else wrote is kept without --force
    assert run("workshop", "report", w.id, "-o", str(out), "--db", str(db))[0] == 0
    other = tmp_path / "mine.html"
    other.write_text("my notes")
    code, _, err = run("workshop", "report", w.id, "-o", str(other), "--db", str(db))
    assert (code, other.read_text()) == (2, "my notes")
    assert "use --force" in err


def test_the_html_report_starts_no_web_server_code_and_no_map_renderer(played: tuple[Path, Workshop],
                                                                        tmp_path: Path) -> None:
    """The handout's core draws no map and serves no page: Starlette and the renderer (about 0.1 s of imports) stay
    out of the command until `--appendix` asks for the map."""
    db, w = played
    script = """
import sys
from scenarios.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    print(stop.code, [m for m in ("starlette", "scenarios.engine.output.diagrams", "scenarios.cli.http.maps")
                      if m in sys.modules])
"""
    args = ["workshop", "report", w.id, "-o", str(tmp_path / "h.html"), "--db", str(db)]
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120,
                          check=True)
    assert done.stdout.strip() == "0 []", done.stderr
    done = subprocess.run([sys.executable, "-c", script, *args, "--appendix"], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.startswith("0 [") and "scenarios.engine.output.diagrams" in done.stdout, done.stderr


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="OpenBLAS starts no extra thread on one core")
def test_a_command_that_computes_with_numpy_starts_no_blas_threads(played: tuple[Path, Workshop],
                                                                    tmp_path: Path) -> None:
    """numpy's OpenBLAS would start a thread per core at import (about 0.06 s of CPU) for matrix products no command
    computes; the command runs in one thread, and a number the user set is kept."""
    db, w = played
    script = """
import os, sys
from scenarios.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    print(stop.code, "numpy" in sys.modules, len(os.listdir("/proc/self/task")), os.environ.get("OPENBLAS_NUM_THREADS"))
"""
    args = ["workshop", "report", w.id, "-o", str(tmp_path / "h.html"), "--db", str(db)]
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120,
                          check=True, env=env)
    assert done.stdout.split() == ["0", "True", "1", "1"], done.stderr
    done = subprocess.run([sys.executable, "-c", script, *args, "--force"], capture_output=True, text=True,
                          timeout=120, check=True, env={**env, "OPENBLAS_NUM_THREADS": "2"})
    assert done.stdout.split() == ["0", "True", "2", "2"], done.stderr


def test_report_refuses_other_suffixes(played: tuple[Path, Workshop], tmp_path: Path) -> None:
    db, w = played
    code, _, err = run("workshop", "report", w.id, "-o", str(tmp_path / "h.docx"), "--db", str(db))
    assert (code, err) == (2, f"error: -o {tmp_path / 'h.docx'}: the handout is written as .html or .pdf\n")


@pytest.mark.graphviz
@needs_dot
def test_report_marks_the_played_path_on_the_diagram(played: tuple[Path, Workshop], tmp_path: Path) -> None:
    db, w = played
    out = tmp_path / "handout.html"
    run("workshop", "report", w.id, "-o", str(out), "--db", str(db))
    assert 'class="node played' not in out.read_text(encoding="utf-8")  # the map is in the appendix
    run("workshop", "report", w.id, "-o", str(out), "--db", str(db), "--appendix")
    page = out.read_text(encoding="utf-8")
    assert '<g id="e:a_moves:talks" class="edge played">' in page
    assert page.count('class="node played') == 3  # a_moves, talks, and where the draw led
    assert drawn_nodes(page) == set(w.scenario.spec.nodes)  # a small scenario is drawn whole
    assert "folded to the paths played" not in page  # (the overview before it is "folded into its phases")


def drawn_nodes(page: str) -> set[str]:
    """The ids of the nodes a handout's diagram draws (its legend left out)."""
    found = {n.replace("&#45;", "-") for n in re.findall(r'<g id="n:([^"]+)" class="node', page)}
    return {n for n in found if not n.startswith("legend-")}


@pytest.mark.big  # mexico drawn; the small scenario's handout is test_report_marks_the_played_path_on_the_diagram
@pytest.mark.graphviz
@needs_dot
def test_the_handout_folds_a_large_map_to_the_paths_played(tmp_path: Path) -> None:
    from scenarios.engine.format.library import resolve

    path = resolve("mexico")
    scenario = load_path(path)
    db = tmp_path / "w.db"
    w = Workshop.create(Store(db), scenario, Path(path).read_text(encoding="utf-8"), str(path))
    w.choose(0)  # Mexico's answer: visible cooperation
    w.choose(1)  # the flow holds
    out = tmp_path / "handout.html"
    assert run("workshop", "report", w.id, "-o", str(out), "--db", str(db), "--appendix")[0] == 0
    page = out.read_text(encoding="utf-8")
    reached = {st.node for st in w.record.steps()} | {scenario.runtime.nodes[w.standing.spot().node].id}
    beyond = {b.to for n in reached for b in scenario.spec.nodes[n].branches or []} - reached
    drawn = drawn_nodes(page)
    assert reached | beyond <= drawn and len(drawn) < len(scenario.spec.nodes)
    assert all(n.startswith("more-") for n in drawn - reached - beyond)  # the rest folded into "… N more paths"
    assert "more paths" in page and "The map is folded to the paths played" in page
    assert page.count('class="node played') == len(reached)


@pytest.mark.e2e  # Chromium prints the PDF
@needs_chromium
def test_report_pdf_is_printed_by_chromium(played: tuple[Path, Workshop], tmp_path: Path) -> None:
    db, w = played
    out = tmp_path / "handout.pdf"
    code, _, err = run("workshop", "report", w.id, "-o", str(out), "--db", str(db))
    assert code == 0, err
    assert out.read_bytes()[:5] == b"%PDF-"


def test_report_pdf_without_chromium_says_what_to_install(played: tuple[Path, Workshop], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    db, w = played
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, _, err = run("workshop", "report", w.id, "-o", str(tmp_path / "h.pdf"), "--db", str(db))
    assert code == 1 and "apt-get install chromium" in err


def test_workshop_without_arguments_shows_help() -> None:
    code, out, err = run("workshop")
    assert code in (0, 2) and "scenarios workshop mexico" in out + err


def test_start_needs_a_scenario_or_a_session(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    code, _, err = run("workshop", "start", "--db", db)
    assert (code, err) == (2, "error: which scenario? e.g. scenarios workshop mexico (or --resume SESSION)\n")
    code, _, err = run("workshop", "mexico", "--resume", "abc", "--db", db)
    assert code == 2 and "not both" in err
    code, _, err = run("workshop", "--resume", "abc", "--db", db)
    assert (code, err) == (2, f"error: no workshop session 'abc' in {db} (there are none yet)\n")
    code, _, err = run("workshop", "nosuch", "--db", db)
    assert code == 2 and err.startswith("error: no scenario named 'nosuch'")


def test_a_port_in_use_is_one_line_and_exit_1(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = run("workshop", str(PORT), "--port", str(port), "--db", str(tmp_path / "w.db"), "--no-open")
    message = f"error: port {port} is already in use on 127.0.0.1; choose another with --port\n"
    assert (code, out, err) == (1, "", message)
    assert not (tmp_path / "w.db").exists()  # no session was started that could never be served


def test_an_unknown_host_is_one_line_and_exit_1(tmp_path: Path) -> None:
    code, out, err = run("workshop", str(PORT), "--host", "no-such-host.invalid", "--db", str(tmp_path / "w.db"),
                         "--no-open")
    assert (code, out, err) == (1, "", "error: --host no-such-host.invalid: not an address of this computer\n")
    assert not (tmp_path / "w.db").exists()


def test_lan_address_is_printed_with_a_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from scenarios.cli.workshop import serve
    from tests.workshop.running import free_port

    port = free_port()
    ran: list[object] = []
    monkeypatch.setattr(serve, "lan_address", lambda: "192.0.2.7")
    monkeypatch.setattr("uvicorn.Server.run", lambda self: ran.append(self.config.host))
    code, out, _ = run("workshop", str(PORT), "--host", "0.0.0.0", "--port", str(port), "--db", str(tmp_path / "w.db"),
                       "--no-open")
    assert code == 0 and ran == ["0.0.0.0"]
    assert f"participants: http://192.0.2.7:{port}/join" in out
    assert f"warning: serving the whole network at http://192.0.2.7:{port}" in out
    assert f"facilitator (keep this link to yourself): http://127.0.0.1:{port}/facilitator/login?token=" in out


def test_repair_makes_a_session_two_servers_wrote_to_finishable(tmp_path: Path) -> None:
    """Issue 20: a step written under a parent the session had left made `report` exit 2 for good."""
    db = tmp_path / "w.db"
    w = Workshop.create(Store(db), load_path(PORT), PORT.read_text(encoding="utf-8"), str(PORT))
    ana = w.join(w.code, "Ana", "gov_a")[0].id
    w.open_vote()
    w.vote(ana, 1, "k")
    w.close_vote()
    with w.store.change() as sql:  # the second server's move, taken at the start it still showed
        cur = sql.execute("INSERT INTO steps (session, parent, node, branch, label, how, created) VALUES "
                          "(?, 1, 'a_moves', 0, 'Propose talks', 'chosen', '2025-01-01T00:00:00+00:00')", (w.id,))
        sql.execute("UPDATE sessions SET current = ? WHERE id = ?", (cur.lastrowid, w.id))
    handout = tmp_path / "h.html"
    code, _, err = run("workshop", "report", w.id, "-o", str(handout), "--db", str(db))
    assert code == 2 and "no longer fits" in err
    code, out, _ = run("workshop", "repair", w.id, "--db", str(db))
    assert code == 0 and "step 2: “Propose talks” at a_moves (after step 1)" in out and "--yes" in out
    assert run("workshop", "report", w.id, "-o", str(handout), "--db", str(db))[0] == 2  # only listed
    code, out, _ = run("workshop", "repair", w.id, "--yes", "--db", str(db))
    assert code == 0 and "Dropped 1 step(s); the session stands after step 1." in out
    assert run("workshop", "report", w.id, "-o", str(handout), "--db", str(db))[0] == 0
    assert "Impose inspections" in handout.read_text(encoding="utf-8")
    record = json.loads(run("workshop", "export", w.id, "--db", str(db))[1])
    assert len(record["participants"]) == 1 and record["steps"][1]["undone"] is True
    assert "nothing to repair" in run("workshop", "repair", w.id, "--db", str(db))[1]
