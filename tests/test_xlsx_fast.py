"""The cheaper worksheet every workbook is written with (``FastWorksheet``, issue 16).

Its formulas are prepared with one pattern search instead of xlsxwriter's ~30
substitutions: the result must be exactly the stock method's, for every function name the
installed xlsxwriter rewrites, and every workbook of the samples must be byte-identical
with and without it. Its merges leave out the formatted blanks xlsxwriter pads a merged
range with when the format draws nothing there: the merges, every written cell and every
bordered or filled pad stay as they were (how the documents render is checked by
tests/test_libreoffice.py and the README pictures).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import math
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from roadfund.cli import cli
from roadfund.writers.summary.trace import step_height
from roadfund.writers.xlsx_common import display_width
from roadfund.writers.xlsx_fast import FastWorksheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ["sample-2023.xlsx", "sample-2023-年初.xlsx", "sample-2024.xlsx"]


def stock_names() -> list[str]:
    """The function names the stock ``_prepare_formula`` rewrites without future functions
    (read from the installed xlsxwriter's own source, so a new version's names are in)."""
    source = inspect.getsource(Worksheet._prepare_formula)
    dynamic = source.split("if not self.use_future_functions")[0]
    names = re.findall(r're\.sub\(r"\\[bS]([A-Z0-9._]+)\\\(', dynamic)
    assert len(names) >= 25, names  # the parse found the list
    return names


def sheets() -> tuple[Worksheet, FastWorksheet]:
    return Worksheet(), FastWorksheet()


def test_every_stock_name_is_rewritten_as_the_stock_method_does() -> None:
    stock, fast = sheets()
    for name in stock_names():
        for formula in (
            f"={name}(A1:A3)",
            f"=1+{name}(A1)",
            f"{{={name}(A1)}}",
            f"=X{name}(A1)",
            f"=_xlfn.{name}(A1)",
            f"=SUM({name}(B2),2)",
        ):
            assert fast._prepare_formula(formula) == stock._prepare_formula(formula), formula


def test_a_formula_naming_none_of_them_is_only_stripped() -> None:
    stock, fast = sheets()
    for formula in ("=SUM(C4:C9)", "{=ROUND(A1*B1,2)}", '=IF($K5>0,"不达标","达标")', "A1"):
        assert fast._prepare_formula(formula) == stock._prepare_formula(formula)


def test_future_functions_go_to_the_stock_method() -> None:
    stock, fast = sheets()
    for formula in ("=CONCAT(A1,B1)", "=STDEV.S(A1:A9)", "=XLOOKUP(1,A:A,B:B)"):
        assert fast._prepare_formula(formula, True) == stock._prepare_formula(formula, True)
    fast.use_future_functions = stock.use_future_functions = True
    assert fast._prepare_formula("=CONCAT(A1)") == stock._prepare_formula("=CONCAT(A1)")


CELL_FORMULA_PARTS = st.sampled_from(
    ["SUM(", "CONCAT(", "STDEV.S(", "SORT(", "A1", ",", ")", "=", "{", "}", "+", "_xlfn."]
)


@pytest.mark.filterwarnings("ignore")  # an empty formula: both warn alike
@given(st.lists(CELL_FORMULA_PARTS, max_size=8).map("".join), st.booleans())
def test_a_formula_stored_twice_is_stored_as_the_stock_method_stores_it(
    formula: str, future_first: bool
) -> None:
    """A formula's preparation is remembered (``_prepared_plainly``) only while future
    functions are off: a sheet with them on, before or after, stores it as the stock
    method does, and so does a sheet without them writing it again."""
    order = (True, False, False) if future_first else (False, True, False)
    for future in order:
        stock, fast = sheets()
        stock.use_future_functions = fast.use_future_functions = future
        said = [sheet._write_formula(0, 0, formula, None, 1) for sheet in (stock, fast)]
        assert said[0] == said[1]
        stored = [sheet.table.get(0, {}).get(0) for sheet in (stock, fast)]
        assert stored[0] == stored[1], (formula, future)


FRAGMENTS = st.sampled_from(
    ["SUM(", "SINGLE(", "XSINGLE(", " SINGLE(", "INGLE(", "FILTER(", "SORT(", "SORTBY(",
     "MAP(", "MAPX(", "_xlfn.", "A1", ",", ")", "=", "{", "}", "+", " ", "中", "$B$2"]
)  # fmt: skip


@given(st.lists(FRAGMENTS, max_size=12).map("".join))
def test_any_formula_comes_out_as_the_stock_method_gives_it(formula: str) -> None:
    stock, fast = sheets()
    assert fast._prepare_formula(formula) == stock._prepare_formula(formula)


def future_names() -> list[str]:
    """The function names the stock ``_prepare_formula`` rewrites with future functions."""
    source = inspect.getsource(Worksheet._prepare_formula)
    future = source.split("if not self.use_future_functions")[1]
    names = re.findall(r're\.sub\(r"\\b([A-Z0-9._]+)\\\(', future)
    assert len(names) >= 90, len(names)  # the parse found the list
    return names


FUTURE = st.one_of(
    FRAGMENTS,
    st.sampled_from(future_names()).map(lambda name: f"{name}("),
    st.sampled_from(future_names()).map(lambda name: f"X{name}("),
)


@given(st.lists(FUTURE, max_size=12).map("".join), st.booleans(), st.booleans())
def test_a_formula_with_future_functions_comes_out_as_the_stock_method_gives_it(
    formula: str, by_flag: bool, twice: bool
) -> None:
    """Expanded once per formula (a conditional format's, a sheet using future functions):
    the same text the stock method gives, made afresh or remembered."""
    stock, fast = sheets()
    if not by_flag:
        stock.use_future_functions = fast.use_future_functions = True
    expected = stock._prepare_formula(formula, by_flag)
    for _ in range(2 if twice else 1):
        assert fast._prepare_formula(formula, by_flag) == expected


def run_digests(sample: str, lang: str, out: Path) -> dict[str, str]:
    result = CliRunner().invoke(
        cli, ["run", str(ROOT / "inputs" / sample), "--out", str(out), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*.xlsx"))
    }


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sample_workbook_is_byte_identical_with_the_stock_formulas(
    sample: str, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = run_digests(sample, lang, tmp_path / "fast")
    monkeypatch.setattr(FastWorksheet, "_prepare_formula", Worksheet._prepare_formula)
    stock = run_digests(sample, lang, tmp_path / "stock")
    assert len(fast) >= 5
    assert fast == stock


CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"(?: s="([0-9]+)")?[^>]*?(?:/>|>.*?</c>)', re.S)
XF = re.compile(r"<xf [^>]*?/>|<xf [^>]*?>.*?</xf>", re.S)


def parts(path: Path) -> tuple[dict[str, dict[str, tuple[str, str]]], list[str], list[str]]:
    """Each sheet's cells as written (reference → (style index, XML)), the cell styles'
    <xf> elements, and every other part's bytes (merges, widths, strings, styles)."""
    with zipfile.ZipFile(path) as book:
        sheets: dict[str, dict[str, tuple[str, str]]] = {}
        rest: list[str] = []
        for name in sorted(book.namelist()):
            text = book.read(name).decode()
            if name.startswith("xl/worksheets/sheet"):
                sheets[name] = {m[1]: (m[2] or "0", m[0]) for m in CELL.finditer(text)}
                rest.append(re.sub(r"<sheetData>.*</sheetData>", "", text, flags=re.S))
            else:
                rest.append(text)
        styles = book.read("xl/styles.xml").decode()
        cell_xfs = XF.findall(styles.split("<cellXfs")[1].split("</cellXfs>")[0])
    return sheets, cell_xfs, rest


def draws_nothing(xf: str) -> bool:
    return 'borderId="0"' in xf and 'fillId="0"' in xf


def test_merges_lose_only_pads_that_draw_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_out, stock_out = tmp_path / "fast", tmp_path / "stock"
    run_digests("sample-2023.xlsx", "zh", fast_out)
    with monkeypatch.context() as patch:
        patch.setattr(FastWorksheet, "merge_range", Worksheet.merge_range)
        run_digests("sample-2023.xlsx", "zh", stock_out)
    books = sorted(stock_out.rglob("*.xlsx"))
    assert len(books) >= 5
    dropped = 0
    for stock_book in books:
        fast, _, fast_rest = parts(fast_out / stock_book.relative_to(stock_out))
        stock, cell_xfs, stock_rest = parts(stock_book)
        assert fast_rest == stock_rest  # merges, used range, widths, strings, styles
        for sheet, stock_cells in stock.items():
            kept = fast[sheet]
            assert {ref: stock_cells[ref] for ref in kept} == kept  # each as it was
            for ref in set(stock_cells) - set(kept):  # a pad left out: blank, draws nothing
                style, xml = stock_cells[ref]
                assert xml.endswith("/>"), xml
                assert draws_nothing(cell_xfs[int(style)]), cell_xfs[int(style)]
                dropped += 1
    assert dropped > 100  # the county workbooks' merged titles and text blocks


@given(st.text())
def test_display_width_counts_wide_characters_twice(text: str) -> None:
    expected = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    assert display_width(text) == expected


@given(st.text(), st.integers(1, 120))
@example("每" * 48, 96)  # twice its length a line, no wider
@example("每" * 49, 96)  # two lines
@example("a" * 97, 96)  # ASCII: its length its width
@example("×" * 60, 96)  # two bytes, one column each: 120 bytes, one line
def test_a_step_row_is_as_high_as_its_measured_lines(text: str, wrap_at: int) -> None:
    """The 计算过程 sheet measures a step only where its length and its UTF-8 length
    leave it longer than a line: the heights must be those of measuring every step."""
    lines = math.ceil(display_width(text) / wrap_at)
    assert step_height(text, wrap_at) == (13.5 * lines + 2 if lines > 1 else None)


def test_display_width_of_a_county_line() -> None:
    assert display_width("乐平市 360281：１２") == 3 * 2 + 7 + 3 * 2  # "：１２" full-width


def test_cells_written_by_row_and_column_or_in_a1_notation_are_the_same(tmp_path: Path) -> None:
    from roadfund.writers.xlsx_fast import FastWorkbook

    def book(name: str, a1: bool) -> bytes:
        path = tmp_path / name
        wb = FastWorkbook(str(path), {"in_memory": True})
        ws = wb.add_worksheet()
        bold = wb.add_format({"bold": True, "border": 1})
        if a1:
            ws.write_string("B3", "乐平市", bold)
            ws.write_number("C3", 12.5, bold)
            ws.write_blank("D3", None, bold)
            ws.write_formula("E3", "=C3*2", bold, 25)
        else:
            ws.write_string(2, 1, "乐平市", bold)
            ws.write_number(2, 2, 12.5, bold)
            ws.write_blank(2, 3, None, bold)
            ws.write_formula(2, 4, "=C3*2", bold, 25)
        wb.set_properties({"created": dt.datetime(2023, 1, 1)})
        wb.close()
        return path.read_bytes()

    assert book("rowcol.xlsx", a1=False) == book("a1.xlsx", a1=True)


def test_a_taller_merge_on_a_streaming_sheet_keeps_its_rows(tmp_path: Path) -> None:
    """constant_memory writes a row out when a later row's cell arrives: the pads of a
    merge over several rows carry its lower rows (and their heights) out, so they stay."""
    import zipfile

    import xlsxwriter

    from roadfund.writers.xlsx_fast import FastWorkbook

    def sheet(book_class: type, name: str) -> bytes:
        path = tmp_path / name
        wb = book_class(str(path), {"constant_memory": True, "tmpdir": str(tmp_path)})
        ws = wb.add_worksheet()
        plain = wb.add_format({"bold": True})
        for row, height in ((1, 30), (2, 40), (3, 50)):
            ws.set_row(row, height)
        ws.merge_range(1, 0, 3, 3, "说明", plain)
        ws.merge_range(5, 0, 5, 3, "一行", plain)  # one row: its pads may go
        ws.write_string(6, 0, "后", plain)
        wb.close()
        with zipfile.ZipFile(path) as archive:
            return archive.read("xl/worksheets/sheet1.xml")

    fast, stock = sheet(FastWorkbook, "fast.xlsx"), sheet(xlsxwriter.Workbook, "stock.xlsx")
    rows = re.compile(rb"<row [^>]*>")
    assert rows.findall(fast) == rows.findall(stock)  # every row, height and span as stock
    assert len(rows.findall(stock)) == 5  # rows 2, 3, 4 (the taller merge), 6 and 7
    assert fast.count(b"<c ") == stock.count(b"<c ") - 3  # only the one-row merge's pads


# The rows (and the columns) as FastWorksheet renders and stores them: a random program
# of writes into a stock Worksheet and a FastWorksheet, in memory (shared strings) and
# streaming (constant_memory, inline strings), must give the same sheet XML byte for byte.

SPACES = st.sampled_from(["", " ", "\t", "\n", "\u3000"])
TEXTS = st.one_of(
    st.text(max_size=12),
    st.tuples(SPACES, st.text(max_size=6), SPACES).map("".join),
    st.sampled_from(
        ["", " 前", "后 ", "\t", "a\nb", "<r>x</r>", "<r><t>x</t></r>", "a&b<c>\"d'", "_x0041_",
         "_x004g_", "\x00", "\x07bell", "\x1f", "\r", "\ufffe", "\uffff", "\u3000全角",
         "\u00a0", "乐平市", "=1+1", "x" * 16400, "y" * 32770]
    ),
    st.lists(st.sampled_from(["a", " ", "<", "&", "\x01", "_x00", "41_", "中", "\n"]))
    .map("".join),
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, -0.0, 0.1, 1e15, 123456789012345678, 1 / 3, True]),
)
FORMULAS = st.sampled_from(
    ["=SUM(A1:B2)", '=IF(A1>0,"<a&b>","")', "=A1<>B1", "SUM(C3)", "{=A1*2}", "=SORT(A1:A3)",
     "=XLOOKUP(1,A:A,B:B)", "=_xlfn.SINGLE(A1)", "=ROUND(C5*0.7,2)", ""]
)  # fmt: skip
VALUES = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    TEXTS,
    st.sampled_from(["", "#N/A", "#DIV/0!", "#VALUE!", 2.5]),
)
ROWS = st.one_of(st.integers(0, 40), st.sampled_from([1048576, -1]))
LAST_ROW = 1048575  # the last row: in the properties' explicit examples only. A stock sheet
# kept in memory walks every row up to its last when written (about a second a sheet at
# this row), so drawn at random it made a property's run time a lottery (once 10+ minutes)
COLS = st.one_of(st.integers(0, 8), st.sampled_from([25, 26, 701, 702, 16383, 16384, -1]))
FORMATS = st.sampled_from([None, 0, 1, 2, 3])  # none, or one of the four below
AT = (ROWS, COLS)  # a cell: row, column
MERGES = st.tuples(
    st.sampled_from(["merge", "merge", "merge", "merge A1", "merge 5 args"]),
    st.one_of(st.integers(0, 12), ROWS),
    st.one_of(st.integers(0, 6), COLS),
    st.integers(-1, 3),  # rows beyond the first (negative: above it; 0 and 0: one cell)
    st.integers(-1, 3),
    st.one_of(TEXTS, TEXTS, NUMBERS, st.none()),
    FORMATS,
)
OPS = st.one_of(
    st.tuples(st.just("string"), *AT, TEXTS, FORMATS),
    st.tuples(st.just("number"), *AT, NUMBERS, FORMATS),
    st.tuples(st.just("formula"), *AT, FORMULAS, FORMATS, VALUES),
    st.tuples(st.just("blank"), *AT, FORMATS),
    st.tuples(st.just("boolean"), *AT, st.booleans(), FORMATS),
    st.tuples(st.just("rich"), *AT, TEXTS, FORMATS),
    st.tuples(st.just("datetime"), *AT, FORMATS),
    st.tuples(
        st.sampled_from(["row", "row pixels"]),
        ROWS,
        st.one_of(
            st.none(),
            st.sampled_from([0, 15, 20, 13.5 * 3 + 2, 409, 0.3, -2, True, float("nan")]),
        ),
        FORMATS,
        st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {},
                optional={
                    "hidden": st.booleans(),
                    "level": st.integers(0, 8),
                    "collapsed": st.booleans(),
                },
            ),
        ),
    ),
    st.tuples(
        st.sampled_from(["column", "column pixels", "column A:B", "column 4 args"]),
        st.one_of(st.integers(0, 9), st.sampled_from([16383, 16384, -1])),
        st.integers(-3, 3),
        st.one_of(
            st.none(),
            st.floats(0, 60),
            st.sampled_from([0, 0.0, 0.5, 1, 1.0, 255, -1, float("inf"), float("nan")]),
        ),
        FORMATS,
        st.one_of(st.none(), st.just({}), st.just({"hidden": True}), st.just({"level": 2})),
    ),
    *[MERGES] * 4,  # the most varied call: more often than the others
    st.tuples(st.just("table"), *AT),
)


