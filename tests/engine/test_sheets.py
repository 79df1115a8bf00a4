"""Assumption sets from spreadsheets: both orientations, CSV and .xlsx, every problem at its cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios import engine
from scenarios.engine.errors import ScenarioError, UsageError
from scenarios.engine.format.assumptions import load_assumption_file, load_assumption_sets


@pytest.fixture
def mexico():
    return engine.load("mexico")


def test_one_column_per_group(tmp_path: Path, mexico) -> None:
    sheet = tmp_path / "room.csv"
    sheet.write_text("assumption,Hawks,Doves\np_coop_enough,0.2,0.6\np_clash,0.4,\n", encoding="utf-8")
    assert load_assumption_sets(mexico, sheet) == {"Hawks": {"p_coop_enough": 0.2, "p_clash": 0.4},
                                                   "Doves": {"p_coop_enough": 0.6}}


def test_one_row_per_group_in_a_workbook(tmp_path: Path, mexico) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in (["group", "p_coop_enough", "p_clash"], ["Hawks", 0.2, 0.4], ["Doves", 0.6, None]):
        book.active.append(row)
    sheet = tmp_path / "room.xlsx"
    book.save(sheet)
    assert load_assumption_sets(mexico, sheet) == {"Hawks": {"p_coop_enough": 0.2, "p_clash": 0.4},
                                                   "Doves": {"p_coop_enough": 0.6}}


def test_problems_name_their_cells(tmp_path: Path, mexico) -> None:
    sheet = tmp_path / "room.csv"
    sheet.write_text("group,p_coop_enough,p_clash,p_overide\nHawks,0.2,abc,0.1\nOwls,0.99,,\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_assumption_sets(mexico, sheet)
    lines = [str(d) for d in info.value.diagnostics]
    assert lines == [
        f"{sheet}:1:4: error: unknown assumption 'p_overide' (did you mean 'p_override'?); this scenario has: "
        "p_flow_coop, p_coop_enough, p_flow_joint, p_flow_strikes, p_clash, p_pullback, p_override, p_violence_coop, "
        "p_flow_campaign, v_us_civilian_risk, v_congress_limits, v_cartels_violence, v_us_leverage, v_mexico_concede "
        "(cell D1)",  # issue 19 added the last two (the trade review's values)
        f"{sheet}:2:3: error: 'p_clash' should be a number, not 'abc' (cell C2)",
        f"{sheet}:3:2: error: assumption 'p_coop_enough' = 0.99 is outside its range [0.02, 0.95] (cell B3)",
    ]


def test_a_command_taking_one_set_refuses_several(tmp_path: Path, mexico) -> None:
    sheet = tmp_path / "room.csv"
    sheet.write_text("assumption,Hawks,Doves\np_clash,0.4,0.1\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"holds 2 groups \(Hawks, Doves\)"):
        load_assumption_file(mexico, sheet)
    sheet.write_text("assumption,Hawks\np_clash,0.4\n", encoding="utf-8")
    assert load_assumption_file(mexico, sheet) == {"p_clash": 0.4}


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.csv", b"", "the sheet is empty"),
    ("nonames.csv", b"a,b\n1,2\n", "no assumption names found"),
    ("latin1.csv", "p_clash,\xe9\n".encode("latin-1"), "not UTF-8 text"),
    ("broken.xlsx", b"not a workbook", "not readable as an .xlsx workbook"),
])
@pytest.mark.big
def test_unreadable_sheets_get_one_line(tmp_path: Path, mexico, name: str, content: bytes, message: str) -> None:
    sheet = tmp_path / name
    sheet.write_bytes(content)
    with pytest.raises(ScenarioError, match=message):
        load_assumption_sets(mexico, sheet)


@pytest.mark.parametrize("text", ["p_coop_enough,p_clash\n0.3,0.4\n", "p_coop_enough,0.3\np_clash,0.4\n"])
def test_names_without_group_names_keep_every_assumption(tmp_path: Path, mexico, text: str) -> None:
    # issue 23, bug 2: names across the first row and no group column dropped p_coop_enough
    sheet = tmp_path / "g.csv"
    sheet.write_text(text, encoding="utf-8")
    assert load_assumption_sets(mexico, sheet) == {"group 1": {"p_coop_enough": 0.3, "p_clash": 0.4}}
    assert load_assumption_file(mexico, sheet) == {"p_coop_enough": 0.3, "p_clash": 0.4}


def test_problems_without_group_names_name_their_own_cells(tmp_path: Path, mexico) -> None:
    sheet = tmp_path / "g.csv"
    sheet.write_text("p_coop_enough,p_clash\n0.3,abc\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_assumption_sets(mexico, sheet)
    assert "(cell B2)" in str(info.value)

def test_a_sheet_that_is_not_a_regular_file_fails_at_once(tmp_path: Path, mexico) -> None:
    """`/dev/zero` or a FIFO named as a sheet is refused before a byte is read (no hang, no memory run-out)."""
    import os
    fifo = tmp_path / "room.csv"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero):
        with pytest.raises(UsageError, match="not a regular file"):
            load_assumption_sets(mexico, path)


@pytest.mark.big
def test_a_million_row_workbook_fails_fast(tmp_path: Path, mexico) -> None:
    """A workbook far larger than any room is refused from its declared size, before its rows are read."""
    import time
    import zipfile
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["group", "p_coop_enough"])
    small = tmp_path / "small.xlsx"
    book.save(small)
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>g{r}</t></is></c><c r="B{r}"><v>0.5</v></c></row>'
                   for r in range(2, 1_000_001))
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><dimension ref="A1:B1000000"/><sheetData><row r="1"><c r="A1" '
             f't="inlineStr"><is><t>group</t></is></c><c r="B1" t="inlineStr"><is><t>p_coop_enough</t></is></c>'
             f'</row>{rows}</sheetData></worksheet>')
    big = tmp_path / "room.xlsx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, sheet if item.filename == "xl/worksheets/sheet1.xml" else data)
    started = time.monotonic()
    with pytest.raises(UsageError, match="too large"):
        load_assumption_sets(mexico, big)
    assert time.monotonic() - started < 5


def test_a_csv_with_too_many_rows_is_refused(tmp_path: Path, mexico) -> None:
    sheet = tmp_path / "room.csv"
    sheet.write_text("group,p_coop_enough\n" + "g,0.5\n" * 20_000, encoding="utf-8")
    with pytest.raises(UsageError, match="too large"):
        load_assumption_sets(mexico, sheet)
