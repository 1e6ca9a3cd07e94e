"""The city summary workbook (市级汇总表): one sheet-writer function per sheet.

``SUMMARY_SHEETS`` lists them in order; each takes the workbook, the shared context and
writes one sheet. Every amount shown is the engine's fen; derived cells are live
formulas carrying their values.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from roadfund.engine import YearResult
from roadfund.engine.review import review_lines
from roadfund.money import amount_in_words, floor_text
from roadfund.names import safe_file_name
from roadfund.policy import CoefficientMethod, decimal_text
from roadfund.schema import ROAD_CLASSES
from roadfund.text import Lang, label
from roadfund.writers.formulas import words_formula
from roadfund.writers.summary.batches import batches_sheet
from roadfund.writers.summary.budget import budget_sheet
from roadfund.writers.summary.chart import chart_sheet
from roadfund.writers.summary.context import SheetContext, SheetWriter
from roadfund.writers.summary.matching import matching_sheet
from roadfund.writers.summary.settlement import settlement_sheet
from roadfund.writers.summary.trace import trace_sheet
from roadfund.writers.xlsx_common import (
    FONT,
    Styles,
    cell,
    column_range,
    column_sum,
    display_width,
    fit_widths,
    header_row,
    new_workbook,
    note_lines,
    print_setup,
    title_block,
    write_money,
    write_money_formula,
)


def overview_sheet(wb: Workbook, ctx: SheetContext) -> None:
    """分配总览: the sources (received → pool → daily / performance), then each county's amounts."""
    lang, st, alloc = ctx.lang, ctx.styles, ctx.result.allocation
    ws = wb.add_worksheet(label("sheet.overview", lang))
    sources = alloc.sources
    headers = [label("county_code", lang), label("county_name", lang)]
    for source in sources:
        name = ctx.source_label(source)
        headers += [
            f"{name}\n{label('daily', lang)}",
            f"{name}\n{label('performance', lang)}",
            f"{name}\n{label('total', lang)}",
        ]
    headers.append(label("total", lang))
    year_input = ctx.result.year_input
    row = title_block(
        ws,
        st,
        label("title.summary", lang, city=year_input.city, year=year_input.year),
        ctx.subtitle(),
        len(headers),
        lang,
    )

    # Fund sources block.
    src_headers = [
        label("source", lang),
        label("received", lang),
        label("city_deduction", lang),
        label("pool", lang),
        label("daily", lang),
        label("performance", lang),
    ]
    header_row(ws, row, src_headers, st)
    for source in sources:
        row += 1
        ws.write_string(row, 0, ctx.source_label(source), st.text)
        write_money(ws, row, 1, source.received, st.money)
        write_money(ws, row, 2, source.city_deduction, st.money)
        b, c = cell(row, 1), cell(row, 2)
        write_money_formula(ws, row, 3, f"={b}-{c}", source.pool, st.money)
        write_money(ws, row, 4, source.daily_pool, st.money)
        d, e = cell(row, 3), cell(row, 4)
        write_money_formula(ws, row, 5, f"={d}-{e}", source.performance_pool, st.money)

    # Counties block.
    row += 2
    table_header = row
    header_row(ws, row, headers, st)
    first = row + 1
    for code in ctx.codes:
        row += 1
        ws.set_row(row, 22)  # each row as it is written: the workbook is streamed
        ws.write_string(row, 0, code, st.text)
        ws.write_string(row, 1, ctx.names[code], st.text)
        col = 2
        for source in sources:
            daily, perf, total = ctx.result.amounts[(source.code, code)]
            write_money(ws, row, col, daily, st.money)
            write_money(ws, row, col + 1, perf, st.money)
            left, mid = cell(row, col), cell(row, col + 1)
            write_money_formula(ws, row, col + 2, f"={left}+{mid}", total, st.money)
            col += 3
        subtotal_cells = "+".join(cell(row, 2 + 3 * i + 2) for i in range(len(sources)))
        write_money_formula(
            ws, row, col, f"={subtotal_cells}", alloc.transfer_total(code), st.money_bold
        )
    last = row
    row += 1
    ws.set_row(row, 22)
    ws.write_string(row, 0, label("total", lang), st.text_bold)
    ws.write_string(row, 1, "", st.text_bold)
    for col in range(2, len(headers)):
        column_total = sum(_overview_value(ctx, code, col) for code in ctx.codes)
        write_money_formula(ws, row, col, column_sum(first, last, col), column_total, st.money_bold)
    total_cell = cell(row, len(headers) - 1)
    result = ctx.result
    after = _cover_notes(ws, row + 2, ctx, total_cell, len(headers))
    note_lines(
        ws, after + 1, review_lines(result.warnings, result.notes, lang), len(headers) - 1, st.note
    )
    ws.freeze_panes(table_header + 1, 2)
    fit_widths(ws, [[label("source", lang), *src_headers], *[[h] for h in headers[1:]]], minimum=14)
    ws.set_column(0, 0, 22)
    print_setup(ws, lang, repeat_rows=(table_header, table_header))