def play(
    sheet_class: type, ops: list[tuple[Any, ...]], streaming: bool, at_once: bool = False
) -> tuple[list[object], list[bytes]]:
    """What each call of the program returned, and the sheet and shared strings, written
    by a stock workbook whose one sheet is ``sheet_class``."""
    import io

    import xlsxwriter

    output = io.BytesIO()
    options = {"constant_memory": True} if streaming else {"in_memory": True}
    wb = xlsxwriter.Workbook(
        output, {**options, "strings_to_formulas": False, "strings_to_urls": False}
    )
    ws = wb.add_worksheet(worksheet_class=sheet_class)
    formats = [
        wb.add_format({"bold": True}),
        wb.add_format({"border": 1, "num_format": "#,##0.00"}),
        wb.add_format({"bg_color": "#FDE2E1", "text_wrap": True}),
        wb.formats[0],  # the default format: index 0
    ]

    def fmt(index: int | None) -> object:
        return None if index is None else formats[index]

    def apply(kind: str, *args: Any) -> object:
        if kind == "cells":  # one row's cells: at once, or each by its own writer
            row, first_col, cells = args
            cells = [(value, fmt(style)) for value, style in cells]
            if at_once:
                return ws.write_cells(row, first_col, cells)
            return [
                ws.write_string(row, col, value, style)
                if isinstance(value, str)
                else ws.write_blank(row, col, None, style)
                if value is None
                else ws.write_number(row, col, value, style)
                for col, (value, style) in enumerate(cells, first_col)
            ]
        if kind == "rows":  # rows of cells, each with a height: at once, or row by row
            row, first_col, rows = args
            if at_once:
                styled = [([(v, fmt(style)) for v, style in cells], h) for cells, h in rows]
                return ws.write_rows(row, first_col, styled)
            for cells, height in rows:
                apply("cells", row, first_col, cells)
                if height is not None:
                    ws.set_row(row, height)
                row += 1
            return row
        if kind == "string":
            return ws.write_string(args[0], args[1], args[2], fmt(args[3]))
        if kind == "number":
            return ws.write_number(args[0], args[1], args[2], fmt(args[3]))
        if kind == "formula":
            return ws.write_formula(args[0], args[1], args[2], fmt(args[3]), args[4])
        if kind == "blank":
            return ws.write_blank(args[0], args[1], None, fmt(args[2]))
        if kind == "boolean":
            return ws.write_boolean(args[0], args[1], args[2], fmt(args[3]))
        if kind == "rich":
            style = [] if args[3] is None else [formats[args[3]]]
            return ws.write_rich_string(args[0], args[1], formats[0], "粗", args[2] or "x", *style)
        if kind == "datetime":
            return ws.write_datetime(args[0], args[1], dt.datetime(2023, 3, 31), formats[1])
        if kind in ("row", "row pixels"):
            set_row = ws.set_row if kind == "row" else ws.set_row_pixels
            if args[3] is None:
                return set_row(args[0], args[1], fmt(args[2]))
            return set_row(args[0], args[1], fmt(args[2]), args[3])
        if kind.startswith("column"):
            first, last, width, style, options = args[0], args[0] + args[1], *args[2:]
            if kind == "column A:B":
                first = f"{xl_col_to_name(first)}:{xl_col_to_name(last)}"
                return ws.set_column(first, width, fmt(style), options)
            set_column = ws.set_column_pixels if kind == "column pixels" else ws.set_column
            if kind == "column 4 args" or options is None:
                return set_column(first, last, width, fmt(style))
            return set_column(first, last, width, fmt(style), options)
        if kind == "table":
            return ws.add_table(args[0], args[1], args[0] + 1, args[1] + 1, {"header_row": False})
        row, col, height, width, data, style = args  # a merge
        last_row, last_col = row + height, col + width
        if kind == "merge A1":
            cells = f"{xl_rowcol_to_cell(row, col)}:{xl_rowcol_to_cell(last_row, last_col)}"
            return ws.merge_range(cells, data, fmt(style))
        if kind == "merge 5 args":
            return ws.merge_range(row, col, last_row, last_col, data)
        return ws.merge_range(row, col, last_row, last_col, data, fmt(style))

    said: list[object] = []  # each call's status, or what it raised
    for kind, *args in ops:
        try:
            said.append(apply(kind, *args))
        except Exception as error:  # refusals must be the same
            said.append(repr(error))
    wb.set_properties({"created": dt.datetime(2023, 1, 1)})
    wb.close()
    # A written sheet holds a row entry for every row up to its last (the stock writer
    # fills its defaultdict from the first row to the last: a million at row 1,048,575);
    # the workbook and its sheets hold each other, so only a full collection would free
    # them, and 300 examples stacked up gigabytes. The sheet is written: let it go now.
    ws.__dict__.clear()
    with zipfile.ZipFile(output) as archive:
        names = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"]
        return said, [archive.read(name) for name in names if name in archive.namelist()]


