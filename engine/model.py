"""Pydantic models of the scenario file format (the format page, version 1).

They check the shape of a file (keys, types) and give `scenarios schema` its JSON
Schema.  Meaning (references, expressions, cycles) is checked later, with positions.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

FORMAT_VERSION = 1
ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"

SOURCE_ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
# Source ids never appear in expressions, so they may also hold '-' and '.' (the format
# page's own example cites `art-1`, and article file names make natural ids).
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Scalar = bool | int | float | str


def _finite(value: float) -> float:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Number = Annotated[float, AfterValidator(_finite)]


def _date_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("must be a date written YYYY, YYYY-MM or YYYY-MM-DD")
    text = str(value)
    import re

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ValueError(f"'{text}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
    return text


DateText = Annotated[Any, AfterValidator(_date_text),
                     WithJsonSchema({"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"})]


def _effect(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) != {"set"}:
            extra = sorted(set(value) - {"set"})
            raise ValueError(f"an effect mapping takes only 'set' (found {', '.join(map(repr, extra)) or 'nothing'})")
        value = value["set"]
        if not isinstance(value, Scalar):
            raise ValueError("'set' takes a level name, a number or true/false")
        return {"set": _finite(value) if isinstance(value, float) else value}
    if isinstance(value, Scalar):
        return _finite(value) if isinstance(value, float) else value
    raise ValueError("an effect is a number, a level name, true/false, or {set: value}")


Effect = Annotated[Any, AfterValidator(_effect), WithJsonSchema({
    "description": "a number (move/add), a level name, true/false, or {set: value}",
    "anyOf": [{"type": ["number", "string", "boolean"]},
              {"type": "object", "properties": {"set": {"type": ["number", "string", "boolean"]}},
               "required": ["set"], "additionalProperties": False}]})]


def _weight(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("a weight is a number ≥ 0 or an expression")
    if isinstance(value, float):
        _finite(value)
    if isinstance(value, int | float) and value < 0:
        raise ValueError(f"a weight can't be negative (got {value})")
    return value


Weight = Annotated[Any, AfterValidator(_weight),
                   WithJsonSchema({"type": ["number", "string"], "description": "a number ≥ 0 or an expression"})]


def _scalar(value: Any) -> Any:
    if value is not None and not isinstance(value, Scalar):
        raise ValueError("must be a level name, a number or true/false")
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
    note: str | None = None


class Actor(_Strict):
    name: Text
    color: Annotated[str, StringConstraints(pattern=r"^(#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3}|[a-z]+)$")] | None = None
    values: dict[Id, Number] = Field(default_factory=dict, description="weight of each indicator in the score")
    note: str | None = None


class Indicator(_Strict):
    type: Literal["levels", "number", "flag"] | None = Field(
        None, description="levels when 'levels' is given, flag when start is true/false, else number")
    label: str | None = None
    levels: list[Id] | None = None
    start: StartValue = None
    min: Number | None = None
    max: Number | None = None
    description: str | None = None
    note: str | None = None

    @property
    def kind(self) -> str:
        if self.type:
            return self.type
        if self.levels is not None:
            return "levels"
        if isinstance(self.start, bool):
            return "flag"
        return "number"


class Assumption(_Strict):
    value: Number
    low: Number | None = None
    high: Number | None = None
    label: str | None = None
    note: str | None = None


class Branch(_Strict):
    label: Text
    to: Id
    effects: dict[Id, Effect] = Field(default_factory=dict)
    when: str | bool | None = None
    weight: Weight | None = None
    sources: list[SourceId] = Field(default_factory=list)
    note: str | None = None
    description: str | None = None


class Node(_Strict):
    type: Literal["decision", "chance", "outcome"]
    label: Text
    description: str | None = None
    phase: str | None = None
    sources: list[SourceId] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    note: str | None = None
    actor: Id | None = None
    branches: list[Branch] | None = None
    effects: dict[Id, Effect] = Field(default_factory=dict, description="outcome: applied on arrival")
    payoffs: dict[Id, Number] = Field(default_factory=dict, description="outcome: added to each actor's score")


class ScenarioFile(_Strict):
    """A whole scenario file."""

    format: int = FORMAT_VERSION
    title: Text
    summary: str | None = None
    as_of: DateText | None = None
    disclaimer: Text | None = None
    tags: list[str] = Field(default_factory=list)
    sources: dict[SourceId, Source] = Field(default_factory=dict)
    actors: dict[Id, Actor] = Field(default_factory=dict)
    indicators: dict[Id, Indicator] = Field(default_factory=dict)
    assumptions: dict[Id, Assumption] = Field(default_factory=dict)
    start: Id
    nodes: dict[Id, Node]


DEFAULT_DISCLAIMER = (
    "Illustrative, not a forecast: this model explores possibilities; "
    "any weights follow from the stated assumptions."
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to autocomplete and check scenario files."""
    schema = ScenarioFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Scenario file (format 1)"
    return schema
