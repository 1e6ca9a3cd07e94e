"""The summary workbook's 分配图表 sheet: a native column chart of the allocations by
county and fund source (SPEC §6, "a chart of allocations by county").

The sheet holds the small table the chart draws — one row per county, one column per
source, and a live total — and under it a stacked column chart (one stack per county,
one segment per source) that Excel, WPS and LibreOffice draw themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell

from roadfund.text import label
from roadfund.writers.xlsx_common import (
    FONT,
    header_row,
    print_setup,
    set_widths,
    title_block,
    write_money,
    write_money_formula,
)

if TYPE_CHECKING:
    from roadfund.writers.summary.context import SheetContext

SERIES_COLOURS = ("#2F5597", "#C55A11", "#548235", "#7F6000")
CHART_HEIGHT_PX = 400
PX_PER_WIDTH_UNIT = 7  # a column width unit is about 7 pixels (the default font's digit)


def chart_sheet(wb: Workbook, ctx: SheetContext) -> None:
    """分配图表: each county's allocation per source, as a table and a stacked column chart."""
    lang, st, result = ctx.lang, ctx.styles, ctx.result
    sources = result.allocation.sources
    year_input = result.year_input
    sheet_name = label("ch.sheet", lang)
    ws = wb.add_worksheet(sheet_name)
    headers = [
        label("county_code", lang),
        label("county_name", lang),
        *(ctx.source_label(s) for s in sources),
        label("total", lang),
    ]
    widths = [12, 14, *(20 for _ in sources), 20]
    set_widths(ws, widths)
    title = label("ch.title", lang, city=year_input.city, year=year_input.year)
    row = title_block(ws, st, title, ctx.subtitle(), len(headers), lang)
    header_row(ws, row, headers, st)
    table_header = row
    first = row + 1
    total_col = 2 + len(sources)
    for code in ctx.codes:
        row += 1
        ws.write_string(row, 0, code, st.text)
        ws.write_string(row, 1, ctx.names[code], st.text)
        for j, source in enumerate(sources):
            write_money(ws, row, 2 + j, source.total(code), st.money)
        parts = f"{xl_rowcol_to_cell(row, 2)}:{xl_rowcol_to_cell(row, total_col - 1)}"
        write_money_formula(
            ws,
            row,
            total_col,
            f"=SUM({parts})",
            result.allocation.transfer_total(code),
            st.money_bold,
        )
    last = row

    chart = wb.add_chart({"type": "column", "subtype": "stacked"})
    for j, _source in enumerate(sources):
        col = 2 + j
        chart.add_series(
            {
                "name": [sheet_name, table_header, col],
                "categories": [sheet_name, first, 1, last, 1],
                "values": [sheet_name, first, col, last, col],
                "fill": {"color": SERIES_COLOURS[j % len(SERIES_COLOURS)]},
                "gap": 80,
            }
        )
    font = {"name": FONT, "size": 10}
    chart.set_title({"name": title, "name_font": {"name": FONT, "size": 13, "bold": True}})
    chart.set_x_axis({"name": label("ch.x_axis", lang), "name_font": font, "num_font": font})
    chart.set_y_axis(
        {
            "name": label("amount_yuan", lang),
            "name_font": font,
            "num_font": font,
            "num_format": "#,##0",
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_legend({"position": "bottom", "font": font})
    # As wide as the table above it, so the page (fitted one page wide) keeps its scale.
    chart.set_size({"width": int(sum(widths) * PX_PER_WIDTH_UNIT), "height": CHART_HEIGHT_PX})
    ws.insert_chart(last + 2, 0, chart)
    print_setup(ws, lang, repeat_rows=(table_header, table_header))