class FastRows(FastWorksheet):
    """FastWorksheet with the stock merges (its own leave out pads: tested above)."""

    merge_range = Worksheet.merge_range


class RoundOneMerges(FastWorksheet):
    """FastWorksheet with the merges of round one: xlsxwriter's own, whose pads are left
    out by ``_write_blank`` when the format draws nothing (tested above)."""

    merge_range = FastWorksheet._round_one_merge_range


def in_order(ops: list[tuple[Any, ...]], in_row_order: bool) -> list[tuple[Any, ...]]:
    """The writes sorted by row when asked — how a streaming sheet is written (out of
    order, every sheet refuses alike)."""
    return sorted(ops, key=lambda op: op[1]) if in_row_order else ops


@pytest.mark.filterwarnings("ignore")  # xlsxwriter warns of what it refuses, alike for both
@given(st.lists(OPS, max_size=40), st.booleans(), st.booleans())
@example([("string", 0, 0, "后 ", None), ("string", 0, 1, " 前", 1)], True, True)
@example(
    [("string", LAST_ROW, 16383, "末", 1), ("number", LAST_ROW, 0, 2.5, None),
     ("merge", LAST_ROW - 1, 3, 1, 1, "m", 2), ("merge", LAST_ROW, 5, 1, 0, "x", 1),
     ("row", LAST_ROW, 30, None, None), ("table", LAST_ROW, 0)],
    False,
    True,
)  # fmt: skip
@example([("string", LAST_ROW, 16383, "末", 1), ("row", LAST_ROW, 30, None, None)], True, True)
@settings(max_examples=300, deadline=None)
def test_random_writes_give_the_stock_sheet_byte_for_byte(
    ops: list[tuple[Any, ...]], streaming: bool, in_row_order: bool
) -> None:
    ops = in_order(ops, in_row_order)
    stock = play(Worksheet, ops, streaming)
    fast = play(FastRows, ops, streaming)
    assert fast == stock
    # and the merges stored directly (FastWorksheet.merge_range) as the round-one ones
    assert play(FastWorksheet, ops, streaming) == play(RoundOneMerges, ops, streaming)


