"""What-if sweeps: the vectorised engine gives exactly the one-at-a-time engine's fen.

The property tests draw random years and random scenario files (shares, class weights
with many decimals, bands, the factor method, county changes; amounts up to 10^11 元,
mileage up to 10^6 km per class) and compare every county's daily and performance
amount, source by source, with ``allocate`` run on each variant by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from builders import period_with, shipped_period, year_input
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadfund.cli import cli
from roadfund.engine.allocation import allocate
from roadfund.engine.apportion import ApportionError, apportion
from roadfund.engine.sweep import (
    CountyChange,
    Scenario,
    SweepError,
    apply_scenario,
    apportion_rows,
    sweep,
)
from roadfund.issues import InputError
from roadfund.models import YearInput
from roadfund.money import fen_to_yuan
from roadfund.policy import Period
from roadfund.reader.load import load_year
from roadfund.reader.scenarios import exact_decimal, parse_scenarios, period_document

A, B, C = "100001", "100002", "100003"
KM = {A: [10, 0, 0, 0, 0], B: [20, 0, 0, 0, 0], C: [30, 0, 0, 0, 0]}
SCORES = {A: 95, B: 85, C: 50}
CLASSES = ("国道", "省道", "县道", "乡道", "村道")


def expected_amounts(rows: YearInput, period: Period) -> tuple[list[list[int]], list[list[int]]]:
    """(daily, performance) by source, counties by code, from the one-at-a-time engine."""
    allocation = allocate(rows, period)
    codes = sorted(row.code for row in rows.counties)
    daily = [[s.daily[c].amount for c in codes] for s in allocation.sources]
    perf = [[s.performance[c].amount for c in codes] for s in allocation.sources]
    return daily, perf


# -- the kernel ----------------------------------------------------------------------------


def test_tie_on_remainder_and_weight_goes_to_the_smaller_code() -> None:
    """T = 2 fen over weights 1 : 2 : 1 (W = 4): T·w = 2, 4, 2 → floors 0, 1, 0 and
    remainders 2, 0, 2. One fen is left; columns 0 and 2 tie on remainder and on weight,
    so the smaller column (county code) gets it: 1, 1, 0."""
    assert apportion_rows([2], np.array([[1, 2, 1]], dtype=np.int64)).tolist() == [[1, 1, 0]]


def test_tie_on_remainder_goes_to_the_larger_weight() -> None:
    """99,999 fen over 10 : 20 : 30: quotas 16,666.5 / 33,333 / 49,999.5, floors 99,998;
    A and C tie on the remainder ½, C has the larger weight → 16,666 / 33,333 / 50,000."""
    weights = np.array([[10, 20, 30]], dtype=np.int64)
    assert apportion_rows([99_999], weights).tolist() == [[16_666, 33_333, 50_000]]


def test_every_path_gives_what_apportion_gives() -> None:
    """One row per path: small numbers (direct), T·w beyond int64 with W ≈ 2^41 (limbs),
    W ≈ 2^60 (Python ints)."""
    totals = [1_000_000, 10**13, 10**13]
    rows = [[3, 5, 7], [2**40 + 7, 2**39 + 3, 12_345], [2**60 + 1, 2**59 + 17, 5]]
    paths: dict[str, int] = {}
    got = apportion_rows(totals, np.array(rows, dtype=np.int64), paths)
    assert paths == {"direct": 1, "limb": 1, "exact": 1}
    for total, row, amounts in zip(totals, rows, got.tolist(), strict=True):
        shares = apportion(total, {f"{i}": w for i, w in enumerate(row)})
        assert amounts == [shares[f"{i}"].amount for i in range(len(row))]
        assert sum(amounts) == total


def test_all_zero_weights_with_money_are_refused() -> None:
    with pytest.raises(ApportionError):
        apportion_rows([5], np.zeros((1, 3), dtype=np.int64))
    assert apportion_rows([0], np.zeros((1, 3), dtype=np.int64)).tolist() == [[0, 0, 0]]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_rows_match_apportion(data: st.DataObject) -> None:
    """Random rows at every magnitude (ties when weights are small): the same amounts as
    roadfund.engine.apportion, row by row; every row conserves its total."""
    n = data.draw(st.integers(1, 8), label="counties")
    bits = data.draw(st.sampled_from([1, 3, 16, 31, 45, 52, 57, 62]), label="bits")
    cap = min(2**bits, (2**63 - 1) // n)
    rows = data.draw(
        st.lists(st.lists(st.integers(0, cap), min_size=n, max_size=n), min_size=1, max_size=4)
    )
    totals = [data.draw(st.integers(0, 10**13)) if any(row) else 0 for row in rows]
    got = apportion_rows(totals, np.array(rows, dtype=np.int64)).tolist()
    for total, row, amounts in zip(totals, rows, got, strict=True):
        shares = apportion(total, {f"{i}": w for i, w in enumerate(row)})
        assert amounts == [shares[f"{i}"].amount for i in range(n)]


# -- whole sweeps against allocate ---------------------------------------------------------


def decimal_text(places: int, top: int) -> st.SearchStrategy[str]:
    """Decimal strings from 0 to ``top`` with up to ``places`` decimals."""
    scale = 10**places
    return st.integers(0, top * scale).map(lambda v: exact_decimal(Fraction(v, scale)))


@st.composite
def years(draw: st.DrawFn) -> YearInput:
    n = draw(st.integers(1, 5))
    codes = [f"{100001 + i}" for i in range(n)]
    metres = st.integers(0, 10**9) | st.integers(0, 1000)
    km = {c: [Decimal(draw(metres)).scaleb(-3) for _ in CLASSES] for c in codes}
    km[codes[0]][4] = Decimal(draw(st.integers(1, 10**9))).scaleb(-3)  # some mileage
    scores = {c: Decimal(draw(st.integers(0, 10_000))).scaleb(-2) for c in codes}
    scores[codes[0]] = Decimal(draw(st.integers(9_000, 10_000))).scaleb(-2)  # some weight
    needs = {c: Decimal(draw(st.integers(0, 10**8))).scaleb(-2) for c in codes}
    fen = st.integers(0, 10**13)
    central = draw(fen)
    provincial = draw(fen)
    return year_input(
        km,
        scores,
        needs=needs,
        central=(Decimal(central).scaleb(-2), Decimal(draw(st.integers(0, central))).scaleb(-2)),
        provincial=(Decimal(provincial).scaleb(-2), Decimal(0), None, None),
    )


@st.composite
def scenario_tables(draw: st.DrawFn, codes: list[str]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    if draw(st.booleans()):
        table["daily_share"] = draw(decimal_text(4, 1))
    if draw(st.booleans()):
        table["matching_floor"] = draw(decimal_text(2, 1))
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(CLASSES), unique=True, min_size=1))
        table["road_class_weights"] = {c: draw(decimal_text(6, 5)) for c in chosen}
    method = draw(st.sampled_from(["same", "bands", "factor"]))
    if method == "bands":
        lows = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=3))
        table["performance"] = {
            "need": draw(st.sampled_from(["mileage", "column"])),
            "bands": [
                {
                    "min_score": exact_decimal(Fraction(low, 100)),
                    "coefficient": draw(decimal_text(4, 3)),
                    "grade": f"g{low}",
                }
                for low in [0, *lows]
            ],
        }
    elif method == "factor":
        cut = sorted(draw(st.lists(st.integers(0, 100), min_size=2, max_size=2)))
        shares = [cut[0], cut[1] - cut[0], 100 - cut[1]]
        table["performance"] = {
            "method": "factor",
            "min_score": draw(decimal_text(2, 100)),
            "factors": {
                k: exact_decimal(Fraction(v, 100))
                for k, v in zip(("score", "need", "mileage"), shares, strict=True)
                if v
            },
        }
    changed = draw(st.lists(st.sampled_from(codes), unique=True, max_size=2))
    counties: dict[str, dict[str, str]] = {}
    for code in changed:
        change: dict[str, str] = {}
        if draw(st.booleans()):
            change["score"] = draw(decimal_text(2, 100))
        if draw(st.booleans()):
            change["need"] = draw(decimal_text(2, 10**6))
        if draw(st.booleans()):
            change[draw(st.sampled_from(CLASSES))] = draw(decimal_text(3, 10**6))
        counties[code] = change
    if counties:
        table["counties"] = counties
    return table


def drawn_sweep(data: st.DataObject, most: int) -> tuple[Any, list[str], Any, list[Scenario]]:
    """A random year, its county codes, the shipped period and 1 to ``most`` random
    scenarios of it (parsed as a scenarios file would be)."""
    rows = data.draw(years(), label="year")
    codes = sorted(row.code for row in rows.counties)
    tables = data.draw(st.lists(scenario_tables(codes), min_size=1, max_size=most), label="tables")
    for i, table in enumerate(tables):
        table["name"] = f"s{i}"
    base = shipped_period()
    return rows, codes, base, parse_scenarios({"scenario": tables}, "s.toml", rows, base)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_sweep_equals_allocate_one_scenario_at_a_time(data: st.DataObject) -> None:
    rows, _, base, scenarios = drawn_sweep(data, 4)
    everyone = [Scenario("", base), *scenarios]
    expected: list[tuple[list[list[int]], list[list[int]]] | None] = []
    for scenario in everyone:
        try:
            expected.append(expected_amounts(apply_scenario(rows, scenario), scenario.period))
        except (ApportionError, ValueError):
            expected.append(None)
    failing = {i for i, e in enumerate(expected) if e is None}
    if failing:
        with pytest.raises(SweepError) as error:
            sweep(rows, base, scenarios, detail=True, workers=2)
        assert {p.index for p in error.value.problems} == failing
        return
    result = sweep(rows, base, scenarios, detail=True, workers=2)
    assert result.daily is not None and result.performance is not None
    for i, found in enumerate(expected):
        assert found is not None
        daily, perf = found
        assert result.daily[i].tolist() == daily
        assert result.performance[i].tolist() == perf
        total = np.array(daily).sum(axis=0) + np.array(perf).sum(axis=0)
        assert result.totals[i].tolist() == total.tolist()


def test_sweep_at_scale_shares_rows_and_matches_allocate() -> None:
    """200 counties, 40 scenarios (a 60/40 split, class weights, a score change): every
    scenario as allocate gives it; scenarios that change nothing of a pool share its row."""
    from roadfund.samples.synth import synth_year_input

    rows = synth_year_input(200, 0, 0, seed=11)
    base = shipped_period()
    codes = sorted(row.code for row in rows.counties)
    tables: list[dict[str, Any]] = []
    for i in range(40):
        table: dict[str, Any] = {"name": f"s{i}", "daily_share": f"0.{50 + i % 5 * 5}"}
        if i % 2:
            table["road_class_weights"] = {"村道": f"0.{i % 9 + 1}"}
        if i % 3 == 0:
            table["counties"] = {codes[i]: {"score_change": "-3"}}
        tables.append(table)
    scenarios = parse_scenarios({"scenario": tables}, "s.toml", rows, base)
    result = sweep(rows, base, scenarios, detail=True)
    assert result.paths["shared"] > 0
    assert result.daily is not None and result.performance is not None
    for i, scenario in enumerate(result.scenarios):
        daily, perf = expected_amounts(apply_scenario(rows, scenario), scenario.period)
        assert result.daily[i].tolist() == daily
        assert result.performance[i].tolist() == perf


def test_daily_share_one_by_hand() -> None:
    """daily_share "1": everything by mileage 10 : 20 : 30 km.

    central pool 99,999 fen: quotas 16,666.5 / 33,333 / 49,999.5 → floors 99,998, the
    leftover fen to C (ties with A on ½, larger weight) → 16,666 / 33,333 / 50,000.
    provincial pool 50,000: quotas 8,333.33 / 16,666.67 / 25,000 → floors 49,999, the fen
    to B (remainder ⅔) → 8,333 / 16,667 / 25,000. Totals 24,999 / 50,000 / 75,000.
    The baseline (70/30): A 22,916 + … as test_allocation works out by hand.
    """
    rows = year_input(KM, SCORES, central=("1000.00", "0.01"))
    base = shipped_period()
    scenarios = parse_scenarios(
        {"scenario": [{"name": "全部按里程", "daily_share": "1"}]}, "s.toml", rows, base
    )
    assert scenarios[0].period.performance_share == 0
    result = sweep(rows, base, scenarios)
    assert result.totals[1].tolist() == [24_999, 50_000, 75_000]
    # baseline: central 11,666 + 11,250 and provincial 5,833 + 5,625 for A (test_allocation)
    assert result.totals[0][0] == 11_666 + 11_250 + 5_833 + 5_625
    assert result.differences()[1].sum() == 0  # the same money, split differently


def test_factor_method_runs_through_allocate() -> None:
    rows = year_input(KM, SCORES, needs={A: "1", B: "2", C: "3"})
    base = shipped_period()
    table = {
        "name": "因素法",
        "performance": {
            "method": "factor",
            "min_score": "60",
            "factors": {"score": "0.5", "need": "0.5"},
        },
    }
    scenarios = parse_scenarios({"scenario": [table]}, "s.toml", rows, base)
    done: list[tuple[int, int]] = []
    result = sweep(
        rows, base, scenarios, detail=True, workers=1, progress=lambda *p: done.append(p)
    )
    assert done == [(2, 2)]
    assert result.paths["scenario"] == 1
    _daily, perf = expected_amounts(rows, scenarios[0].period)
    assert result.performance is not None and result.performance[1].tolist() == perf


def test_a_scenario_with_all_zero_weights_is_named() -> None:
    rows = year_input(KM, SCORES)
    base = shipped_period()
    zero = {"bands": [{"min_score": "0", "coefficient": "0", "grade": "差"}]}
    tables = [{"name": "ok"}, {"name": "全部为零", "performance": zero}]
    scenarios = parse_scenarios({"scenario": tables}, "s.toml", rows, base)
    with pytest.raises(SweepError) as error:
        sweep(rows, base, scenarios)
    assert [(p.index, p.name, p.code) for p in error.value.problems] == [
        (2, "全部为零", "whatif_zero_weights")
    ]


def test_county_changes_apply_to_a_copy() -> None:
    rows = year_input(KM, SCORES)
    scenario = Scenario("x", shipped_period(), {A: CountyChange(metres={"village": 5}, score=1)})
    changed = apply_scenario(rows, scenario)
    assert changed.mileage[0].village == 5 and changed.performance[0].score == 1
    assert rows.mileage[0].village == 0 and rows.performance[0].score == 9_500


# -- the scenario file ---------------------------------------------------------------------


def test_the_period_document_validates_back_to_the_period() -> None:
    base = shipped_period()
    assert Period.model_validate(period_document(base)) == base
    factor = period_with(
        performance={
            "method": "factor",
            "min_score": "60",
            "factors": {"score": "0.4", "need": "0.35", "mileage": "0.25"},
        }
    )
    assert Period.model_validate(period_document(factor)) == factor


def test_scenario_values_merge_into_the_baseline() -> None:
    rows = year_input(KM, SCORES)
    document = {
        "scenario": [
            {
                "name": "合并",
                "performance_share": "0.45",
                "road_class_weights": {"村道": "0.5"},
                "counties": {A: {"score_change": "-5.5", "村道": "12.345"}, B: {"need": "7"}},
            }
        ]
    }
    (scenario,) = parse_scenarios(document, "s.toml", rows, shipped_period())
    period = scenario.period
    assert (period.daily_share, period.performance_share) == (Fraction(55, 100), Fraction(45, 100))
    weights = period.road_class_weights.by_key()
    assert weights["village"] == Fraction(1, 2) and weights["national"] == 1
    assert period.performance == shipped_period().performance
    assert scenario.counties[A] == CountyChange(metres={"village": 12_345}, score=8_950)
    assert scenario.counties[B] == CountyChange(need=700)


def issues_of(document: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as error:
        parse_scenarios(document, "s.toml", year_input(KM, SCORES), shipped_period())
    return [issue.render("en") for issue in error.value.issues]


def test_every_problem_of_the_file_is_named_with_its_key() -> None:
    document = {
        "scenario": [
            {"name": "a", "daily_share": "0.6", "performance_share": "0.5", "colour": "red"},
            {"name": "a", "road_class_weights": {"高速": "1", "村道": 0.5}},
            {
                "name": "b",
                "counties": {
                    "999999": {"score": "50"},
                    A: {"score": "50", "score_change": "1"},
                    B: {"score_change": "20", "村道": "1.2345"},
                },
            },
        ]
    }
    assert issues_of(document) == [
        "s.toml: scenario[1]: daily_share and performance_share add up to 1.1; "
        "they must add up to 1",
        "s.toml: scenario[1].colour: unknown key 'colour'",
        "s.toml: scenario[2].name: scenario name 'a' is repeated (first used by scenario 1)",
        "s.toml: scenario[2].road_class_weights.村道: value '0.5' is not valid; "
        'expected a non-negative decimal string (e.g. "0.70")',
        "s.toml: scenario[2].road_class_weights.高速: unknown key '高速'",
        "s.toml: scenario[3].counties.100001: give score or score_change, not both",
        "s.toml: scenario[3].counties.100002.score_change: the changed score 105.00 is "
        "outside 0–100",
        "s.toml: scenario[3].counties.100002.村道: value '1.2345' is not valid; "
        "expected a length in km (≥ 0, at most 3 decimals)",
        "s.toml: scenario[3].counties.999999: county code '999999' is not in the input "
        "workbook's 县区 sheet",
    ]


def test_numbers_must_be_strings_and_the_file_needs_scenarios() -> None:
    assert issues_of({"scenario": [{"name": "n", "counties": {A: {"score": 90}}}]}) == [
        "s.toml: scenario[1].counties.100001.score: value '90' must be a quoted decimal "
        "string; expected a score (0–100, at most 2 decimals)"
    ]
    assert issues_of({"scenarios": []}) == [
        "s.toml: scenario: key 'scenario' is missing",
        "s.toml: scenarios: unknown key 'scenarios'",
    ]


def test_a_work_need_the_scenario_uses_must_be_there() -> None:
    change = {"name": "按需求", "performance": {"need": "column"}}
    assert issues_of({"scenario": [change]}) == [
        "s.toml: scenario[1]: scenario '按需求' allocates by work need, but these counties "
        "have none: 100001、100002、100003"
    ]


# -- the command -----------------------------------------------------------------------------

SCENARIOS = """
[[scenario]]
name = "六四开"
description = "日常养护 60%"
daily_share = "0.60"

