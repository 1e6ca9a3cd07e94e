"""The county workbook (县区结算单): one per county, the document its finance bureau stamps.

Three sheets, each with a title naming the city, year and county, 单位：元, footnotes citing
the policy, a sign-off block and an A4 print layout:

- 资金分配 — the county's daily and performance amounts per fund source and every number
  behind them (its km by road class and the class weights, converted mileage, score,
  grade and coefficient or factor parts, the pool and the pool's total weight), with live
  formulas down to the fen: the weights as integers on a common scale, the floor to the
  fen ⌊pool (fen) × weight ÷ total⌋ and its remainder in exact integer arithmetic (the
  decimal quota is shown for reading only), and the amount = floor + the leftover fen the
  remainder rank earns;
- 年终结算单 — the branch center's cost lines by category, subtotals, what the county bears,
  prepaid, due (应上解/应退还), variance (结余/超支), and in offset mode the net transfer;
- 配套核查 — the county's provincial pavement projects against the matching floor.

Every formula is written with the engine's exact value (amounts are fen shown as 元).
Strings go through ``write_string`` only, so a county named "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from roadfund.engine import YearResult
from roadfund.engine.allocation import Allocation, PerformanceBasis, SourceAllocation
from roadfund.engine.apportion import Share
from roadfund.engine.matching import MatchingCheck
from roadfund.engine.settlement import CountySettlement
from roadfund.models import CostRow, MileageRow
from roadfund.money import HUNDREDTHS, floor_text
from roadfund.names import safe_file_name
from roadfund.policy import FACTOR_KEYS, CoefficientMethod, FactorMethod, decimal_text
from roadfund.schema import CITY_ONLY_CATEGORY, COUNTY_BORNE_CATEGORIES, ROAD_CLASSES
from roadfund.text import Lang, label
from roadfund.writers.formulas import (
    EXACT_LIMIT,
    LIVE_WEIGHT_LIMIT,
    daily_pool_formula,
    direction_text,
    exact_range,
    floor_fen_formula,
    floor_places,
    integer_scale,
    required_formula,
    sheet_ref,
)
from roadfund.writers.xlsx_common import (
    Styles,
    cell,
    cell_format,
    column_sum,
    display_width,
    header_row,
    new_workbook,
    print_setup,
    set_widths,
    title_block,
    write_money,
    write_money_formula,
)

COUNTY_DIR = "counties"
"""Sub-folder of the output folder that holds the county workbooks (one per county)."""

REMAINDER_FORMAT = "0.000000"
"""The remainder column's format (in fen; no other cell uses it — tests find remainders by it)."""


def county_file_name(result: YearResult, code: str, lang: Lang) -> str:
    """``360281-乐平市-2023年结算单.xlsx`` (en: ``360281-乐平市-2023-settlement.xlsx``)."""
    return _file_name(result.year_input.county_names()[code], code, result.year_input.year, lang)


def _file_name(name: str, code: str, year: int, lang: Lang) -> str:
    template = label("cw.file.county", lang, code=code, name="{name}", year=year)
    return safe_file_name(name, template=template)


@dataclass(frozen=True)
class CountyStyles:
    """The shared styles plus what the county statement adds."""

    base: Styles
    section: Any
    info: Any
    label: Any
    label_bold: Any
    quota: Any
    remainder: Any
    weight: Any
    integer: Any
    integer_text: Any
    share: Any
    share_left: Any
    score: Any
    factor: Any
    rank: Any
    city_text: Any
    city_money: Any
    sign_title: Any
    sign_line: Any
    direction: Any

    @classmethod
    def of(cls, workbook: Workbook) -> CountyStyles:
        fmt = partial(cell_format, workbook)
        grey = {"font_color": "#595959", "italic": True, "border": 1}
        return cls(
            base=Styles.of(workbook),
            section=fmt(bold=True, font_size=11),
            info=fmt(),
            label=fmt(border=1, text_wrap=True),
            label_bold=fmt(border=1, text_wrap=True, bold=True),
            quota=fmt(border=1, num_format="#,##0.000000"),
            remainder=fmt(border=1, num_format=REMAINDER_FORMAT),
            weight=fmt(border=1, num_format="#,##0.000000"),
            integer=fmt(border=1, num_format="#,##0"),
            integer_text=fmt(border=1, align="right"),
            share=fmt(border=1, num_format="0.00%"),
            share_left=fmt(border=1, num_format="0.00%", align="left"),
            score=fmt(border=1, num_format="0.00"),
            factor=fmt(border=1, num_format="0.0###"),
            rank=fmt(border=1, num_format="0", align="center"),
            city_text=fmt(text_wrap=True, **grey),
            city_money=fmt(num_format="#,##0.00", **grey),
            sign_title=fmt(bold=True, font_size=11, align="center", text_wrap=True),
            sign_line=fmt(align="left"),
            direction=fmt(border=1, bold=True, align="center"),
        )


def factor_values(allocation: Allocation, code: str) -> dict[str, Fraction]:
    """A county's values of the factor method's factors (绩效得分, 工作需求, 折算里程)."""
    basis = allocation.performance_basis[code]
    return {
        "score": basis.score,
        "need": basis.need if basis.need is not None else Fraction(0),
        "mileage": allocation.mileage_km[code],
    }


