"""Issue 18, what a room reads: ports that let serve and workshop run at once, effects in words, weights said
for what they are."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.commands.serve import DEFAULT_PORT as SERVE_PORT
from scenarios.cli.main import main
from scenarios.cli.workshop import DEFAULT_PORT as WORKSHOP_PORT


def test_serve_and_workshop_default_to_different_ports() -> None:
    assert SERVE_PORT != WORKSHOP_PORT


def test_a_missing_scenario_is_named_before_a_busy_port(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["workshop", "start", "--port", str(port), "--no-open",
                                           "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2, result.output
    assert "which scenario?" in result.output
    assert "in use" not in result.output


def test_effects_read_with_labels_and_levels_never_ids() -> None:
    from scenarios.engine.format.library import resolve
    from scenarios.engine.format.loader import load_path
    from scenarios.engine.workshop import play

    for lang, words in (("en", "Disruption of the designated cartels: low → moderate"),
                        ("es", "Desarticulación de los cárteles designados: baja → moderada")):
        s = load_path(resolve("mexico"), lang=lang)
        here = play.describe(s, play.start(s), s.assumption_values())
        shown = [e for b in here["branches"] for e in b["effects"]]
        assert words in shown
        assert not any(k in e for e in shown for k in s.spec.indicators), shown  # no id such as cartel_disruption


@pytest.mark.big
def test_yes_and_no_read_in_the_scenarios_language_whatever_the_programs() -> None:
    from scenarios.engine.format.library import resolve
    from scenarios.engine.format.loader import load_path
    from scenarios.engine.text.i18n import in_language
    from scenarios.engine.workshop import play

    es = load_path(resolve("mexico"), lang="es")
    with in_language(None):  # a server's event stream, a worker: no request's language around it
        assert (es.shown("reform_passed", False), es.shown("reform_passed", True)) == ("no", "sí")
        # the rebuilt mexico asks, after the flow, whether cooperation lowers violence (coop_violence)
        moves = [("mexico_response", 0), ("coop_flow", 1), ("coop_violence", 1),
                 ("coop_judged", 0)]  # Washington judges it enough
        said = play.effects_along(es, moves)[-1]
    assert any(e.endswith(": no → sí") for e in said), said
    en = load_path(resolve("mexico"), lang="en")
    with in_language("es"):
        assert en.shown("reform_passed", True) == "yes"  # the English file's words stay English