COVER_SHEETS = (
    ("sheet.daily", "cover.daily"),
    ("sheet.performance", "cover.performance"),
    ("sheet.matching", "cover.matching"),
    ("cs.sheet", "cover.settlement"),
    ("ch.sheet", "cover.chart"),
    ("sheet.policy", "cover.policy"),
    ("sheet.trace", "cover.trace"),
)


def _cover_sheets(ctx: SheetContext) -> list[tuple[str, str]]:
    """COVER_SHEETS as this run writes them: at year start the budget instead of the
    settlement; the batches sheet when the input numbers its batches."""
    sheets = []
    for sheet_key, what_key in COVER_SHEETS:
        if sheet_key == "cs.sheet" and ctx.result.settlement is None:
            sheet_key, what_key = "budget.sheet", "cover.budget"
        sheets.append((sheet_key, what_key))
        if what_key in ("cover.settlement", "cover.budget") and ctx.result.batches is not None:
            sheets.append(("batch.sheet", "cover.batches"))
    return sheets


def _cover_notes(ws: Worksheet, row: int, ctx: SheetContext, total_cell: str, width: int) -> int:
    """Below the overview: the city's total in words, and what each further sheet holds —
    the first page reads as the workbook's cover. Returns the row after them."""
    lang, st = ctx.lang, ctx.styles
    total = sum(ctx.result.allocation.transfer_total(code) for code in ctx.codes)
    words = amount_in_words(total)
    ws.merge_range(row, 0, row, 1, "", st.text_bold)
    ws.write_string(row, 0, label("cover.total_words", lang), st.text_bold)
    ws.merge_range(row, 2, row, width - 1, "", st.text_bold)
    ws.write_formula(row, 2, words_formula(total_cell, total, words, lang), st.text_bold, words)
    ws.set_row(row, 24)
    row += 2
    ws.write_string(row, 0, label("cover.contents", lang), st.text_bold)
    for sheet_key, what_key in _cover_sheets(ctx):
        row += 1
        ws.write_string(row, 0, label(sheet_key, lang), st.text)
        ws.merge_range(row, 1, row, width - 1, "", st.text)
        ws.write_string(row, 1, label(what_key, lang), st.text)
        ws.set_row(row, 22)
    return row + 1


def _overview_value(ctx: SheetContext, code: str, col: int) -> int:
    sources = ctx.result.allocation.sources
    index, part = divmod(col - 2, 3)
    if index >= len(sources):
        return ctx.result.allocation.transfer_total(code)
    return ctx.result.amounts[(sources[index].code, code)][part]


