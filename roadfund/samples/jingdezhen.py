"""Sample input years for Jingdezhen (景德镇市), 2023 and 2024 — illustrative, not official data.

Only the county names and administrative codes are real. Mileage, scores, work need,
fund amounts, projects and the highway center's costs are invented figures of a
plausible size (about 970 km of national and provincial roads city-wide, rural roads of
1,000–2,500 km per county, 珠山区 small and urban). They exist to show the tool and to
exercise it: one pavement project and one county fall short of the 30% matching floor
each year, one county has prepaid more than its branch cost in 2024.

``SAMPLE_YEARS[year][sheet name]`` is a list of rows keyed by the schema's column headers;
numbers are ``Decimal`` (元 with ≤ 2 decimals, km with ≤ 3, scores ≤ 2), codes are text.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from roadfund.schema import (
    CENTER_COSTS,
    COUNTIES,
    INFO,
    INFO_CITY,
    INFO_DATE,
    INFO_KEYS,
    INFO_NUMBER,
    INFO_YEAR,
    MILEAGE,
    PERFORMANCE,
    PREPAYMENTS,
    PROJECTS,
    SOURCES,
    Kind,
    Sheet,
)
from roadfund.text import label

SAMPLE_NOTE = label("template.sample_note", "zh")
"""The note heading the sample's 说明 sheet (the catalog has it in both languages)."""

Row = dict[str, object]

_NUMERIC = (Kind.YUAN, Kind.KM, Kind.SCORE, Kind.NEED)


def _rows(sheet: Sheet, *values: tuple[object, ...]) -> list[Row]:
    """Rows of ``sheet`` in its column order; numeric text becomes Decimal, None is left out."""
    rows: list[Row] = []
    for row_values in values:
        row: Row = {}
        for column, value in zip(sheet.columns, row_values, strict=True):
            if value is None:
                continue
            if column.kind in _NUMERIC and isinstance(value, str):
                value = Decimal(value)
            row[column.header] = value
        rows.append(row)
    return rows


def _info(year: int, prepared: datetime.date, number: str) -> list[Row]:
    values = {INFO_YEAR: year, INFO_CITY: "景德镇市", INFO_DATE: prepared, INFO_NUMBER: number}
    return _rows(INFO, *((key, values[key]) for key in (*INFO_KEYS, INFO_NUMBER)))


CENTRAL_NAME = "中央成品油税费改革转移支付资金"
PROVINCIAL_NAME = "普通国省道路面养护工程省级补助资金"
BUDGET_SUBJECT = "2140106 公路养护"


def _counties() -> list[Row]:
    return _rows(
        COUNTIES,
        ("360202", "昌江区", "昌江分中心"),
        ("360203", "珠山区", "珠山分中心"),
        ("360222", "浮梁县", "浮梁分中心"),
        ("360281", "乐平市", "乐平分中心"),
    )


_STAFF = "基本工资及津贴补贴"
_INSURANCE = "社会保险及住房公积金"
_RUNNING = "办公及运行维护费"
_INCENTIVE = "奖励性绩效工资"

_PROJECT_NAMES: dict[str, str] = {
    "2023-LM-01": "乐平市境内国道路面修复工程（K12+300—K18+650）",
    "2023-LM-02": "乐平市境内省道路面大修工程（K4+100—K9+820）",
    "2023-LM-03": "浮梁县境内国道路面改造工程（K31+000—K39+460）",
    "2023-LM-04": "浮梁县境内省道路面修复工程（K56+200—K60+900）",
    "2023-LM-05": "昌江区境内国道路面大中修工程（K2+050—K7+300）",
    "2023-LM-06": "昌江区境内省道路面修复工程（K15+400—K18+200）",
    "2023-LM-07": "珠山区城区段国道路面改造工程（K0+000—K2+380）",
    "2023-LM-08": "乐平市境内国道预防性养护工程（K22+000—K26+500）",
    "2024-LM-01": "乐平市境内国道路面修复工程（K26+500—K31+900）",
    "2024-LM-02": "乐平市境内省道路面大中修工程（K9+820—K14+300）",
    "2024-LM-03": "乐平市境内省道预防性养护工程（K0+000—K4+100）",
    "2024-LM-04": "浮梁县境内国道路面改造工程（K39+460—K46+800）",
    "2024-LM-05": "浮梁县境内省道路面修复工程（K60+900—K66+150）",
    "2024-LM-06": "昌江区境内国道路面修复工程（K7+300—K11+050）",
    "2024-LM-07": "昌江区境内省道路面大修工程（K18+200—K21+600）",
    "2024-LM-08": "珠山区城区段省道路面改造工程（K0+000—K2+650）",
}
"""项目名称 by 项目编号; stake ranges (桩号) are illustrative, no real route is named."""


def _project(project_id: str, county_code: str, *amounts: str) -> tuple[str, ...]:
    """A 配套资金 row: 省级补助, 市级配套, 县级配套, 实际投入总额 follow the code."""
    return (project_id, county_code, _PROJECT_NAMES[project_id], *amounts)


