"""The marker our writers put in a fixed place of every file they write, and the test for it.

`render`, `export` and `sensitivity` replace their own earlier output without --force
and refuse anyone else's file.  "Ours" means a marker in a fixed place: a whole marker
line among the first two lines (text formats, SVG after its XML declaration), the
PNG text chunk right after the header chunk, or the last line of a PDF.  A notes
file or a scenario that merely mentions the phrase is not ours.
"""

from __future__ import annotations

import os
import stat
import struct
import zlib
from pathlib import Path

RENDER = "Drawn by scenarios render"
EXPORT = "Written by scenarios export"
CHART = "Written by scenarios sensitivity"
UNCERTAINTY = "Written by scenarios uncertainty"

# The first line of our DOT and Mermaid files, exactly.
FIRST_LINES = (
    f"// {RENDER}; edit the scenario file, not this one.",
    f"%% {RENDER}; edit the scenario file, not this one.",
    f"# {UNCERTAINTY}",  # uncertainty's CSV of one row per set
)
# The second line of our SVG, GraphML, JSON and EFG files: exactly, or (EFG) its fixed start.
SECOND_LINES = (
    f"<!-- {RENDER} -->",
    f"<!-- {CHART} -->",
    f"<!-- {UNCERTAINTY} -->",
    f'  "generator": "{UNCERTAINTY}",',
    f"<!-- {EXPORT} -->",
    f'  "generator": "{EXPORT}",',
)
SECOND_LINE_STARTS = (f'"{EXPORT} from scenario ',)
_PNG_AT = 8 + 4 + 4 + 13 + 4  # signature, IHDR length, type, data, crc


def svg(data: bytes, text: str) -> bytes:
    """The SVG with `<!-- text -->` as its second line (after the XML declaration)."""
    head, _, rest = data.partition(b"\n")
    return head + f"\n<!-- {text} -->\n".encode() + rest


def _png_chunk(text: str) -> bytes:
    body = b"Software\x00" + text.encode("latin-1")
    return struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))


def png(data: bytes, text: str) -> bytes:
    """The PNG with a tEXt "Software" chunk right after the header chunk."""
    return data[:_PNG_AT] + _png_chunk(text) + data[_PNG_AT:]


def pdf(data: bytes, text: str) -> bytes:
    """The PDF with a last comment line (readers ignore comments after %%EOF)."""
    return data.rstrip(b"\n") + f"\n% {text}\n".encode()


def stamped(head: bytes, tail: bytes) -> bool:
    """True when `head` (the file's first bytes) or `tail` (its last) carries a marker in its place."""
    if head.startswith(b"\x89PNG"):
        return any(head[_PNG_AT:].startswith(_png_chunk(t)) for t in (RENDER, CHART, UNCERTAINTY))
    if head.startswith(b"%PDF"):
        last = tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]
        return last in (f"% {RENDER}".encode(), f"% {CHART}".encode())
    lines = [line.decode("utf-8", "replace").rstrip("\r") for line in head.split(b"\n", 2)[:2]]
    if lines and lines[0] in FIRST_LINES:
        return True
    return len(lines) == 2 and (lines[1] in SECOND_LINES or lines[1].startswith(SECOND_LINE_STARTS))


def is_ours(path: Path) -> bool:
    """Whether the regular file at `path` was written by scenarios (reads at most 8 KB of it)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return False
        head = os.read(fd, 4096)
        os.lseek(fd, max(0, info.st_size - 256), os.SEEK_SET)
        tail = os.read(fd, 256)
    except OSError:
        return False
    finally:
        os.close(fd)
    return stamped(head, tail)
