"""The machine-readable contract (SPEC §6): allocations.csv, matching.csv, settlement.csv.

UTF-8, comma separated, a header row, amounts in 元 with exactly two decimals and no
thousands separators, "\\n" line ends. Column names and order are the SPEC's and never change.

basis.csv (added for ``roadfund compare``, issue 6) carries what each county's weights
were formed from, one row per county by code:
``year,county_code,county_name,converted_mileage_km,score,grade,performance_weight`` —
``converted_mileage_km`` is the exact converted mileage (Σ km × class weight) as decimal
text with at least 3 decimals; ``score`` the 绩效得分 with 2 decimals; ``grade`` the score
band's grade under the coefficient method (empty under the factor method);
``performance_weight`` the exact weight of the performance pool, as decimal text when it
terminates (always, under the coefficient method) or else as a reduced fraction "p/q".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from roadfund.contract import (
    ALLOCATIONS,
    ALLOCATIONS_HEADER,
    BASIS,
    BASIS_HEADER,
    BATCHES,
    BATCHES_HEADER,
    BUDGET,
    BUDGET_HEADER,
    MATCHING,
    MATCHING_HEADER,
    PROVISIONAL_FAIL,
    PROVISIONAL_PASS,
    SETTLEMENT,
    SETTLEMENT_HEADER,
    STATUS_FAIL,
    STATUS_PASS,
    csv_safe,
)
from roadfund.engine import YearResult
from roadfund.money import exact_text, fen_to_yuan, fraction_to_decimal_str


def to_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def allocation_rows(result: YearResult) -> list[tuple[str, ...]]:
    """From the allocation frame: by source (FUND_SOURCES order), then county code."""
    year = str(result.year_input.year)
    names = result.year_input.county_names()
    frame = result.allocations.select("source", "county_code", "daily", "performance", "total")
    return [
        (
            year,
            source,
            code,
            csv_safe(names[code]),
            fen_to_yuan(daily),
            fen_to_yuan(perf),
            fen_to_yuan(total),
        )
        for source, code, daily, perf, total in frame.iter_rows()
    ]


def matching_rows(result: YearResult) -> list[tuple[str, ...]]:
    passed, failed = (
        (PROVISIONAL_PASS, PROVISIONAL_FAIL)
        if result.matching_provisional
        else (STATUS_PASS, STATUS_FAIL)
    )
    return [
        (
            line.level,
            csv_safe(line.id),
            line.county_code,
            fen_to_yuan(line.provincial),
            fen_to_yuan(line.city_matching),
            fen_to_yuan(line.county_matching),
            fen_to_yuan(line.investment),
            fraction_to_decimal_str(line.ratio, 4),
            fen_to_yuan(line.shortfall),
            passed if line.passed else failed,
        )
        for line in result.matching.lines
    ]


def settlement_rows(result: YearResult) -> list[tuple[str, ...]]:
    """From the settlement frame: one line per county, by code."""
    year = str(result.year_input.year)
    assert result.settlement is not None, "no settlement at year start"
    return [
        (year, code, csv_safe(name), csv_safe(branch), *(fen_to_yuan(fen) for fen in amounts))
        for code, name, branch, *amounts in result.settlement.frame.iter_rows()
    ]


def basis_rows(result: YearResult) -> list[tuple[str, ...]]:
    """Each county's converted mileage, score, grade and performance weight, exactly."""
    year = str(result.year_input.year)
    names = result.year_input.county_names()
    alloc = result.allocation
    return [
        (
            year,
            code,
            csv_safe(names[code]),
            exact_text(alloc.mileage_km[code], 3),
            fraction_to_decimal_str(alloc.performance_basis[code].score, 2),
            csv_safe(alloc.performance_basis[code].grade or ""),
            exact_text(alloc.performance_basis[code].weight),
        )
        for code in sorted(names)
    ]


def budget_rows(result: YearResult) -> list[tuple[str, ...]]:
    """Year start: each county's branch-center budget (人员经费 + 公用经费) it will bear."""
    year = str(result.year_input.year)
    return [
        (year, c.code, csv_safe(c.name), csv_safe(c.branch), fen_to_yuan(c.budget))
        for c in result.budget.counties
    ]


def batch_rows(result: YearResult) -> list[tuple[str, ...]]:
    """Each batch's amount per county (cumulative − previous), by source, batch, county."""
    assert result.batches is not None
    year = str(result.year_input.year)
    names = result.year_input.county_names()
    return [
        (
            year,
            batch.source,
            str(batch.number),
            csv_safe(batch.name),
            code,
            csv_safe(names[code]),
            fen_to_yuan(batch.daily[code]),
            fen_to_yuan(batch.performance[code]),
            fen_to_yuan(batch.total(code)),
        )
        for batch in result.batches.batches
        for code in sorted(names)
    ]


def csv_files(result: YearResult) -> dict[str, bytes]:
    """File name → bytes for every CSV of the contract.

    Year end (年末): settlement.csv; year start (年初): budget.csv instead. batches.csv when
    the input numbers its batches."""
    files = {
        ALLOCATIONS: to_csv(ALLOCATIONS_HEADER, allocation_rows(result)),
        MATCHING: to_csv(MATCHING_HEADER, matching_rows(result)),
    }
    if result.settlement is not None:
        files[SETTLEMENT] = to_csv(SETTLEMENT_HEADER, settlement_rows(result))
    else:
        files[BUDGET] = to_csv(BUDGET_HEADER, budget_rows(result))
    files[BASIS] = to_csv(BASIS_HEADER, basis_rows(result))
    if result.batches is not None:
        files[BATCHES] = to_csv(BATCHES_HEADER, batch_rows(result))
    return files