@dataclass(frozen=True)
class YearFacts:
    """What every county workbook of a year shows about the whole city, gathered once per
    year rather than once per county (a province has thousands of counties)."""

    names: Mapping[str, str]
    settlements: Mapping[str, CountySettlement]
    mileage: Mapping[str, MileageRow]
    project_names: Mapping[str, str]
    projects: Mapping[str, tuple[MatchingCheck, ...]]  # matching lines by county code
    county_lines: Mapping[str, MatchingCheck]
    total_mileage: Fraction  # Σ converted mileage: the daily pools' total weight
    total_performance: Fraction  # Σ performance weight: the performance pools' total weight
    factor_totals: Mapping[str, Fraction]  # factor method: Σ over the eligible counties
    leftover: Mapping[tuple[str, str], int]  # (source, "daily"/"performance") → leftover fen
    weight_scale: Mapping[str, int]  # "daily"/"performance" → integer_scale of its weights

    @classmethod
    def of(cls, result: YearResult) -> YearFacts:
        allocation, year_input = result.allocation, result.year_input
        projects: dict[str, list[MatchingCheck]] = {}
        for line in result.matching.projects:
            projects.setdefault(line.county_code, []).append(line)
        totals = dict.fromkeys(FACTOR_KEYS, Fraction(0))
        for code, basis in allocation.performance_basis.items():
            if basis.eligible:
                for key, value in factor_values(allocation, code).items():
                    totals[key] += value
        return cls(
            names=year_input.county_names(),
            settlements={c.code: c for c in result.settlement.counties},
            mileage={m.county_code: m for m in year_input.mileage},
            project_names={p.project_id: p.name for p in year_input.projects},
            projects={code: tuple(lines) for code, lines in projects.items()},
            county_lines={line.id: line for line in result.matching.counties},
            total_mileage=sum(allocation.mileage_km.values(), Fraction(0)),
            total_performance=sum(
                (b.weight for b in allocation.performance_basis.values()), Fraction(0)
            ),
            factor_totals=totals,
            leftover={
                (source.code, kind): sum(share.extra for share in shares.values())
                for source in allocation.sources
                for kind, shares in (("daily", source.daily), ("performance", source.performance))
            },
            weight_scale={
                "daily": integer_scale(allocation.mileage_km.values()),
                "performance": integer_scale(
                    b.weight for b in allocation.performance_basis.values()
                ),
            },
        )


@dataclass(frozen=True)
class CountyContext:
    result: YearResult
    facts: YearFacts
    code: str
    lang: Lang
    styles: CountyStyles

    @property
    def name(self) -> str:
        return self.facts.names[self.code]

    @property
    def settlement(self) -> CountySettlement:
        return self.facts.settlements[self.code]

    def title(self, key: str) -> str:
        year_input = self.result.year_input
        return label(key, self.lang, city=year_input.city, year=year_input.year, county=self.name)

    def subtitle(self) -> str:
        lang = self.lang
        reference = self.result.period.reference
        prepared = self.result.year_input.prepared.isoformat()
        county = label("cw.county_line", lang, county=self.name, code=self.code)
        return (
            f"{county}    {label('policy_reference', lang)}：{reference}    "
            f"{label('prepared', lang)}：{prepared}"
        )

    def text(self, key: str, **params: object) -> str:
        return label(key, self.lang, **params)


# ---------------------------------------------------------------------------------------
# Shared pieces: sections, footnotes, the sign-off block


def section(ws: Worksheet, row: int, text: str, st: CountyStyles) -> int:
    ws.write_string(row, 0, text, st.section)
    ws.set_row(row, 20)
    return row + 1


def merged_text(ws: Worksheet, row: int, first: int, last: int, text: str, fmt: Any) -> None:
    if last > first:
        ws.merge_range(row, first, row, last, "", fmt)
    ws.write_string(row, first, text, fmt)


def footnotes(
    ws: Worksheet, row: int, texts: Sequence[str], widths: Sequence[float], ctx: CountyContext
) -> int:
    """Numbered notes merged across the sheet, each row tall enough for its wrapped text."""
    st = ctx.styles
    row = section(ws, row, ctx.text("cw.note.heading"), st)
    line_width = sum(widths) * 0.95
    for i, text in enumerate(texts, 1):
        body = f"{i}. {text}"
        merged_text(ws, row, 0, len(widths) - 1, body, st.base.note)
        # A 9-point note fits about 1.15 characters per unit of column width.
        lines = max(1, math.ceil(display_width(body) / (line_width * 1.15)))
        ws.set_row(row, 12.5 * lines + 3)
        row += 1
    return row + 1


def sign_spans(widths: Sequence[float]) -> list[tuple[int, int]]:
    """Three consecutive column spans whose widths are as close to a third each as can be."""
    n = len(widths)
    third = sum(widths) / 3
    best: tuple[float, int, int] | None = None
    for a in range(1, n - 1):
        for b in range(a + 1, n):
            parts = (sum(widths[:a]), sum(widths[a:b]), sum(widths[b:]))
            spread = max(abs(part - third) for part in parts)
            if best is None or spread < best[0]:
                best = (spread, a, b)
    assert best is not None, "a sign-off block needs at least three columns"
    _, a, b = best
    return [(0, a - 1), (a, b - 1), (b, n - 1)]


