"""Cross-row and cross-sheet rules of the input (SPEC §4.1, §4.3), as small functions.

Each rule takes the parsed workbook (and the policy period) and returns issues; ``RULES``
lists them all, and ``check_rules`` runs every one so a single run reports everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from roadfund.engine.allocation import CountyWeights, NeedMissing, county_weights
from roadfund.engine.batches import NegativeBatch, allocate_batches, batch_number
from roadfund.engine.rules import ZeroFactorTotal, split_pool, uses_need_column
from roadfund.issues import Issue
from roadfund.models import (
    CostRow,
    CountyRow,
    MileageRow,
    PerformanceRow,
    PrepaymentRow,
    ProjectRow,
    Row,
    SourceRow,
)
from roadfund.money import fen_to_yuan_grouped
from roadfund.policy import Period
from roadfund.reader.workbook import ParsedWorkbook
from roadfund.schema import (
    CENTER_COSTS,
    COST_CATEGORIES,
    COUNTIES,
    FUND_SOURCES,
    INFO_STAGE,
    MILEAGE,
    PERFORMANCE,
    PREPAYMENTS,
    PROJECTS,
    SOURCES,
    STAGE_END,
    Sheet,
)

Rule = Callable[[ParsedWorkbook, Period | None], list[Issue]]


def _rows(parsed: ParsedWorkbook, sheet: Sheet) -> list[Any]:
    return parsed.rows.get(sheet.key, [])


def _col(parsed: ParsedWorkbook, sheet: Sheet, key: str) -> int | None:
    return parsed.headers.get(sheet.key, {}).get(sheet.column(key).header)


def _duplicates(
    parsed: ParsedWorkbook, sheet: Sheet, key: str, rows: Sequence[Row], code: str
) -> list[Issue]:
    """A value of column ``key`` seen before: an issue naming the first row."""
    first: dict[str, int] = {}
    issues = []
    for row in rows:
        value = getattr(row, key)
        if value in first:
            issues.append(
                Issue.at(
                    sheet.name,
                    code,
                    row.row,
                    _col(parsed, sheet, key),
                    found=value,
                    first=first[value],
                )
            )
        else:
            first[value] = row.row
    return issues


def _county_codes(parsed: ParsedWorkbook) -> set[str]:
    return {c.code for c in _rows(parsed, COUNTIES)}


def _unknown_counties(parsed: ParsedWorkbook, sheet: Sheet) -> list[Issue]:
    if COUNTIES.key in parsed.damaged:
        return []  # the county list itself is unreliable; its own issues say why
    known = _county_codes(parsed)
    col = _col(parsed, sheet, "county_code")
    return [
        Issue.at(sheet.name, "unknown_county", row.row, col, found=row.county_code)
        for row in _rows(parsed, sheet)
        if row.county_code not in known
    ]


def sources_rule(parsed: ParsedWorkbook, period: Period | None) -> list[Issue]:
    rows: list[SourceRow] = _rows(parsed, SOURCES)
    numbered = _numbered_sources(rows)  # their repeats are batches: batch_numbering_rule
    unnumbered = [row for row in rows if row.code not in numbered]
    issues = _duplicates(parsed, SOURCES, "code", unnumbered, "duplicate_source")
    code_col = _col(parsed, SOURCES, "code")
    # a header problem with one of the two parts (a near-miss name, another unit) is
    # reported on its own: not again as one blank part on every row
    parts_readable = SOURCES.key not in parsed.damaged or all(
        _col(parsed, SOURCES, key) is not None for key in ("base_subsidy", "reward")
    )
    for row in rows:
        if row.code not in FUND_SOURCES:
            issues.append(
                Issue.at(SOURCES.name, "unknown_source", row.row, code_col, found=row.code)
            )
        if row.city_deduction > row.received:
            issues.append(
                Issue.at(
                    SOURCES.name,
                    "deduction_exceeds",
                    row.row,
                    _col(parsed, SOURCES, "city_deduction"),
                    found=fen_to_yuan_grouped(row.city_deduction),
                    received=fen_to_yuan_grouped(row.received),
                )
            )
        if (row.base_subsidy is None) != (row.reward is None) and parts_readable:
            blank = "base_subsidy" if row.base_subsidy is None else "reward"
            issues.append(
                Issue.at(SOURCES.name, "parts_incomplete", row.row, _col(parsed, SOURCES, blank))
            )
        elif row.base_subsidy is not None and row.reward is not None:
            parts = row.base_subsidy + row.reward
            if parts != row.received:
                issues.append(
                    Issue.at(
                        SOURCES.name,
                        "parts_mismatch",
                        row.row,
                        _col(parsed, SOURCES, "received"),
                        base=fen_to_yuan_grouped(row.base_subsidy),
                        reward=fen_to_yuan_grouped(row.reward),
                        sum=fen_to_yuan_grouped(parts),
                        received=fen_to_yuan_grouped(row.received),
                    )
                )
    if SOURCES.key not in parsed.damaged:
        present = {row.code for row in rows}
        issues += [
            Issue.at(SOURCES.name, "missing_source", found=c)
            for c in FUND_SOURCES
            if c not in present
        ]
    return issues


def counties_rule(parsed: ParsedWorkbook, period: Period | None) -> list[Issue]:
    rows: list[CountyRow] = _rows(parsed, COUNTIES)
    issues = _duplicates(parsed, COUNTIES, "code", rows, "duplicate_county")
    issues += _duplicates(parsed, COUNTIES, "branch", rows, "duplicate_name")
    if not rows and COUNTIES.key not in parsed.damaged and COUNTIES.key in parsed.present:
        issues.append(Issue.at(COUNTIES.name, "no_counties"))
    city_units = set(city_units_list(period))
    branch_col = _col(parsed, COUNTIES, "branch")
    for row in rows:
        if row.branch in city_units:  # its costs would be both the city's and the county's
            issues.append(
                Issue.at(
                    COUNTIES.name, "branch_is_city_unit", row.row, branch_col, found=row.branch
                )
            )
    return issues


def _once_per_county(sheet: Sheet) -> Rule:
    """Every county exactly once in ``sheet``; no unknown codes."""

    def rule(parsed: ParsedWorkbook, period: Period | None) -> list[Issue]:
        rows = _rows(parsed, sheet)
        issues = _duplicates(parsed, sheet, "county_code", rows, "duplicate_county")
        issues += _unknown_counties(parsed, sheet)
        if sheet.key in parsed.damaged or COUNTIES.key in parsed.damaged:
            return issues
        present = {row.county_code for row in rows}
        for county in _rows(parsed, COUNTIES):
            if county.code not in present:
                issues.append(
                    Issue.at(sheet.name, "county_missing", county=county.name, code=county.code)
                )
        return issues

    rule.__name__ = f"once_per_county_{sheet.key}"
    return rule


def prepayments_rule(parsed: ParsedWorkbook, period: Period | None) -> list[Issue]:
    rows: list[PrepaymentRow] = _rows(parsed, PREPAYMENTS)
    return _duplicates(
        parsed, PREPAYMENTS, "county_code", rows, "duplicate_county"
    ) + _unknown_counties(parsed, PREPAYMENTS)


def projects_rule(parsed: ParsedWorkbook, period: Period | None) -> list[Issue]:
    rows: list[ProjectRow] = _rows(parsed, PROJECTS)
    issues = _duplicates(parsed, PROJECTS, "project_id", rows, "duplicate_project")
    issues += _unknown_counties(parsed, PROJECTS)
    col = _col(parsed, PROJECTS, "investment")
    for row in rows:
        parts = row.provincial + row.city_matching + row.county_matching
        if row.investment is None:
            continue  # blank: year start (年初), or reported by actuals_rule at year end
        if row.investment <= 0:
            issues.append(Issue.at(PROJECTS.name, "investment_not_positive", row.row, col))
        elif row.investment < parts:
            issues.append(
                Issue.at(
                    PROJECTS.name,
                    "investment_below_parts",
                    row.row,
                    col,
                    found=fen_to_yuan_grouped(row.investment),
                    parts=fen_to_yuan_grouped(parts),
                )
            )
    return issues


def center_costs_rule(parsed: ParsedWorkbook, period: Period | None) -> list[Issue]:
    rows: list[CostRow] = _rows(parsed, CENTER_COSTS)
    issues = []
    branches = {c.branch for c in _rows(parsed, COUNTIES)}
    city_units = set(period.city_units) if period else set()
    check_units = period is not None and COUNTIES.key not in parsed.damaged
    known_units = city_units | branches  # once, not per cost line
    for row in rows:
        if row.category not in COST_CATEGORIES:
            issues.append(
                Issue.at(
                    CENTER_COSTS.name,
                    "bad_category",
                    row.row,
                    _col(parsed, CENTER_COSTS, "category"),
                    found=row.category,
                )
            )
        if check_units and row.unit not in known_units:
            issues.append(
                Issue.at(
                    CENTER_COSTS.name,
                    "unknown_unit",
                    row.row,
                    _col(parsed, CENTER_COSTS, "unit"),
                    found=row.unit,
                    city_units="、".join(city_units_list(period)),
                )
            )
    return issues


def city_units_list(period: Period | None) -> tuple[str, ...]:
    return period.city_units if period else ()


def weights_rule(parsed: ParsedWorkbook, period: Period | None) -> list[Issue]:
    """The policy's weights can be formed and no pool is left with all-zero weights."""
    return list(_weights_check(parsed, period)[0])


