"""The year's tables as polars frames — the engine's joins and group-bys (SPEC §3).

``county_frame`` joins the counties with their mileage, scores, needs and prepayments
(one row per county, in code order: the kernel's column order); ``weights_frame`` is the
part of it the weights need; ``matching_totals`` and ``cost_totals`` are the matching
check's and the settlement's group-bys. ``allocation``, ``matching`` and ``settlement``
build the result objects from them.

The results come out as frames too: ``allocation_frame`` (one row per fund source and
county: the kernel's daily and performance fen and ranks, and their total) and
``settlement_frame`` (one row per county: the cost totals joined with its prepayment and
its transfer total — a group-by of the allocation frame). The CSV writer and the
workbooks read their amounts from these; the trace (explain) reads the ``Share`` objects,
which keep the exact quotas and remainders as Fractions.

Integers only. An input column is Int64 when every value fits, else Int128, else kept as
Python ints (``pl.Object``: a hostile 工作需求 beyond 2^127); a sum over n rows of amounts
≤ ``MAX_FEN`` is formed in Int64 only when n × MAX_FEN < 2^63, otherwise in Int128 — so
no sum can wrap. No float ever appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from roadfund.contract import SETTLEMENT_HEADER
from roadfund.engine.rules import CLASS_KEYS, INT64_END
from roadfund.models import CostRow, MileageRow, PerformanceRow, ProjectRow, YearInput
from roadfund.money import MAX_FEN
from roadfund.schema import CITY_ONLY_CATEGORY

if TYPE_CHECKING:
    from roadfund.engine.kernel import PoolSplit

INT128_END = 2**127
AMOUNTS = ("provincial", "city_matching", "county_matching", "investment")


def int_series(name: str, values: Sequence[int | None]) -> pl.Series:
    """An integer column in the narrowest exact type: Int64, Int128, or Python ints."""
    present = [abs(v) for v in values if v is not None]
    largest = max(present, default=0)
    if largest < INT64_END:
        return pl.Series(name, values, dtype=pl.Int64)
    if largest < INT128_END:
        return pl.Series(name, values, dtype=pl.Int128)
    return pl.Series(name, values, dtype=pl.Object)


def sum_type(rows: int) -> type[pl.DataType]:
    """Int64 when a sum of ``rows`` amounts (each ≤ MAX_FEN) provably fits, else Int128."""
    return pl.Int64 if rows * MAX_FEN < INT64_END else pl.Int128


def weights_frame(
    mileage: Sequence[MileageRow], performance: Sequence[PerformanceRow]
) -> pl.DataFrame:
    """code, the five classes' metres, score, need — mileage joined with performance on the
    county code, in code order (the caller has checked both name the same counties)."""
    metres = pl.DataFrame(
        [
            pl.Series("code", [r.county_code for r in mileage], dtype=pl.String),
            *(int_series(k, [getattr(r, k) for r in mileage]) for k in CLASS_KEYS),
        ]
    )
    scores = pl.DataFrame(
        [
            pl.Series("code", [r.county_code for r in performance], dtype=pl.String),
            int_series("score", [r.score for r in performance]),
            int_series("need", [r.need for r in performance]),
        ]
    )
    return metres.join(scores, on="code", how="inner").sort("code")


def county_frame(year_input: YearInput) -> pl.DataFrame:
    """One row per county in code order: code, name, branch, metres by class, score, need,
    prepaid (0 where the county prepaid nothing)."""
    counties = pl.DataFrame(
        {
            "code": [c.code for c in year_input.counties],
            "name": [c.name for c in year_input.counties],
            "branch": [c.branch for c in year_input.counties],
        },
        schema={"code": pl.String, "name": pl.String, "branch": pl.String},
    )
    prepaid = pl.DataFrame(
        [
            pl.Series("code", [p.county_code for p in year_input.prepayments], dtype=pl.String),
            pl.Series("prepaid", [p.amount for p in year_input.prepayments], dtype=pl.Int64),
        ]
    )
    return (
        counties.join(
            weights_frame(year_input.mileage, year_input.performance), on="code", how="left"
        )
        .join(prepaid, on="code", how="left")
        .with_columns(pl.col("prepaid").fill_null(0))
        .sort("code")
    )


def project_frame(projects: Sequence[ProjectRow]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            pl.Series("county_code", [p.county_code for p in projects], dtype=pl.String),
            *(pl.Series(k, [getattr(p, k) for p in projects], dtype=pl.Int64) for k in AMOUNTS),
        ]
    )


def matching_totals(projects: Sequence[ProjectRow]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(by county, city): the projects' amounts summed per county (in code order) and over
    the whole city — the matching check's group-bys."""
    frame = project_frame(projects)
    wide = sum_type(len(projects))
    sums = [pl.col(k).cast(wide).sum() for k in AMOUNTS]
    by_county = frame.group_by("county_code").agg(sums).sort("county_code")
    return by_county, frame.select(sums)