def sign_off(ws: Worksheet, row: int, widths: Sequence[float], ctx: CountyContext) -> int:
    """市财政局（盖章） / 县（市、区）财政局（盖章） / 市公路事业发展中心（盖章）, 经办人, 日期."""
    st = ctx.styles
    spans = sign_spans(widths)
    titles = ("cw.sign.city_finance", "cw.sign.county_finance", "cw.sign.center")
    for (first, last), key in zip(spans, titles, strict=True):
        merged_text(ws, row, first, last, ctx.text(key), st.sign_title)
        merged_text(ws, row + 2, first, last, ctx.text("cw.sign.handler"), st.sign_line)
        merged_text(ws, row + 3, first, last, ctx.text("cw.sign.date"), st.sign_line)
    ws.set_row(row, 30)  # a long title wraps onto a second line instead of being cut
    ws.set_row(row + 1, 56)  # room for the seal
    ws.set_row(row + 2, 20)
    ws.set_row(row + 3, 20)
    return row + 4


# ---------------------------------------------------------------------------------------
# 资金分配


@dataclass(frozen=True)
class _PoolRow:
    """One line of the apportionment table: a source's daily or performance pool."""

    title: str
    pool: int  # fen
    pool_cell: str
    weight_cell: str
    total_weight: Fraction
    scale: int  # makes every weight of the pool an integer (YearFacts.weight_scale)
    share: Share
    leftover: int

    @property
    def weight_int(self) -> int:
        return _as_int(self.share.weight * self.scale)

    @property
    def total_int(self) -> int:
        return _as_int(self.total_weight * self.scale)

    @property
    def exact(self) -> bool:
        """Whether the floor and remainder can be live formulas (see exact_range)."""
        return exact_range(self.pool, self.weight_int, self.total_int)


def _as_int(value: Fraction) -> int:
    assert value.denominator == 1, value
    return value.numerator


ALLOCATION_WIDTHS = (30, 16, 15, 17, 18, 16, 13, 9, 10, 9, 16)


def allocation_sheet(wb: Workbook, ctx: CountyContext) -> str:
    """资金分配; returns the sheet-qualified cell of the county's transfer total."""
    st, base, lang = ctx.styles, ctx.styles.base, ctx.lang
    result, code = ctx.result, ctx.code
    allocation = result.allocation
    sources = allocation.sources
    sheet_name = ctx.text("cw.sheet.county_allocation")
    ws = wb.add_worksheet(sheet_name)
    widths = ALLOCATION_WIDTHS
    set_widths(ws, widths)
    row = title_block(
        ws, base, ctx.title("cw.title.county_allocation"), ctx.subtitle(), len(widths), lang
    )

    # 一、分配结果 is written last (it refers to the amounts below); reserve its rows.
    result_top = row
    row += 3 + len(sources) + 1

    # 二、资金来源与资金池
    row = section(ws, row, ctx.text("cw.section.sources"), st)
    header_row(
        ws,
        row,
        [
            ctx.text("source"),
            ctx.text("received"),
            ctx.text("city_deduction"),
            ctx.text("pool"),
            ctx.text("daily_share"),
            ctx.text("daily"),
            ctx.text("performance"),
        ],
        base,
    )
    share_places = floor_places(result.period.daily_share)
    pool_cells: dict[str, tuple[str, str]] = {}  # source code → (daily pool, performance pool)
    for source in sources:
        row += 1
        ws.write_string(row, 0, label(f"source.{source.code}", lang), st.label)
        write_money(ws, row, 1, source.received, base.money)
        write_money(ws, row, 2, source.city_deduction, base.money)
        write_money_formula(ws, row, 3, f"={cell(row, 1)}-{cell(row, 2)}", source.pool, base.money)
        ws.write_number(row, 4, float(result.period.daily_share), st.share)
        write_money_formula(
            ws,
            row,
            5,
            daily_pool_formula(cell(row, 3), cell(row, 4), share_places),
            source.daily_pool,
            base.money,
        )
        write_money_formula(
            ws,
            row,
            6,
            f"={cell(row, 3)}-{cell(row, 5)}",
            source.performance_pool,
            base.money,
        )
        pool_cells[source.code] = (cell(row, 5, True), cell(row, 6, True))
    row += 2

    # 三、本县分配依据
    row = section(ws, row, ctx.text("cw.section.basis"), st)
    converted_cell, row = _mileage_block(ws, row, ctx)
    row += 1
    weight_cell, row = _performance_block(ws, row, ctx, converted_cell)
    row += 1

    # 四、分配测算（最大余数法）
    row = section(ws, row, ctx.text("cw.section.apportion"), st)
    header_row(
        ws,
        row,
        [
            ctx.text("cw.pool_name"),
            ctx.text("cw.pool_amount"),
            ctx.text("cw.county_weight_int"),
            ctx.text("cw.total_weight_int"),
            ctx.text("cw.quota_yuan"),
            ctx.text("cw.floor_yuan"),
            ctx.text("cw.remainder_fen"),
            ctx.text("remainder_rank"),
            ctx.text("cw.leftover_fen"),
            ctx.text("cw.extra_fen_01"),
            ctx.text("amount_yuan"),
        ],
        base,
    )
    ws.set_row(row, 32)
    apportion_header = row
    total_mileage, total_performance = ctx.facts.total_mileage, ctx.facts.total_performance
    amount_cells: dict[tuple[str, str], str] = {}
    beyond: list[str] = []  # pools whose floor is written as a value (see exact_range)
    for source in sources:
        daily_pool, perf_pool = pool_cells[source.code]
        short = label(f"source.{source.code}.short", lang)
        lines = (
            (
                "daily",
                _PoolRow(
                    f"{short}·{ctx.text('daily')}",
                    source.daily_pool,
                    daily_pool,
                    converted_cell,
                    total_mileage,
                    ctx.facts.weight_scale["daily"],
                    source.daily[code],
                    ctx.facts.leftover[(source.code, "daily")],
                ),
            ),
            (
                "performance",
                _PoolRow(
                    f"{short}·{ctx.text('performance')}",
                    source.performance_pool,
                    perf_pool,
                    weight_cell,
                    total_performance,
                    ctx.facts.weight_scale["performance"],
                    source.performance[code],
                    ctx.facts.leftover[(source.code, "performance")],
                ),
            ),
        )
        for kind, line in lines:
            row += 1
            amount_cells[(source.code, kind)] = _apportion_row(ws, row, line, st)
            if not line.exact:
                beyond.append(line.title)
    row += 2

    # 一、分配结果 (filled into the reserved rows)
    total_cell = _result_block(ws, result_top, ctx, sources, amount_cells)

    method = result.period.performance
    notes = [
        ctx.text(
            "cw.note.allocation_policy",
            reference=result.period.reference,
            daily_pct=floor_text(result.period.daily_share),
            perf_pct=floor_text(result.period.performance_share),
        ),
        ctx.text("cw.note.daily_round"),
        ctx.text("cw.note.mileage", weights=_class_weights_text(ctx)),
        _performance_note(ctx, method),
        ctx.text("cw.note.largest_remainder"),
        ctx.text("cw.note.quota_display"),
    ]
    if beyond:
        notes.append(
            ctx.text("cw.note.beyond_exact", pools="、".join(beyond), limit=f"{EXACT_LIMIT:,}")
        )
    row = footnotes(ws, row, notes, widths, ctx)
    sign_off(ws, row, widths, ctx)
    print_setup(ws, lang, repeat_rows=(apportion_header, apportion_header))
    ws.fit_to_pages(1, 1)  # one page: the statement is stamped as a whole
    return sheet_ref(sheet_name, total_cell)