def test_a_string_starts_or_ends_in_white_space_as_the_stock_pattern_finds_it() -> None:
    """The inline strings' xml:space="preserve": str.isspace on the first or last
    character, against xlsxwriter's own pattern, for every character."""
    from xlsxwriter.utility import _preserve_whitespace

    for code in range(0x110000):
        char = chr(code)
        for text in (char, f"{char}x", f"x{char}"):
            expected = _preserve_whitespace(text) is not None
            assert (text[:1].isspace() or text[-1:].isspace()) is expected, hex(code)


@given(st.one_of(TEXTS, st.text(alphabet="_x0aF9gG&<\x01中 ", max_size=16)))
@example("_x004F_")
@example("__x0041_")
def test_a_string_needs_an_escape_as_the_one_pattern_finds(text: str) -> None:
    """The two-step check of the streamed cells is the one pattern's search."""
    from roadfund.writers.xlsx_fast import _NEEDS_ESCAPE, _needs_escape

    assert _needs_escape(text) is (_NEEDS_ESCAPE.search(text) is not None)


def test_a_fresh_sheet_has_the_stock_state_and_none_of_another_sheets_containers() -> None:
    """FastWorksheet copies a fresh sheet's attributes instead of setting them one by one:
    the same names in the same order, the same types and values, and every container its
    own (a change to one sheet's table or merges is no other sheet's)."""
    stock, fast, other = Worksheet(), FastWorksheet(), FastWorksheet()
    assert list(fast.__dict__) == list(stock.__dict__)
    for name, value in stock.__dict__.items():
        mine = fast.__dict__[name]
        assert type(mine) is type(value), name
        assert mine == value, name
        if hasattr(value, "default_factory"):
            assert mine.default_factory is value.default_factory, name
        if isinstance(value, list | dict | set):
            assert mine is not other.__dict__[name], name
        else:
            assert hash(mine) == hash(value), name  # immutable: may be shared
    fast.table[3][4] = "x"
    fast.merge.append([0, 0, 0, 1])
    assert not other.table and not other.merge and not Worksheet().table


