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
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from roadfund.cli import cli
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


FRAGMENTS = st.sampled_from(
    ["SUM(", "SINGLE(", "XSINGLE(", " SINGLE(", "INGLE(", "FILTER(", "SORT(", "SORTBY(",
     "MAP(", "MAPX(", "_xlfn.", "A1", ",", ")", "=", "{", "}", "+", " ", "中", "$B$2"]
)  # fmt: skip


@given(st.lists(FRAGMENTS, max_size=12).map("".join))
def test_any_formula_comes_out_as_the_stock_method_gives_it(formula: str) -> None:
    stock, fast = sheets()
    assert fast._prepare_formula(formula) == stock._prepare_formula(formula)


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