SAMPLE_2023: dict[str, list[Row]] = {
    INFO.name: _info(2023, datetime.date(2023, 3, 31), "景财建〔2023〕15号"),
    SOURCES.name: _rows(
        SOURCES,
        ("central", CENTRAL_NAME, "48653700.00", "3560000.00", None, None, BUDGET_SUBJECT),
        (
            "provincial",
            PROVINCIAL_NAME,
            "21365000.00",
            "1400000.00",
            "17836400.00",
            "3528600.00",
            BUDGET_SUBJECT,
        ),
    ),
    COUNTIES.name: _counties(),
    # 国道 省道 县道 乡道 村道 (km); national + provincial ≈ 970 km city-wide
    MILEAGE.name: _rows(
        MILEAGE,
        ("360202", "68.412", "95.306", "142.875", "386.204", "912.563"),
        ("360203", "12.180", "18.645", "21.340", "35.782", "126.415"),
        ("360222", "186.530", "262.118", "398.462", "724.905", "1368.337"),
        ("360281", "142.306", "184.927", "356.218", "812.540", "1326.774"),
    ),
    # 绩效得分, 工作需求 (sample: annual work plan, 万元)
    PERFORMANCE.name: _rows(
        PERFORMANCE,
        ("360202", "81.75", "1986.40"),
        ("360203", "74.50", "562.30"),
        ("360222", "86.00", "3415.80"),
        ("360281", "92.50", "3268.50"),
    ),
    # 省级补助, 市级配套, 县级配套, 实际投入总额 (元); 2023-LM-05 and so 昌江区 fall short
    PROJECTS.name: _rows(
        PROJECTS,
        _project("2023-LM-01", "360281", "3420000.00", "820000.00", "1296540.00", "6318420.56"),
        _project("2023-LM-02", "360281", "2760000.00", "650000.00", "742318.40", "4512876.30"),
        _project("2023-LM-03", "360222", "4020000.00", "1100000.00", "1512600.00", "7986245.18"),
        _project("2023-LM-04", "360222", "2150000.00", "560000.00", "486920.00", "3402157.90"),
        _project("2023-LM-05", "360202", "3260000.00", "600000.00", "368500.00", "4905372.64"),
        _project("2023-LM-06", "360202", "1280000.00", "430000.00", "262450.00", "2088316.25"),
        _project("2023-LM-07", "360203", "980000.00", "320000.00", "215760.00", "1612480.00"),
        _project("2023-LM-08", "360281", "1650000.00", "480000.00", "396300.00", "2846905.42"),
    ),
    # 单位, 经费类别, 项目, 年初预算, 实际发生 (元)
    CENTER_COSTS.name: _rows(
        CENTER_COSTS,
        ("市本级机关", "人员经费", _STAFF, "5864300.00", "5912846.35"),
        ("市本级机关", "人员经费", _INSURANCE, "1742000.00", "1738215.60"),
        ("市本级机关", "公用经费", _RUNNING, "986000.00", "942307.18"),
        ("市本级机关", "奖励性工资", _INCENTIVE, "1280000.00", "1280000.00"),
        ("应急中心", "人员经费", _STAFF, "2316500.00", "2298740.52"),
        ("应急中心", "公用经费", "应急物资及车辆运行费", "1150000.00", "1236418.90"),
        ("应急中心", "奖励性工资", _INCENTIVE, "460000.00", "452600.00"),
        ("建保中心", "人员经费", _STAFF, "1984200.00", "1991066.48"),
        ("建保中心", "公用经费", _RUNNING, "628000.00", "601233.75"),
        ("建保中心", "奖励性工资", _INCENTIVE, "390000.00", "390000.00"),
        ("乐平分中心", "人员经费", _STAFF, "2618400.00", "2596115.20"),
        ("乐平分中心", "人员经费", _INSURANCE, "808400.00", "802397.44"),
        ("乐平分中心", "公用经费", _RUNNING, "712000.00", "745886.20"),
        ("乐平分中心", "奖励性工资", _INCENTIVE, "540000.00", "536400.00"),
        ("浮梁分中心", "人员经费", _STAFF, "3102600.00", "3187934.71"),
        ("浮梁分中心", "公用经费", _RUNNING, "685000.00", "668145.32"),
        ("浮梁分中心", "奖励性工资", _INCENTIVE, "480000.00", "480000.00"),
        ("昌江分中心", "人员经费", _STAFF, "1865300.00", "1842057.88"),
        ("昌江分中心", "公用经费", _RUNNING, "406000.00", "398626.45"),
        ("珠山分中心", "人员经费", _STAFF, "968400.00", "975312.06"),
        ("珠山分中心", "公用经费", _RUNNING, "238000.00", "221408.93"),
    ),
    PREPAYMENTS.name: _rows(
        PREPAYMENTS,
        ("360281", "2100000.00"),
        ("360222", "1900000.00"),
        ("360203", "600000.00"),
    ),
}