[[scenario]]
name = "不变"

[[scenario]]
name = "村道减半"
matching_floor = "0.35"
road_class_weights = { "村道" = "0.5" }
"""


@pytest.fixture
def whatif_run(
    sample_rows: dict[str, list[dict[str, object]]],
    make_input: Callable[..., Path],
    tmp_path: Path,
) -> tuple[Path, Path]:
    source = make_input(sample_rows)
    scenarios = tmp_path / "scenarios.toml"
    scenarios.write_text(SCENARIOS, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["whatif", str(source), "--scenarios", str(scenarios), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "六四开" in result.output
    return source, out


def test_whatif_csv_is_the_run_of_each_policy(whatif_run: tuple[Path, Path]) -> None:
    """The baseline column is what `roadfund run` allocates; 六四开 is a run with
    daily_share 0.60; 不变 differs by 0.00 everywhere."""
    source, out = whatif_run
    loaded = load_year(source)
    lines = (out / "whatif.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "scenario,county_code,county_name,total,baseline,difference"
    by_scenario: dict[str, dict[str, list[str]]] = {}
    for line in lines[1:]:
        name, code, _county, *amounts = line.split(",")
        by_scenario.setdefault(name, {})[code] = amounts
    baseline = allocate(loaded.year_input, loaded.period)
    sixty = allocate(loaded.year_input, period_with(daily_share="0.60", performance_share="0.40"))
    for code, (total, base, difference) in by_scenario["六四开"].items():
        assert base == fen_to_yuan(baseline.transfer_total(code))
        assert total == fen_to_yuan(sixty.transfer_total(code))
        assert difference == fen_to_yuan(sixty.transfer_total(code) - baseline.transfer_total(code))
    assert {d for _, _, d in by_scenario["不变"].values()} == {"0.00"}
    summary = (out / "whatif_scenarios.csv").read_text(encoding="utf-8").splitlines()
    assert summary[2].startswith("不变,,0.7,0.3,0.3,0,0,,,,,")


def test_whatif_workbook_reads_back_as_the_engine_fen(whatif_run: tuple[Path, Path]) -> None:
    source, out = whatif_run
    loaded = load_year(source)
    (book,) = out.glob("*.xlsx")
    ws = openpyxl.load_workbook(book)["分配对比"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "县区代码")
    first = header + 2
    baseline = allocate(loaded.year_input, loaded.period)
    codes = sorted(c.code for c in loaded.year_input.counties)
    for i, code in enumerate(codes):
        row = first + i
        assert ws.cell(row, 1).value == code
        assert round(ws.cell(row, 3).value * 100) == baseline.transfer_total(code)
        assert ws.cell(row, 5).value == f"=D{row}-$C{row}"


def test_whatif_outputs_are_byte_identical_on_rerun(
    whatif_run: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = whatif_run
    again = tmp_path / "again"
    result = CliRunner().invoke(
        cli,
        [
            "whatif",
            str(source),
            "--scenarios",
            str(tmp_path / "scenarios.toml"),
            "--out",
            str(again),
        ],
    )
    assert result.exit_code == 0, result.output
    for path in out.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_whatif_reports_a_bad_scenario_file_and_writes_nothing(
    sample_rows: dict[str, list[dict[str, object]]],
    make_input: Callable[..., Path],
    tmp_path: Path,
) -> None:
    source = make_input(sample_rows)
    scenarios = tmp_path / "bad.toml"
    scenarios.write_text('[[scenario]]\nname = "x"\ndaily_shares = "0.6"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["whatif", str(source), "--scenarios", str(scenarios), "--out", str(out), "--lang", "en"],
    )
    assert result.exit_code == 1
    assert "bad.toml: scenario[1].daily_shares: unknown key 'daily_shares'" in result.output
    assert not out.exists()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(10**15), 10**15), min_size=1, max_size=20))
def test_csv_amounts_are_money_fen_to_yuan(values: list[int]) -> None:
    import polars as pl

    from roadfund.writers.whatif import yuan_expr

    frame = pl.DataFrame({"x": values}, schema={"x": pl.Int64}).select(yuan_expr("x"))
    assert frame["x"].to_list() == [fen_to_yuan(v) for v in values]


def test_whatif_csv_in_blocks_is_the_same_file(
    whatif_run: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national sweep's CSV is written a block of scenarios at a time: same bytes."""
    import roadfund.writers.whatif as writers
    from roadfund.reader.scenarios import load_scenarios

    source, out = whatif_run
    loaded = load_year(source)
    scenarios = load_scenarios(tmp_path / "scenarios.toml", loaded.year_input, loaded.period)
    result = sweep(loaded.year_input, loaded.period, scenarios)
    monkeypatch.setattr(writers, "CSV_BLOCK_LINES", 5)  # 4 counties: one scenario a block
    small = tmp_path / "blocks.csv"
    writers.write_whatif_csv(small, result, loaded.year_input.county_names())
    assert small.read_bytes() == (out / "whatif.csv").read_bytes()


