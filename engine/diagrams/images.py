"""SVG, PNG and PDF: the DOT text run through Graphviz, each stamped so a later run knows the file is ours.

The stamp lets `render` overwrite its own earlier output without --force while
refusing to overwrite a file someone else made.
"""

from __future__ import annotations

import struct
import zlib

from .graphviz_run import run_dot

STAMP = "Drawn by scenarios render"


def svg(source: str) -> bytes:
    data = run_dot(source, "svg")
    head, _, rest = data.partition(b"\n")
    return head + f"\n<!-- {STAMP} -->\n".encode() + rest


def png(source: str) -> bytes:
    """PNG with a tEXt "Software" chunk after the header chunk."""
    data = run_dot(source, "png")
    body = b"Software\x00" + STAMP.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    end_of_header = 8 + 4 + 4 + 13 + 4  # signature, IHDR length, type, data, crc
    return data[:end_of_header] + chunk + data[end_of_header:]


def pdf(source: str) -> bytes:
    """PDF with a trailing comment line (readers ignore comments after %%EOF)."""
    return run_dot(source, "pdf").rstrip(b"\n") + f"\n% {STAMP}\n".encode()


def is_stamped(data: bytes) -> bool:
    return STAMP.encode() in data[:4096] or STAMP.encode() in data[-256:]
