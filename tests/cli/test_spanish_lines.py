"""Every command under --lang es, on good and broken files: no line of the program's English (issue 21).

A line may quote what the user typed (ids, file names, expressions, in '…') and the scenario's own
text; everything else is the program's words and must be Spanish.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarios.cli.main import main

CROSSING = Path(__file__).resolve().parents[1] / "data" / "languages" / "crossing.yaml"

# Words of English prose that Spanish never uses; a line holding one outside quotes is program English.
ENGLISH = set("""
the is are was were of and with this that which has have must should can't cannot could would there here
than from into only not one its it's your you missing unknown wrote found expected allowed file
files path paths weights warning warnings give write written does doesn't don't isn't outside range
scenario named available numbers text empty between least more most before after every each neither nor
""".split())  # noqa: SIM905
GUIDE_TOPICS = {"numbers"}  # `guide` lists its topics by name, as typed
STAMPS = ("//", "%%", "<!--")  # the marker on files we write (engine/stamps.py), fixed so we know our files
# Not counted: the file format's keys (weight, levels, value, node...), which the user types as written.


def _broken(tmp_path: Path) -> dict[str, Path]:
    """The slips people make, one file each."""
    src = CROSSING.read_text(encoding="utf-8")
    variants = {
        "no-start": src.replace("start: a_moves\n", ""),
        "typo-key": src.replace("  calm: {type: outcome", "  calm: {tipe: outcome"),
        "unquoted-colon": src.replace(
            "  diverted: {type: outcome, label: {en: Trade diverted, es: Comercio desviado}}",
            "  diverted:\n    type: outcome\n    label: Trade: diverted").replace("to: calm}", "to: clam}"),
        "lowest": src.replace("    start: low\n", "    start: lowest\n"),
        "tab": src.replace("    phase: {en: Trade, es: Comercio}\n    label: {en: Government B",
                           "    phase: {en: Trade, es: Comercio}\n  \tlabel: {en: Government B"),
        "no-es": src.replace("{en: Uneasy calm, es: Calma tensa}", "{en: Uneasy calm}"),
        "bad-weight": src.replace("weight: p_reroute,", "weight: 60%,"),
        "not-yaml": "title: [unclosed\n",
        "empty": "# nothing here\n",
    }
    files = {}
    for name, text in variants.items():
        files[name] = tmp_path / f"{name}.yaml"
        files[name].write_text(text, encoding="utf-8")
    return files


def english_words(line: str) -> set[str]:
    """The English words of a line, leaving out what is quoted ('…', "…", «…», `…`) and file paths."""
    shown = re.sub(r"'[^']*'|\"[^\"]*\"|«[^»]*»|`[^`]*`", " ", line)
    shown = re.sub(r"\S*(/|\.yaml|\.csv|\.json)\S*", " ", shown)  # paths and file names
    shown = re.sub(r"--?[a-z][\w-]*", " ", shown)  # options, as typed
    shown = re.sub(r"\b[A-Z][A-Z|_]+\b", " ", shown)  # metavars (NAME|FILE), as typed
    return {w for w in re.findall(r"[A-Za-z][A-Za-z']+", shown) if w.lower() in ENGLISH}


def _run(args: list[str]) -> list[str]:
    result = CliRunner().invoke(main, [*args, "--lang", "es"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2), (args, result.output)
    return result.output.splitlines() + result.stderr.splitlines()


# Every command that reads a scenario, with the arguments it needs besides the file.
BROKEN_COMMANDS = {"check": [], "explore": [], "analyze": [], "render": ["-o", "-", "-f", "dot"], "story": ["1"],
                   "balance": [], "signposts": [], "matrix": [], "sensitivity": ["--no-charts"],
                   "export": ["-f", "json"], "uncertainty": ["-n", "8", "--no-charts"], "diff": [str(CROSSING)],
                   "compare": ["--assumptions", str(CROSSING)]}


@pytest.mark.parametrize("command", BROKEN_COMMANDS)
def test_every_command_on_broken_files_speaks_spanish(command: str, tmp_path: Path) -> None:
    leaks = {}
    for name, file in _broken(tmp_path).items():
        for line in _run([command, str(file), *BROKEN_COMMANDS[command]]):
            if english_words(line) and not line.startswith(STAMPS):
                leaks[f"{name}: {line}"] = english_words(line)
    assert not leaks, "\n".join(f"{k}  <- {sorted(v)}" for k, v in leaks.items())


@pytest.mark.parametrize("args", [
    ["explore", "no-such-scenario"],
    ["explore", "nowhere/missing.yaml"],
    ["explore", "mexico", "--set", "p_coop_enough=60%"],
    ["explore", "mexico", "--set", "p_coop_enough=5"],
    ["explore", "mexico", "--set", "p_nothing=0.5"],
    ["explore", "mexico", "--set", "p_coop_enough"],
    ["explore", "mexico", "--where", "civilian_risk >= altísimo"],
    ["explore", str(CROSSING), "--describe", "--summary"],
    ["analyze", str(CROSSING), "--rule", "hurwicz", "--alpha", "3"],
    ["render"],
    ["render", str(CROSSING), "--highlight", "0", "-o", "-", "-f", "dot"],
    ["sensitivity", str(CROSSING), "--no-charts", "--assumption", "p_nothing"],
    ["story", str(CROSSING), "999"],
    ["matrix", str(CROSSING), "--axes", "talks,nowhere"],
    ["guide", "nothing"],
    ["new", "bad name!"],
    ["copy", "mexico", "somewhere.txt"],
    ["show", "no-such-scenario"],
    ["story", str(CROSSING)],
    ["export", str(CROSSING)],
    ["workshop", "export", "nosuchsession"],
    ["diff", str(CROSSING), "no-such-scenario"],
    ["compare", str(CROSSING), "--assumptions", "no-such-perspective"],
])
def test_refusals_speak_spanish(args: list[str]) -> None:
    lines = _run(args)
    leaks = {line: english_words(line) - GUIDE_TOPICS for line in lines if english_words(line) - GUIDE_TOPICS}
    assert not leaks, "\n".join(f"{k}  <- {sorted(v)}" for k, v in leaks.items())


@pytest.mark.parametrize("args", [
    ["list"],
    ["check", str(CROSSING)],
    ["explore", str(CROSSING)],
    ["explore", str(CROSSING), "--summary"],
    ["analyze", str(CROSSING)],
    ["balance", str(CROSSING)],
    ["signposts", str(CROSSING)],
    ["story", str(CROSSING), "2"],
    ["matrix", str(CROSSING), "--axes", "talks,reroute"],
    ["sensitivity", str(CROSSING), "--no-charts"],
])
def test_good_files_speak_spanish(args: list[str]) -> None:
    text = CROSSING.read_text(encoding="utf-8")
    lines = [line for line in _run(args) if not any(part and part in text for part in (line.strip(),))]
    leaks = {line: english_words(line) for line in lines if english_words(line)}
    assert not leaks, "\n".join(f"{k}  <- {sorted(v)}" for k, v in leaks.items())


def test_the_detector_sees_program_english() -> None:
    assert english_words("x.yaml:2:1: error: the scenario is missing the required key 'start'")
    assert english_words("error: no such file: nope.yaml")
    assert not english_words("x.yaml:2:1: error: falta la clave obligatoria 'start' en el escenario")
    assert not english_words("error: no hay ningún escenario llamado 'the one'; disponibles: mexico")
