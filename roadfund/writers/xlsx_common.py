"""What every workbook we write shares: safe options, styles, print layout, column widths.

Strings are always written with ``write_string`` (never parsed as formulas or URLs);
every formula is written with its computed value; the creation date comes from the
input so reruns are byte-identical.
"""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from roadfund import __version__
from roadfund.money import fen_to_number
from roadfund.text import Lang, label
from roadfund.writers.xlsx_fast import FastWorkbook, FastWorksheet, FormatSet

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # Assemble the parts in memory, not as temporary files zipped from disk: a third
    # less time per county workbook, and the zip entries no longer carry the temporary
    # files' permission bits (every entry is dated 1980-01-01).
    "in_memory": True,
    # The workbook's default font is the cells' own (宋体 10), so a unit of column width —
    # the default font's digit — is the same size as the digits in the cells, in Excel
    # and in LibreOffice alike (with Calibri, LibreOffice's substitute made every column
    # a third wider than Excel's and pages spilled over).
    "default_format_properties": {"font_name": "宋体", "font_size": 10},
}
MONEY = "#,##0.00"
FAIL_FILL = {"bg_color": "#FDE2E1", "font_color": "#9C0006"}
"""A failing line's colour, given by conditional formatting only (it follows recalculation)."""
A4 = 9
FONT = "宋体"


STREAMING_OPTIONS = {**WORKBOOK_OPTIONS, "in_memory": False, "constant_memory": True}
"""A large workbook written row by row: each row goes to a temporary file as soon as a
later row is written, so memory stays flat however many rows (strings are written inline,
not in a shared table). xlsxwriter cannot stream and assemble in memory at once."""


class RowOrderError(RuntimeError):
    """A streaming sheet was written out of row order (xlsxwriter would drop it silently)."""


class StreamingWorksheet(FastWorksheet):
    """A worksheet that refuses what streaming would silently lose: a cell, or a row's
    height and format, for a row already written out."""

    def _check_dimensions(
        self, row: int, col: int, ignore_row: bool = False, ignore_col: bool = False
    ) -> int:
        status: int = super()._check_dimensions(row, col, ignore_row, ignore_col)
        if status == -2:
            raise RowOrderError(
                f"{self.name}: row {row + 1} written after row {self.previous_row + 1}"
            )
        return status

    def set_row(self, row: int, *args: Any, **kwargs: Any) -> int:
        if self.constant_memory and row < self.previous_row:
            raise RowOrderError(f"{self.name}: row {row + 1} set after row {self.previous_row + 1}")
        done: int = super().set_row(row, *args, **kwargs)
        return done


class StreamingWorkbook(FastWorkbook):
    worksheet_class = StreamingWorksheet


def new_workbook(path: Path, *, title: str, created: dt.date, streaming: bool = False) -> Workbook:
    """A workbook with safe write options and reproducible document properties.

    ``streaming``: written row by row with flat memory (STREAMING_OPTIONS), for a workbook
    whose sheets are each written strictly top to bottom (RowOrderError otherwise)."""
    # A fresh copy each time: xlsxwriter writes into the options' default_format_properties
    # (theme_font_name), so a shared dict made a workbook's styles depend on whether
    # another was written before it in the same process — and so on --jobs.
    options = copy.deepcopy(STREAMING_OPTIONS if streaming else WORKBOOK_OPTIONS)
    if streaming:
        workbook: Workbook = StreamingWorkbook(str(path), options)
    else:
        workbook = FastWorkbook(str(path), options)
    workbook.set_properties(
        {
            "title": title,
            "author": "roadfund",
            "comments": f"roadfund {__version__}",
            # A datetime, not a date: xlsxwriter silently uses "now" for a date.
            "created": dt.datetime(created.year, created.month, created.day),
        }
    )
    return workbook


def cell_properties(**props: Any) -> dict[str, Any]:
    """The properties of a format in the workbooks' font (宋体 10, vertically centred),
    plus ``props``."""
    return {"font_name": FONT, "font_size": 10, "valign": "vcenter", **props}


def cell_format(workbook: Workbook, **props: Any) -> Any:
    """A format in the workbooks' font (宋体 10, vertically centred), plus ``props``."""
    return workbook.add_format(cell_properties(**props))