def daily_sheet(wb: Workbook, ctx: SheetContext) -> None:
    """日常养护资金测算: km by class, class weights, converted mileage, share, amounts."""
    lang, st, result = ctx.lang, ctx.styles, ctx.result
    ws = wb.add_worksheet(label("sheet.daily", lang))
    sources = result.allocation.sources
    class_names = [name for _, name in ROAD_CLASSES]
    headers = _pool_headers(ctx, class_names, "converted_mileage", "daily")
    row = title_block(ws, st, label("sheet.daily", lang), ctx.subtitle(), len(headers), lang)
    weights = result.period.road_class_weights.by_key()
    ws.write_string(row, 1, label("class_weight", lang), st.text_bold)
    for i, (key, _) in enumerate(ROAD_CLASSES):
        ws.write_number(row, 2 + i, float(weights[key]), st.coefficient)
    weight_row = row
    row += 2
    table_header = row
    header_row(ws, row, headers, st)
    mileage = {m.county_code: m for m in result.year_input.mileage}
    n_classes = len(ROAD_CLASSES)
    conv_col = 2 + n_classes
    first = row + 1
    last = first + len(ctx.codes) - 1
    total_km = sum(result.allocation.mileage_km.values(), Fraction(0))
    w_range = f"{cell(weight_row, 2, True)}:{cell(weight_row, 1 + n_classes, True)}"
    km_column = column_range(first, last, conv_col, absolute=True)
    names = ctx.names
    for code in ctx.codes:
        row += 1
        ws.write_string(row, 0, code, st.text)
        ws.write_string(row, 1, names[code], st.text)
        for i, metres in enumerate(mileage[code].metres_by_class().values()):
            ws.write_number(row, 2 + i, metres / 1000, st.km)
        km_range = f"{cell(row, 2)}:{cell(row, 1 + n_classes)}"
        km = result.allocation.mileage_km[code]
        ws.write_formula(row, conv_col, f"=SUMPRODUCT({km_range},{w_range})", st.km, float(km))
        _share_cell(ws, row, conv_col, km_column, km, total_km, st)
        for j, source in enumerate(sources):
            write_money(ws, row, conv_col + 2 + j, result.amounts[(source.code, code)][0], st.money)
    row += 1
    ws.write_string(row, 0, label("total", lang), st.text_bold)
    ws.write_string(row, 1, "", st.text_bold)
    for col in range(2, len(headers)):
        total = column_sum(first, last, col)
        if col == conv_col + 1:
            ws.write_formula(row, col, total, st.percent, 1.0 if total_km else 0.0)
        elif col >= conv_col + 2:
            pool = sources[col - conv_col - 2].daily_pool
            write_money_formula(ws, row, col, total, pool, st.money_bold)
        else:
            value = (
                float(total_km)
                if col == conv_col
                else sum(mileage[c].metres_by_class()[ROAD_CLASSES[col - 2][0]] for c in ctx.codes)
                / 1000
            )
            ws.write_formula(row, col, total, st.km, value)
    ws.freeze_panes(table_header + 1, 2)
    fit_widths(ws, [[h] for h in headers], minimum=11)
    print_setup(ws, lang, repeat_rows=(table_header, table_header))


def _pool_headers(ctx: SheetContext, middle: list[str], basis: str, pool: str) -> list[str]:
    """The headers of a pool's sheet: code, name, the sheet's own columns (``middle``), the
    ``basis`` column and its share, then the ``pool``'s amount from each fund source."""
    lang = ctx.lang
    return [
        label("county_code", lang),
        label("county_name", lang),
        *middle,
        label(basis, lang),
        label("share_pct", lang),
        *[f"{ctx.source_label(s)}\n{label(pool, lang)}" for s in ctx.result.allocation.sources],
    ]


def _share_cell(
    ws: Worksheet,
    row: int,
    col: int,
    whole: str,
    part: Fraction,
    total: Fraction,
    st: Styles,
) -> None:
    """Column ``col`` + 1: this row's ``col`` ÷ the SUM of ``whole``, the column's rows
    (absolute: the same range on every row, made once per sheet)."""
    share = part / total if total else Fraction(0)
    formula = f"={cell(row, col)}/SUM({whole})"
    ws.write_formula(row, col + 1, formula, st.percent, float(share))


