"""YAML text to plain Python data, remembering where every key and value stood.

ruamel.yaml's composer recurses once per nesting level and expands aliases, so a
20,000-deep file or a "billion laughs" bomb would crash or hang it.  We read its
event stream (which is iterative) and build the data ourselves: nesting is bounded,
aliases are refused, duplicate keys are all reported, and each value keeps its
line and column for error messages.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML, events
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from scenarios.engine.errors import Diagnostic, Position, ScenarioError
from scenarios.engine.finite import NumberError, looks_numeric, read_number
from scenarios.engine.text.characters import describe_char, forbidden_at
from scenarios.engine.text.hints import yaml_hint, yaml_problem
from scenarios.engine.text.i18n import _

Loc = tuple[str | int, ...]

MAX_DEPTH = 64
MAX_BYTES = 20 * 1024 * 1024
MAX_REPAIRS = 50  # values read as quoted after a syntax error, so one run reports the rest of the file

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass
class Document:
    """Parsed data plus the position of each value (and of the key that names it)."""

    file: str
    data: Any
    value_pos: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    repaired: list[Diagnostic] = field(default_factory=list)  # syntax errors read past (read_yaml's read_on)

    def pos(self, loc: Loc, *, key: bool = False) -> Position:
        """Where `loc` stands; the nearest enclosing place when it is absent."""
        loc = tuple(loc)
        while True:
            table = self.key_pos if key and loc in self.key_pos else self.value_pos
            if loc in table:
                line, col = table[loc]
                return Position(self.file, line, col)
            if not loc:
                return Position(self.file, 1, 1)
            loc = loc[:-1]


def resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema; a number must be finite (NumberError)."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if looks_numeric(text):
        return read_number(text)
    return text


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_PLAIN_TAGS = (None, "!", "tag:yaml.org,2002:str")
_CONTAINER_TAGS = (None, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _fail(file, 0, 0, _("file is too large ({size} bytes; the limit is {limit})").format(
            size=f"{len(raw):,}", limit=f"{MAX_BYTES:,}"))
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(raw, nul)
        raise _fail(file, line, col, _("this is not a text file (it contains a NUL byte)"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        raise _fail(file, line, col,
                    _("the file is not valid UTF-8 (byte {byte}); save it as UTF-8").format(
                        byte=f"0x{raw[exc.start]:02x}")) from None


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def _fail(file: str, line: int, col: int, message: str) -> ScenarioError:
    return ScenarioError([Diagnostic("error", message, Position(file, line, col))])


def _yaml_error(file: str, exc: YAMLError, text: str) -> ScenarioError:
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or _("invalid YAML")).strip()
        lines = text.splitlines()
        at_tab = (mark is not None and mark.line < len(lines)
                  and lines[mark.line][mark.column:mark.column + 1] == "\t")
        if "'\\t'" in problem or at_tab:
            problem = _("a tab character is not allowed here; indent with spaces")
        else:
            line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
            problem = _("YAML syntax error: {problem}").format(problem=yaml_problem(problem)) + yaml_hint(problem, line)
        if mark is not None:
            return _fail(file, mark.line + 1, mark.column + 1, problem)
        return _fail(file, 1, 1, problem)
    return _fail(file, 1, 1, _("YAML syntax error: {problem}").format(problem=exc))


_SPLIT = re.compile(r"^(\s*(?:-\s+)*[^\s:#'\"{\[][^:]*:\s+)(.*?)\s*$")


def _read_as_quoted(exc: YAMLError, text: str) -> str | None:
    """`text` with the value at a "mapping values" error read as quoted (the common unquoted ': ' in a
    label), so the rest of the file can be checked; None when the error is of another kind."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None or "mapping values are not allowed" not in (getattr(exc, "problem", "") or ""):
        return None
    lines = text.split("\n")
    if mark.line >= len(lines):
        return None
    found = _SPLIT.match(lines[mark.line])
    if found is None or ": " not in found.group(2) or found.group(2).startswith(("{", "[")):
        return None
    lines[mark.line] = found.group(1) + json.dumps(found.group(2), ensure_ascii=False)
    return "\n".join(lines)


def read_yaml(raw: bytes | str, file: str, *, read_on: bool = False) -> Document:
    """Parse one YAML document; raise ScenarioError with every problem found.

    With `read_on`, a value holding an unquoted ': ' is read as quoted and the error kept in the
    returned document's `repaired`, so the caller can report the file's other errors in the same run."""
    text = _decode(raw, file) if isinstance(raw, bytes) else raw
    bad = forbidden_at(text)
    if bad is not None:
        line = text.count("\n", 0, bad) + 1
        col = bad - (text.rfind("\n", 0, bad) + 1) + 1
        raise _fail(file, line, col, _("the file holds {character}, which a scenario can't hold; remove it").format(
            character=describe_char(text[bad])))
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise _fail(file, 1, 1, _("the file is empty; a scenario needs at least 'title', 'start' and 'nodes'"))
    repaired: list[Diagnostic] = []
    while True:
        doc = Document(file, None)
        problems: list[Diagnostic] = []
        try:
            _compose(YAML(typ="safe").parse(text), doc, problems)
        except YAMLError as exc:
            error = _yaml_error(file, exc, text)
            fixed = _read_as_quoted(exc, text) if read_on and len(repaired) < MAX_REPAIRS else None
            if fixed is None:
                raise ScenarioError([*repaired, *error.diagnostics]) from None
            repaired += error.diagnostics
            text = fixed
            continue
        except _Stop:
            pass
        break
    if problems:
        raise ScenarioError([*repaired, *problems])
    doc.repaired = repaired
    return doc


