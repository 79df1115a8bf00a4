"""Writing analysis outputs (exports, charts) through the shared output policy of engine.files."""

from __future__ import annotations

from scenarios.engine.files import write_output
from scenarios.engine.stamps import EXPORT

MARK = EXPORT.removesuffix(" export").encode()  # "Written by scenarios"; exports add " export"

__all__ = ["MARK", "write_output"]
