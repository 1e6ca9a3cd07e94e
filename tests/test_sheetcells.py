"""The fast cell read (reader.sheetcells) against openpyxl's own read of the same bytes.

``load_values`` must give, for every workbook, either None (the reader then loads it with
openpyxl) or exactly what ``openpyxl.load_workbook(data_only=True)`` gives for everything
the reader looks at: sheet names and states, every cell's value and data type (merged
cells included), merged ranges, row and column dimensions. Workbooks are drawn by
hypothesis (written by openpyxl and by xlsxwriter, the way Excel writes: shared strings),
then damaged by the fuzz test's mutator; and ``load_year`` gives the same YearInput or
the same issues whichever way the cells were read.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from test_fuzz import mutate, mutated_workbook

import roadfund.reader.sheetcells as sheetcells
from roadfund.issues import InputError
from roadfund.reader.load import load_year
from roadfund.reader.sheetcells import load_values

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "sample-2023.xlsx"

TEXT = st.text(
    alphabet=st.sampled_from(list("ab 中文&<>\"'\n\t;#x_0123456789.-")), max_size=12
) | st.sampled_from(["#N/A", "#DIV/0!", "=1+1", " 12 ", "1,000", "１２", "_x000D_", "x005F_"])
VALUES = st.one_of(
    st.none(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    TEXT,
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
)
FORMATS = st.sampled_from([None, "0.00", "yyyy-mm-dd", "[h]:mm:ss", "@", "#,##0"])
CELLS = st.dictionaries(
    st.tuples(st.integers(1, 12), st.integers(1, 6)),
    st.tuples(VALUES, FORMATS),
    max_size=40,
)
SHEET = st.fixed_dictionaries(
    {
        "cells": CELLS,
        "merged": st.lists(
            st.tuples(st.integers(1, 12), st.integers(1, 6), st.integers(0, 2), st.integers(0, 2)),
            max_size=2,
        ),
        "hidden_rows": st.sets(st.integers(1, 12), max_size=2),
        "zero_rows": st.sets(st.integers(1, 12), max_size=1),
        "hidden_cols": st.sets(st.integers(1, 6), max_size=2),
        "state": st.sampled_from(["visible", "visible", "hidden", "veryHidden"]),
    }
)
BOOKS = st.lists(SHEET, min_size=1, max_size=3)


def _by_openpyxl(sheets: list[dict[str, Any]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.worksheets[0])
    for index, sheet in enumerate(sheets):
        ws = wb.create_sheet(f"表{index}")
        for (row, col), (value, number_format) in sorted(sheet["cells"].items()):
            cell = ws.cell(row, col, value)
            if number_format is not None:
                cell.number_format = number_format
        merged: set[tuple[int, int]] = set()
        for row, col, down, right in sheet["merged"]:
            area = {(r, c) for r in range(row, row + down + 1) for c in range(col, col + right + 1)}
            if len(area) > 1 and not area & merged:
                merged |= area
                ws.merge_cells(
                    start_row=row, start_column=col, end_row=row + down, end_column=col + right
                )
        for row in sheet["hidden_rows"]:
            ws.row_dimensions[row].hidden = True
        for row in sheet["zero_rows"]:
            ws.row_dimensions[row].height = 0
        for col in sheet["hidden_cols"]:
            ws.column_dimensions[get_column_letter(col)].hidden = True
        ws.sheet_state = sheet["state"]
    if all(ws.sheet_state != "visible" for ws in wb.worksheets):
        wb.worksheets[0].sheet_state = "visible"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _by_xlsxwriter(sheets: list[dict[str, Any]]) -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    for index, sheet in enumerate(sheets):
        ws = wb.add_worksheet(f"表{index}")
        for (row, col), (value, number_format) in sorted(sheet["cells"].items()):
            style = wb.add_format({"num_format": number_format}) if number_format else None
            if isinstance(value, str):
                ws.write_string(row - 1, col - 1, value, style)
            elif isinstance(value, bool):
                ws.write_boolean(row - 1, col - 1, value, style)
            elif isinstance(value, dt.date):
                ws.write_datetime(
                    row - 1, col - 1, value, style or wb.add_format({"num_format": "yyyy-mm-dd"})
                )
            elif isinstance(value, int | float) and abs(value) < 1e300:
                ws.write_number(row - 1, col - 1, value, style)
            else:
                ws.write_blank(row - 1, col - 1, None, style)
        for row in sheet["hidden_rows"]:
            ws.set_row(row - 1, None, None, {"hidden": True})
        for col in sheet["hidden_cols"]:
            ws.set_column(col - 1, col - 1, None, None, {"hidden": True})
        if sheet["state"] != "visible" and index > 0:
            ws.hide()
    wb.close()
    return out.getvalue()


def _openpyxl(data: bytes) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)


def _seen(wb: Any) -> list[object]:
    """Everything of a loaded workbook that roadfund's reader reads."""
    from openpyxl.cell import MergedCell

    seen: list[object] = [wb.sheetnames, wb.epoch]
    for ws in wb.worksheets:
        cells = {
            key: (repr(cell.value), cell.data_type, isinstance(cell, MergedCell))
            for key, cell in sorted(ws._cells.items())
        }
        seen.append(
            (
                ws.title,
                ws.sheet_state,
                cells,
                [(r.min_row, r.min_col, r.coord) for r in ws.merged_cells.ranges],
                {r: (d.hidden, d.height) for r, d in sorted(ws.row_dimensions.items())},
                {k: (d.hidden, d.width, d.min, d.max) for k, d in ws.column_dimensions.items()},
                ws.max_row,
                ws.max_column,
                ws._current_row,
            )
        )
    return seen