SAMPLE_2024: dict[str, list[Row]] = {
    INFO.name: _info(2024, datetime.date(2024, 3, 29), "景财建〔2024〕11号"),
    SOURCES.name: _rows(
        SOURCES,
        ("central", CENTRAL_NAME, "51206300.00", "2900000.00", None, None, BUDGET_SUBJECT),
        (
            "provincial",
            PROVINCIAL_NAME,
            "22740000.00",
            "1410000.00",
            "18215000.00",
            "4525000.00",
            BUDGET_SUBJECT,
        ),
    ),
    COUNTIES.name: _counties(),
    MILEAGE.name: _rows(
        MILEAGE,
        ("360202", "68.412", "95.306", "142.875", "389.516", "931.208"),
        ("360203", "12.180", "18.645", "21.340", "35.782", "128.906"),
        ("360222", "186.530", "262.118", "401.027", "731.660", "1392.845"),
        ("360281", "142.306", "187.415", "356.218", "818.093", "1349.127"),
    ),
    PERFORMANCE.name: _rows(
        PERFORMANCE,
        ("360202", "84.65", "2043.75"),
        ("360203", "77.30", "589.20"),
        ("360222", "91.20", "3498.60"),
        ("360281", "88.40", "3352.10"),
    ),
    # 2024-LM-05 and so 浮梁县 fall short
    PROJECTS.name: _rows(
        PROJECTS,
        _project("2024-LM-01", "360281", "3180000.00", "700000.00", "1210000.00", "5968214.37"),
        _project("2024-LM-02", "360281", "2540000.00", "560000.00", "690400.00", "4036582.10"),
        _project("2024-LM-03", "360281", "1120000.00", "300000.00", "268900.00", "1862430.00"),
        _project("2024-LM-04", "360222", "4260000.00", "980000.00", "1388650.00", "7120946.83"),
        _project("2024-LM-05", "360222", "2650000.00", "450000.00", "305000.00", "3894125.60"),
        _project("2024-LM-06", "360202", "2180000.00", "560000.00", "497300.00", "3420780.15"),
        _project("2024-LM-07", "360202", "1260000.00", "400000.00", "356820.00", "2248603.48"),
        _project("2024-LM-08", "360203", "1050000.00", "360000.00", "228400.00", "1745216.90"),
    ),
    CENTER_COSTS.name: _rows(
        CENTER_COSTS,
        ("市本级机关", "人员经费", _STAFF, "6035800.00", "6012574.90"),
        ("市本级机关", "人员经费", _INSURANCE, "1796500.00", "1801236.72"),
        ("市本级机关", "公用经费", _RUNNING, "1012000.00", "987450.36"),
        ("市本级机关", "奖励性工资", _INCENTIVE, "1320000.00", "1318600.00"),
        ("应急中心", "人员经费", _STAFF, "2384000.00", "2379815.44"),
        ("应急中心", "公用经费", "应急物资及车辆运行费", "1180000.00", "1142083.27"),
        ("应急中心", "奖励性工资", _INCENTIVE, "475000.00", "475000.00"),
        ("建保中心", "人员经费", _STAFF, "2042600.00", "2068931.05"),
        ("建保中心", "公用经费", _RUNNING, "645000.00", "652718.40"),
        ("建保中心", "奖励性工资", _INCENTIVE, "405000.00", "401250.00"),
        ("乐平分中心", "人员经费", _STAFF, "2695200.00", "2702486.93"),
        ("乐平分中心", "人员经费", _INSURANCE, "832500.00", "829914.08"),
        ("乐平分中心", "公用经费", _RUNNING, "730000.00", "711362.55"),
        ("乐平分中心", "奖励性工资", _INCENTIVE, "556000.00", "556000.00"),
        ("浮梁分中心", "人员经费", _STAFF, "3196000.00", "3174205.66"),
        ("浮梁分中心", "公用经费", _RUNNING, "702000.00", "739518.24"),
        ("浮梁分中心", "奖励性工资", _INCENTIVE, "495000.00", "491300.00"),
        ("昌江分中心", "人员经费", _STAFF, "1921000.00", "1936482.17"),
        ("昌江分中心", "公用经费", _RUNNING, "418000.00", "405911.80"),
        ("昌江分中心", "奖励性工资", _INCENTIVE, "210000.00", "208500.00"),
        ("珠山分中心", "人员经费", _STAFF, "997500.00", "991046.38"),
        ("珠山分中心", "公用经费", _RUNNING, "245000.00", "236775.12"),
    ),
    # 珠山区 prepaid more than its branch's actual cost: the city refunds the difference
    PREPAYMENTS.name: _rows(
        PREPAYMENTS,
        ("360281", "2200000.00"),
        ("360222", "2000000.00"),
        ("360203", "1250000.00"),
    ),
}

SAMPLE_YEARS: dict[int, dict[str, list[Row]]] = {2023: SAMPLE_2023, 2024: SAMPLE_2024}
