"""Synthetic input years of any size (合成数据) — deterministic, seeded, always valid.

``synth_rows(counties, projects, cost_lines, seed)`` returns the same shape as
``roadfund.samples.jingdezhen.SAMPLE_YEARS[year]`` — ``{sheet name: [row dicts keyed by the Chinese
header]}``, numbers as ``Decimal``, codes as text — for a province (100 county units) or a
whole country (about 2,850). Used by the scale tests and the benchmarks; the figures are
invented and mean nothing.

What "valid" means here is what ``roadfund check`` demands: unique 6-digit county codes,
unique branch names (分中心名称), every county once in 养护里程 and 绩效考核, at most once in
县级预缴; 基础补助 + 奖励 = 下达金额; the city deduction not above the amount received;
every project's investment ≥ its funding parts and > 0; every cost line's unit a policy
city unit or a branch; at least one county with positive mileage and a performance
coefficient above 0, so no pool has all-zero weights.

The same arguments always give the same rows (``random.Random(seed)``, no clock, no
global state), and so ``write_synth`` always gives the same bytes.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from roadfund.schema import (
    CENTER_COSTS,
    COST_CATEGORIES,
    COUNTIES,
    INFO,
    INFO_CITY,
    INFO_DATE,
    INFO_YEAR,
    MILEAGE,
    PERFORMANCE,
    PREPAYMENTS,
    PROJECTS,
    ROAD_CLASS_NAMES,
    SOURCES,
)

if TYPE_CHECKING:
    from roadfund.models import YearInput

Row = dict[str, object]

CITY_UNITS: tuple[str, ...] = ("市本级机关", "应急中心", "建保中心")
"""The city units of the shipped policy (inputs/policy.toml); cost lines use these or branches."""

SYNTH_CITY = "合成市"

# Maintained km per county by road class (国道 省道 县道 乡道 村道), in metres: low, high.
_METRES_RANGE: tuple[tuple[int, int], ...] = (
    (0, 300_000),
    (0, 400_000),
    (20_000, 600_000),
    (50_000, 1_500_000),
    (100_000, 3_000_000),
)
_COST_ITEMS: dict[str, tuple[str, ...]] = {
    "人员经费": ("基本工资及津贴补贴", "社会保险及住房公积金"),
    "公用经费": ("办公及运行维护费", "应急物资及车辆运行费", "养护机械购置及维修费"),
    "奖励性工资": ("奖励性绩效工资",),
}


def _yuan(fen: int) -> Decimal:
    """Fen as a Decimal number of 元 with two places (exact)."""
    return Decimal(fen).scaleb(-2)


def _km(metres: int) -> Decimal:
    return Decimal(metres).scaleb(-3)


def _hundredths(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def _codes(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct 6-digit codes (first digit 1–9, like administrative codes)."""
    return [str(code) for code in rng.sample(range(110_000, 1_000_000), count)]


