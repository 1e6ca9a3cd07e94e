"""The allocation engine (SPEC §3.1): hand-worked examples and invariants over whole years."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

from builders import period_with, shipped_period, year_input
from hypothesis import given, settings
from hypothesis import strategies as st

from roadfund.engine import compute
from roadfund.engine.allocation import allocate, split_pool
from roadfund.writers.csv_files import csv_files

A, B, C = "100001", "100002", "100003"
KM = {A: [10, 0, 0, 0, 0], B: [20, 0, 0, 0, 0], C: [30, 0, 0, 0, 0]}
SCORES = {A: 95, B: 85, C: 50}


def amounts(shares: dict) -> dict[str, int]:  # type: ignore[type-arg]
    return {k: v.amount for k, v in shares.items()}


def test_central_source_by_hand() -> None:
    """received 1,000.00, deduction 0.01 → pool 99,999 fen.

    daily = round_half_up(99,999 × 0.70 = 69,999.3) = 69,999; performance = 30,000.
    Daily by km 10:20:30: quotas 11,666.5 / 23,333.0 / 34,999.5 → floors sum 69,998;
    the leftover fen: A and C tie on remainder .5, C has the larger weight → C 35,000.
    Performance (coefficient): A 优 1.2 × 10 = 12, B 良 1.0 × 20 = 20, C 差 0 × 30 = 0;
    30,000 × 12/32 = 11,250, × 20/32 = 18,750, C 0 (its share stays in the pool).
    """
    result = allocate(year_input(KM, SCORES, central=("1000.00", "0.01")), shipped_period())
    central = result.sources[0]
    assert (central.pool, central.daily_pool, central.performance_pool) == (99_999, 69_999, 30_000)
    assert amounts(central.daily) == {A: 11_666, B: 23_333, C: 35_000}
    assert central.daily[C].extra == 1 and central.daily[A].extra == 0
    assert amounts(central.performance) == {A: 11_250, B: 18_750, C: 0}
    assert result.performance_basis[A].grade == "优"
    assert result.performance_basis[C].weight == 0


def test_provincial_source_by_hand() -> None:
    """received 500.00 = base 300.00 + reward 200.00, no deduction → pool 50,000 fen.

    daily 35,000: quotas 5,833.33 / 11,666.67 / 17,500 → floors 34,999; B has the larger
    remainder (2/3) → B 11,667. performance 15,000 × 12/32 = 5,625, × 20/32 = 9,375.
    """
    provincial = allocate(year_input(KM, SCORES), shipped_period()).sources[1]
    assert amounts(provincial.daily) == {A: 5_833, B: 11_667, C: 17_500}
    assert amounts(provincial.performance) == {A: 5_625, B: 9_375, C: 0}


def test_allocations_csv_by_hand() -> None:
    csv = csv_files(compute(year_input(KM, SCORES, central=("1000.00", "0.01")), shipped_period()))
    assert csv["allocations.csv"].decode().splitlines() == [
        "year,source,county_code,county_name,daily,performance,total",
        "2023,central,100001,县100001,116.66,112.50,229.16",
        "2023,central,100002,县100002,233.33,187.50,420.83",
        "2023,central,100003,县100003,350.00,0.00,350.00",
        "2023,provincial,100001,县100001,58.33,56.25,114.58",
        "2023,provincial,100002,县100002,116.67,93.75,210.42",
        "2023,provincial,100003,县100003,175.00,0.00,175.00",
    ]


def test_factor_method_by_hand() -> None:
    """因素法, min_score 60, factors score 0.5 + mileage 0.5; C (50) is out.

    Eligible totals: score 95 + 85 = 180, mileage 10 + 20 = 30 km.
    w_A = 0.5·95/180 + 0.5·10/30 = 31/72; w_B = 0.5·85/180 + 0.5·20/30 = 41/72.
    Performance 30,000: A 12,916.67 → 12,916 + the leftover fen (remainder 2/3) = 12,917;
    B 17,083.33 → 17,083.
    """
    period = period_with(
        performance={
            "method": "factor",
            "min_score": "60",
            "factors": {"score": "0.5", "mileage": "0.5"},
        }
    )
    result = allocate(year_input(KM, SCORES, central=("1000.00", "0.01")), period)
    assert result.performance_basis[A].weight == Fraction(31, 72)
    assert amounts(result.sources[0].performance) == {A: 12_917, B: 17_083, C: 0}


def test_need_column_and_class_weights() -> None:
    """need = "column": weights are 工作需求 × coefficient; class weights scale km by class.

    国道 weight 2: A converts 10 km 国道 + 5 km 村道 to 25 km; B 20 km 村道 → 20.
    Performance by need: A 100 × 1.2 = 120, B 80 × 1.0 = 80 → 30,000 × 120/200 = 18,000.
    """
    period = period_with(
        road_class_weights={"国道": "2", "省道": "1", "县道": "1", "乡道": "1", "村道": "1"},
        performance={**shipped_period().model_dump()["performance"], "need": "column"},
    )
    data = year_input(
        {A: [10, 0, 0, 0, 5], B: [0, 0, 0, 0, 20]},
        {A: 95, B: 85},
        needs={A: 100, B: 80},
        central=("1000.00", "0.01"),
    )
    result = allocate(data, period)
    assert result.mileage_km == {A: 25, B: 20}
    assert amounts(result.sources[0].performance) == {A: 18_000, B: 12_000}


def test_split_pool_rounds_half_up() -> None:
    """0.70 × 5 fen = 3.5 → 4 daily, 1 performance; 0.70 × 15 = 10.5 → 11 and 4."""
    assert split_pool(5, Fraction(7, 10)) == (4, 1)
    assert split_pool(15, Fraction(7, 10)) == (11, 4)
    assert split_pool(0, Fraction(7, 10)) == (0, 0)


counties = st.integers(min_value=1, max_value=12)


@st.composite
def years(draw: st.DrawFn) -> object:
    n = draw(counties)
    codes = [f"{360200 + i:06d}" for i in range(n)]
    km = {c: [Decimal(draw(st.integers(0, 10**9 - 1000))) / 1000 for _ in range(5)] for c in codes}
    km[codes[0]][4] += 1  # at least one county with mileage
    scores = {c: Decimal(draw(st.integers(0, 10_000))) / 100 for c in codes}
    scores[codes[0]] = 100
    received = draw(st.integers(0, 10**13))
    deduction = draw(st.integers(0, received))
    from roadfund.money import fen_to_yuan

    return year_input(
        {c: [str(x) for x in v] for c, v in km.items()},
        {c: str(s) for c, s in scores.items()},
        central=(fen_to_yuan(received), fen_to_yuan(deduction)),
    )


@settings(max_examples=60, deadline=None)
@given(years())
def test_every_pool_conserves_to_the_fen(data: object) -> None:
    for source in allocate(data, shipped_period()).sources:  # type: ignore[arg-type]
        assert source.daily_pool + source.performance_pool == source.pool
        assert sum(s.amount for s in source.daily.values()) == source.daily_pool
        assert sum(s.amount for s in source.performance.values()) == source.performance_pool
        assert all(s.amount >= 0 for s in (*source.daily.values(), *source.performance.values()))


@settings(max_examples=40, deadline=None)
@given(years(), st.randoms(use_true_random=False))
def test_row_order_does_not_change_the_csv(data: object, rnd: random.Random) -> None:
    """Shuffled rows in every sheet → byte-identical CSV files."""
    shuffled = data.model_copy(  # type: ignore[attr-defined]
        update={
            name: tuple(rnd.sample(list(getattr(data, name)), len(getattr(data, name))))
            for name in ("sources", "counties", "mileage", "performance")
        }
    )
    period = shipped_period()
    assert csv_files(compute(data, period)) == csv_files(compute(shuffled, period))  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(years(), st.fractions(min_value=Fraction(1, 1000), max_value=1000))
def test_scaling_every_class_weight_changes_nothing(data: object, k: Fraction) -> None:
    """All road-class weights × k scales every converted mileage by k: same amounts."""
    from roadfund.policy import decimal_text

    k_text = decimal_text(k)
    if Fraction(k_text) != k:
        return  # k has no short decimal form; the policy file only holds decimals
    scaled = dict.fromkeys(("国道", "省道", "县道", "乡道", "村道"), k_text)
    base = allocate(data, shipped_period())  # type: ignore[arg-type]
    other = allocate(data, period_with(road_class_weights=scaled))  # type: ignore[arg-type]
    for s1, s2 in zip(base.sources, other.sources, strict=True):
        assert amounts(s1.daily) == amounts(s2.daily)  # type: ignore[arg-type]
        assert amounts(s1.performance) == amounts(s2.performance)  # type: ignore[arg-type]


@settings(max_examples=20, deadline=None)
@given(counties=st.integers(1, 30), seed=st.integers(0, 10**6))
def test_class_parts_are_km_times_the_class_weight(counties: int, seed: int) -> None:
    """The trace's 折算里程 parts (formed as one Fraction each): km × class weight."""
    from roadfund.engine.allocation import county_weights
    from roadfund.samples.synth import synth_year_input

    year = synth_year_input(counties, 0, 0, seed)
    period = shipped_period()
    weights = county_weights(year.mileage, year.performance, period)
    by_class = period.road_class_weights.by_key()
    for row in year.mileage:
        assert weights.class_parts[row.county_code] == {
            k: Fraction(m, 1000) * by_class[k] for k, m in row.metres_by_class().items()
        }
