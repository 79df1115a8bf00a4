"""Path reports as streamed text: one module per format, registered in one dict.

Each report is a generator of text chunks, so a million paths never sit in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .csv_report import csv_report
from .json_report import json_report
from .markdown_report import markdown_report

Report = Callable[..., Iterator[str]]

REPORTS: dict[str, Report] = {"json": json_report, "csv": csv_report, "markdown": markdown_report}

__all__ = ["REPORTS", "Report", "csv_report", "json_report", "markdown_report"]