def _apportion_row(ws: Worksheet, row: int, line: _PoolRow, st: CountyStyles) -> str:
    """One pool's largest-remainder line; returns the amount cell (absolute).

    B pool (元) · C county weight w and D total W as integers on a common scale · E quota
    (display only) · F floor = ⌊P·w ÷ W⌋ fen with P the pool in fen, exact integer arithmetic
    in doubles (floor_fen_formula) · G remainder (fen) = (P·w − floor·W) ÷ W · H rank ·
    I leftover · J extra fen · K amount = floor + extra. Nothing exact reads the float quota.
    Beyond exact_range the floor and remainder are the engine's values, not formulas.
    """
    base, share = st.base, line.share
    weight_int, total_int = line.weight_int, line.total_int
    ws.write_string(row, 0, line.title, st.label)
    write_money_formula(ws, row, 1, f"={line.pool_cell}", line.pool, base.money)
    if weight_int <= LIVE_WEIGHT_LIMIT:
        formula = f"=ROUND({line.weight_cell}*{line.scale},0)"
        ws.write_formula(row, 2, formula, st.integer, weight_int)
    else:
        _write_integer(ws, row, 2, weight_int, st)
    _write_integer(ws, row, 3, total_int, st)
    pool, weight, total = cell(row, 1), cell(row, 2), cell(row, 3)
    quota_value = float(share.quota / HUNDREDTHS)
    if total_int < EXACT_LIMIT:
        quota = f"{pool}*{weight}/{total}"
        if total_int == 0:
            quota = f"IF({total}=0,0,{quota})"
        ws.write_formula(row, 4, f"={quota}", st.quota, quota_value)
    else:
        ws.write_number(row, 4, quota_value, st.quota)
    if line.exact:
        product = f"ROUND({pool}*100,0)*{weight}"
        floor_fen = floor_fen_formula(product, total)
        remainder = f"({product}-ROUND({cell(row, 5)}*100,0)*{total})/{total}"
        if total_int == 0:
            floor_fen, remainder = f"IF({total}=0,0,{floor_fen})", f"IF({total}=0,0,{remainder})"
        write_money_formula(ws, row, 5, f"=({floor_fen})/100", share.floor, base.money)
        ws.write_formula(row, 6, f"={remainder}", st.remainder, float(share.remainder))
    else:
        write_money(ws, row, 5, share.floor, base.money)
        ws.write_number(row, 6, float(share.remainder), st.remainder)
    ws.write_number(row, 7, share.rank, st.rank)
    ws.write_number(row, 8, line.leftover, st.rank)
    ws.write_formula(row, 9, f"=IF({cell(row, 7)}<={cell(row, 8)},1,0)", st.rank, share.extra)
    write_money_formula(
        ws, row, 10, f"={cell(row, 5)}+{cell(row, 9)}/100", share.amount, base.money_bold
    )
    ws.set_row(row, 20)
    return cell(row, 10, True)


def _write_integer(ws: Worksheet, row: int, col: int, value: int, st: CountyStyles) -> None:
    """An integer weight: a number while a double holds it exactly, else its digits as text."""
    if value < EXACT_LIMIT:
        ws.write_number(row, col, value, st.integer)
    else:
        ws.write_string(row, col, str(value), st.integer_text)