class _Stop(Exception):
    """Composition cannot go on (too deep, a second document)."""


def _compose(stream: Any, doc: Document, problems: list[Diagnostic]) -> None:
    file = doc.file
    # A frame: [container, loc, is_mapping, pending_key, pending_key_pos]
    stack: list[list[Any]] = []
    documents = 0
    aliases: list[tuple[str, tuple[int, int]]] = []

    def at(ev: Any) -> tuple[int, int]:
        return ev.start_mark.line + 1, ev.start_mark.column + 1

    def place(value: Any, where: tuple[int, int]) -> Loc | None:
        """Attach a finished value to the innermost container; return its loc."""
        if not stack:
            doc.data = value
            doc.value_pos[()] = where
            return ()
        frame = stack[-1]
        container, loc, is_map = frame[0], frame[1], frame[2]
        if not is_map:
            here = (*loc, len(container))
            container.append(value)
            doc.value_pos[here] = where
            return here
        if frame[3] is None:  # this value is a key
            if not isinstance(value, str):
                problems.append(Diagnostic("error", _("a key must be a plain word, not a list or mapping"),
                                           Position(file, *where)))
                frame[3] = ("\0bad", where)
                return None
            frame[3] = (value, where)
            return None
        key, key_at = frame[3]
        frame[3] = None
        if key == "\0bad":
            return None
        here = (*loc, key)
        if key in container:
            first = doc.key_pos.get(here, (0, 0))[0]
            problems.append(Diagnostic(
                "error", _("duplicate key '{key}' (first given on line {line})").format(key=key, line=first),
                Position(file, *key_at)))
            return None
        container[key] = value
        doc.key_pos[here] = key_at
        doc.value_pos[here] = where
        return here

    def current_loc_for_child() -> Loc:
        if not stack:
            return ()
        frame = stack[-1]
        if not frame[2]:
            return frame[1] + (len(frame[0]),)
        if frame[3] is None:
            return frame[1] + ("\0key",)
        return frame[1] + (frame[3][0],)

    for ev in stream:
        kind = type(ev)
        if kind is events.ScalarEvent:
            value = _scalar(ev, bool(stack and stack[-1][2] and stack[-1][3] is None), file, at(ev), problems)
            place(value, at(ev))
        elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                line, col = at(ev)
                problems.append(Diagnostic(
                    "error", _("the file nests more than {depth} levels deep; a scenario never needs that").format(
                        depth=MAX_DEPTH),
                    Position(file, line, col)))
                raise _Stop
            if ev.tag not in _CONTAINER_TAGS:
                problems.append(Diagnostic("error", _("YAML tag {tag} is not supported here").format(tag=repr(ev.tag)),
                                           Position(file, *at(ev))))
            loc = current_loc_for_child()
            container: Any = {} if kind is events.MappingStartEvent else []
            stack.append([container, loc, kind is events.MappingStartEvent, None, at(ev)])
        elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
            frame = stack.pop()
            place(frame[0], frame[4])
        elif kind is events.AliasEvent:
            aliases.append((ev.anchor, at(ev)))
            place(None, at(ev))
        elif kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                line, col = at(ev)
                problems.append(Diagnostic(
                    "error", _("the file holds more than one YAML document ('---'); keep one scenario per file"),
                    Position(file, line, col)))
                break
    if aliases:
        anchor, where = aliases[0]
        more = " " + _("(this file uses {count} aliases)").format(count=len(aliases)) if len(aliases) > 1 else ""
        problems.append(Diagnostic(
            "error", _("YAML aliases (*{anchor}) are not allowed in scenario files; write the value out").format(
                anchor=anchor) + more,
            Position(file, *where)))


def _scalar(ev: Any, is_key: bool, file: str, where: tuple[int, int], problems: list[Diagnostic]) -> Any:
    """One scalar's value; a refused tag, number or character becomes a problem at its position."""
    text = ev.value
    bad = forbidden_at(text)
    if bad is not None:  # only escapes ("\x1b") get here: raw characters were refused before parsing
        problems.append(Diagnostic("error", _("this text holds {character} (written as an escape); a scenario "
                                              "can't hold it").format(character=describe_char(text[bad])),
                                    Position(file, *where)))
        return text
    if is_key:
        return text  # keys stay text
    try:
        if ev.tag in _NUMBER_TAGS:
            return read_number(text)
        if ev.tag not in _PLAIN_TAGS:
            problems.append(Diagnostic("error", _("YAML tag {tag} is not supported here").format(tag=repr(ev.tag)),
                                       Position(file, *where)))
            return text
        if ev.tag is None and not ev.style:
            return resolve_plain(text)
    except NumberError as exc:
        problems.append(Diagnostic("error", str(exc), Position(file, *where)))
        return None
    return text