def test_whatif_has_help() -> None:
    result = CliRunner().invoke(cli, ["whatif", "--help"])
    assert result.exit_code == 0
    assert "--scenarios" in result.output and "情景测算" in result.output


def test_the_workbook_says_which_scenarios_it_leaves_to_the_csv(
    whatif_run: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roadfund.writers.whatif as writers
    from roadfund.engine.sweep import matching_by_floor
    from roadfund.reader.scenarios import load_scenarios

    source, _out = whatif_run
    loaded = load_year(source)
    scenarios = load_scenarios(tmp_path / "scenarios.toml", loaded.year_input, loaded.period)
    result = sweep(loaded.year_input, loaded.period, scenarios)
    floors = [s.period.matching_floor for s in result.scenarios]
    rows = writers.summaries(result, matching_by_floor(loaded.year_input, floors))
    monkeypatch.setattr(writers, "WORKBOOK_FORMULAS", 4)  # 4 counties: one scenario shown
    path = tmp_path / "few.xlsx"
    writers.write_whatif_workbook(path, result, loaded.year_input, rows, "en")
    ws = openpyxl.load_workbook(path)["Comparison"]
    texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "This sheet shows the first 1 scenarios; the other 2 are in whatif.csv." in texts
    assert "六四开" in texts and "村道减半" not in texts
