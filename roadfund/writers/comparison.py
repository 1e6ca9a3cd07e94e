"""The comparison workbook of ``roadfund compare --out``: two sheets, run A against run B.

分配变化 — per county and source: daily, performance and total in each year and the
change (a live formula B − A written with its exact value), then the city's total per
source (SUMIF formulas). 县区依据与清算变化 — per county: converted mileage, score,
grade and the settlement due in each year, and their changes. A county present in one
run only is marked added/removed and has no change cells.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from roadfund.engine.compare import Amounts, Comparison, source_text, status_text
from roadfund.text import Lang, label
from roadfund.writers.report import comparison_header
from roadfund.writers.xlsx_common import (
    Styles,
    column_range,
    fit_widths,
    header_row,
    new_workbook,
    print_setup,
    title_block,
    write_money,
    write_money_formula,
)

# --- the comparison workbook ---------------------------------------------------------


def _money_or_blank(ws: Worksheet, row: int, col: int, fen: int | None, st: Styles) -> None:
    if fen is None:
        ws.write_blank(row, col, None, st.money)
    else:
        write_money(ws, row, col, fen, st.money)


def _change(
    ws: Worksheet, row: int, col: int, before: int | None, after: int | None, st: Styles
) -> None:
    """The change cell: =after−before with its exact value, blank when a side is missing."""
    if before is None or after is None:
        ws.write_blank(row, col, None, st.money)
        return
    formula = f"={xl_rowcol_to_cell(row, col - 1)}-{xl_rowcol_to_cell(row, col - 2)}"
    write_money_formula(ws, row, col, formula, after - before, st.money)


def _number_change(
    ws: Worksheet,
    row: int,
    col: int,
    before: Fraction | None,
    after: Fraction | None,
    fmt: object,
) -> None:
    for offset, value in ((0, before), (1, after)):
        if value is None:
            ws.write_blank(row, col + offset, None, fmt)
        else:
            ws.write_number(row, col + offset, float(value), fmt)
    if before is None or after is None:
        ws.write_blank(row, col + 2, None, fmt)
        return
    formula = f"={xl_rowcol_to_cell(row, col + 1)}-{xl_rowcol_to_cell(row, col)}"
    ws.write_formula(row, col + 2, formula, fmt, float(after - before))


def _title(comparison: Comparison, lang: Lang) -> str:
    a, b = comparison.a, comparison.b
    return label("compare.title", lang, city=b.city, year_a=a.year, year_b=b.year)


def _subtitle(comparison: Comparison, lang: Lang) -> str:
    return comparison_header(comparison, lang, folder_names=True)


def _year_headers(name: str, comparison: Comparison, lang: Lang) -> list[str]:
    return [
        f"{name}\n{label('compare.year', lang, year=comparison.a.year)}",
        f"{name}\n{label('compare.year', lang, year=comparison.b.year)}",
        f"{name}\n{label('compare.change', lang)}",
    ]


def amounts_sheet(wb: Workbook, comparison: Comparison, st: Styles, lang: Lang) -> None:
    ws = wb.add_worksheet(label("compare.sheet.amounts", lang))
    headers = [label("county_code", lang), label("county_name", lang), label("source", lang)]
    for key in ("daily", "performance", "total"):
        headers += _year_headers(label(key, lang), comparison, lang)
    headers.append(label("compare.status", lang))
    row = title_block(
        ws, st, _title(comparison, lang), _subtitle(comparison, lang), len(headers), lang
    )
    table_header = row
    header_row(ws, row, headers, st)
    first = row + 1
    for item in comparison.amounts:
        row += 1
        ws.write_string(row, 0, item.county_code, st.text)
        ws.write_string(row, 1, item.county_name, st.text)
        ws.write_string(row, 2, source_text(item.source, lang), st.text)
        for i, name in enumerate(("daily", "performance", "total")):
            col = 3 + 3 * i
            before = _get(item.before, name)
            after = _get(item.after, name)
            _money_or_blank(ws, row, col, before, st)
            _money_or_blank(ws, row, col + 1, after, st)
            _change(ws, row, col + 2, before, after, st)
        ws.write_string(row, 12, status_text(item.status, lang), st.text)
    last = row
    for total in comparison.source_totals:
        row += 1
        source = source_text(total.source, lang)
        ws.write_string(row, 0, "", st.text_bold)
        ws.write_string(row, 1, label("total", lang), st.text_bold)
        ws.write_string(row, 2, source, st.text_bold)
        criteria = xl_rowcol_to_cell(row, 2)
        names = column_range(first, last, 2, absolute=True)
        for i, name in enumerate(("daily", "performance", "total")):
            col = 3 + 3 * i
            for offset, side in ((0, total.before), (1, total.after)):
                c = col + offset
                values = column_range(first, last, c, absolute=True)
                formula = f"=SUMIF({names},{criteria},{values})"
                write_money_formula(ws, row, c, formula, _get(side, name) or 0, st.money_bold)
            before, after = _get(total.before, name) or 0, _get(total.after, name) or 0
            formula = f"={xl_rowcol_to_cell(row, col + 1)}-{xl_rowcol_to_cell(row, col)}"
            write_money_formula(ws, row, col + 2, formula, after - before, st.money_bold)
        ws.write_string(row, 12, "", st.text_bold)
    ws.freeze_panes(table_header + 1, 3)
    columns = _columns(headers, ws_rows=[[i.county_name for i in comparison.amounts]])
    columns[2] += [source_text(i.source, lang) for i in comparison.amounts]  # never cut off
    fit_widths(ws, columns, minimum=10)
    print_setup(ws, lang, repeat_rows=(table_header, table_header))


def _get(amounts: Amounts | None, name: str) -> int | None:
    return None if amounts is None else int(getattr(amounts, name))


def _columns(headers: Sequence[str], ws_rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Texts per column for width fitting: the header's longest line (and names in column 1)."""
    columns = [[max(h.split("\n"), key=len)] for h in headers]
    for extra in ws_rows:
        columns[1] += list(extra)
    for i in range(3, len(columns) - 1):
        columns[i].append("-999,999,999.99")
    return columns