@dataclass(frozen=True)
class Styles:
    """The formats used on every sheet."""

    title: Any
    subtitle: Any
    header: Any
    text: Any
    text_bold: Any
    money: Any
    money_bold: Any
    km: Any
    number: Any
    ratio: Any
    percent: Any
    integer: Any
    score: Any  # 绩效得分: two decimals
    coefficient: Any  # a policy coefficient or class weight, as the policy writes it (1.2, 0.8)
    note: Any
    fail_cf: Any  # conditional format: a failing row's colour, which follows recalculation

    @classmethod
    def of(cls, workbook: Workbook) -> Styles:
        return cls(*STYLE_FORMATS.add_to(workbook))


def _style_properties() -> dict[str, dict[str, Any]]:
    """Each of ``Styles``' formats' properties, by field, in the fields' order (the order
    the formats are added in: their indices in styles.xml)."""
    fmt = cell_properties
    boxed = {"border": 1}
    return {
        "title": fmt(bold=True, font_size=16, align="center"),
        "subtitle": fmt(font_size=10),
        "header": fmt(bold=True, bg_color="#DDEBF7", text_wrap=True, align="center", **boxed),
        "text": fmt(**boxed),
        "text_bold": fmt(bold=True, **boxed),
        "money": fmt(num_format=MONEY, **boxed),
        "money_bold": fmt(num_format=MONEY, bold=True, **boxed),
        "km": fmt(num_format="#,##0.000", **boxed),
        "number": fmt(num_format="#,##0.000000", **boxed),
        "ratio": fmt(num_format="0.0000", **boxed),
        "percent": fmt(num_format="0.00%", **boxed),
        "integer": fmt(num_format="0", **boxed),
        "score": fmt(num_format="0.00", **boxed),
        "coefficient": fmt(num_format="0.0##", **boxed),
        "note": fmt(font_size=9, text_wrap=True, valign="top"),
        "fail_cf": dict(FAIL_FILL),
    }


STYLE_PROPERTIES = _style_properties()
"""The properties of ``Styles``' formats, by field."""
STYLE_FORMATS = FormatSet(STYLE_PROPERTIES.values())
"""``Styles``' formats, added to a workbook as one set (one a field, in order)."""


class _Widths(dict[str, int]):
    """A character's display width — 2 for a wide one (CJK, full-width), else 1 — found
    as it is first met."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    """Column width for text: CJK and full-width characters count double."""
    if text.isascii():
        return len(text)
    # each character's width looked up in C (the 计算过程 sheet measures ~30 steps a county)
    return sum(map(_WIDTHS.__getitem__, text))


def _longest_line(text: str) -> int:
    """The display width of a text's longest line (a header wraps at its newlines)."""
    return max(display_width(line) for line in text.split("\n"))


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)


def fit_widths(
    ws: Worksheet, columns: Sequence[Sequence[str]], minimum: float = 8, maximum: float = 40
) -> None:
    """Explicit widths from the longest text in each column (header included)."""
    widths = [
        min(maximum, max(minimum, *(_longest_line(t) + 2 for t in texts))) for texts in columns
    ]
    set_widths(ws, widths)


A4_INCHES = (8.27, 11.69)
SIDE_MARGIN_INCHES = 0.5
MIN_PRINT_SCALE = 90
"""The smallest print scale a county page may have: 10 pt text stays at least 9 pt."""


UNIT_PIXELS = 8.5
"""Pixels per unit of column width, taken wide: Excel with Calibri lays a unit out as 7
pixels, LibreOffice without Calibri (its substitute font, DejaVu Sans) as about 8.4 —
measured on the rendered county notice. Pages sized for 8.5 fit in either."""


def column_pixels(width: float) -> int:
    """A column's width in pixels, at the widest of the layouts above, plus padding."""
    return int(width * UNIT_PIXELS + 0.5) + 5


def print_scale(widths: Sequence[float], *, landscape: bool) -> int:
    """The largest print scale (≤ 100%) at which the columns fit one A4 page wide, with 3%
    to spare."""
    paper = A4_INCHES[1] if landscape else A4_INCHES[0]
    printable = (paper - 2 * SIDE_MARGIN_INCHES) * 96 * 0.97
    return min(100, int(printable * 100 / sum(column_pixels(w) for w in widths)))


