"""Assumption sets from a spreadsheet (CSV or .xlsx): one column per group, or one row per group.

A facilitator's sheet holds a room's worth of sets.  Which way round it is follows
from where the assumption names are: down the first column (then each further
column is a group, named in the first row) or across the first row (then each
further row is a group, named in the first column).  The group names may be left
out: a sheet whose first cell is itself an assumption name has no row (or column)
of group names, and its groups are called "group 1", "group 2" ….  Every cell is checked as a
YAML assumptions file is, and each problem names its cell (FILE:ROW:COLUMN).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

from scenarios.engine.errors import Diagnostic, Position, ScenarioError, UsageError, did_you_mean
from scenarios.engine.files import read_input
from scenarios.engine.text.i18n import _

SHEET_SUFFIXES = (".csv", ".xlsx")
Grid = list[list[Any]]
MAX_ROWS = 10_000  # a room's worth of groups is a few hundred; more is a wrong file, refused before it is all read
MAX_COLUMNS = 1_000


def is_sheet(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SHEET_SUFFIXES


def read_grid(path: Path) -> Grid:
    """The sheet's cells, row by row (the first worksheet of a workbook); blank cells are None."""
    raw = read_input(path, "a CSV or .xlsx sheet")  # a regular file, size-capped: never /dev/zero or a FIFO
    if path.suffix.lower() == ".csv":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError(_("{path}: not UTF-8 text; save the sheet as CSV UTF-8").format(path=path)) from None
        try:
            rows = _capped(path, csv.reader(io.StringIO(text)))
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
    try:
        sheet = book.worksheets[0]
        rows, columns = sheet.max_row or 0, sheet.max_column or 0  # the size the workbook declares, read first
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            raise UsageError(_too_big(path, rows, columns))
        return [[cell.strip() or None if isinstance(cell, str) else cell for cell in row]
                for row in _capped(path, sheet.iter_rows(values_only=True))]
    finally:
        book.close()


def _capped(path: Path, rows: Any) -> Grid:
    """The rows, refused as soon as there are more than MAX_ROWS or one is wider than MAX_COLUMNS."""
    out: Grid = []
    for row in rows:
        if len(out) >= MAX_ROWS or len(row) > MAX_COLUMNS:
            raise UsageError(_too_big(path, len(out) + 1, len(row)))
        out.append(list(row))
    return out


def _too_big(path: Path, rows: int, columns: int) -> str:
    return (f"{path}: the sheet is too large ({rows:,} rows, {columns:,} columns at least; the limit is "
            f"{MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns): give one row or column per group")


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
    shift = (0, 0)  # cells added in front (a blank row or column of group names), left out of cell names
    if isinstance(grid[0][0], str) and grid[0][0] in known:  # no group names: the first cell is a name
        down_all = sum(1 for r in grid if isinstance(r[0], str) and r[0] in known)
        across_all = sum(1 for c in grid[0] if isinstance(c, str) and c in known)
        if across_all > down_all or (across_all == down_all and len(grid) > width):
            grid, shift = [[None, *r] for r in grid], (0, 1)  # names across the first row: no group column
        else:
            grid, shift = [[None] * width, *grid], (1, 0)  # names down the first column: no group row
        width = len(grid[0])
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
        row, col = row - shift[0], col - shift[1]
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