def performance_sheet(wb: Workbook, ctx: SheetContext) -> None:
    """绩效考核资金测算: score, grade, coefficient (or factors), weight, share, amounts."""
    lang, st, result = ctx.lang, ctx.styles, ctx.result
    ws = wb.add_worksheet(label("sheet.performance", lang))
    sources = result.allocation.sources
    method = result.period.performance
    basis = result.allocation.performance_basis
    coefficient = isinstance(method, CoefficientMethod)
    if isinstance(method, CoefficientMethod):
        middle = [
            label("score", lang),
            label("grade", lang),
            label("coefficient", lang),
            label("converted_mileage", lang) if method.need == "mileage" else label("need", lang),
        ]
    else:
        factor_names = list(method.factors)
        middle = [
            label("score", lang),
            label("need", lang),
            label("converted_mileage", lang),
            label("eligible", lang),
            *[label(f"factor.{k}", lang) for k in factor_names],
        ]
    headers = _pool_headers(ctx, middle, "weight", "performance")
    row = title_block(ws, st, label("sheet.performance", lang), ctx.subtitle(), len(headers), lang)
    table_header = row
    header_row(ws, row, headers, st)
    weight_col = 2 + len(middle)
    first = row + 1
    last = first + len(ctx.codes) - 1
    total_weight = sum((b.weight for b in basis.values()), Fraction(0))
    weight_column = column_range(first, last, weight_col, absolute=True)
    names = ctx.names
    for code in ctx.codes:
        row += 1
        b = basis[code]
        ws.write_string(row, 0, code, st.text)
        ws.write_string(row, 1, names[code], st.text)
        ws.write_number(row, 2, float(b.score), st.score)
        if coefficient:
            assert b.grade is not None and b.coefficient is not None and b.need is not None
            ws.write_string(row, 3, b.grade, st.text)
            ws.write_number(row, 4, float(b.coefficient), st.coefficient)
            ws.write_number(row, 5, float(b.need), st.km)
            formula = f"={cell(row, 4)}*{cell(row, 5)}"
            ws.write_formula(row, weight_col, formula, st.number, float(b.weight))
        else:
            ws.write_number(row, 3, float(b.need or 0), st.number)
            ws.write_number(row, 4, float(result.allocation.mileage_km[code]), st.km)
            ws.write_string(row, 5, label("yes" if b.eligible else "no", lang), st.text)
            for i, key in enumerate(factor_names):
                ws.write_number(row, 6 + i, float(b.factor_parts.get(key, 0)), st.number)
            parts = f"{cell(row, 6)}:{cell(row, 5 + len(factor_names))}"
            ws.write_formula(row, weight_col, f"=SUM({parts})", st.number, float(b.weight))
        _share_cell(ws, row, weight_col, weight_column, b.weight, total_weight, st)
        for j, source in enumerate(sources):
            write_money(ws, row, weight_col + 2 + j, source.performance[code].amount, st.money)
    row += 1
    ws.write_string(row, 0, label("total", lang), st.text_bold)
    for j, source in enumerate(sources):
        col = weight_col + 2 + j
        formula = column_sum(first, last, col)
        write_money_formula(ws, row, col, formula, source.performance_pool, st.money_bold)
    ws.freeze_panes(table_header + 1, 2)
    fit_widths(ws, [[h] for h in headers], minimum=11)
    print_setup(ws, lang, repeat_rows=(table_header, table_header))