def year_weights(parsed: ParsedWorkbook, period: Period) -> CountyWeights | None:
    """The county weights ``weights_rule`` formed for ``period``, when every county is
    once in each sheet (so they are the engine's weights of this input: the run passes
    them on instead of forming them again); else None."""
    issues, weights = _weights_check(parsed, period)
    mileage, performance = _rows(parsed, MILEAGE), _rows(parsed, PERFORMANCE)
    unique = len({r.county_code for r in mileage}) == len(mileage) and len(
        {r.county_code for r in performance}
    ) == len(performance)
    return weights if unique and not issues else None


def _weights_check(
    parsed: ParsedWorkbook, period: Period | None
) -> tuple[tuple[Issue, ...], CountyWeights | None]:
    """(weights_rule's issues, the weights it formed), formed once per parsed workbook
    and period (weights_rule, negative_batch_rule and the run all ask)."""
    memo = parsed.weights_check
    if memo is not None and memo[0] is period:
        return memo[1], memo[2]
    issues, weights = _check_weights(parsed, period)
    parsed.weights_check = (period, tuple(issues), weights)
    return tuple(issues), weights


def _check_weights(
    parsed: ParsedWorkbook, period: Period | None
) -> tuple[list[Issue], CountyWeights | None]:
    if period is None or {MILEAGE.key, PERFORMANCE.key, COUNTIES.key} & parsed.damaged:
        return [], None
    mileage_rows: list[MileageRow] = _rows(parsed, MILEAGE)
    perf_rows: list[PerformanceRow] = _rows(parsed, PERFORMANCE)
    issues: list[Issue] = []
    if uses_need_column(period.performance):
        need_col = _col(parsed, PERFORMANCE, "need")
        for row in perf_rows:
            if row.need is None:
                issues.append(Issue.at(PERFORMANCE.name, "need_column_missing", row.row, need_col))
        if issues:
            return issues, None
    mileage = {r.county_code: r for r in mileage_rows}  # a duplicate: reported elsewhere
    performance = {r.county_code: r for r in perf_rows}
    if set(mileage) != set(performance):
        return [], None  # reported by the once-per-county rules
    try:
        weights = county_weights(list(mileage.values()), list(performance.values()), period)
    except ZeroFactorTotal as error:
        return [Issue.at(PERFORMANCE.name, "factor_total_zero", factor=error.factor)], None
    except NeedMissing:
        return [], None  # reported above
    for source in _rows(parsed, SOURCES):
        if source.code not in FUND_SOURCES or source.city_deduction > source.received:
            continue
        daily, perf = split_pool(source.received - source.city_deduction, period.daily_share)
        pool_name = f"@source.{source.code}.short"
        if daily > 0 and not any(weights.daily_ints):
            issues.append(
                Issue.at(
                    MILEAGE.name,
                    "all_zero_weights",
                    pool=pool_name,
                    amount=fen_to_yuan_grouped(daily),
                )
            )
        if perf > 0 and not any(weights.performance_ints):
            issues.append(
                Issue.at(
                    PERFORMANCE.name,
                    "all_zero_weights",
                    pool=pool_name,
                    amount=fen_to_yuan_grouped(perf),
                )
            )
    return issues, weights


