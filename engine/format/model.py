"""Pydantic models of the scenario file format (the format page, version 1).

They check the shape of a file (keys, types) and give `scenarios schema` its JSON
Schema.  Meaning (references, expressions, cycles) is checked later, with positions.
"""

from __future__ import annotations

import math
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from scenarios.engine.errors import did_you_mean
from scenarios.engine.text.i18n import LANGUAGE_PATTERN, _

from .colors import CSS_COLORS
from .schema import finish_schema

FORMAT_VERSION = 1
ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"

SOURCE_ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
# Source ids never appear in expressions, so they may also hold '-' and '.' (the format
# page's own example cites `art-1`, and article file names make natural ids).
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_ID_PATTERN)]
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]


class _Translatable:
    """Marks a field whose text may be written in several languages (a map of language code to text);
    the loader picks one language before validation, so the models only ever see plain text."""


TRANSLATABLE = _Translatable()


def _translatable_schema(min_length: int) -> WithJsonSchema:
    text: dict[str, Any] = {"type": "string", "minLength": min_length} if min_length else {"type": "string"}
    return WithJsonSchema({"anyOf": [text, {
        "type": "object", "description": "the same text in each language declared by 'languages'",
        "propertyNames": {"pattern": LANGUAGE_PATTERN}, "additionalProperties": text, "minProperties": 1}]})


MAX_TEXT = 1000  # characters in a title, name or label: diagrams must be able to draw it


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError(_("can't be only spaces"))
    if len(value) > MAX_TEXT:
        raise ValueError(_("is {count} characters long; a title, name or label takes at most {limit} (put longer "
                           "text in 'description' or 'note')").format(count=f"{len(value):,}", limit=f"{MAX_TEXT:,}"))
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_text), TRANSLATABLE,
                 _translatable_schema(1)]
# Optional prose (notes, descriptions) may be empty, as before; it may be translated too.
Prose = Annotated[str, TRANSLATABLE, _translatable_schema(0)]
Scalar = bool | int | float | str


def _finite(value: float) -> float:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(_("must be a finite number"))
    return value


Number = Annotated[float, AfterValidator(_finite)]
# an actor's value or an outcome's payoff: a number, or the name of an assumption that holds it (so a group can set it)
Worth = Annotated[Number | Annotated[str, StringConstraints(pattern=ID_PATTERN)], WithJsonSchema({
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": ID_PATTERN,
                                   "description": "the name of an assumption that holds the number"}]})]


def _date_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(_("must be a date written YYYY, YYYY-MM or YYYY-MM-DD"))
    text = str(value)
    import re

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ValueError(_("'{text}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD").format(text=text))
    import datetime

    year, month, day = (int(p) for p in (text + "-01-01")[:10].split("-"))
    try:
        datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("'{text}' is not a real date").format(text=text)) from None
    return text


DateText = Annotated[Any, AfterValidator(_date_text),
                     WithJsonSchema({"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"})]


def _color_name(value: str) -> str:

    if not value.startswith("#") and value not in CSS_COLORS:

        raise ValueError(_("'{value}' is not a colour name").format(value=value) + did_you_mean(value, CSS_COLORS)
                         + "; " + _("use #rrggbb, #rgb or a CSS colour name"))
    return value


def _effect(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) != {"set"}:
            extra = sorted(set(value) - {"set"})
            raise ValueError(_("an effect mapping takes only 'set' (found {keys})").format(
                keys=", ".join(map(repr, extra)) or _("nothing")))
        value = value["set"]
        if not isinstance(value, Scalar):
            raise ValueError(_("'set' takes a level name, a number or true/false"))
        return {"set": _finite(value) if isinstance(value, float) else value}
    if isinstance(value, Scalar):
        return _finite(value) if isinstance(value, float) else value
    raise ValueError(_("an effect is a number, a level name, true/false, or {{set: value}}").format())


Effect = Annotated[Any, AfterValidator(_effect), WithJsonSchema({
    "description": "a number (move/add), a level name, true/false, or {set: value}",
    "anyOf": [{"type": ["number", "string", "boolean"]},
              {"type": "object", "properties": {"set": {"type": ["number", "string", "boolean"]}},
               "required": ["set"], "additionalProperties": False}]})]