# A row's cells written at once (``FastWorksheet.write_cells``, the 计算过程 sheet's ~54 rows
# a county) must be what writing them one by one gives: the same statuses and refusals, the
# same sheet XML byte for byte, streaming or not, among every other kind of write.

CELL_VALUES = st.one_of(
    TEXTS, NUMBERS, st.none(), st.sampled_from([float("inf"), float("nan"), 2**53, -(2**53)])
)
ROW_OF_CELLS = st.one_of(
    st.tuples(
        st.just("cells"), *AT, st.lists(st.tuples(CELL_VALUES, FORMATS), min_size=1, max_size=6)
    ),
    st.builds(  # one format for the row, as a table's rows are written: rendered ahead
        lambda row, col, values, style: ("cells", row, col, [(v, style) for v in values]),
        st.integers(0, 12),
        st.integers(0, 4),
        st.lists(CELL_VALUES, min_size=1, max_size=6),
        st.sampled_from([1, 2]),
    ),
)


@pytest.mark.filterwarnings("ignore")  # xlsxwriter warns of what it refuses, alike for all
@given(
    st.lists(st.one_of(ROW_OF_CELLS, ROW_OF_CELLS, OPS), max_size=30), st.booleans(), st.booleans()
)
@example([("cells", 0, 0, [("a", 1), (-0.0, 1)]), ("number", 0, 1, 0, 1)], True, True)
@example(
    [("cells", LAST_ROW, 16381, [("a", 1), (2.5, 2), (None, 1)]),
     ("cells", LAST_ROW, 16382, [("b", 1), ("c", 1)]), ("cells", LAST_ROW - 1, 0, [("d", 1)])],
    False,
    True,
)  # fmt: skip
@example([("cells", LAST_ROW, 0, [("a", 1), (2.5, 2)])], True, True)
@example([("cells", 0, 0, [("a", 1)]), ("cells", 0, 1, [(None, 1)])], True, True)
@example(
    [("cells", 2, 0, [("x", 1)]), ("row", 2, 30, None, {}), ("cells", 3, 0, [(1, 2)])], True, True
)
@example([("cells", r, 1, [("a", 1), (2.5, 1), (None, 1)]) for r in range(4)], True, True)
@example(
    [("cells", 0, 0, [("a", 1)]), ("cells", 1, 0, [("b", 1), (3, 1)]), ("string", 1, 0, "c", 1),
     ("cells", 2, 0, [("d", 1)]), ("cells", 2, 1, [("e", 1)]), ("row", 2, 40, 0, {}),
     ("cells", 3, 0, [("<&>", 1)]), ("cells", 4, 0, [(" f", 1)]), ("blank", 4, 3, 1)],
    True,
    True,
)  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_rows_written_at_once_give_the_sheet_cell_by_cell_gives(
    ops: list[tuple[Any, ...]], streaming: bool, in_row_order: bool
) -> None:
    ops = in_order(ops, in_row_order)
    stock = play(Worksheet, ops, streaming)
    assert play(FastRows, ops, streaming, at_once=True) == stock
    assert play(FastRows, ops, streaming) == stock


