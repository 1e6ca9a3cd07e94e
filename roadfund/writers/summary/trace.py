"""The summary workbook's 计算过程 sheet: every county's derivation, line by line.

The lines are ``roadfund.engine.trace.explain_county``'s, rendered in the workbook's language
— the same text ``roadfund explain`` prints — with the county, the part of the
derivation, and the amount the step arrives at (元) beside each, so a finance officer can
filter one county or one fund source and an auditor can sum the amount column.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from xlsxwriter import Workbook

from roadfund.engine.trace import Index, explain_each
from roadfund.money import fen_to_number
from roadfund.text import label
from roadfund.writers.xlsx_common import (
    cell_format,
    display_width,
    header_row,
    print_setup,
    set_widths,
    title_block,
)

if TYPE_CHECKING:
    from roadfund.engine.trace import TraceLine
    from roadfund.text import Lang
    from roadfund.writers.summary.context import SheetContext

CODE, NAME, SECTION, STEP, AMOUNT = 0, 1, 2, 3, 4
STEP_WIDTH = 100


def trace_sheet(wb: Workbook, ctx: SheetContext) -> None:
    """计算过程: county code, name, part, step text, amount — every county's trace in turn."""
    lang, st = ctx.lang, ctx.styles
    ws = wb.add_worksheet(label("sheet.trace", lang))
    headers = [
        label("county_code", lang),
        label("county_name", lang),
        label("trace.section", lang),
        label("trace.step", lang),
        label("amount_yuan", lang),
    ]
    row = title_block(ws, st, label("sheet.trace", lang), ctx.subtitle(), len(headers), lang)
    table_header = row
    header_row(ws, row, headers, st)
    step_formats = [cell_format(wb, border=1, text_wrap=True, indent=level) for level in (0, 1)]
    text_format, money_format = st.text, st.money
    names = ctx.names
    wrap_at = STEP_WIDTH - 4
    # The cells that repeat from row to row, made once: each part's (~60 lines a county),
    # a blank amount.
    section_cells: dict[tuple[str, ...], tuple[str, Any]] = {}
    blank = (None, text_format)
    index = Index.of(ctx.result)
    # The lines every county's trace shares (a source's received … 70/30 split, the
    # city-wide totals: a quarter of the rows), by identity: their text and height made once.
    shared = {id(line): _text_and_height(line, lang, wrap_at) for line in index.shared_lines()}

    def rows() -> Iterator[tuple[tuple[tuple[Any, Any], ...], float | None]]:
        for code, lines in explain_each(ctx.result, index):
            code_cell, name_cell = (code, text_format), (names[code], text_format)
            for line in lines:
                section_cell = section_cells.get(line.section)
                if section_cell is None:
                    section_cell = (line.section_text(lang), text_format)
                    section_cells[line.section] = section_cell
                made = shared.get(id(line))
                text, height = made or _text_and_height(line, lang, wrap_at)
                fen = line.fen
                cells = (
                    code_cell,
                    name_cell,
                    section_cell,
                    (text, step_formats[min(line.level, 1)]),
                    blank if fen is None else (fen_to_number(fen), money_format),
                )
                yield cells, height

    row = ws.write_rows(row + 1, CODE, rows()) - 1
    name_width = max([display_width(headers[NAME]), *(display_width(n) for n in names.values())])
    section_width = max(
        [display_width(headers[SECTION]), *(display_width(s) for s, _ in section_cells.values())]
    )
    set_widths(ws, [12, name_width + 2, min(section_width + 2, 40), STEP_WIDTH, 18])
    ws.freeze_panes(table_header + 1, 2)
    ws.autofilter(table_header, 0, row, AMOUNT)
    print_setup(ws, lang, repeat_rows=(table_header, table_header))


def _text_and_height(line: TraceLine, lang: Lang, wrap_at: int) -> tuple[str, float | None]:
    """A step's text, and its row's height when the text wraps (None: the default)."""
    text = line.text(lang)
    return text, step_height(text, wrap_at)


def step_height(text: str, wrap_at: int) -> float | None:
    """The height of a row whose step text wraps at ``wrap_at`` (None: one line, the
    default), so that a PDF never lays a long step over the next.

    A text's display width is at most twice its length, and at most its UTF-8 length (a
    wide character takes three bytes or four): most steps fit one line without measuring
    (at 3,000 counties ~90,000 of 162,000 are longer than half a line, a third of those
    shorter than a line in bytes)."""
    if 2 * len(text) > wrap_at and len(text.encode("utf-8", "surrogatepass")) > wrap_at:
        lines_needed = math.ceil(display_width(text) / wrap_at)
        if lines_needed > 1:
            return 13.5 * lines_needed + 2
    return None