def _weight(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(_("a weight is a number ≥ 0 or an expression"))
    if isinstance(value, float):
        _finite(value)
    if isinstance(value, int | float) and value < 0:
        raise ValueError(_("a weight can't be negative (got {value})").format(value=value))
    return value


Weight = Annotated[Any, AfterValidator(_weight),
                   WithJsonSchema({"type": ["number", "string"], "description": "a number ≥ 0 or an expression"})]


def _scalar(value: Any) -> Any:
    if value is not None and not isinstance(value, Scalar):
        raise ValueError(_("must be a level name, a number or true/false"))
    return value


StartValue = Annotated[Any, AfterValidator(_scalar), WithJsonSchema({"type": ["number", "string", "boolean"]})]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(_Strict):
    title: Text
    publisher: str | None = None
    date: DateText | None = None
    url: str | None = None
    file: str | None = Field(None, description="a document the scenario was drawn from")
    note: Prose | None = None


def _risk(value: Any) -> Any:
    if value == "neutral":
        return value
    if isinstance(value, dict) and set(value) == {"tolerance"}:
        t = value["tolerance"]
        if isinstance(t, bool) or not isinstance(t, int | float):
            raise ValueError(_("risk tolerance is a number above 0, as in {{tolerance: 50}}").format())
        return {"tolerance": _finite(float(t))}
    raise ValueError(_("risk is 'neutral' or {{tolerance: T}} with T > 0 (exponential utility; smaller T is more "
                       "cautious)").format())


Risk = Annotated[Any, AfterValidator(_risk), WithJsonSchema({
    "description": "neutral (the default), or {tolerance: T}: exponential utility with risk tolerance T > 0 "
                   "(in score units) applied to the score before averaging at chance nodes",
    "anyOf": [{"const": "neutral"},
              {"type": "object", "properties": {"tolerance": {"type": "number", "exclusiveMinimum": 0}},
               "required": ["tolerance"], "additionalProperties": False}]})]


class Actor(_Strict):
    name: Text
    color: Annotated[str, StringConstraints(pattern=r"^(#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3}|[a-z]+)$"),
                     AfterValidator(_color_name)] | None = None
    values: dict[Id, Worth] = Field(default_factory=dict, description="weight of each indicator in the score: a number "
                                                                       "or the name of an assumption")
    note: Prose | None = None
    risk: Risk | None = None

    @property
    def tolerance(self) -> float | None:
        """The risk tolerance, or None for a risk-neutral actor."""
        return self.risk["tolerance"] if isinstance(self.risk, dict) else None


class Indicator(_Strict):
    type: Literal["levels", "number", "flag"] | None = Field(
        None, description="levels when 'levels' is given, flag when start is true/false, else number")
    label: Prose | None = None
    levels: list[Id] | None = None
    level_labels: dict[Id, Text] = Field(
        default_factory=dict, description="how a level reads in tables (it may be translated); "
                                          "expressions keep using the level names")
    start: StartValue = None
    min: Number | None = None
    max: Number | None = None
    description: Prose | None = None
    note: Prose | None = None

    @property
    def kind(self) -> str:
        if self.type:
            return self.type
        if self.levels is not None:
            return "levels"
        if isinstance(self.start, bool):
            return "flag"
        return "number"


DISTRIBUTIONS = ("uniform", "triangular", "beta", "normal")


class Assumption(_Strict):
    value: Number
    low: Number | None = None
    high: Number | None = None
    label: Prose | None = None
    note: Prose | None = None
    dist: Literal["uniform", "triangular", "beta", "normal"] | None = Field(
        None, description="how it varies over low..high when sampled: uniform (default), triangular (mode = value), "
                          "beta (shape: [a, b]) or normal (mean = value, sd), truncated to the range")
    shape: list[Number] | None = Field(None, description="dist: beta: the two shape parameters [a, b], both > 0")
    sd: Number | None = Field(None, description="dist: normal: the standard deviation (> 0)")


class Signpost(_Strict):
    """Something observable that would suggest a branch (or a node's event) is unfolding."""

    label: Text
    sources: list[SourceId] = Field(default_factory=list)


class Branch(_Strict):
    label: Text
    to: Id
    effects: dict[Id, Effect] = Field(default_factory=dict)
    when: str | bool | None = None
    weight: Weight | None = None
    sources: list[SourceId] = Field(default_factory=list)
    note: Prose | None = None
    description: Prose | None = None
    stance: Literal["cooperative", "escalatory", "neutral"] | None = Field(
        None, description="how the deciding actor's option reads: for balance reports, never for scoring")
    signposts: list[Signpost] = Field(default_factory=list,
                                      description="what a group could watch for that would suggest this branch")


class Node(_Strict):
    type: Literal["decision", "chance", "outcome"]
    label: Text
    description: Prose | None = None
    phase: Prose | None = None
    sources: list[SourceId] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    note: Prose | None = None
    actor: Id | None = None
    branches: list[Branch] | None = None
    effects: dict[Id, Effect] = Field(default_factory=dict, description="outcome: applied on arrival")
    payoffs: dict[Id, Worth] = Field(default_factory=dict, description="outcome: added to each actor's score "
                                                                        "(a number or the name of an assumption)")
    signposts: list[Signpost] = Field(default_factory=list,
                                      description="what a group could watch for that would suggest this event")


class ScenarioFile(_Strict):
    """A whole scenario file."""

    format: Annotated[int, Field(ge=1)] = FORMAT_VERSION
    languages: list[Language] | None = Field(
        None, description="languages the text is written in, the default first; "
                          "any text may then be a map of language code to text")
    title: Text
    summary: Prose | None = None
    as_of: DateText | None = None
    disclaimer: Text | None = None
    tags: list[str] = Field(default_factory=list)
    sources: dict[SourceId, Source] = Field(default_factory=dict)
    actors: dict[Id, Actor] = Field(default_factory=dict)
    indicators: dict[Id, Indicator] = Field(default_factory=dict)
    assumptions: dict[Id, Assumption] = Field(default_factory=dict)
    start: Id
    nodes: dict[Id, Node]




def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to autocomplete and check scenario files."""
    schema = ScenarioFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Scenario file (format 1)"

    return finish_schema(schema)


def fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at `loc`, found by following the models' annotations."""
    current: Any = ScenarioFile
    for step in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(step))
            if field is None:
                return []
            current = field.annotation
            continue
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin is dict:
            current = args[1]
        elif origin is list:
            current = args[0]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if typing.get_origin(a) in (dict, list) or
                      (isinstance(a, type) and issubclass(a, BaseModel))]
            annotation = models[0] if models else args[0]
            continue
        return annotation