# -- the year's stages and batches (SPEC §7) ---------------------------------------------


def _numbered_sources(rows: Iterable[SourceRow]) -> set[str]:
    """Sources with a batch number (批次) on at least one row."""
    return {row.code for row in rows if row.batch is not None}


def _stage(parsed: ParsedWorkbook) -> str | None:
    """The 阶段 read; 年末 when the row is absent; None when the row is there but unusable."""
    if INFO_STAGE in parsed.info_rows and "stage" not in parsed.info:
        return None
    return str(parsed.info.get("stage", STAGE_END))


def actuals_rule(parsed: ParsedWorkbook, period: Period | None) -> list[Issue]:
    """At year end (年末) every 实际发生 and 实际投入总额 is filled; at year start they may be blank."""
    if _stage(parsed) != STAGE_END:
        return []
    issues = []
    for sheet, key in ((PROJECTS, "investment"), (CENTER_COSTS, "actual")):
        col = _col(parsed, sheet, key)
        for row in _rows(parsed, sheet):
            if getattr(row, key) is None:
                issues.append(
                    Issue.at(
                        sheet.name, "blank_actual", row.row, col, expected="@kind.yuan", found=""
                    )
                )
    return issues


def batch_numbering_rule(parsed: ParsedWorkbook, period: Period | None) -> list[Issue]:
    """批次: each numbered source uses 1, 2, … once each, on every one of its rows."""
    rows: list[SourceRow] = _rows(parsed, SOURCES)
    col = _col(parsed, SOURCES, "batch")
    issues: list[Issue] = []
    for code in sorted(_numbered_sources(rows)):
        own = [row for row in rows if row.code == code]
        first: dict[int, int] = {}
        for row in own:
            if row.batch is None:
                issues.append(Issue.at(SOURCES.name, "batch_mixed", row.row, col, source=code))
            elif row.batch in first:
                issues.append(
                    Issue.at(
                        SOURCES.name,
                        "duplicate_batch",
                        row.row,
                        col,
                        source=code,
                        found=row.batch,
                        first=first[row.batch],
                    )
                )
            else:
                first[row.batch] = row.row
        if SOURCES.key in parsed.damaged:
            continue  # a row that failed may hold the missing number
        missing = sorted(set(range(1, max(first, default=0) + 1)) - set(first))
        if missing:
            issues.append(
                Issue.at(
                    SOURCES.name,
                    "batch_gap",
                    None,
                    col,
                    source=code,
                    missing="、".join(str(n) for n in missing),
                )
            )
    return issues


