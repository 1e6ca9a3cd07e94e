"""The year's tables as polars frames — the engine's joins and group-bys (SPEC §3).

``county_frame`` joins the counties with their mileage, scores, needs and prepayments
(one row per county, in code order: the kernel's column order); ``weights_frame`` is the
part of it the weights need; ``matching_totals`` and ``cost_totals`` are the matching
check's and the settlement's group-bys. ``allocation``, ``matching`` and ``settlement``
build the result objects from them.

Integers only. An input column is Int64 when every value fits, else Int128, else kept as
Python ints (``pl.Object``: a hostile 工作需求 beyond 2^127); a sum over n rows of amounts
≤ ``MAX_FEN`` is formed in Int64 only when n × MAX_FEN < 2^63, otherwise in Int128 — so
no sum can wrap. No float ever appears.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from roadfund.engine.rules import CLASS_KEYS, INT64_END
from roadfund.models import CostRow, MileageRow, PerformanceRow, ProjectRow, YearInput
from roadfund.money import MAX_FEN
from roadfund.schema import CITY_ONLY_CATEGORY

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