def policy_rows(ctx: SheetContext) -> list[tuple[str, str]]:
    """The policy period as the policy document words it (景府发〔2022〕7号): 日常养护资金比例
    70%, 结算方式 按清算金额上解, 绩效等级 优 ≥ 90 分 系数 1.2 — never the file's keys."""
    lang, period = ctx.lang, ctx.result.period

    def t(key: str, **params: object) -> str:
        return label(key, lang, **params)

    document = (
        t("pp.document_named", title=period.title, reference=period.reference)
        if period.title
        else period.reference
    )
    rows: list[tuple[str, str]] = [
        (t("pp.document"), document),
        (t("pp.from_year"), t("pp.from_year_value", year=period.from_year)),
        (t("pp.daily_share"), floor_text(period.daily_share)),
        (t("pp.performance_share"), floor_text(period.performance_share)),
        (t("pp.matching_floor"), floor_text(period.matching_floor)),
        (t("pp.city_units"), label("sep.list", lang).join(period.city_units)),
        (t("pp.settlement_mode"), t(f"pp.mode.{period.settlement_mode}")),
    ]
    weights = period.road_class_weights.by_key()
    rows += [
        (t("pp.class_weight", road=t(f"cw.road_class.{key}")), decimal_text(weights[key]))
        for key, _ in ROAD_CLASSES
    ]
    method = period.performance
    if isinstance(method, CoefficientMethod):
        rows.append((t("pp.method"), t("pp.method.coefficient")))
        rows.append((t("pp.need"), t(f"pp.need.{method.need}")))
        rows += [
            (
                t("pp.band", grade=b.grade),
                t(
                    "pp.band_value",
                    min=decimal_text(b.min_score),
                    coefficient=decimal_text(b.coefficient),
                ),
            )
            for b in sorted(method.bands, key=lambda b: b.min_score, reverse=True)
        ]
    else:
        rows.append((t("pp.method"), t("pp.method.factor")))
        rows.append((t("pp.min_score"), t("pp.points", min=decimal_text(method.min_score))))
        rows += [
            (t("pp.factor_share", factor=t(f"factor.{k}")), floor_text(v))
            for k, v in method.factors.items()
        ]
    return rows


def policy_sheet(wb: Workbook, ctx: SheetContext) -> None:
    """政策参数: the policy period the run used, in the policy's own words."""
    lang, st = ctx.lang, ctx.styles
    ws = wb.add_worksheet(label("sheet.policy", lang))
    row = title_block(ws, st, label("sheet.policy", lang), ctx.subtitle(), 2, lang)
    header_row(ws, row, [label("pp.item", lang), label("policy_value", lang)], st)
    wrap = wb.add_format(
        {"font_name": FONT, "font_size": 10, "border": 1, "text_wrap": True, "valign": "vcenter"}
    )
    for key, value in policy_rows(ctx):
        row += 1
        ws.write_string(row, 0, key, st.text)
        ws.write_string(row, 1, value, wrap)
        if display_width(value) > 56:
            ws.set_row(row, 28)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 58)
    print_setup(ws, lang, landscape=False)


SUMMARY_SHEETS: tuple[SheetWriter, ...] = (
    overview_sheet,
    daily_sheet,
    performance_sheet,
    matching_sheet,
    settlement_sheet,
    budget_sheet,
    batches_sheet,
    chart_sheet,
    policy_sheet,
    trace_sheet,
)


def summary_file_name(result: YearResult, lang: Lang) -> str:
    year_input = result.year_input
    template = label("file.summary", lang, city="{name}", year=year_input.year)
    return safe_file_name(year_input.city, template=template)


def write_summary(path: Path, result: YearResult, lang: Lang) -> None:
    year_input = result.year_input
    title = label("title.summary", lang, city=year_input.city, year=year_input.year)
    # Streamed: at 5,000 counties its rows would take hundreds of MB held in memory.
    workbook = new_workbook(path, title=title, created=year_input.prepared, streaming=True)
    ctx = SheetContext(result=result, styles=Styles.of(workbook), lang=lang)
    for writer in SUMMARY_SHEETS:
        writer(workbook, ctx)
    workbook.close()