# The very same value objects again and again, as the 计算过程 sheet writes a county's code,
# name and part in row after row: a streaming row reuses a cell's XML from the previous row
# when its column holds the same object with the same format (``_streamed_row``).
SAME_VALUES = ["360281", "乐平市", " 前", "a&b", "_x0041_", "", -0.0, 0.0, 0, 12.5, 2**53, None]
SAME_OBJECTS = st.sampled_from(SAME_VALUES)
REPEATED_ROWS = st.builds(
    lambda row, col, cells: ("cells", row, col, cells),
    st.integers(0, 12),
    st.integers(0, 3),
    st.lists(st.tuples(SAME_OBJECTS, st.sampled_from([None, 1, 2, 3])), min_size=1, max_size=5),
)


@pytest.mark.filterwarnings("ignore")
@given(
    st.lists(st.one_of(REPEATED_ROWS, REPEATED_ROWS, REPEATED_ROWS, OPS), max_size=30),
    st.booleans(),
)
@example(
    [("cells", r, 0, [("360281", 1), ("乐平市", 1), (0.0, 2)]) for r in range(3)]
    + [("cells", 3, 0, [("360281", 1), ("乐平市", 2), (-0.0, 2)]), ("cells", 4, 0, [(0, 2)])],
    True,
)
@example(
    [("cells", r, 0, [("360281", 1), ("乐平市", 1), (12.5, 2)]) for r in range(3)]
    + [("cells", 3, 0, [("360281", 1), ("乐平市", 2), (-0.0, 2)]), ("string", 3, 3, "x", 1),
       ("cells", 4, 1, [("360281", 1)]), ("row", 4, 30, None, None), ("cells", 4, 2, [(0, 2)]),
       ("cells", 5, 0, [("360281", 1)]), ("cells", 5, 0, [("乐平市", 1)])],
    True,
)  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_rows_of_the_same_values_give_the_sheet_cell_by_cell_gives(
    ops: list[tuple[Any, ...]], in_row_order: bool
) -> None:
    ops = in_order(ops, in_row_order)
    stock = play(Worksheet, ops, True)
    assert play(FastRows, ops, True, at_once=True) == stock


