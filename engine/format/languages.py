"""Scenario text in several languages: one language is picked when a file is loaded.

Any text field may be a map of language code to text (`{en: ..., es: ...}`) once the file
declares `languages: [en, es]` (the first is the default).  `localize` replaces every such
map, in place, by the text in the chosen language, before the models validate the data,
so walks, analyses, diagrams and reports only ever see plain strings.  A text missing in
the chosen language falls back to the default language (else the first declared language
it has), marked with FALLBACK_MARK; `check` warns for each text lacking a declared language.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from scenarios.engine.errors import Diagnostic, ScenarioError, UsageError, did_you_mean
from scenarios.engine.text.characters import unbroken
from scenarios.engine.text.i18n import LANGUAGE_PATTERN, _, language_code, ngettext

from .model import TRANSLATABLE, ScenarioFile
from .yamlread import Document, Loc

FALLBACK_MARK = "[{lang}] "  # e.g. "[en] Joint operations": shown in Spanish output when no Spanish text exists


def fallback(lang: str, text: str) -> str:
    """Text shown in another language than asked for, marked with that language's code."""
    return FALLBACK_MARK.format(lang=lang) + text


def check_language(lang: str | None) -> str | None:
    """A language code as given to load(lang=...); a malformed one is a usage error."""
    try:
        return language_code(lang)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


@dataclass
class Localized:
    """What localize found: the declared languages, the one shown, and the warnings for missing text."""

    languages: tuple[str, ...] = ()
    language: str | None = None
    warnings: list[Diagnostic] = field(default_factory=list)


def localize(doc: Document, lang: str | None = None) -> Localized:
    """Pick `lang` (or the file's default language) for every text in `doc.data`, in place."""
    data = doc.data
    if not isinstance(data, dict):
        return Localized()
    languages = _declared(doc)
    shown = lang if lang in languages else (languages[0] if languages else None)
    walker = _Walker(doc, languages, shown)
    walker.visit(ScenarioFile, data, ())
    if walker.errors:
        raise ScenarioError(walker.errors)
    for loc, text in walker.replace:
        _assign(data, loc, unbroken(text))  # "EE. UU." never breaks across lines
    return Localized(languages, shown, walker.warnings)


def _declared(doc: Document) -> tuple[str, ...]:
    value = doc.data.get("languages")
    if value is None:
        return ()
    loc: Loc = ("languages",)
    if not isinstance(value, list) or not value:
        raise ScenarioError([Diagnostic("error", _("'languages' is a list of language codes, the default first "
                                                   "(e.g. [en, es])"), doc.pos(loc))])
    problems = []
    for k, code in enumerate(value):
        if not isinstance(code, str) or not re.fullmatch(LANGUAGE_PATTERN, code):
            problems.append(Diagnostic("error", _("'languages': {code} is not a language code such as en or es").format(
                code=repr(code)),
                                       doc.pos((*loc, k))))
        elif code in value[:k]:
            problems.append(Diagnostic("error", _("'languages': '{code}' is listed twice").format(code=code),
                                       doc.pos((*loc, k))))
    if problems:
        raise ScenarioError(problems)
    return tuple(value)


class _Walker:
    """Follows the models' annotations through the data to every translatable text."""

    def __init__(self, doc: Document, languages: tuple[str, ...], shown: str | None):
        self.doc = doc
        self.languages = languages
        self.shown = shown
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.replace: list[tuple[Loc, str]] = []
        self.undeclared = 0

    def visit(self, annotation: Any, value: Any, loc: Loc) -> None:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            if any(meta is TRANSLATABLE for meta in args[1:]):
                self.text(value, loc)
            else:
                self.visit(args[0], value, loc)
        elif origin in (typing.Union, types.UnionType):
            for arm in args:
                if arm is not type(None):
                    self.visit(arm, value, loc)
        elif origin is dict and isinstance(value, dict):
            for key, item in value.items():
                self.visit(args[1], item, (*loc, key))
        elif origin is list and isinstance(value, list):
            for k, item in enumerate(value):
                self.visit(args[0], item, (*loc, k))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
            for key, item in value.items():
                model_field = annotation.model_fields.get(key) if isinstance(key, str) else None
                if model_field is None:
                    continue
                if any(meta is TRANSLATABLE for meta in model_field.metadata):  # pydantic keeps it apart
                    self.text(item, (*loc, key))
                else:
                    self.visit(model_field.annotation, item, (*loc, key))

    def text(self, value: Any, loc: Loc) -> None:
        if isinstance(value, str):
            if len(self.languages) > 1:
                self.missing(loc, [self.languages[0]])
                if self.shown != self.languages[0]:
                    self.replace.append((loc, fallback(self.languages[0], value)))
            return
        if not isinstance(value, dict):
            return  # not text at all: the models report it
        pos = self.doc.pos(loc)
        if not self.languages:
            self.undeclared += 1
            if self.undeclared == 1:  # one message for the file, not one per text
                self.errors.append(Diagnostic("error", _("text in several languages needs 'languages: [...]' at the "
                                                         "top of the file (the default language first)"), pos))
            return
        if not value:
            self.errors.append(Diagnostic("error", _("a text map needs at least one language"), pos))
            return
        bad = False
        for code, text in value.items():
            if code not in self.languages:
                self.errors.append(Diagnostic(
                    "error", _("language '{code}' is not declared in 'languages' ({codes})").format(
                        code=code, codes=", ".join(self.languages)) + did_you_mean(str(code), self.languages),
                    self.doc.pos((*loc, code), key=True)))
                bad = True
            elif not isinstance(text, str):
                self.errors.append(Diagnostic("error", _("the '{code}' text should be text").format(code=code),
                                              self.doc.pos((*loc, code))))
                bad = True
        if bad:
            return
        self.missing(loc, list(value))
        chosen: str
        if self.shown is not None and self.shown in value:
            chosen, text = self.shown, value[self.shown]
        else:
            chosen = next(code for code in self.languages if code in value)
            text = fallback(chosen, value[chosen])
        self.doc.value_pos[loc] = self.doc.value_pos.get((*loc, chosen), self.doc.value_pos.get(loc, (1, 1)))
        self.replace.append((loc, text))

    def missing(self, loc: Loc, present: list[str]) -> None:
        absent = [code for code in self.languages if code not in present]
        if absent:
            names = ", ".join(f"'{code}'" for code in absent)
            self.warnings.append(Diagnostic("warning", ngettext(
                "this text has no {names} version (the file declares languages: {codes})",
                "this text has no {names} versions (the file declares languages: {codes})", len(absent)).format(
                names=names, codes=", ".join(self.languages)), self.doc.pos(loc)))


def _assign(data: Any, loc: Loc, value: str) -> None:
    for step in loc[:-1]:
        data = data[step]
    data[loc[-1]] = value
