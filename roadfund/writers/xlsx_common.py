"""What every workbook we write shares: safe options, styles, print layout, column widths.

Strings are always written with ``write_string`` (never parsed as formulas or URLs);
every formula is written with its computed value; the creation date comes from the
input so reruns are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from roadfund import __version__
from roadfund.money import fen_to_number
from roadfund.text import Lang, label

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # Assemble the parts in memory, not as temporary files zipped from disk: a third
    # less time per county workbook, and the zip entries no longer carry the temporary
    # files' permission bits (every entry is dated 1980-01-01).
    "in_memory": True,
}
MONEY = "#,##0.00"
A4 = 9
FONT = "宋体"


def new_workbook(path: Path, *, title: str, created: dt.date) -> Workbook:
    """A workbook with safe write options and reproducible document properties."""
    workbook = Workbook(str(path), WORKBOOK_OPTIONS)
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


def cell_format(workbook: Workbook, **props: Any) -> Any:
    """A format in the workbooks' font (宋体 10, vertically centred), plus ``props``."""
    return workbook.add_format({"font_name": FONT, "font_size": 10, "valign": "vcenter", **props})


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
    money_fail: Any
    km: Any
    number: Any
    ratio: Any
    percent: Any
    percent_fail: Any
    integer: Any
    note: Any
    fail: Any

    @classmethod
    def of(cls, workbook: Workbook) -> Styles:
        fmt = partial(cell_format, workbook)
        boxed = {"border": 1}
        red = {"bg_color": "#FDE2E1", "font_color": "#9C0006"}
        return cls(
            title=fmt(bold=True, font_size=16, align="center"),
            subtitle=fmt(font_size=10),
            header=fmt(bold=True, bg_color="#DDEBF7", text_wrap=True, align="center", **boxed),
            text=fmt(**boxed),
            text_bold=fmt(bold=True, **boxed),
            money=fmt(num_format=MONEY, **boxed),
            money_bold=fmt(num_format=MONEY, bold=True, **boxed),
            money_fail=fmt(num_format=MONEY, **boxed, **red),
            km=fmt(num_format="#,##0.000", **boxed),
            number=fmt(num_format="#,##0.000000", **boxed),
            ratio=fmt(num_format="0.0000", **boxed),
            percent=fmt(num_format="0.00%", **boxed),
            percent_fail=fmt(num_format="0.00%", **boxed, **red),
            integer=fmt(num_format="0", **boxed),
            note=fmt(font_size=9, text_wrap=True, valign="top"),
            fail=fmt(**boxed, **red),
        )


def display_width(text: str) -> int:
    """Column width for text: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)


def fit_widths(
    ws: Worksheet, columns: Sequence[Sequence[str]], minimum: float = 8, maximum: float = 40
) -> None:
    """Explicit widths from the longest text in each column (header included)."""
    widths = [
        min(maximum, max(minimum, *(display_width(t) + 2 for t in texts))) for texts in columns
    ]
    set_widths(ws, widths)


def print_setup(
    ws: Worksheet, lang: Lang, *, repeat_rows: tuple[int, int] | None = None, landscape: bool = True
) -> None:
    """A4, fit to one page wide, repeated header rows, "第 &P 页，共 &N 页" footer."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)
    footer = "&C第 &P 页，共 &N 页" if lang == "zh" else "&CPage &P of &N"
    ws.set_footer(footer)


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
    ws.merge_range(0, 0, 0, max(width - 1, 1), "", styles.title)
    ws.write_string(0, 0, title, styles.title)
    ws.set_row(0, 28)
    ws.merge_range(1, 0, 1, max(width - 1, 1), "", styles.subtitle)
    ws.write_string(1, 0, f"{subtitle}    {label('unit_yuan', lang)}", styles.subtitle)
    return 3


def header_row(ws: Worksheet, row: int, headers: Sequence[str], styles: Styles) -> None:
    for col, text in enumerate(headers):
        ws.write_string(row, col, text, styles.header)
    ws.set_row(row, 30)


def cell(row: int, col: int, absolute: bool = False) -> str:
    """``C7`` for zero-based row and column; ``$C$7`` when ``absolute``."""
    return xl_rowcol_to_cell(row, col, absolute, absolute)


def column_range(first: int, last: int, col: int, absolute: bool = False) -> str:
    """Rows ``first`` to ``last`` of one column: ``C4:C9`` (``$C$4:$C$9`` when absolute)."""
    return f"{cell(first, col, absolute)}:{cell(last, col, absolute)}"


def column_sum(first: int, last: int, col: int) -> str:
    """``=SUM(C4:C9)``: the total of rows ``first`` to ``last`` of one column."""
    return f"=SUM({column_range(first, last, col)})"


def note_lines(ws: Worksheet, row: int, lines: Sequence[str], last_col: int, fmt: Any) -> int:
    """Lines of text (warnings, notes on the input), each merged across the sheet from
    column A; returns the row after them. Nothing is written when there are none."""
    for text in lines:
        ws.merge_range(row, 0, row, last_col, "", fmt)
        ws.write_string(row, 0, text, fmt)
        ws.set_row(row, 30)
        row += 1
    return row