# Rows written one after the other with one call (``FastWorksheet.write_rows``, the 计算过程
# sheet's every row): what ``write_cells`` and ``set_row`` row by row give, and so what the
# stock sheet gives cell by cell — repeated objects or not, with or without heights, among
# every other kind of write, in order or not.
HEIGHTS = st.one_of(st.none(), st.none(), st.sampled_from([15, 13.5 * 3 + 2, 409, 0, 0.3]))
ROWS_AT_ONCE = st.builds(
    lambda row, col, rows: ("rows", row, col, rows),
    st.one_of(st.integers(0, 12), ROWS),
    st.one_of(st.integers(0, 3), COLS),
    st.lists(
        st.tuples(
            st.one_of(
                st.lists(st.tuples(SAME_OBJECTS, st.sampled_from([None, 1, 2, 3])), max_size=5),
                st.lists(st.tuples(CELL_VALUES, FORMATS), min_size=1, max_size=4),
            ),
            HEIGHTS,
        ),
        max_size=8,
    ),
)


@pytest.mark.filterwarnings("ignore")
@given(
    st.lists(st.one_of(ROWS_AT_ONCE, ROWS_AT_ONCE, REPEATED_ROWS, OPS), max_size=20),
    st.booleans(),
    st.booleans(),
)
@example(
    [("rows", 0, 0, [([("360281", 1), ("乐平市", 1), (12.5, 2)], h) for h in (None, 30, None)]),
     ("rows", 3, 0, [([("360281", 1), ("乐平市", 2)], None), ([(" f", 1)], 15)]),
     ("string", 4, 3, "x", 1), ("rows", 4, 1, [([(0, 2)], None), ([], None), ([(1, 2)], 0)])],
    True,
    True,
)  # fmt: skip
@example([("rows", LAST_ROW - 1, 0, [([("a", 1)], None), ([("b", 2)], 30), ([("c", 1)], None)])],
         False, True)  # fmt: skip
@example([("rows", LAST_ROW, 0, [([("a", 1)], 30), ([("b", 2)], None)])], True, True)
@settings(max_examples=300, deadline=None)
def test_rows_written_with_one_call_give_the_sheet_row_by_row_gives(
    ops: list[tuple[Any, ...]], streaming: bool, in_row_order: bool
) -> None:
    ops = in_order(ops, in_row_order)
    stock = play(Worksheet, ops, streaming)
    assert play(FastRows, ops, streaming, at_once=True) == stock


def test_the_rows_of_one_call_go_to_the_file_together(tmp_path: Path) -> None:
    """A streaming sheet's rows written with one call reach its file in a few writes of
    many rows each, not one write a row."""
    from roadfund.writers.xlsx_common import StreamingWorkbook

    wb = StreamingWorkbook(str(tmp_path / "t.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet()
    text = wb.add_format({"border": 1})
    ws.write_cells(0, 0, [("code", text)])  # the format rendered: its index known
    writes: list[str] = []
    write = ws.fh.write
    ws.fh.write = lambda data: writes.append(data) or write(data)
    rows = [([("360281", text), (f"step {n}", text), (n / 4, text)], None) for n in range(3000)]
    assert ws.write_rows(1, 0, rows) == 3001
    # rows 1 and 2 each on its own (the format's index is known once row 1 is written
    # out, as row 2 comes), then rows 3 … 3,000 a thousand at a time; row 3,001 still kept
    assert [data.count("<row ") for data in writes] == [1, 1, 1024, 1024, 950]
    wb.close()


def test_a_row_of_the_trace_sheet_is_written_at_once(tmp_path: Path) -> None:
    """The common row — strings, an amount or a blank, formats already rendered — takes the
    row-at-once path end to end: its XML is made as it arrives and used when written out."""
    from roadfund.writers.xlsx_common import StreamingWorkbook

    wb = StreamingWorkbook(str(tmp_path / "t.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet()
    text, money = wb.add_format({"border": 1}), wb.add_format({"num_format": "#,##0.00"})
    for row in range(3):
        assert (
            ws.write_cells(row, 0, [("360281", text), ("乐平市", text), (12.5, money)]) == [0] * 3
        )
    assert ws._streamed is not None and ws._streamed[0] == 2  # formats known after row 1
    wb.close()


# The elements around the rows, rendered once per distinct setup (``_rendered_once``):
# keyed by every attribute the stock method reads — read from its source, and the
# sources of the methods it calls — and written identically, cached or not.


def stock_reads(name: str, seen: set[str] | None = None) -> tuple[set[str], set[str]]:
    """The sheet attributes a stock Worksheet method reads, and those it assigns,
    following the sheet's own methods it calls (not the XML writer's: they write only)."""
    from xlsxwriter.xmlwriter import XMLwriter

    seen = set() if seen is None else seen
    seen.add(name)
    source = inspect.getsource(getattr(Worksheet, name))
    reads: set[str] = set()
    assigned = set(re.findall(r"self\.(\w+)\s*(?:=[^=]|\+=|\.append|\.pop|\.clear)", source))
    for used in re.findall(r"self\.(\w+)", source):
        if used == "fh" or used in vars(XMLwriter):
            continue
        if callable(getattr(Worksheet, used, None)):
            if used not in seen:
                more, more_assigned = stock_reads(used, seen)
                reads |= more
                assigned |= more_assigned
        else:
            reads.add(used)
    return reads, assigned


def test_each_element_rendered_once_is_keyed_by_all_its_stock_method_reads() -> None:
    from roadfund.writers.xlsx_fast import RENDERED_ONCE

    assert len(RENDERED_ONCE) >= 4
    for name, (keyed_by, unless) in RENDERED_ONCE.items():
        reads, assigned = stock_reads(name)
        assert set(keyed_by) == reads, name
        if unless is None:
            assert not assigned, (name, assigned)  # it only reads the sheet
        else:  # what it changes, it changes only when ``unless`` is set: then it is stock
            assert unless == "panes" and assigned == stock_reads("_write_panes")[1], name
            source = inspect.getsource(Worksheet._write_panes)
            assert re.search(r"panes = self\.panes\s+if not panes:\s+return", source)
        assert FastWorksheet.__dict__[name].__name__ == name


SETUPS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["set_landscape", "set_portrait", "center_horizontally",
                                   "center_vertically", "print_row_col_headers", "activate",
                                   "select", "hide_zero", "set_page_view", "right_to_left",
                                   "print_across", "hide_row_col_headers"])),
        st.tuples(st.just("set_paper"), st.integers(0, 12)),
        st.tuples(st.just("fit_to_pages"), st.integers(0, 3), st.integers(0, 3)),
        st.tuples(st.just("set_margins"), *[st.sampled_from([0.3, 0.7, -0.0, 0.0, 1, 0.25])] * 4),
        st.tuples(st.sampled_from(["set_header", "set_footer"]),
                  st.sampled_from(["", "&C第 &P 页，共 &N 页", "&L<a & b>", "&R&D"]),
                  st.sampled_from([None, {"margin": 0.3}, {"scale_with_doc": False},
                                   {"align_with_margins": False}])),
        st.tuples(st.just("set_h_pagebreaks"), st.lists(st.integers(0, 60), max_size=4)),
        st.tuples(st.just("hide_gridlines"), st.integers(0, 2)),
        st.tuples(st.just("set_zoom"), st.sampled_from([10, 85, 100, 100.0, 400])),
        st.tuples(st.just("freeze_panes"), st.integers(0, 5), st.integers(0, 3)),
        st.tuples(st.just("set_selection"), *[st.integers(0, 9), st.integers(0, 4)] * 2),
        st.tuples(st.just("set_default_row"), st.sampled_from([15, 20, 12.5]),
                  st.booleans()),
        st.tuples(st.just("set_tab_color"), st.sampled_from(["red", "#DDEBF7"])),
        st.tuples(st.just("set_print_scale"), st.sampled_from([10, 75, 100])),
        st.tuples(st.just("set_start_page"), st.integers(0, 3)),
        st.tuples(st.just("outline_settings"), st.booleans(), st.booleans(), st.booleans()),
        st.tuples(st.just("write_string"), st.integers(0, 30), st.integers(0, 6)),
    ),
    max_size=10,
)  # fmt: skip


