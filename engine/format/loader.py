"""Scenario text to a checked, compiled Scenario, with every problem at its FILE:LINE:COL."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scenarios.engine.core.graph import successors
from scenarios.engine.core.scenario import Scenario
from scenarios.engine.errors import Diagnostic, ScenarioError, did_you_mean
from scenarios.engine.files import read_input
from scenarios.engine.text.i18n import N_, _

from . import library
from .checks import cycle_errors, lint, missing_signposts
from .compiler import compile_scenario
from .languages import Localized, check_language, localize
from .model import FORMAT_VERSION, ScenarioFile, fields_at
from .pathchecks import walk_diagnostics
from .salvage import other_errors, salvage
from .yamlread import Document, Loc, read_yaml


def load_path(path: str | Path, *, name: str | None = None, lang: str | None = None) -> Scenario:
    """Read and check a scenario file; raise ScenarioError listing every error in it.

    `lang` picks the language of the file's text (default: the file's first declared language)."""
    path = Path(path)
    shown = str(path)
    raw = read_input(path, _("a scenario file"))
    return load_text(raw, shown, name=name or path.stem, path=path, lang=lang)


def load_text(text: str | bytes, file: str = "<text>", *, name: str | None = None,
              path: Path | None = None, lang: str | None = None) -> Scenario:
    """Check and compile scenario text (a str or the raw bytes of a file), its text in language `lang`."""
    lang = check_language(lang)
    doc = read_yaml(text, file, read_on=True)
    if not doc.repaired:
        return load_document(doc, name=name, path=path, localized=localize(doc, lang))
    try:  # a value read as quoted after a syntax error: report the rest of the file in the same run
        scenario = load_document(doc, name=name, path=path, localized=localize(doc, lang))
    except ScenarioError as exc:
        raise ScenarioError(_ordered([*doc.repaired, *exc.diagnostics])) from None
    raise ScenarioError(_ordered([*doc.repaired, *scenario.warnings]))


def load_document(doc: Document, *, name: str | None = None, path: Path | None = None,
                  localized: Localized | None = None) -> Scenario:
    """Check and compile parsed (and localized) YAML; raise ScenarioError listing every error."""
    file = doc.file
    localized = localized or Localized()
    spec = parse_document(doc)
    compiled, problems = compile_scenario(spec, doc)
    adj = successors(spec)
    problems += cycle_errors(spec, adj, doc)
    if any(p.severity == "error" for p in problems):
        raise ScenarioError(_ordered(problems))
    problems += lint(spec, adj, compiled, doc)
    problems += localized.warnings
    if path is not None and in_bundled_library(path):
        problems += missing_signposts(spec, doc)
    problems += walk_diagnostics(spec, compiled, doc)
    if any(p.severity == "error" for p in problems):
        raise ScenarioError(_ordered(problems))
    return Scenario(name or Path(file).stem, path, spec, doc, adj, compiled, tuple(_ordered(problems)),
                    localized.languages, localized.language)


def in_bundled_library(path: Path) -> bool:
    """True for a file of the library shipped with the program (its promises are checked too)."""

    try:
        return path.resolve().parent == library.bundled_dir().resolve()
    except OSError:
        return False


def _ordered(problems: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(problems, key=lambda p: (p.position.line, p.position.col, p.severity != "error"))


def parse_document(doc: Document) -> ScenarioFile:
    """Validate the data's shape against the format's models."""
    data = doc.data
    if not isinstance(data, dict):
        kinds: dict[type, str] = {list: _("a list"), str: _("a line of text")}
        kind = kinds.get(type(data), _("a single value"))
        raise ScenarioError([Diagnostic("error", _("a scenario file is a mapping of keys (title, start, nodes, …), "
                                                   "but this file holds {kind}").format(kind=kind), doc.pos(()))])
    fmt = data.get("format", FORMAT_VERSION)
    if isinstance(fmt, int) and not isinstance(fmt, bool) and fmt > FORMAT_VERSION:
        raise ScenarioError([Diagnostic(
            "error", _("this file is written in format {fmt}, but this version of scenarios reads format "
                       "{version} and older; upgrade scenarios to read it").format(fmt=fmt, version=FORMAT_VERSION),
            doc.pos(("format",)))])
    try:
        return ScenarioFile.model_validate(data)
    except ValidationError as exc:
        errors = _without_echoes(exc.errors(include_url=False))
        problems = [_diagnostic(doc, err) for err in errors]
        problems += _rest_of_file(doc, data, errors)
        raise ScenarioError(_ordered(problems)) from None


def _rest_of_file(doc: Document, data: dict[str, Any], errors: list[Any]) -> list[Diagnostic]:
    """The errors elsewhere in a file with shape errors (see salvage.py), so one run shows them all."""

    saved = salvage(data, errors)
    if saved is None:
        return []
    fixed, stand_ins = saved
    try:
        load_document(Document(doc.file, fixed, doc.value_pos, doc.key_pos))
    except ScenarioError as exc:
        return other_errors(list(exc.diagnostics), stand_ins)
    except Exception:  # a repaired file is a best effort; the shape errors still stand
        return []
    return []


def _without_echoes(errors: list[Any]) -> list[Any]:
    """Drop "missing 'label'" when the same mapping has an unknown key that is a typo of it."""
    typos = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            for field in difflib.get_close_matches(str(loc[-1]), fields_at(loc[:-1]), n=1, cutoff=0.6):
                typos.add((*loc[:-1], field))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in typos)]


def _diagnostic(doc: Document, err: Any) -> Diagnostic:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    where = describe(loc, doc.data)
    if kind == "extra_forbidden":
        allowed = fields_at(loc[:-1])
        word = str(loc[-1])
        hint = did_you_mean(word, allowed)
        message = _("unknown key '{word}' in {place}").format(word=word, place=describe(loc[:-1], doc.data)) + hint
        if not hint and allowed:
            message += "; " + _("allowed: {keys}").format(keys=", ".join(allowed))
        return Diagnostic("error", message, doc.pos(loc, key=True))
    if kind == "missing":
        parent = loc[:-1]
        return Diagnostic("error", _("{place} is missing the required key '{key}'").format(
            place=describe(parent, doc.data), key=loc[-1]), doc.pos(parent, key=True))
    if loc and loc[-1] == "[key]":
        key = loc[-2]
        return Diagnostic("error", _("'{key}' is not a valid id: use letters, digits and _, not starting "
                                     "with a digit").format(key=key), doc.pos(loc[:-1], key=True))
    return Diagnostic("error", f"{where}: {_message(err)}", doc.pos(loc))


def _message(err: Any) -> str:
    kind = err["type"]
    value = err.get("input")
    got = _kind_of(value)
    if kind in _SIMPLE:
        return _(_SIMPLE[kind]).format(got=got, least=err.get("ctx", {}).get("ge"), value=repr(value))
    if kind == "literal_error":
        options = [w.strip(" '") for w in err.get("ctx", {}).get("expected", "").replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), options)
        quoted = [f"'{w}'" for w in options if w]
        # TRANSLATORS: the last two of a list of choices, e.g. "'chance' or 'outcome'"
        expected = ", ".join([*quoted[:-2], _("{first} or {second}").format(first=quoted[-2], second=quoted[-1])]) \
            if len(quoted) > 1 else "".join(quoted)
        return _("'{value}' is not allowed; must be {expected}").format(value=value, expected=expected) + hint
    if kind == "string_pattern_mismatch":
        return _("'{value}' is not in the expected form").format(value=value)
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return str(err["msg"])


_SIMPLE = {
    "string_type": N_("should be text, not {got}"),
    "float_type": N_("should be a number, not {got}"),
    "int_type": N_("should be a whole number, not {got}"),
    "bool_type": N_("should be true or false, not {got}"),
    "list_type": N_("should be a list (- item, or [a, b]), not {got}"),
    "dict_type": N_("should be a mapping (key: value), not {got}"),
    "model_type": N_("should be a mapping (key: value), not {got}"),
    "model_attributes_type": N_("should be a mapping (key: value), not {got}"),
    "string_too_short": N_("can't be empty"),
    "greater_than_equal": N_("must be {least} or more, not {value}"),
}


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("the number {value}").format(value=repr(value))
    if isinstance(value, str):
        return _("the text '{value}'").format(value=value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    if value is None:
        return _("nothing (the value is empty)")
    return type(value).__name__


def describe(loc: Loc, data: Any) -> str:
    """A place in the file in words: "node 'talks', branch 2 ('Breakdown'), key 'to'"."""
    if not loc:
        return _("the scenario")
    singular = {"nodes": N_("node '{id}'"), "actors": N_("actor '{id}'"), "indicators": N_("indicator '{id}'"),
                "assumptions": N_("assumption '{id}'"), "sources": N_("source '{id}'")}
    parts: list[str] = []
    k = 0
    node: Any = data
    while k < len(loc):
        step = loc[k]
        if k + 1 < len(loc) and step in singular and isinstance(loc[k + 1], str) and loc[k + 1] != "[key]":
            parts.append(_(singular[str(step)]).format(id=loc[k + 1]))
            node = _get(_get(node, step), loc[k + 1])
            k += 2
            continue
        if step == "branches" and k + 1 < len(loc) and isinstance(loc[k + 1], int):
            branch = _get(_get(node, "branches"), loc[k + 1])
            label = branch.get("label") if isinstance(branch, dict) else None
            number = int(loc[k + 1]) + 1
            parts.append(_("branch {number} ('{label}')").format(number=number, label=label) if isinstance(label, str)
                         else _("branch {number}").format(number=number))
            node = branch
            k += 2
            continue
        if isinstance(step, int):
            parts.append(_("item {number}").format(number=step + 1))
        elif step != "[key]":
            parts.append(f"'{step}'")
        node = _get(node, step)
        k += 1
    return ", ".join(parts)


def _get(container: Any, key: Any) -> Any:
    try:
        return container[key]
    except (KeyError, IndexError, TypeError):
        return None
