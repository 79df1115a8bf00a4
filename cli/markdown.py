"""Markdown reflowed to the terminal's width: the guides are hard-wrapped for an editor, not a projector.

Paragraphs and list items (with their hanging indent) are rewrapped to the width, at spaces only:
no word is split and the words stay in order. Headings, fenced code blocks, tables, block quotes,
indented code and rules are kept as written. An inline code span that fits a line is kept on one.
A line of a shell example too wide for the terminal has its trailing comment moved above it.
"""

from __future__ import annotations

import re
import textwrap

_ITEM = re.compile(r"(\s*)([-*+]|\d{1,9}[.)])(\s+)(?=\S)")
_HEADING = re.compile(r"\s{0,3}#{1,6}(\s|$)")
_RULE = re.compile(r"\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"\s*(`{3,}|~{3,})")
_COMMENT = re.compile(r"\s{0,3}<!--.*-->\s*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_GLUE = "\x1f"  # stands in for a space inside a code span while wrapping


def reflow(text: str, width: int) -> str:
    """`text` with its paragraphs and list items rewrapped to `width` columns; everything else as written."""
    out: list[str] = []
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        line = lines[k]
        fence = _FENCE.match(line)
        if fence:  # a fenced block, up to its closing fence (or the end), byte for byte
            end = next((j for j in range(k + 1, len(lines)) if lines[j].strip().startswith(fence.group(1))),
                       len(lines) - 1)
            out += [lines[k], *_code(lines[k + 1:end], width), *lines[end:end + 1]]
            k = end + 1
            continue
        if _indented_code(line, after_blank=not out or not out[-1].strip()):
            end = k + 1
            while end < len(lines) and (not lines[end].strip() or _indented_code(lines[end], after_blank=True)):
                end += 1
            out += lines[k:end]
            k = end
            continue
        if _COMMENT.match(line):  # a note to the page's editors (e.g. a generated part's markers), not shown
            k += 1
            continue
        if _kept(line):
            out.append(line)
            k += 1
            continue
        end = k + 1
        while end < len(lines) and not _ends_paragraph(lines[end]):
            end += 1
        out += _wrap(lines[k:end], width)
        k = end
    return "\n".join(out)


_SHELL_NOTE = re.compile(r"(\s*)(\S.*?)\s{2,}(# .*)$")


def _code(block: list[str], width: int) -> list[str]:
    """A code block as written, except that a line wider than `width` ending in "  # comment" (a shell
    example's note) has the comment on its own line above, at the command's indent."""
    out = []
    for line in block:
        split = _SHELL_NOTE.match(line) if len(line) > width else None
        out += [split.group(1) + split.group(3), split.group(1) + split.group(2)] if split else [line]
    return out


def _kept(line: str) -> bool:
    """A line kept as written: blank, a heading, a table row, a quote or a rule."""
    stripped = line.lstrip()
    return (not stripped or stripped.startswith(("|", ">")) or bool(_HEADING.match(line))
            or bool(_RULE.match(line)))


def _indented_code(line: str, after_blank: bool) -> bool:
    """A line of an indented code block: four spaces (or a tab) in, after a blank line, not a list item."""
    return after_blank and line.startswith(("    ", "\t")) and not _ITEM.match(line)


def _ends_paragraph(line: str) -> bool:
    """Whether `line` starts a block of its own rather than carrying on the paragraph above it."""
    item = _ITEM.match(line)  # as in CommonMark, only a numbered item that starts at 1 breaks a paragraph
    return (not line.strip() or bool(_FENCE.match(line)) or _kept(line) or bool(_COMMENT.match(line))
            or bool(item and (item.group(2) in ("-", "*", "+") or item.group(2)[:-1] == "1")))


def _wrap(block: list[str], width: int) -> list[str]:
    """A paragraph or list item rewrapped: the first line's indent (and marker), the rest hanging under its text."""
    item = _ITEM.match(block[0])
    if item:
        first = block[0][:item.end()]
        hanging = " " * len(first)
    else:
        first = hanging = block[0][:len(block[0]) - len(block[0].lstrip())]
    words = " ".join(line.strip() for line in block)[len(first.strip()):].strip()
    room = max(1, width - len(hanging))

    def glue(span: re.Match[str]) -> str:
        return span.group(0).replace(" ", _GLUE) if len(span.group(0)) <= room else span.group(0)

    wrapped = textwrap.wrap(_CODE_SPAN.sub(glue, words), width, initial_indent=first, subsequent_indent=hanging,
                            break_long_words=False, break_on_hyphens=False)
    return [line.replace(_GLUE, " ") for line in wrapped]
