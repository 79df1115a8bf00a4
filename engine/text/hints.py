"""How to write it instead: hints for the slips people make most when writing a scenario by hand."""

from __future__ import annotations

import re

from .i18n import N_, _

_LONE_EQUALS = re.compile(r"(?<![=!<>])=(?!=)")
_FLOW_COLON = re.compile(r"([A-Za-z_]\w*):\s+([^,{}\[\]\"']*?:\s[^,{}\[\]]*)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def expression_hint(source: str) -> str:
    """A hint for an expression Python can't read: `x = false`, `60%`; '' when none applies."""
    percent = _PERCENT.search(source)
    if percent:
        share = float(percent.group(1)) / 100
        return "; " + _("weights are plain numbers: write {share} for {written}").format(
            share=f"{share:g}", written=percent.group(0).replace(" ", ""))
    if _LONE_EQUALS.search(source):
        return "; " + _("'=' is not a comparison, '==' is: write '{text}'").format(text=_LONE_EQUALS.sub("==", source))
    return ""


def yaml_hint(problem: str, line: str) -> str:
    """A hint for a YAML syntax error on `line`; '' when none applies."""
    if "did not find expected ',' or '}'" in problem:
        inside = _FLOW_COLON.search(line)
        if inside:
            key, value = inside.group(1), inside.group(2).strip()
            return "; " + _("in {{...}}, the text after '{key}:' holds ': ', which YAML reads as a new key: quote it, "
                            "e.g. {example}").format(key=key, example=f'{key}: "{value}"')
    if "mapping values are not allowed" in problem:
        key, _colon, value = line.strip().lstrip("- ").partition(":")
        value = value.strip()
        if key and ": " in value and not value.startswith(('"', "'", "{", "[")):
            return "; " + _("the text after '{key}:' holds ': ', which YAML reads as a new key: quote it, "
                            "e.g. {example}").format(key=key.strip(), example=f'{key.strip()}: "{value}"')
    return ""


# What the YAML reader says (its own English, kept as the English words), in the reader's language.
_YAML_PROBLEMS = {text: text for text in (
    N_("mapping values are not allowed in this context"),
    N_("mapping values are not allowed here"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected node content"),
    N_("found character that cannot start any token"),
    N_("found unexpected end of stream"),
    N_("found unexpected ':'"),
    N_("found unknown escape character"),
    N_("found undefined tag handle"),
    N_("expected a single document in the stream"),
)}


def yaml_problem(problem: str) -> str:
    """The YAML reader's problem in the reader's language; its own words when not known here."""
    known = _YAML_PROBLEMS.get(problem.strip())
    if known is not None:
        return _(known)
    if problem.startswith("expected <block end>"):
        return _("the indentation does not match the lines above") + f" ({problem})"
    return problem