def negative_batch_rule(parsed: ParsedWorkbook, period: Period | None) -> list[Issue]:
    """No batch takes money back from a county (the Alabama paradox of largest remainder)."""
    rows: list[SourceRow] = _rows(parsed, SOURCES)
    if period is None or not _numbered_sources(rows):
        return []
    if {SOURCES.key, MILEAGE.key, PERFORMANCE.key, COUNTIES.key} & parsed.damaged:
        return []
    if batch_numbering_rule(parsed, period) or sources_rule(parsed, period):
        return []  # the batches themselves are not usable yet
    if weights_rule(parsed, period):
        return []
    mileage: list[MileageRow] = _rows(parsed, MILEAGE)
    performance: list[PerformanceRow] = _rows(parsed, PERFORMANCE)
    if {r.county_code for r in mileage} != {r.county_code for r in performance}:
        return []
    weights = year_weights(parsed, period)
    try:
        allocate_batches(rows, period, weights or county_weights(mileage, performance, period))
    except (ZeroFactorTotal, NeedMissing):
        return []  # weights_rule reports it
    except NegativeBatch as error:
        names = {c.code: c.name for c in _rows(parsed, COUNTIES)}
        row = next(r for r in rows if r.code == error.source and batch_number(r) == error.batch)
        return [
            Issue.at(
                SOURCES.name,
                "negative_batch",
                row.row,
                _col(parsed, SOURCES, "batch"),
                source=f"@source.{error.source}.short",
                batch=error.batch,
                county=names.get(error.county, error.county),
                code=error.county,
                part=f"@{error.part}",
                amount=fen_to_yuan_grouped(-error.amount),
            )
        ]
    return []


RULES: tuple[Rule, ...] = (
    sources_rule,
    counties_rule,
    _once_per_county(MILEAGE),
    _once_per_county(PERFORMANCE),
    prepayments_rule,
    projects_rule,
    center_costs_rule,
    weights_rule,
    actuals_rule,
    batch_numbering_rule,
    negative_batch_rule,
)


def check_rules(
    parsed: ParsedWorkbook, period: Period | None, rules: Iterable[Rule] = RULES
) -> list[Issue]:
    return [issue for rule in rules for issue in rule(parsed, period)]