def _result_block(
    ws: Worksheet,
    row: int,
    ctx: CountyContext,
    sources: Sequence[SourceAllocation],
    amount_cells: Mapping[tuple[str, str], str],
) -> str:
    """一、分配结果: per source daily / performance / total, and the county's total."""
    st, base = ctx.styles, ctx.styles.base
    row = section(ws, row, ctx.text("cw.section.result"), st)
    header_row(
        ws,
        row,
        [ctx.text("source"), ctx.text("daily"), ctx.text("performance"), ctx.text("total")],
        base,
    )
    first = row + 1
    for source in sources:
        row += 1
        daily = source.daily[ctx.code].amount
        perf = source.performance[ctx.code].amount
        ws.write_string(row, 0, label(f"source.{source.code}.short", ctx.lang), st.label)
        write_money_formula(
            ws, row, 1, f"={amount_cells[(source.code, 'daily')]}", daily, base.money
        )
        write_money_formula(
            ws, row, 2, f"={amount_cells[(source.code, 'performance')]}", perf, base.money
        )
        write_money_formula(
            ws, row, 3, f"={cell(row, 1)}+{cell(row, 2)}", daily + perf, base.money_bold
        )
    row += 1
    ws.write_string(row, 0, ctx.text("cw.county_transfer_total"), st.label_bold)
    for col, value in (
        (1, sum(s.daily[ctx.code].amount for s in sources)),
        (2, sum(s.performance[ctx.code].amount for s in sources)),
        (3, ctx.result.allocation.transfer_total(ctx.code)),
    ):
        write_money_formula(ws, row, col, column_sum(first, row - 1, col), value, base.money_bold)
    return cell(row, 3, True)


def _mileage_block(ws: Worksheet, row: int, ctx: CountyContext) -> tuple[str, int]:
    """km by road class, class weights, converted mileage = SUMPRODUCT; returns its cell."""
    st, base = ctx.styles, ctx.styles.base
    names = [ctx.text(f"cw.road_class.{key}") for key, _ in ROAD_CLASSES]
    header_row(ws, row, [ctx.text("item"), *names, ctx.text("converted_mileage")], base)
    mileage = ctx.facts.mileage[ctx.code]
    weights = ctx.result.period.road_class_weights.by_key()
    km_row, weight_row = row + 1, row + 2
    ws.write_string(km_row, 0, ctx.text("cw.mileage_km"), st.label)
    ws.write_string(weight_row, 0, ctx.text("class_weight"), st.label)
    n = len(ROAD_CLASSES)
    for i, (key, metres) in enumerate(mileage.metres_by_class().items()):
        ws.write_number(km_row, 1 + i, metres / 1000, base.km)
        ws.write_number(weight_row, 1 + i, float(weights[key]), st.factor)
    km_range = f"{cell(km_row, 1)}:{cell(km_row, n)}"
    weight_range = f"{cell(weight_row, 1)}:{cell(weight_row, n)}"
    converted = ctx.result.allocation.mileage_km[ctx.code]
    ws.write_formula(
        km_row, n + 1, f"=SUMPRODUCT({km_range},{weight_range})", base.km, float(converted)
    )
    ws.write_string(weight_row, n + 1, "", base.text)
    return cell(km_row, n + 1, True), weight_row + 1


def _performance_block(
    ws: Worksheet, row: int, ctx: CountyContext, converted_cell: str
) -> tuple[str, int]:
    """Score and how it becomes the performance weight; returns the weight cell."""
    method = ctx.result.period.performance
    basis = ctx.result.allocation.performance_basis[ctx.code]
    if isinstance(method, CoefficientMethod):
        return _coefficient_block(ws, row, ctx, method, basis, converted_cell)
    return _factor_block(ws, row, ctx, method, basis, converted_cell)


def _coefficient_block(
    ws: Worksheet,
    row: int,
    ctx: CountyContext,
    method: CoefficientMethod,
    basis: PerformanceBasis,
    converted_cell: str,
) -> tuple[str, int]:
    st, base = ctx.styles, ctx.styles.base
    need_label = ctx.text("cw.need_mileage") if method.need == "mileage" else ctx.text("need")
    header_row(
        ws,
        row,
        [
            ctx.text("county"),
            ctx.text("score"),
            ctx.text("grade"),
            ctx.text("coefficient"),
            need_label,
            ctx.text("cw.performance_weight"),
        ],
        base,
    )
    row += 1
    assert basis.grade is not None and basis.coefficient is not None and basis.need is not None
    ws.write_string(row, 0, ctx.name, st.label)
    ws.write_number(row, 1, float(basis.score), st.score)
    ws.write_string(row, 2, basis.grade, st.direction)
    ws.write_number(row, 3, float(basis.coefficient), st.factor)
    if method.need == "mileage":
        ws.write_formula(row, 4, f"={converted_cell}", base.km, float(basis.need))
    else:
        ws.write_number(row, 4, float(basis.need), st.weight)
    ws.write_formula(row, 5, f"={cell(row, 3)}*{cell(row, 4)}", st.weight, float(basis.weight))
    return cell(row, 5, True), row + 1


