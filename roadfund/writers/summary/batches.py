"""The summary workbook's 分批下达 sheet: each source's batches side by side (SPEC §7).

Per source: the batches (amount, city deduction, pool, daily and performance pools), then
one row per county with each batch's daily, performance and total (cumulative allocation
minus the previous one, as the engine computed it) and the cumulative total, a live sum
of the batches that equals the county's allocation of the source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter import Workbook

from roadfund.text import Lang, label
from roadfund.writers.xlsx_common import (
    FONT,
    cell,
    column_sum,
    header_row,
    print_setup,
    set_widths,
    title_block,
    write_money,
    write_money_formula,
)

if TYPE_CHECKING:
    from roadfund.engine.batches import Batch
    from roadfund.writers.summary.context import SheetContext


def batch_title(batch: Batch, lang: Lang) -> str:
    """第1批（提前下达） / Batch 1 (提前下达); 第2批 when the batch has no name."""
    if not batch.name:
        return label("batch.number", lang, number=batch.number)
    return label("batch.number_named", lang, number=batch.number, name=batch.name)


def batches_sheet(wb: Workbook, ctx: SheetContext) -> None:
    """分批下达 (only when the input numbers its batches)."""
    result = ctx.result
    if result.batches is None:
        return
    lang, st, year_input = ctx.lang, ctx.styles, result.year_input
    ws = wb.add_worksheet(label("batch.sheet", lang))
    heading = wb.add_format({"font_name": FONT, "font_size": 11, "bold": True})
    widest = max(len(result.batches.of_source(s.code)) for s in result.allocation.sources)
    width = 2 + 3 * widest + 1
    set_widths(ws, (12, 12, *([15] * (3 * widest)), 16))
    title = label("batch.title", lang, city=year_input.city, year=year_input.year)
    row = title_block(ws, st, title, ctx.subtitle(), width, lang)
    for source in result.allocation.sources:
        batches = result.batches.of_source(source.code)
        ws.write_string(row, 0, ctx.source_label(source), heading)
        row += 1
        header_row(
            ws,
            row,
            [
                label("batch.batch", lang),
                label("batch.name", lang),
                label("received", lang),
                label("city_deduction", lang),
                label("pool", lang),
                label("daily", lang),
                label("performance", lang),
            ],
            st,
        )
        for batch in batches:
            row += 1
            ws.write_number(row, 0, batch.number, st.integer)
            ws.write_string(row, 1, batch.name, st.text)
            write_money(ws, row, 2, batch.row.received, st.money)
            write_money(ws, row, 3, batch.row.city_deduction, st.money)
            formula = f"={cell(row, 2)}-{cell(row, 3)}"
            write_money_formula(ws, row, 4, formula, batch.pool, st.money)
            write_money(ws, row, 5, batch.daily_pool, st.money)
            write_money(ws, row, 6, batch.performance_pool, st.money)
        row += 2
        headers = [label("county_code", lang), label("county_name", lang)]
        for batch in batches:
            name = batch_title(batch, lang)
            headers += [
                f"{name}\n{label('daily', lang)}",
                f"{name}\n{label('performance', lang)}",
                f"{name}\n{label('total', lang)}",
            ]
        headers.append(label("batch.cumulative", lang))
        header_row(ws, row, headers, st)
        first = row + 1
        for code in ctx.codes:
            row += 1
            ws.write_string(row, 0, code, st.text)
            ws.write_string(row, 1, ctx.names[code], st.text)
            totals = []
            for k, batch in enumerate(batches):
                col = 2 + 3 * k
                write_money(ws, row, col, batch.daily[code], st.money)
                write_money(ws, row, col + 1, batch.performance[code], st.money)
                formula = f"={cell(row, col)}+{cell(row, col + 1)}"
                write_money_formula(ws, row, col + 2, formula, batch.total(code), st.money)
                totals.append(cell(row, col + 2))
            col = 2 + 3 * len(batches)
            formula = "=" + "+".join(totals)
            write_money_formula(ws, row, col, formula, source.total(code), st.money_bold)
        last = row
        row += 1
        ws.write_string(row, 0, label("total", lang), st.text_bold)
        ws.write_string(row, 1, "", st.text_bold)
        for k, batch in enumerate(batches):
            values = (batch.daily_pool, batch.performance_pool, batch.pool)
            for part, value in enumerate(values):
                col = 2 + 3 * k + part
                write_money_formula(
                    ws, row, col, column_sum(first, last, col), value, st.money_bold
                )
        col = 2 + 3 * len(batches)
        write_money_formula(ws, row, col, column_sum(first, last, col), source.pool, st.money_bold)
        row += 3
    ws.merge_range(row, 0, row, width - 1, "", st.note)
    ws.write_string(row, 0, label("batch.note", lang), st.note)
    ws.set_row(row, 48)
    print_setup(ws, lang)
