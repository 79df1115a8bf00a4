"""The documentation's files and code blocks, for the tests that keep them true (each found by file and line)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
GUIDES = ROOT / "docs" / "guides"
# Every page with examples: the front door, the docs' own pages, the guides shipped in the package.
# A guide's translations (TOPIC.LANG.md) after the originals: an example shown in both is named by the original.
PAGES = [README, *sorted((ROOT / "docs").glob("*.md")),
         *sorted(GUIDES.glob("*.md"), key=lambda page: (page.name.count(".") > 1, page.name))]
# Every page whose links and words are checked: the pages above and the changelog.
ALL_PAGES = [*PAGES, ROOT / "CHANGELOG.md"]


def where(page: Path, line: int | None = None) -> str:
    """`docs/guides/workshop.md:42`: a place a reader can open."""
    name = page.relative_to(ROOT).as_posix()
    return name if line is None else f"{name}:{line}"


@dataclass(frozen=True)
class Block:
    """A fenced code block: its language, the line of its first content line, its lines."""

    page: Path
    lang: str
    line: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def blocks(page: Path) -> list[Block]:
    found: list[Block] = []
    lang: str | None = None  # inside a block: its language
    start = 0
    body: list[str] = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            if lang is None:
                lang, start, body = line[3:].strip(), number + 1, []
            else:
                found.append(Block(page, lang, start, tuple(body)))
                lang = None
        elif lang is not None:
            body.append(line)
    return found


def prose(page: Path) -> list[tuple[int, str]]:
    """The lines outside code blocks, numbered."""
    inside, kept = False, []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            inside = not inside
        elif not inside:
            kept.append((number, line))
    return kept


@dataclass(frozen=True)
class Example:
    """A command as a page shows it, with the transcript that follows it, if any."""

    command: str
    transcript: str | None
    place: str


def examples(page: Path) -> list[Example]:
    """Commands in the page's shell blocks (lines that start with `scenarios `, or one `$ scenarios ...`
    transcript per block), and in the workshop guide's timings table (rows that start `| 0–5 |`)."""
    found = []
    for block in blocks(page):
        if block.lang not in ("", "sh"):
            continue
        if block.lines and block.lines[0].startswith("$ scenarios "):
            found.append(Example(block.lines[0][2:], block.text.split("\n", 1)[1], where(page, block.line)))
            continue
        found += [Example(line.split("  #")[0].strip(), None, where(page, block.line + k))
                  for k, line in enumerate(block.lines) if line.startswith("scenarios ")]
    for number, line in prose(page):
        if re.match(r"\| \d+–\d+ \|", line):
            commands = re.findall(r"`(scenarios [^`]+)`", line)
            found += [Example(command, None, where(page, number)) for command in commands]
    return sorted(found, key=lambda e: int(e.place.rsplit(":", 1)[1]))