def synth_rows(
    counties: int,
    projects: int,
    cost_lines: int,
    seed: int,
    *,
    year: int = 2023,
    city_units: Sequence[str] = CITY_UNITS,
) -> dict[str, list[Row]]:
    """A valid input year with ``counties`` counties, ``projects`` matching projects and
    ``cost_lines`` center cost lines, as ``{sheet name: [row dicts]}``.

    ``counties`` ≥ 1; ``projects`` and ``cost_lines`` ≥ 0. ``city_units`` must be the
    policy's (the default is the shipped policy's), or the cost lines would not validate.
    """
    if counties < 1 or projects < 0 or cost_lines < 0:
        raise ValueError("counties must be ≥ 1, projects and cost_lines ≥ 0")
    if not city_units:
        raise ValueError("city_units must not be empty")
    rng = random.Random(seed)
    width = max(4, len(str(counties)))
    codes = _codes(rng, counties)
    names = [f"合成{i + 1:0{width}d}县" for i in range(counties)]
    branches = [f"{name}分中心" for name in names]

    mileage = []
    for code in codes:
        metres = [rng.randint(low, high) for low, high in _METRES_RANGE]
        mileage.append(
            {
                MILEAGE.column("county_code").header: code,
                **{name: _km(m) for name, m in zip(ROAD_CLASS_NAMES, metres, strict=True)},
            }
        )

    performance = []
    for i, code in enumerate(codes):
        # Mostly 60–100 (coefficient > 0), a few below 60 (差, coefficient 0); the first
        # county is always 优 so the performance pool never has all-zero weights.
        score = rng.randint(9_000, 10_000) if i == 0 else rng.randint(5_500, 10_000)
        performance.append(
            {
                PERFORMANCE.column("county_code").header: code,
                PERFORMANCE.column("score").header: _hundredths(score),
                PERFORMANCE.column("need").header: _hundredths(rng.randint(50_000, 5_000_000)),
            }
        )

    per_county = rng.randint(5_000_000_00, 20_000_000_00)  # fen per county, about 5–20 million 元
    central = counties * per_county
    provincial_base = counties * rng.randint(1_000_000_00, 4_000_000_00)
    provincial_reward = counties * rng.randint(0, 1_000_000_00)
    provincial = provincial_base + provincial_reward
    h = SOURCES.column
    sources = [
        {
            h("code").header: "central",
            h("name").header: "中央成品油税费改革转移支付资金",
            h("received").header: _yuan(central),
            h("city_deduction").header: _yuan(rng.randint(0, central // 10)),
        },
        {
            h("code").header: "provincial",
            h("name").header: "普通国省道路面养护工程省级补助资金",
            h("received").header: _yuan(provincial),
            h("city_deduction").header: _yuan(rng.randint(0, provincial // 10)),
            h("base_subsidy").header: _yuan(provincial_base),
            h("reward").header: _yuan(provincial_reward),
        },
    ]

    p = PROJECTS.column
    project_rows = []
    for i in range(projects):
        subsidy = rng.randint(500_000_00, 5_000_000_00)
        city = rng.randint(100_000_00, 1_500_000_00)
        county = rng.randint(0, 2_000_000_00)
        parts = subsidy + city + county
        # Most projects meet the 30% floor; some fall short (investment well above parts).
        investment = parts + rng.randint(0, parts)
        project_rows.append(
            {
                p("project_id").header: f"{year}-SYN-{i + 1:05d}",
                p("county_code").header: codes[rng.randrange(counties)],
                p("name").header: f"合成路面养护工程第{i + 1}号",
                p("provincial").header: _yuan(subsidy),
                p("city_matching").header: _yuan(city),
                p("county_matching").header: _yuan(county),
                p("investment").header: _yuan(investment),
            }
        )

    c = CENTER_COSTS.column
    units = [*city_units, *branches]
    cost_rows = []
    for _ in range(cost_lines):
        category = rng.choice(COST_CATEGORIES)
        budget = rng.randint(50_000_00, 3_000_000_00)
        actual = max(0, budget + rng.randint(-budget // 10, budget // 10))
        cost_rows.append(
            {
                c("unit").header: rng.choice(units),
                c("category").header: category,
                c("item").header: rng.choice(_COST_ITEMS[category]),
                c("budget").header: _yuan(budget),
                c("actual").header: _yuan(actual),
            }
        )

    prepaid = sorted(rng.sample(range(counties), counties // 2))
    prepayments = [
        {
            PREPAYMENTS.column("county_code").header: codes[i],
            PREPAYMENTS.column("amount").header: _yuan(rng.randint(0, 3_000_000_00)),
        }
        for i in prepaid
    ]

    item, value = (col.header for col in INFO.columns)
    info_values: dict[str, object] = {
        INFO_YEAR: year,
        INFO_CITY: SYNTH_CITY,
        INFO_DATE: datetime.date(year, 3, 31),
    }
    return {
        INFO.name: [{item: key, value: v} for key, v in info_values.items()],
        SOURCES.name: sources,
        COUNTIES.name: [
            {
                COUNTIES.column("code").header: code,
                COUNTIES.column("name").header: name,
                COUNTIES.column("branch").header: branch,
            }
            for code, name, branch in zip(codes, names, branches, strict=True)
        ],
        MILEAGE.name: mileage,
        PERFORMANCE.name: performance,
        PROJECTS.name: project_rows,
        CENTER_COSTS.name: cost_rows,
        PREPAYMENTS.name: prepayments,
    }


def synth_year_input(
    counties: int,
    projects: int,
    cost_lines: int,
    seed: int,
    *,
    year: int = 2023,
    city_units: Sequence[str] = CITY_UNITS,
) -> YearInput:
    """The same year as a validated ``YearInput`` in memory, without a workbook.

    Rows go through the reader's row models (so amounts become fen, km metres); the
    cross-sheet rules are not run — the generator satisfies them by construction, and
    ``tests/test_scale.py`` checks that a written workbook passes ``roadfund check``.
    """
    from roadfund.models import ROW_MODELS, YearInput
    from roadfund.schema import SHEETS

    rows = synth_rows(counties, projects, cost_lines, seed, year=year, city_units=city_units)
    parsed = {
        sheet.key: tuple(ROW_MODELS[sheet.key].model_validate(r) for r in rows[sheet.name])
        for sheet in SHEETS
        if sheet is not INFO
    }
    return YearInput(
        year=year,
        city=SYNTH_CITY,
        prepared=datetime.date(year, 3, 31),
        sources=parsed[SOURCES.key],
        counties=parsed[COUNTIES.key],
        mileage=parsed[MILEAGE.key],
        performance=parsed[PERFORMANCE.key],
        projects=parsed[PROJECTS.key],
        center_costs=parsed[CENTER_COSTS.key],
        prepayments=parsed[PREPAYMENTS.key],
    )