def _factor_block(
    ws: Worksheet,
    row: int,
    ctx: CountyContext,
    method: FactorMethod,
    basis: PerformanceBasis,
    converted_cell: str,
) -> tuple[str, int]:
    st, base = ctx.styles, ctx.styles.base
    header_row(
        ws,
        row,
        [ctx.text("score"), ctx.text("cw.min_score"), ctx.text("eligible")],
        base,
    )
    row += 1
    ws.write_number(row, 0, float(basis.score), st.score)
    ws.write_number(row, 1, float(method.min_score), st.score)
    ws.write_string(row, 2, ctx.text("yes" if basis.eligible else "no"), st.direction)
    row += 2
    header_row(
        ws,
        row,
        [
            ctx.text("cw.factor"),
            ctx.text("cw.county_value"),
            ctx.text("cw.eligible_total"),
            ctx.text("cw.factor_share"),
            ctx.text("cw.factor_part"),
        ],
        base,
    )
    values, totals = factor_values(ctx.result.allocation, ctx.code), ctx.facts.factor_totals
    first = row + 1
    for key, alpha in method.factors.items():
        row += 1
        ws.write_string(row, 0, ctx.text(f"factor.{key}"), st.label)
        if key == "mileage":
            ws.write_formula(row, 1, f"={converted_cell}", base.km, float(values[key]))
        else:
            ws.write_number(row, 1, float(values[key]), st.weight)
        ws.write_number(row, 2, float(totals[key]), st.weight)
        ws.write_number(row, 3, float(alpha), st.factor)
        part = basis.factor_parts.get(key, Fraction(0))
        if basis.eligible:
            assert part == alpha * values[key] / totals[key]
            formula = f"={cell(row, 3)}*{cell(row, 1)}/{cell(row, 2)}"
            ws.write_formula(row, 4, formula, st.weight, float(part))
        else:
            ws.write_number(row, 4, 0, st.weight)
    row += 1
    ws.write_string(row, 0, ctx.text("cw.performance_weight"), st.label_bold)
    for col in (1, 2, 3):
        ws.write_string(row, col, "", base.text)
    ws.write_formula(row, 4, column_sum(first, row - 1, 4), st.weight, float(basis.weight))
    return cell(row, 4, True), row + 1


def _class_weights_text(ctx: CountyContext) -> str:
    weights = ctx.result.period.road_class_weights.by_key()
    return "、".join(
        f"{ctx.text(f'cw.road_class.{key}')} {decimal_text(weights[key])}"
        for key, _ in ROAD_CLASSES
    )


def _performance_note(ctx: CountyContext, method: CoefficientMethod | FactorMethod) -> str:
    if isinstance(method, CoefficientMethod):
        bands = sorted(method.bands, key=lambda b: b.min_score, reverse=True)
        text = "；".join(
            ctx.text(
                "cw.note.band",
                min=decimal_text(b.min_score),
                grade=b.grade,
                coefficient=decimal_text(b.coefficient),
            )
            for b in bands
        )
        need = ctx.text("cw.need_mileage") if method.need == "mileage" else ctx.text("need")
        return ctx.text("cw.note.coefficient", need=need, bands=text)
    factors = "、".join(
        f"{ctx.text(f'factor.{k}')} {decimal_text(v)}" for k, v in method.factors.items()
    )
    return ctx.text("cw.note.factor", min=decimal_text(method.min_score), factors=factors)


# ---------------------------------------------------------------------------------------
# 年终结算单


SETTLEMENT_WIDTHS = (14, 30, 17, 17, 26)