def cost_totals(
    costs: Sequence[CostRow], branches: Sequence[str], city_units: Sequence[str]
) -> tuple[pl.DataFrame, dict[str, int]]:
    """(by branch, city): each branch's county-borne budget and actual (人员经费 + 公用经费;
    0 where it has no line), in ``branches`` order; and the city-wide sums — all lines,
    and the city-borne part (city units + all incentive pay)."""
    wide = sum_type(len(costs))
    frame = pl.DataFrame(
        [
            pl.Series("unit", [c.unit for c in costs], dtype=pl.String),
            pl.Series("category", [c.category for c in costs], dtype=pl.String),
            pl.Series("budget", [c.budget for c in costs], dtype=pl.Int64),
            pl.Series("actual", [c.actual for c in costs], dtype=pl.Int64),
        ]
    ).with_columns(
        county_borne=pl.col("category") != CITY_ONLY_CATEGORY,
        city_unit=pl.col("unit").is_in(list(city_units)),
    )
    borne = (
        frame.filter(pl.col("county_borne"))
        .group_by("unit")
        .agg(pl.col("budget").cast(wide).sum(), pl.col("actual").cast(wide).sum())
    )
    by_branch = (
        pl.DataFrame({"unit": list(branches)}, schema={"unit": pl.String})
        .join(borne, on="unit", how="left", maintain_order="left")
        .with_columns(pl.col("budget").fill_null(0), pl.col("actual").fill_null(0))
    )
    city_borne = frame.filter(pl.col("city_unit") | ~pl.col("county_borne"))
    totals = {
        "total_budget": frame["budget"].cast(wide).sum(),
        "total_actual": frame["actual"].cast(wide).sum(),
        "city_borne_budget": city_borne["budget"].cast(wide).sum(),
        "city_borne_actual": city_borne["actual"].cast(wide).sum(),
    }
    return by_branch, {k: int(v) for k, v in totals.items()}


ALLOCATION_COLUMNS = (
    "source",
    "county_code",
    "daily",
    "performance",
    "total",
    "daily_rank",
    "performance_rank",
)
"""The allocation frame: one row per (fund source, county), sources in FUND_SOURCES order
and counties in code order within each."""


def allocation_frame(
    codes: Sequence[str], pools: Sequence[tuple[str, PoolSplit, PoolSplit]]
) -> pl.DataFrame:
    """The kernel's output as one frame: for each (source, daily split, performance split)
    a row per county (``codes``: the kernel's column order) with both amounts, their
    total and both ranks. Every amount is ≤ its pool ≤ MAX_FEN and a total is the sum of
    two: Int64 (``sum_type(2)``)."""
    n = len(codes)
    wide = sum_type(2)
    return pl.DataFrame(
        {
            "source": [code for code, _, _ in pools for _ in range(n)],
            "county_code": list(codes) * len(pools),
            "daily": [a for _, daily, _ in pools for a in daily.amounts],
            "performance": [a for _, _, perf in pools for a in perf.amounts],
            "daily_rank": [r for _, daily, _ in pools for r in daily.ranks],
            "performance_rank": [r for _, _, perf in pools for r in perf.ranks],
        },
        schema={
            "source": pl.String,
            "county_code": pl.String,
            "daily": wide,
            "performance": wide,
            "daily_rank": pl.Int64,
            "performance_rank": pl.Int64,
        },
    ).select(
        *ALLOCATION_COLUMNS[:4],
        total=pl.col("daily") + pl.col("performance"),
        daily_rank=pl.col("daily_rank"),
        performance_rank=pl.col("performance_rank"),
    )


def transfer_totals(allocations: pl.DataFrame, sources: int) -> pl.DataFrame:
    """county_code, transfer_total: each county's total over the fund sources (a group-by
    of the allocation frame), in code order."""
    wide = sum_type(2 * sources)
    return (
        allocations.group_by("county_code", maintain_order=True)
        .agg(transfer_total=pl.col("total").cast(wide).sum())
        .sort("county_code")
    )


SETTLEMENT_COLUMNS = SETTLEMENT_HEADER[1:]
"""The settlement frame: one row per county, in code order — settlement.csv's columns
(``contract.SETTLEMENT_HEADER``) but the year."""


def settlement_frame(
    counties: pl.DataFrame,
    by_branch: pl.DataFrame,
    transfers: pl.DataFrame,
    offset: bool,
    wide: type[pl.DataType],
) -> pl.DataFrame:
    """Each county's branch costs (``by_branch``, one row per county in the same order as
    ``counties``) beside its prepayment, joined with its transfer total on the code; then
    ``due = actual − prepaid``, ``variance = budget − actual`` and the net transfer
    (``transfer_total − due`` in offset mode, else the transfer total), all in ``wide`` —
    which the caller picks with ``sum_type`` over every amount a figure can add up."""
    due = pl.col("actual") - pl.col("prepaid")
    frame = (
        counties.select(
            county_code="code", county_name="name", branch_center="branch", prepaid="prepaid"
        )
        .hstack(by_branch.select("budget", "actual"))
        .join(transfers, on="county_code", how="left", maintain_order="left")
        .with_columns(
            pl.col(k).fill_null(0).cast(wide)
            for k in ("budget", "actual", "prepaid", "transfer_total")
        )
    )
    return frame.select(
        *SETTLEMENT_COLUMNS[:6],
        due=due,
        variance=pl.col("budget") - pl.col("actual"),
        transfer_total=pl.col("transfer_total"),
        net_transfer=pl.col("transfer_total") - due if offset else pl.col("transfer_total"),
    )