def setup_sheet(sheet_class: type, setups: list[tuple[Any, ...]]) -> bytes:
    """The one sheet's XML of a workbook whose sheet is set up by ``setups``."""
    import io

    import xlsxwriter

    output = io.BytesIO()
    wb = xlsxwriter.Workbook(output, {"in_memory": True})
    ws = wb.add_worksheet(worksheet_class=sheet_class)
    for name, *args in setups:
        if name == "write_string":
            ws.write_string(*args, "县")
        else:
            getattr(ws, name)(*(arg for arg in args if arg is not None))
    wb.close()
    with zipfile.ZipFile(output) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.filterwarnings("ignore")  # xlsxwriter warns of what it refuses, alike for both
@given(st.lists(SETUPS, min_size=1, max_size=3))
@settings(max_examples=150, deadline=None)
def test_sheets_set_up_alike_or_not_are_the_stock_sheets(programs: list[Any]) -> None:
    """Several sheets set up in turn (some alike): each the stock sheet, rendered afresh or
    from what an earlier sheet rendered."""
    for setups in programs + programs:
        assert setup_sheet(FastWorksheet, setups) == setup_sheet(Worksheet, setups)


def test_a_range_merged_again_on_another_sheet_is_that_sheets_own() -> None:
    """A merged range's cells are made once per range and each sheet's merged cells
    updated from them: the same range on a second and a third sheet is stored as the stock
    merge stores it, and what one sheet's merges hold is no other sheet's."""
    import io

    import xlsxwriter

    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    plain = wb.add_format({"bold": True})
    first, second, stock = (
        wb.add_worksheet(worksheet_class=kind) for kind in (FastWorksheet, FastWorksheet, Worksheet)
    )
    for ws in (first, second, stock):
        ws.merge_range(2, 1, 3, 4, "说明", plain)
    assert first.merged_cells == second.merged_cells == stock.merged_cells
    assert list(first.merged_cells) == list(stock.merged_cells)  # rows, then columns
    first.merged_cells.clear()
    first.merged_cells[(2, 1)] = "X"
    third = wb.add_worksheet(worksheet_class=FastWorksheet)
    third.merge_range(2, 1, 3, 4, "说明", plain)
    assert second.merged_cells == third.merged_cells == stock.merged_cells
    with pytest.raises(xlsxwriter.exceptions.OverlappingRange):
        third.merge_range(3, 4, 3, 5, "x", plain)  # still seen as merged
    wb.close()