def settlement_sheet(wb: Workbook, ctx: CountyContext, transfer_total_ref: str) -> None:
    st, base, lang = ctx.styles, ctx.styles.base, ctx.lang
    county = ctx.settlement
    ws = wb.add_worksheet(ctx.text("cw.sheet.county_settlement"))
    widths = SETTLEMENT_WIDTHS
    set_widths(ws, widths)
    row = title_block(
        ws, base, ctx.title("cw.title.county_settlement"), ctx.subtitle(), len(widths), lang
    )
    last_col = len(widths) - 1
    merged_text(ws, row, 0, last_col, ctx.text("cw.branch_line", branch=county.branch), st.info)
    row += 1
    merged_text(ws, row, 0, last_col, ctx.text(f"cw.mode.{county.mode}"), st.info)
    row += 2

    # 一、分中心经费明细
    row = section(ws, row, ctx.text("cw.section.cost_lines", branch=county.branch), st)
    header_row(
        ws,
        row,
        [
            ctx.text("cw.cost_category"),
            ctx.text("item"),
            ctx.text("cw.budget"),
            ctx.text("cw.actual"),
            ctx.text("cw.bearer"),
        ],
        base,
    )
    table_header = row
    subtotal_rows: list[int] = []
    for category in COUNTY_BORNE_CATEGORIES:
        lines = [line for line in county.lines if line.category == category]
        row = _cost_group(ws, row, ctx, category, lines, county_borne=True)
        subtotal_rows.append(row)
    row += 1
    merged_text(ws, row, 0, 1, ctx.text("cw.county_borne_total"), st.label_bold)
    for col, value in ((2, county.budget), (3, county.actual)):
        formula = "=" + "+".join(cell(r, col) for r in subtotal_rows)
        write_money_formula(ws, row, col, formula, value, base.money_bold)
    ws.write_string(row, 4, ctx.name, st.label_bold)
    ws.set_row(row, 22)
    total_row = row
    incentive = [line for line in county.lines if line.category == CITY_ONLY_CATEGORY]
    if incentive:
        row = _cost_group(ws, row, ctx, CITY_ONLY_CATEGORY, incentive, county_borne=False)
    row += 2

    # 二、年终结算
    row = section(ws, row, ctx.text("cw.section.settle"), st)
    merged_text(ws, row, 0, 1, ctx.text("cw.settle_item"), base.header)
    ws.write_string(row, 2, ctx.text("amount_yuan"), base.header)
    merged_text(ws, row, 3, 4, ctx.text("cw.direction"), base.header)
    ws.set_row(row, 30)
    cells: dict[str, str] = {}

    def line(key: str, formula: str | None, fen: int, direction: str = "") -> None:
        nonlocal row
        row += 1
        merged_text(ws, row, 0, 1, ctx.text(key), st.label)
        if formula is None:
            write_money(ws, row, 2, fen, base.money)
        else:
            write_money_formula(ws, row, 2, formula, fen, base.money_bold)
        merged_text(ws, row, 3, 4, direction, st.direction)
        ws.set_row(row, 22)
        cells[key] = cell(row, 2)

    line("cw.settle.budget", f"={cell(total_row, 2)}", county.budget)
    line("cw.settle.actual", f"={cell(total_row, 3)}", county.actual)
    line("cw.settle.prepaid", None, county.prepaid)
    line(
        "cw.settle.due",
        f"={cells['cw.settle.actual']}-{cells['cw.settle.prepaid']}",
        county.due,
        direction_text(county.due, "due", lang),
    )
    line(
        "cw.settle.variance",
        f"={cells['cw.settle.budget']}-{cells['cw.settle.actual']}",
        county.variance,
        direction_text(county.variance, "variance", lang),
    )
    if county.mode == "offset":
        line("cw.settle.transfer_total", f"={transfer_total_ref}", county.transfer_total)
        line(
            "cw.settle.net_transfer",
            f"={cells['cw.settle.transfer_total']}-{cells['cw.settle.due']}",
            county.net_transfer,
            ctx.text("cw.net.owed") if county.net_transfer < 0 else "",
        )
    row += 2

    period = ctx.result.period
    notes = [
        ctx.text(
            "cw.note.center_costs",
            reference=period.reference,
            city_units="、".join(period.city_units),
        ),
        ctx.text("cw.note.settlement"),
    ]
    if county.mode == "offset":
        notes.append(ctx.text("cw.note.offset"))
    notes += [note.text(lang) for note in ctx.result.notes]  # e.g. no 县级预缴 sheet given
    row = footnotes(ws, row, notes, widths, ctx)
    sign_off(ws, row, widths, ctx)
    print_setup(ws, lang, repeat_rows=(table_header, table_header), landscape=False)


def _cost_group(
    ws: Worksheet,
    row: int,
    ctx: CountyContext,
    category: str,
    lines: Sequence[CostRow],
    *,
    county_borne: bool,
) -> int:
    """A category's lines and its subtotal row; returns the subtotal row."""
    st, base = ctx.styles, ctx.styles.base
    text_fmt = st.label if county_borne else st.city_text
    money_fmt = base.money if county_borne else st.city_money
    bearer = ctx.name if county_borne else ctx.text("cw.bearer.city_incentive")
    category_text = ctx.text(f"cw.category.{category}")
    first = row + 1
    for line in lines:
        row += 1
        ws.write_string(row, 0, category_text, text_fmt)
        ws.write_string(row, 1, line.item, text_fmt)
        write_money(ws, row, 2, line.budget, money_fmt)
        write_money(ws, row, 3, line.actual, money_fmt)
        ws.write_string(row, 4, bearer, text_fmt)
    if not lines:
        row += 1
        ws.write_string(row, 0, category_text, text_fmt)
        ws.write_string(row, 1, ctx.text("cw.none"), text_fmt)
        write_money(ws, row, 2, 0, money_fmt)
        write_money(ws, row, 3, 0, money_fmt)
        ws.write_string(row, 4, bearer, text_fmt)
    row += 1
    subtotal_key = "cw.subtotal" if county_borne else "cw.subtotal.city"
    merged_text(ws, row, 0, 1, ctx.text(subtotal_key, category=category_text), text_fmt)
    budget = sum(line.budget for line in lines)
    actual = sum(line.actual for line in lines)
    bold = base.money_bold if county_borne else st.city_money
    for col, value in ((2, budget), (3, actual)):
        write_money_formula(ws, row, col, column_sum(first, row - 1, col), value, bold)
    ws.write_string(row, 4, bearer, text_fmt)
    ws.set_row(row, 30 if not county_borne else 20)
    return row


# ---------------------------------------------------------------------------------------
# 配套核查


MATCHING_WIDTHS = (13, 38, 15, 15, 15, 16, 16, 11, 16, 15, 10)