def print_setup(
    ws: Worksheet,
    lang: Lang,
    *,
    repeat_rows: tuple[int, int] | None = None,
    landscape: bool = True,
    widths: Sequence[float] | None = None,
) -> None:
    """A4, repeated header rows, "第 &P 页，共 &N 页" footer; fitted one page wide, or, when
    the column ``widths`` are given, at the fixed scale they fit at (print_scale), so the
    scale is known and checked, not whatever fitting a long sheet shrinks it to."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if widths is None:
        ws.fit_to_pages(1, 0)
    else:
        ws.set_print_scale(print_scale(widths, landscape=landscape))
    ws.center_horizontally()
    ws.set_margins(left=SIDE_MARGIN_INCHES, right=SIDE_MARGIN_INCHES, top=0.6, bottom=0.6)
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)
    ws.set_footer(label("page_footer", lang))


def write_money(ws: Worksheet, row: int, col: int, fen: int, fmt: Any) -> None:
    ws.write_number(row, col, fen_to_number(fen), fmt)


def write_money_formula(
    ws: Worksheet, row: int, col: int, formula: str, fen: int, fmt: Any
) -> None:
    """A formula that evaluates to an amount, written with its exact value."""
    ws.write_formula(row, col, formula, fmt, fen_to_number(fen))


def title_block(
    ws: Worksheet, styles: Styles, title: str, subtitle: str, width: int, lang: Lang
) -> int:
    """Title and subtitle rows merged across ``width`` columns; returns the next free row."""
    merged_text(ws, 0, 0, max(width - 1, 1), title, styles.title)
    ws.set_row(0, 28)
    subtitle = f"{subtitle}    {label('unit_yuan', lang)}"
    merged_text(ws, 1, 0, max(width - 1, 1), subtitle, styles.subtitle)
    return 3


def merged_text(ws: Worksheet, row: int, first: int, last: int, text: str, fmt: Any) -> None:
    """``text`` in columns ``first``..``last`` of ``row``, merged when they are more than one.

    A merge writes the text into its first cell itself: one call instead of a merge of ""
    and the text written over it, with the same cells (the same shared string, at the same
    place in the table). An empty text is still written as a string cell, as write_string
    writes it (a merge of "" leaves a blank)."""
    if last > first and text:
        ws.merge_range(row, first, row, last, text, fmt)
        return
    if last > first:
        ws.merge_range(row, first, row, last, "", fmt)
    ws.write_string(row, first, text, fmt)


def header_row(ws: Worksheet, row: int, headers: Sequence[str], styles: Styles) -> None:
    """A table's header texts from column A, as write_string writes them, in one call (a
    county workbook writes ~8 header rows)."""
    header = styles.header
    ws.write_cells(row, 0, [(text, header) for text in headers])
    ws.set_row(row, 30)


def cell(row: int, col: int, absolute: bool = False) -> str:
    """``C7`` for zero-based row and column; ``$C$7`` when ``absolute`` — xlsxwriter's
    xl_rowcol_to_cell, with each column's letters worked out once (a county workbook names
    ~100 cells in its formulas, the summary several per county)."""
    letters = _column_letters(col)
    return f"${letters}${row + 1}" if absolute else f"{letters}{row + 1}"


@lru_cache(maxsize=16_384)  # a sheet has at most 16,384 columns
def _column_letters(col: int) -> str:
    letters: str = xl_col_to_name(col)
    return letters


def column_range(first: int, last: int, col: int, absolute: bool = False) -> str:
    """Rows ``first`` to ``last`` of one column: ``C4:C9`` (``$C$4:$C$9`` when absolute)."""
    return f"{cell(first, col, absolute)}:{cell(last, col, absolute)}"


def column_sum(first: int, last: int, col: int) -> str:
    """``=SUM(C4:C9)``: the total of rows ``first`` to ``last`` of one column."""
    return f"=SUM({column_range(first, last, col)})"


def red_when(
    ws: Worksheet, first: tuple[int, int], last: tuple[int, int], rule: str, fmt: Any
) -> None:
    """Conditional formatting: cells first..last (row, col) turn red while ``rule`` (a formula
    relative to ``first``, e.g. ``=$K5>0``) is true — a colour that follows recalculation,
    not a fixed fill."""
    ws.conditional_format(*first, *last, {"type": "formula", "criteria": rule, "format": fmt})


def note_lines(ws: Worksheet, row: int, lines: Sequence[str], last_col: int, fmt: Any) -> int:
    """Lines of text (warnings, notes on the input), each merged across the sheet from
    column A; returns the row after them. Nothing is written when there are none."""
    for text in lines:
        merged_text(ws, row, 0, last_col, text, fmt)
        ws.set_row(row, 30)
        row += 1
    return row
