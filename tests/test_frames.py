"""The result frames (engine.frames) equal the result objects, fen for fen, and the sweep's
(scenario × county) frame equals ``allocate`` scenario by scenario."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from builders import period_with, shipped_period
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_whatif import drawn_sweep

from roadfund.engine import compute
from roadfund.engine.allocation import allocate
from roadfund.engine.apportion import ApportionError
from roadfund.engine.frames import (
    ALLOCATION_COLUMNS,
    SETTLEMENT_COLUMNS,
    settlement_frame,
    sum_type,
)
from roadfund.engine.sweep import Scenario, SweepError, apply_scenario, sweep
from roadfund.money import MAX_FEN
from roadfund.samples.synth import synth_year_input
from roadfund.writers.whatif import summaries, totals_by_county

FACTOR = {
    "method": "factor",
    "min_score": "60",
    "factors": {"score": "0.4", "need": "0.3", "mileage": "0.3"},
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    counties=st.integers(1, 40),
    seed=st.integers(0, 10**6),
    mode=st.sampled_from(["remit", "offset"]),
    factor=st.booleans(),
)
def test_result_frames_equal_the_objects(counties: int, seed: int, mode: str, factor: bool) -> None:
    year = synth_year_input(counties, counties * 2, counties + 3, seed)
    changes: dict[str, Any] = {"settlement_mode": mode}
    if factor:
        changes["performance"] = FACTOR
    period = period_with(**changes)
    try:
        result = compute(year, period)
    except (ApportionError, ValueError):
        return  # a year the reader would refuse (e.g. every performance weight zero)
    frame = result.allocations
    assert frame.columns == list(ALLOCATION_COLUMNS)
    assert all(frame[k].dtype == pl.Int64 for k in ALLOCATION_COLUMNS[2:])
    expected = [
        (
            s.code,
            code,
            s.daily[code].amount,
            s.performance[code].amount,
            s.total(code),
            s.daily[code].rank,
            s.performance[code].rank,
        )
        for s in result.allocation.sources
        for code in sorted(result.year_input.county_names())
    ]
    assert frame.rows() == expected
    assert result.amounts == {(s, c): (d, p, t) for s, c, d, p, t, _, _ in expected}
    settlement = result.settlement
    assert settlement is not None
    assert settlement.frame.columns == list(SETTLEMENT_COLUMNS)
    assert settlement.frame.rows() == [
        (
            c.code,
            c.name,
            c.branch,
            c.budget,
            c.actual,
            c.prepaid,
            c.actual - c.prepaid,  # due, by the SPEC's rule (not read back from the frame)
            c.budget - c.actual,  # variance
            result.allocation.transfer_total(c.code),
            result.allocation.transfer_total(c.code)
            - (c.actual - c.prepaid if settlement.mode == "offset" else 0),
        )
        for c in settlement.counties
    ]
    assert [(c.due, c.variance, c.net_transfer) for c in settlement.counties] == [
        row[6:8] + row[9:] for row in settlement.frame.rows()
    ]


def test_the_settlement_frame_is_exact_beyond_int64() -> None:
    """Where a sum may not fit Int64 the frame is Int128, and nothing wraps."""
    assert sum_type(1) is pl.Int64
    assert sum_type(2**63 // MAX_FEN + 1) is pl.Int128
    big = 2**63 + 5
    counties = pl.DataFrame(
        {"code": ["1"], "name": ["a"], "branch": ["b"], "prepaid": [MAX_FEN]},
        schema={"code": pl.String, "name": pl.String, "branch": pl.String, "prepaid": pl.Int64},
    )
    by_branch = pl.DataFrame(
        {"budget": [big + 1], "actual": [big]},
        schema={"budget": pl.Int128, "actual": pl.Int128},
    )
    transfers = pl.DataFrame(
        {"county_code": ["1"], "transfer_total": [7]},
        schema={"county_code": pl.String, "transfer_total": pl.Int64},
    )
    frame = settlement_frame(counties, by_branch, transfers, offset=True, wide=pl.Int128)
    ((code, _, _, budget, actual, prepaid, due, variance, transfer, net),) = frame.rows()
    assert (code, transfer) == ("1", 7)
    assert (budget, actual, prepaid) == (big + 1, big, MAX_FEN)
    assert due == big - MAX_FEN
    assert variance == 1
    assert net == 7 - (big - MAX_FEN)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_sweep_frame_equals_allocate_per_scenario(data: st.DataObject) -> None:
    rows, codes, base, scenarios = drawn_sweep(data, 3)
    try:
        result = sweep(rows, base, scenarios, detail=True, workers=1)
    except SweepError:
        return  # test_whatif checks which scenarios are refused
    frame = result.frame()
    assert frame.height == len(result.scenarios) * len(codes)
    for i, scenario in enumerate(result.scenarios):
        allocation = allocate(apply_scenario(rows, scenario), scenario.period)
        found = frame.filter(pl.col("scenario") == i)
        assert found["county_code"].cast(pl.String).to_list() == codes
        for source in allocation.sources:
            assert found[f"daily_{source.code}"].to_list() == [
                source.daily[c].amount for c in codes
            ]
            assert found[f"performance_{source.code}"].to_list() == [
                source.performance[c].amount for c in codes
            ]
        assert found["total"].to_list() == [allocation.transfer_total(c) for c in codes]
    # a block of scenarios is the same rows as the whole frame's
    assert result.frame(1, 2).rows() == frame.filter(pl.col("scenario") == 1).rows()


def test_summaries_and_the_pivot_read_the_frame() -> None:
    """Gains and losses per scenario against the baseline (ties: the first county by code),
    and the county × scenario table, more than ten scenarios (columns by number)."""
    year = synth_year_input(6, 0, 0, seed=3)
    base = shipped_period()
    scenarios = [
        Scenario(f"s{k}", period_with(daily_share=f"0.{50 + k}", performance_share=f"0.{50 - k}"))
        for k in range(12)
    ]
    result = sweep(year, base, scenarios, workers=1)
    table = totals_by_county(result, len(scenarios))
    assert [code for code, _ in table] == list(result.codes)
    for i, (_, amounts) in enumerate(table):
        assert amounts == result.totals[:, i].tolist()
    rows = summaries(result, {})
    for k, row in enumerate(rows):
        differences = [a[k + 1] - a[0] for _, a in table]
        assert row.up == sum(d > 0 for d in differences)
        assert row.down == sum(d < 0 for d in differences)
        top = max(differences)
        if top > 0:
            assert row.gain == (result.codes[differences.index(top)], top)
        else:
            assert row.gain is None
        low = min(differences)
        assert row.loss == ((result.codes[differences.index(low)], low) if low < 0 else None)


@pytest.mark.parametrize("scenario_count", [0, 1])
def test_an_empty_block_of_scenarios_is_an_empty_frame(scenario_count: int) -> None:
    year = synth_year_input(3, 0, 0, seed=1)
    base = shipped_period()
    result = sweep(year, base, [Scenario("a", base)][:scenario_count], workers=1)
    assert result.frame(1).height == 3 * scenario_count
    assert result.frame(0, 1)["total"].to_list() == result.totals[0].tolist()
