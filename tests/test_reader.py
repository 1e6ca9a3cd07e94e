"""The validating reader (SPEC §4.1, §4.3): every problem, with sheet!cell, in one run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from roadfund.issues import InputError
from roadfund.reader.load import load_year

Build = Callable[..., Path]


def problems(path: Path, lang: str = "zh") -> list[str]:
    with pytest.raises(InputError) as caught:
        load_year(path)
    return [issue.render(lang) for issue in caught.value.issues]  # type: ignore[arg-type]


def test_the_shipped_samples_are_valid() -> None:
    root = Path(__file__).resolve().parent.parent / "inputs"
    for year in (2023, 2024):
        loaded = load_year(root / f"sample-{year}.xlsx")
        assert loaded.year_input.year == year
        assert [c.code for c in loaded.year_input.counties] == [
            "360202",
            "360203",
            "360222",
            "360281",
        ]


def test_cell_problems_name_sheet_cell_found_and_expected(
    make_input: Build, sample_rows: dict
) -> None:  # type: ignore[type-arg]
    mileage = sample_rows["养护里程"]
    mileage[0]["省道"] = Decimal("-1")  # row 2, column C
    mileage[1]["县道"] = Decimal("1.2345")  # row 3, column D
    mileage[2]["乡道"] = None  # row 4, column E
    sample_rows["绩效考核"][3]["绩效得分"] = Decimal("100.5")  # row 5, column B
    sample_rows["资金来源"][0]["下达金额（元）"] = Decimal("12.345")  # row 2, column C
    assert problems(make_input(sample_rows)) == [
        "资金来源!C2（下达金额（元））：「12.345」的小数位超过 2 位，应填金额（元，≥0，最多2位小数）；如是公式结果，请用 =ROUND(…,2) 取整",
        "养护里程!C2（省道）：「-1」为负数，应填里程（公里，≥0，最多3位小数）",
        "养护里程!D3（县道）：「1.2345」的小数位超过 3 位，应填里程（公里，≥0，最多3位小数）；如是公式结果，请用 =ROUND(…,3) 取整",
        "养护里程!E4（乡道）：单元格为空，应填里程（公里，≥0，最多3位小数）",
        "绩效考核!B5（绩效得分）：得分「100.5」超出 0–100",
    ]


def test_english_messages(make_input: Build, sample_rows: dict) -> None:  # type: ignore[type-arg]
    sample_rows["养护里程"][0]["国道"] = "12 km"
    assert problems(make_input(sample_rows), "en") == [
        "养护里程!B2 (国道): '12 km' is not a number; expected a length in km (≥ 0, at most 3 decimals)"
    ]


def test_county_codes_duplicate_unknown_and_missing(make_input: Build, sample_rows: dict) -> None:  # type: ignore[type-arg]
    sample_rows["养护里程"][1]["县区代码"] = "360202"  # duplicate of row 2 → 珠山区 missing
    sample_rows["绩效考核"][0]["县区代码"] = "360299"  # unknown → 昌江区 missing
    assert problems(make_input(sample_rows)) == [
        "养护里程: 县区「珠山区」（360203）没有一行数据",
        "养护里程!A3（县区代码）：县区代码「360202」重复（首次出现在第 2 行）",
        "绩效考核: 县区「昌江区」（360202）没有一行数据",
        "绩效考核!A2（县区代码）：县区代码「360299」不在「县区」表中",
    ]


def test_sources_deduction_and_parts(make_input: Build, sample_rows: dict) -> None:  # type: ignore[type-arg]
    central, provincial = sample_rows["资金来源"]
    central["市本级配套扣除（元）"] = central["下达金额（元）"] + 1
    provincial["奖励（元）"] += Decimal("0.01")
    found = problems(make_input(sample_rows), "en")
    assert found == [
        "资金来源!D2 (市本级配套扣除（元）): the city deduction 48,653,701.00 yuan exceeds the amount received 48,653,700.00 yuan",
        "资金来源!C3 (下达金额（元）): base subsidy 17,836,400.00 + reward 3,528,600.01 = 21,365,000.01 yuan, not the amount received 21,365,000.00 yuan",
    ]


def test_all_zero_weights_and_missing_policy_period(make_input: Build, sample_rows: dict) -> None:  # type: ignore[type-arg]
    for row in sample_rows["绩效考核"]:
        row["绩效得分"] = Decimal("59")  # every county 差 → coefficient 0
    assert problems(make_input(sample_rows)) == [
        "绩效考核: 中央成品油资金的所有县区权重均为 0，资金 13,528,110.00 元无法分配",
        "绩效考核: 省级路面养护补助的所有县区权重均为 0，资金 5,989,500.00 元无法分配",
    ]


def test_year_without_policy_period(make_input: Build, sample_rows: dict) -> None:  # type: ignore[type-arg]
    sample_rows["基本信息"][0]["内容"] = 2019
    sample_rows["基本信息"][2]["内容"] = dt.date(2019, 3, 31)
    assert problems(make_input(sample_rows)) == [
        "policy.toml: 政策文件中没有适用于 2019 年的时段（最早的时段从 2023 年起）"
    ]


def test_unknown_unit_and_category(make_input: Build, sample_rows: dict) -> None:  # type: ignore[type-arg]
    costs = sample_rows["中心经费"]
    costs[0]["单位"] = "市公路局"
    costs[1]["经费类别"] = "差旅费"
    assert problems(make_input(sample_rows)) == [
        "中心经费!A2（单位）：单位「市公路局」既不是市本级单位（市本级机关、应急中心、建保中心），也不是「县区」表中的分中心",
        "中心经费!B3（经费类别）：经费类别「差旅费」无效，应为 人员经费、公用经费 或 奖励性工资",
    ]


def test_missing_sheet_and_misspelt_column(make_input: Build, sample_rows: dict) -> None:  # type: ignore[type-arg]
    del sample_rows["县级预缴"]  # optional: no problem
    path = make_input(sample_rows)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    del wb["绩效考核"]
    wb["养护里程"]["C1"] = "省道路"  # "省 道" would be forgiven: spaces do not matter
    wb.save(path)
    assert problems(path) == [
        "input.xlsx: 缺少工作表「绩效考核」",
        "养护里程!C1: 缺少列「省道」；找到的「省道路」是否就是它？",
    ]


def test_formula_without_cached_value(make_input: Build, sample_rows: dict) -> None:  # type: ignore[type-arg]
    path = make_input(sample_rows)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["养护里程"]["B2"] = "=10+2"  # openpyxl stores no cached value
    wb.save(path)
    assert problems(path) == [
        "养护里程!B2（国道）：公式「=10+2」没有计算结果；请在 Excel/WPS 中打开并保存后重试，或改为数值"
    ]


def test_columns_in_another_order_and_extra_columns_are_accepted(
    make_input: Build, sample_rows: dict
) -> None:  # type: ignore[type-arg]
    path = make_input(sample_rows)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["养护里程"]
    ws.move_range("A1:A5", cols=6)  # the code column moves to the far right (G)
    ws.insert_cols(1)  # an extra column in front
    ws["A1"] = "备注"
    ws["A2"] = "任意文字"
    wb.save(path)
    mileage = load_year(path).year_input.mileage
    assert mileage[0].national == 68_412  # 68.412 km in metres


def test_a_branch_named_like_a_city_unit_is_refused(make_input: Build, sample_rows: dict) -> None:  # type: ignore[type-arg]
    """Its cost lines would count as both city-borne and county-borne."""
    sample_rows["县区"][1]["分中心名称"] = "应急中心"
    for row in sample_rows["中心经费"]:
        if row["单位"] == "珠山分中心":
            row["单位"] = "应急中心"
    assert problems(make_input(sample_rows)) == [
        "县区!C3（分中心名称）：分中心名称「应急中心」与政策中的市本级单位同名；请改用分中心自己的名称"
    ]


def test_amounts_and_mileage_beyond_the_specified_range(
    make_input: Build, sample_rows: dict
) -> None:  # type: ignore[type-arg]
    """SPEC §2: amounts up to 10^11 元, mileage up to 10^6 km — beyond is an input error
    (the workbooks could not show such numbers exactly)."""
    sample_rows["资金来源"][0]["下达金额（元）"] = Decimal("100000000000.01")
    sample_rows["养护里程"][0]["国道"] = Decimal("1000000.001")
    assert problems(make_input(sample_rows), "en") == [
        "资金来源!C2 (下达金额（元）): '100,000,000,000.01' is beyond the supported range (at most 100,000,000,000); expected an amount in yuan (≥ 0, at most 2 decimals)",
        "养护里程!B2 (国道): '1,000,000.001' is beyond the supported range (at most 1,000,000); expected a length in km (≥ 0, at most 3 decimals)",
    ]