def matching_sheet(wb: Workbook, ctx: CountyContext) -> None:
    st, base, lang = ctx.styles, ctx.styles.base, ctx.lang
    matching = ctx.result.matching
    ws = wb.add_worksheet(ctx.text("cw.sheet.county_matching"))
    widths = MATCHING_WIDTHS
    set_widths(ws, widths)
    row = title_block(
        ws, base, ctx.title("cw.title.county_matching"), ctx.subtitle(), len(widths), lang
    )
    projects = ctx.facts.projects.get(ctx.code, ())
    county_line = ctx.facts.county_lines.get(ctx.code)
    floor = matching.floor
    table_header: int | None = None
    if not projects or county_line is None:
        merged_text(ws, row, 0, len(widths) - 1, ctx.text("cw.no_projects"), st.info)
        row += 2
    else:
        ws.write_string(row, 0, ctx.text("matching.floor"), st.label_bold)
        ws.write_number(row, 1, float(floor), st.share_left)
        floor_cell = cell(row, 1, True)
        row += 2
        header_row(
            ws,
            row,
            [
                ctx.text("cw.project_id"),
                ctx.text("cw.project_name"),
                ctx.text("cw.provincial_subsidy"),
                ctx.text("cw.city_matching"),
                ctx.text("cw.county_matching"),
                ctx.text("cw.investment"),
                ctx.text("cw.matching_total"),
                ctx.text("matching.ratio"),
                ctx.text("cw.required_matching"),
                ctx.text("matching.shortfall_yuan"),
                ctx.text("matching.status"),
            ],
            base,
        )
        ws.set_row(row, 44)
        table_header = row
        first = row + 1
        for project in projects:
            row += 1
            ws.write_string(row, 0, project.id, st.label)
            ws.write_string(row, 1, ctx.facts.project_names[project.id], st.label)
            for col, fen in enumerate(
                (
                    project.provincial,
                    project.city_matching,
                    project.county_matching,
                    project.investment,
                ),
                2,
            ):
                write_money(ws, row, col, fen, base.money)
            _matching_checks(ws, row, ctx, project, floor_cell, bold=False)
            ws.set_row(row, 30)
        row += 1
        merged_text(ws, row, 0, 1, ctx.text("cw.county_total", county=ctx.name), st.label_bold)
        for col, fen in enumerate(
            (
                county_line.provincial,
                county_line.city_matching,
                county_line.county_matching,
                county_line.investment,
            ),
            2,
        ):
            write_money_formula(ws, row, col, column_sum(first, row - 1, col), fen, base.money_bold)
        _matching_checks(ws, row, ctx, county_line, floor_cell, bold=True)
        ws.set_row(row, 24)
        row += 2
    reference = ctx.result.period.reference
    notes = [
        ctx.text("cw.note.matching_policy", reference=reference, floor=floor_text(floor)),
        ctx.text("cw.note.matching_formula", floor=floor_text(floor)),
    ]
    row = footnotes(ws, row, notes, widths, ctx)
    sign_off(ws, row, widths, ctx)
    repeat = (table_header, table_header) if table_header is not None else None
    print_setup(ws, lang, repeat_rows=repeat)


def _matching_checks(
    ws: Worksheet,
    row: int,
    ctx: CountyContext,
    line: MatchingCheck,
    floor_cell: str,
    *,
    bold: bool,
) -> None:
    """Columns G–K of a matching line: matching total, ratio, required, shortfall, status."""
    st, base = ctx.styles, ctx.styles.base
    failed = not line.passed
    money = base.money_bold if bold else base.money
    write_money_formula(ws, row, 6, f"={cell(row, 3)}+{cell(row, 4)}", line.matching, money)
    ws.write_formula(
        row,
        7,
        f"={cell(row, 6)}/{cell(row, 5)}",
        base.percent_fail if failed else base.percent,
        float(line.ratio),
    )
    places = floor_places(line.floor)
    required = required_formula(floor_cell, cell(row, 5), places)
    write_money_formula(ws, row, 8, required, line.required, money)
    write_money_formula(
        ws,
        row,
        9,
        f"=MAX(0,ROUND({cell(row, 8)}-{cell(row, 6)},2))",
        line.shortfall,
        base.money_fail if failed else money,
    )
    status = ctx.text("cw.status.fail" if failed else "cw.status.pass")
    ws.write_string(row, 10, status, base.fail if failed else st.direction)


# ---------------------------------------------------------------------------------------


def write_county_workbook(
    path: Path,
    result: YearResult,
    county_code: str,
    lang: Lang,
    facts: YearFacts | None = None,
) -> None:
    """The county's statement: 资金分配, 年终结算单, 配套核查. ``facts`` (YearFacts.of(result))
    may be passed in when writing many counties of the same year."""
    facts = facts or YearFacts.of(result)
    year_input = result.year_input
    name = facts.names[county_code]
    title = label(
        "cw.title.county_workbook", lang, city=year_input.city, year=year_input.year, county=name
    )
    workbook = new_workbook(path, title=title, created=year_input.prepared)
    ctx = CountyContext(result, facts, county_code, lang, CountyStyles.of(workbook))
    transfer_total_ref = allocation_sheet(workbook, ctx)
    settlement_sheet(workbook, ctx, transfer_total_ref)
    matching_sheet(workbook, ctx)
    workbook.close()


def write_county_workbooks(
    folder: Path,
    result: YearResult,
    lang: Lang,
    progress: Callable[[str, int, int], None],
) -> list[Path]:
    """One workbook per county, by county code, into ``folder`` (created here)."""
    folder.mkdir()
    facts = YearFacts.of(result)
    codes = sorted(facts.names)
    paths = []
    for done, code in enumerate(codes, 1):
        path = folder / _file_name(facts.names[code], code, result.year_input.year, lang)
        write_county_workbook(path, result, code, lang, facts)
        paths.append(path)
        progress("county", done, len(codes))
    return paths