def assert_same_as_openpyxl(data: bytes, *, fast: bool | None = None) -> None:
    """``load_values`` gives None or openpyxl's workbook; ``fast``: which is expected."""
    try:
        expected = _seen(_openpyxl(data))
    except Exception:  # openpyxl refuses it: the fast path must too
        assert load_values(data) is None
        return
    got = load_values(data)
    if fast is not None:
        assert (got is not None) is fast
    if got is not None:
        assert _seen(got) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BOOKS, st.booleans())
def test_drawn_workbooks_read_as_openpyxl_reads_them(
    sheets: list[dict[str, Any]], xw: bool
) -> None:
    data = _by_xlsxwriter(sheets) if xw else _by_openpyxl(sheets)
    assert_same_as_openpyxl(data, fast=True)  # both writers' output takes the fast path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BOOKS, st.booleans(), st.randoms(use_true_random=False))
def test_damaged_sheets_read_as_openpyxl_reads_them(
    sheets: list[dict[str, Any]], xw: bool, rng: random.Random
) -> None:
    data = _by_xlsxwriter(sheets) if xw else _by_openpyxl(sheets)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    targets = [n for n in parts if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml"]
    for name in rng.sample(targets, min(len(targets), rng.randint(1, 2))):
        parts[name] = mutate(parts[name], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    assert_same_as_openpyxl(out.getvalue())


@pytest.mark.parametrize(
    "before, after",
    [
        (b'<c r="B2" s="10"><v>2023</v></c>', b'<c r="B2" s="10"><v>2023</v><v>1</v></c>'),
        (b'<c r="B2" s="10"><v>2023</v></c>', b'<c r="B2" s="10"><v>20&#50;3</v></c>'),
        (b'<c r="B2" s="10"><v>2023</v></c>', b'<c r="B2" s="10"><!-- x --><v>2023</v></c>'),
        (b'<c r="B2" s="10"><v>2023</v></c>', b'<c s="10" r="B2"><v>2023</v></c>'),
        (b'<c r="B2" s="10"><v>2023</v></c>', b'<c r="B2" s="10" t="d"><v>2023-01-01</v></c>'),
        (b'<c r="B2" s="10"><v>2023</v></c>', b'<c r="B2" s="10"><v>20\r\n23</v></c>'),
        (b'<c r="B2" s="10"><v>2023</v></c>', b'<c r="B2" s="999"><v>2023</v></c>'),
        (b"<sheetData>", b'<sheetData><c r="Z9"><v>1</v></c>'),
    ],
)
def test_what_the_fast_path_does_not_know_is_left_to_openpyxl(before: bytes, after: bytes) -> None:
    """A second <v>, a character reference, a comment, attributes in another order, a date
    cell, a CR LF, a style beyond the table, a cell outside a row: not plain."""
    with zipfile.ZipFile(SAMPLE) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    name = "xl/worksheets/sheet2.xml"
    assert before in parts[name]
    parts[name] = parts[name].replace(before, after, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part_name, part in parts.items():
            archive.writestr(part_name, part)
    assert load_values(out.getvalue()) is None


def test_the_sample_takes_the_fast_path() -> None:
    assert_same_as_openpyxl(SAMPLE.read_bytes(), fast=True)


def _outcome(path: Path) -> object:
    try:
        loaded = load_year(path)
    except InputError as error:
        return [(i.sheet, i.code, i.row, i.col, i.params, i.header) for i in error.issues]
    return loaded.year_input.model_dump(), loaded.weights


def _sheet_mutated(source: bytes, rng: random.Random) -> bytes:
    """The sample with one worksheet part damaged by the fuzz test's mutator."""
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    name = rng.choice(sorted(n for n in parts if n.startswith("xl/worksheets/")))
    parts[name] = mutate(parts[name], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part_name, part in parts.items():
            archive.writestr(part_name, part)
    return out.getvalue()


def _mutated_sample(seed: int, folder: Path) -> Path:
    """The sample workbook mutated by ``seed`` (0: as shipped; even: any part; odd: one sheet),
    with the shipped policy beside it."""
    rng = random.Random(seed)
    path = folder / "year.xlsx"
    source = SAMPLE.read_bytes()
    damage = _sheet_mutated if seed % 2 else mutated_workbook
    path.write_bytes(damage(source, rng) if seed else source)
    (folder / "policy.toml").write_bytes((ROOT / "inputs" / "policy.toml").read_bytes())
    return path


@pytest.mark.parametrize("seed", range(80))
def test_load_year_is_the_same_either_way(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mutated samples (the fuzz test's mutator, on any part or on one sheet): the same
    YearInput, or the same issues, whether the cells were read fast or all by openpyxl."""
    path = _mutated_sample(seed, tmp_path)
    fast = _outcome(path)
    monkeypatch.setattr(sheetcells, "load_values", lambda data, stripped=None: None)
    assert _outcome(path) == fast


@given(st.binary(max_size=64))
def test_a_control_character_is_found_wherever_it_is(data: bytes) -> None:
    """XML 1.0's forbidden control characters: any one of them sends the part to openpyxl."""
    import re

    forbidden = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
    assert sheetcells._has_control(data) == (forbidden.search(data) is not None)
    assert not sheetcells._has_control(b"\t\n\r plain text \x7f\x80")


# --- the cells taken out while the guard streams the members in a child ----------------
@pytest.mark.parametrize("seed", range(0, 80, 3))
def test_load_year_is_the_same_with_the_guard_in_a_child(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mutated samples: the same YearInput, or the same issues, whether the guard streamed
    the members here or in a forked process while the cells were taken out here."""
    from roadfund.reader import guard

    path = _mutated_sample(seed, tmp_path)
    monkeypatch.setattr(guard, "BACKGROUND_BYTES", 10**12)
    here = _outcome(path)
    monkeypatch.setattr(guard, "BACKGROUND_BYTES", 0)
    stripped: list[object] = []
    strip_cells = sheetcells.strip_cells
    monkeypatch.setattr(
        sheetcells, "strip_cells", lambda data: stripped.append(data) or strip_cells(data)
    )
    assert _outcome(path) == here
    assert stripped or not path.read_bytes().startswith(b"PK")  # a zip: the child's way taken


def test_the_cells_taken_out_early_are_the_ones_load_values_takes() -> None:
    data = SAMPLE.read_bytes()
    stripped = sheetcells.strip_cells(data)
    assert stripped is not None and stripped.cells
    assert _seen(load_values(data, stripped)) == _seen(load_values(data))


def test_taking_the_cells_out_early_stops_past_the_guards_counts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before the guard's verdict it holds no more cells or tags than the guard lets
    through: past either count it gives up (load_values then goes its own way after the
    verdict, as without it)."""
    from roadfund.reader import guard

    data = SAMPLE.read_bytes()
    stripped = sheetcells.StrippedZip(io.BytesIO(data))
    cells = sum(len(found) for found in stripped.cells.values())
    monkeypatch.setattr(guard, "MAX_CELLS", cells - 1)
    assert sheetcells.strip_cells(data) is None
    monkeypatch.setattr(guard, "MAX_CELLS", 10**9)
    assert sheetcells.strip_cells(data) is not None
    monkeypatch.setattr(guard, "MAX_ELEMENTS", cells)  # every cell is at least one tag
    assert sheetcells.strip_cells(data) is None