def counties_sheet(wb: Workbook, comparison: Comparison, st: Styles, lang: Lang) -> None:
    ws = wb.add_worksheet(label("compare.sheet.counties", lang))
    headers = [label("county_code", lang), label("county_name", lang)]
    headers += _year_headers(label("compare.km", lang), comparison, lang)
    headers += _year_headers(label("score", lang), comparison, lang)
    headers += [
        f"{label('grade', lang)}\n{label('compare.year', lang, year=comparison.a.year)}",
        f"{label('grade', lang)}\n{label('compare.year', lang, year=comparison.b.year)}",
    ]
    headers += _year_headers(label("compare.due", lang), comparison, lang)
    headers.append(label("compare.status", lang))
    row = title_block(
        ws, st, _title(comparison, lang), _subtitle(comparison, lang), len(headers), lang
    )
    table_header = row
    header_row(ws, row, headers, st)
    for c in comparison.counties:
        row += 1
        ws.write_string(row, 0, c.county_code, st.text)
        ws.write_string(row, 1, c.county_name, st.text)
        _number_change(ws, row, 2, c.mileage.before, c.mileage.after, st.km)
        _number_change(ws, row, 5, c.score.before, c.score.after, st.money)  # 2 decimals
        ws.write_string(row, 8, c.grade.before or "", st.text)
        ws.write_string(row, 9, c.grade.after or "", st.text)
        _money_or_blank(ws, row, 10, c.due.before, st)
        _money_or_blank(ws, row, 11, c.due.after, st)
        _change(ws, row, 12, c.due.before, c.due.after, st)
        ws.write_string(row, 13, status_text(c.status, lang), st.text)
    ws.freeze_panes(table_header + 1, 2)
    fit_widths(
        ws, _columns(headers, ws_rows=[[c.county_name for c in comparison.counties]]), minimum=10
    )
    print_setup(ws, lang, repeat_rows=(table_header, table_header))


def write_comparison(path: Path, comparison: Comparison, lang: Lang) -> None:
    """Write the workbook to ``path`` whole or not at all (a temporary file renamed)."""
    title = _title(comparison, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        # Reproducible bytes: the created date is fixed by the later run's year.
        workbook = new_workbook(tmp, title=title, created=dt.date(comparison.b.year, 1, 1))
        st = Styles.of(workbook)
        amounts_sheet(workbook, comparison, st, lang)
        counties_sheet(workbook, comparison, st, lang)
        workbook.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
