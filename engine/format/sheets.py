"""Assumption sets from a spreadsheet (CSV or .xlsx): one column per group, or one row per group.

A facilitator's sheet holds a room's worth of sets.  Which way round it is follows
from where the assumption names are: down the first column (then each further
column is a group, named in the first row) or across the first row (then each
further row is a group, named in the first column).  Every cell is checked as a
YAML assumptions file is, and each problem names its cell (FILE:ROW:COLUMN).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

from scenarios.engine.errors import Diagnostic, Position, ScenarioError, UsageError, did_you_mean
from scenarios.engine.text.i18n import _

SHEET_SUFFIXES = (".csv", ".xlsx")
Grid = list[list[Any]]


def is_sheet(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SHEET_SUFFIXES


def read_grid(path: Path) -> Grid:
    """The sheet's cells, row by row (the first worksheet of a workbook); blank cells are None."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(_("{path}: can't be read ({reason})").format(path=path, reason=exc.strerror or exc)) from None
    if path.suffix.lower() == ".csv":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError(_("{path}: not UTF-8 text; save the sheet as CSV UTF-8").format(path=path)) from None
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as exc:
            raise UsageError(_("{path}: not readable as CSV ({reason})").format(path=path, reason=exc)) from None
        return [[cell.strip() or None for cell in row] for row in rows]
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UsageError(_("{path}: not readable as an .xlsx workbook ({reason})").format(
            path=path, reason=exc)) from None
    sheet = book.worksheets[0]
    grid = [[cell.strip() or None if isinstance(cell, str) else cell for cell in row]
            for row in sheet.iter_rows(values_only=True)]
    book.close()
    return grid


def cell_name(row: int, col: int) -> str:
    """Spreadsheet notation for 0-based row and column: (2, 1) → B3."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def parse_sets(grid: Grid, known: dict[str, Any], file: str, check: Any) -> dict[str, dict[str, float]]:
    """Group name → {assumption: value}; `check(name, value)` returns a range problem or None."""
    grid = [row for row in grid if any(c is not None for c in row)] if grid else []
    if not grid:
        raise ScenarioError([Diagnostic("error", _("the sheet is empty"), Position(file))])
    width = max(len(r) for r in grid)
    grid = [list(r) + [None] * (width - len(r)) for r in grid]
    down = sum(1 for r in grid[1:] if isinstance(r[0], str) and r[0] in known)
    across = sum(1 for c in grid[0][1:] if isinstance(c, str) and c in known)
    if not down and not across:
        raise ScenarioError([Diagnostic(
            "error", _("no assumption names found: put them down the first column (one column per group) or "
                       "across the first row (one row per group); this scenario has: {names}").format(
                names=", ".join(known) or _("none")),
            Position(file, 1, 1))])
    cells = grid if down >= across else [list(col) for col in zip(*grid, strict=True)]
    at = (lambda r, c: (r, c)) if down >= across else (lambda r, c: (c, r))
    problems: list[Diagnostic] = []
    groups: dict[str, dict[str, float]] = {}
    names = [(r, cells[r][0]) for r in range(1, len(cells)) if cells[r][0] is not None]

    def problem(r: int, c: int, message: str) -> None:
        row, col = at(r, c)
        where = Position(file, row + 1, col + 1)
        problems.append(Diagnostic("error", message + " " + _("(cell {cell})").format(cell=cell_name(row, col)), where))

    for r, name in names:
        if not isinstance(name, str) or name not in known:
            problem(r, 0, _("unknown assumption '{name}'").format(name=name) + did_you_mean(str(name), known) + "; "
                    + _("this scenario has: {names}").format(names=", ".join(known) or _("none")))
    for c in range(1, len(cells[0])):
        column = [cells[r][c] for r, _name in names]
        if cells[0][c] is None and all(v is None for v in column):
            continue
        label = str(cells[0][c]) if cells[0][c] is not None else _("group {number}").format(number=c)
        base, k = label, 2
        while label in groups:
            label, k = f"{base} ({k})", k + 1
        values: dict[str, float] = {}
        for r, name in names:
            value = cells[r][c]
            if value is None or not isinstance(name, str) or name not in known:
                continue
            number = _number(value)
            if number is None:
                problem(r, c, _("'{name}' should be a number, not {value}").format(name=name, value=repr(value)))
                continue
            trouble = check(name, number)
            if trouble:
                problem(r, c, trouble)
                continue
            values[name] = number
        groups[label] = values
    if problems:
        raise ScenarioError(problems)
    if not groups:
        raise ScenarioError([Diagnostic("error", _("the sheet names assumptions but gives no group's values"),
                                        Position(file, 1, 1))])
    return groups


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
