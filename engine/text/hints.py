"""How to write it instead: hints for the slips people make most when writing a scenario by hand."""

from __future__ import annotations

import re

from .i18n import _

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
            return (f"; in {{...}}, the text after '{key}:' holds ': ', which YAML reads as a new key: quote it, "
                    f'e.g. {key}: "{value}"')
    if "mapping values are not allowed" in problem:
        key, _, value = line.strip().lstrip("- ").partition(":")
        value = value.strip()
        if key and ": " in value and not value.startswith(('"', "'", "{", "[")):
            return (f"; the text after '{key.strip()}:' holds ': ', which YAML reads as a new key: quote it, "
                    f'e.g. {key.strip()}: "{value}"')
    return ""
