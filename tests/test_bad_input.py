"""The bad-input battery, through the command line (SPEC §4.3, issue 5).

Every case runs ``roadfund run INPUT --out DIR`` and checks: exit status 1, nothing on
stdout, the exact message lines on stderr (sheet!cell, what was found, what was
expected), no output folder and no temporary folder beside it. Cases that must be
accepted (blank rows, columns in another order) check the outputs equal the sample's.

Inputs start from the 2023 sample (``sample_rows``) with one thing broken; a cell's
address is its Excel address: header on row 1, the first data row on row 2.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import hostile
import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from roadfund.cli import cli

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "inputs" / "policy.toml"
HEADER = {
    "zh": "输入有 {n} 处问题，未写入任何文件：",
    "en": "The input has {n} problems; nothing was written:",
}
KM = "应填里程（公里，≥0，最多3位小数）"
YUAN = "应填金额（元，≥0，最多2位小数）"
AS_TEXT_HINT = "（请改为数值格式，去掉空格、千分位和全角字符）"
FULL_WIDTH_HINT = "（其中是全角数字；请改用半角数字，并设为数值格式）"

Rows = dict[str, list[dict[str, Any]]]
Build = Callable[..., Path]


def run_cli(path: Path, *extra: str) -> tuple[int, str, str, Path]:
    out = path.parent / "out"
    result = CliRunner().invoke(cli, ["run", str(path), "--out", str(out), *extra])
    return result.exit_code, result.stdout, result.stderr, out


def leftovers(folder: Path) -> list[str]:
    """Temporary or old output folders (``.out.tmp-*``, ``.out.old-*``) left beside."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".out."))


def assert_refused(path: Path, lines: list[str], lang: str = "zh") -> None:
    code, stdout, stderr, out = run_cli(path, "--lang", lang)
    assert code == 1, stderr
    assert stdout == ""
    header = HEADER[lang].format(n=len(lines))
    if len(lines) == 1:
        header = header.replace("1 problems", "1 problem")
    assert stderr.splitlines() == [header, *(f"  {x}" for x in lines)]
    assert not out.exists()
    assert leftovers(path.parent) == []


def edit(path: Path, change: Callable[[Any], None]) -> Path:
    """Change the written workbook with openpyxl (what Excel/WPS users do by hand)."""
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


# --- cell values: text, blank, negative, decimals, dates, numbers as text -------------
def _set(sheet: str, index: int, column: str, value: object) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        rows[sheet][index][column] = value

    return change


CELL_CASES: dict[str, tuple[Callable[[Rows], None], list[str]]] = {
    "text_for_a_number": (
        _set("养护里程", 0, "国道", "十二公里"),
        [f"养护里程!B2（国道）：「十二公里」不是数字，{KM}"],
    ),
    "empty_cell_for_a_number": (
        _set("配套资金", 2, "市级配套（元）", None),
        [f"配套资金!E4（市级配套（元））：单元格为空，{YUAN}"],
    ),
    "negative_amount": (
        _set("配套资金", 0, "县级配套（元）", Decimal("-1296540.00")),
        [f"配套资金!F2（县级配套（元））：「-1,296,540」为负数，{YUAN}"],
    ),
    "negative_km": (
        _set("养护里程", 3, "村道", Decimal("-0.001")),
        [f"养护里程!F5（村道）：「-0.001」为负数，{KM}"],
    ),
    "too_many_decimals_yuan": (
        _set("中心经费", 0, "实际发生（元）", Decimal("5912846.355")),
        [
            f"中心经费!E2（实际发生（元））：「5,912,846.355」的小数位超过 2 位，{YUAN}；如是公式结果，请用 =ROUND(…,2) 取整"
        ],
    ),
    "too_many_decimals_km": (
        _set("养护里程", 1, "县道", Decimal("21.3405")),
        [
            f"养护里程!D3（县道）：「21.3405」的小数位超过 3 位，{KM}；如是公式结果，请用 =ROUND(…,3) 取整"
        ],
    ),
    "score_above_100": (
        _set("绩效考核", 0, "绩效得分", Decimal("100.01")),
        ["绩效考核!B2（绩效得分）：得分「100.01」超出 0–100"],
    ),
    "score_below_0": (
        _set("绩效考核", 1, "绩效得分", Decimal("-5")),
        ["绩效考核!B3（绩效得分）：「-5」为负数，应填得分（0–100，最多2位小数）"],
    ),
    "date_for_a_number": (
        _set("中心经费", 0, "年初预算（元）", dt.date(2023, 5, 1)),
        [f"中心经费!D2（年初预算（元））：「2023-05-01」不是数字，{YUAN}"],
    ),
    "thousands_separators": (
        _set("资金来源", 0, "下达金额（元）", "1,234.56"),
        [
            f"资金来源!C2（下达金额（元））：「1,234.56」是以文本形式存储的数字，{YUAN}{AS_TEXT_HINT}"
        ],
    ),
    "full_width_digits": (
        _set("养护里程", 0, "国道", "１２３"),
        [f"养护里程!B2（国道）：「１２３」是以文本形式存储的数字，{KM}{FULL_WIDTH_HINT}"],
    ),
    "trailing_space": (
        _set("配套资金", 1, "省级补助（元）", "12 "),
        [f"配套资金!D3（省级补助（元））：「12 」是以文本形式存储的数字，{YUAN}{AS_TEXT_HINT}"],
    ),
}


@pytest.mark.parametrize("case", list(CELL_CASES))
def test_a_bad_cell_is_named_with_what_was_found_and_expected(
    case: str, make_input: Build, sample_rows: Rows
) -> None:
    change, lines = CELL_CASES[case]
    change(sample_rows)
    assert_refused(make_input(sample_rows), lines)


def test_english_names_the_same_cells(make_input: Build, sample_rows: Rows) -> None:
    sample_rows["养护里程"][0]["国道"] = "１２３"
    sample_rows["中心经费"][0]["年初预算（元）"] = dt.date(2023, 5, 1)
    assert_refused(
        make_input(sample_rows),
        [
            "养护里程!B2 (国道): '１２３' is a number stored as text; expected a length in km (≥ 0, at"
            " most 3 decimals) (its digits are full-width; type them as half-width digits in a"
            " number cell)",
            "中心经费!D2 (年初预算（元）): '2023-05-01' is not a number; expected an amount in yuan (≥ 0, at most"
            " 2 decimals)",
        ],
        lang="en",
    )


# --- rows and sheets that contradict each other --------------------------------------
def _duplicate_county(rows: Rows) -> None:
    rows["绩效考核"][1]["县区代码"] = "360202"


def _unknown_county(rows: Rows) -> None:
    rows["配套资金"][0]["县区代码"] = "999999"


def _deduction_above_received(rows: Rows) -> None:
    rows["资金来源"][1]["市本级配套扣除（元）"] = Decimal("21365000.01")


def _all_zero_weights(rows: Rows) -> None:
    for row in rows["绩效考核"]:
        row["绩效得分"] = Decimal("0")  # every county 差: coefficient 0


def _unknown_unit(rows: Rows) -> None:
    rows["中心经费"][4]["单位"] = "市应急中心"


def _year_without_period(rows: Rows) -> None:
    rows["基本信息"][0]["内容"] = 2022


RULE_CASES: dict[str, tuple[Callable[[Rows], None], list[str]]] = {
    "duplicate_county_code": (
        _duplicate_county,
        [
            "绩效考核: 县区「珠山区」（360203）没有一行数据",
            "绩效考核!A3（县区代码）：县区代码「360202」重复（首次出现在第 2 行）",
        ],
    ),
    "unknown_county_code": (
        _unknown_county,
        ["配套资金!B2（县区代码）：县区代码「999999」不在「县区」表中"],
    ),
    "deduction_above_received": (
        _deduction_above_received,
        [
            "资金来源!D3（市本级配套扣除（元））：市本级配套扣除 21,365,000.01 元大于下达金额 21,365,000.00 元"
        ],
    ),
    # pools: central 48,653,700 − 3,560,000 = 45,093,700; × 0.30 = 13,528,110.00;
    # provincial 21,365,000 − 1,400,000 = 19,965,000; × 0.30 = 5,989,500.00
    "all_zero_weights": (
        _all_zero_weights,
        [
            "绩效考核: 中央成品油资金的所有县区权重均为 0，资金 13,528,110.00 元无法分配",
            "绩效考核: 省级路面养护补助的所有县区权重均为 0，资金 5,989,500.00 元无法分配",
        ],
    ),
    "unknown_unit": (
        _unknown_unit,
        [
            "中心经费!A6（单位）：单位「市应急中心」既不是市本级单位（市本级机关、应急中心、建保中心），"
            "也不是「县区」表中的分中心"
        ],
    ),
    "year_without_policy_period": (
        _year_without_period,
        ["policy.toml: 政策文件中没有适用于 2022 年的时段（最早的时段从 2023 年起）"],
    ),
}


@pytest.mark.parametrize("case", list(RULE_CASES))
def test_a_broken_rule_is_reported(case: str, make_input: Build, sample_rows: Rows) -> None:
    change, lines = RULE_CASES[case]
    change(sample_rows)
    assert_refused(make_input(sample_rows), lines)


def test_policy_shares_that_do_not_add_up_to_1(make_input: Build, sample_rows: Rows) -> None:
    policy = POLICY.read_text(encoding="utf-8")
    assert 'performance_share = "0.30"' in policy
    path = make_input(
        sample_rows,
        policy=policy.replace('performance_share = "0.30"', 'performance_share = "0.40"'),
    )
    assert_refused(
        path, ["policy.toml: period[1]: daily_share 与 performance_share之和为 1.1，应等于 1"]
    )


# --- the workbook's structure: sheets, columns, merged and error cells, formulas -------
def test_missing_sheet(make_input: Build, sample_rows: Rows) -> None:
    path = edit(make_input(sample_rows), lambda wb: wb.remove(wb["中心经费"]))
    assert_refused(path, ["input.xlsx: 缺少工作表「中心经费」"])


def test_missing_sheets_are_listed_in_the_workbook_order(
    make_input: Build, sample_rows: Rows
) -> None:
    """县区 comes before 养护里程 in the input (SPEC §4.1), though 养 < 县 in Unicode."""

    def remove(wb: Any) -> None:
        wb.remove(wb["养护里程"])
        wb.remove(wb["县区"])

    path = edit(make_input(sample_rows), remove)
    assert_refused(path, ["input.xlsx: 缺少工作表「县区」", "input.xlsx: 缺少工作表「养护里程」"])


def test_a_misspelt_sheet_name_suggests_the_expected_one(
    make_input: Build, sample_rows: Rows
) -> None:
    """A trailing space is forgiven (test_input_forgiving.py); a misspelling is not."""
    path = edit(make_input(sample_rows), lambda wb: setattr(wb["养护里程"], "title", "养护里程表"))
    assert_refused(path, ["input.xlsx: 缺少工作表「养护里程」；找到的「养护里程表」是否就是它？"])


def test_missing_column(make_input: Build, sample_rows: Rows) -> None:
    path = edit(make_input(sample_rows), lambda wb: wb["配套资金"].delete_cols(7))
    assert_refused(path, ["配套资金: 缺少列「实际投入总额（元）」"])


def test_misspelt_header_suggests_the_expected_one(make_input: Build, sample_rows: Rows) -> None:
    def misspell(wb: Any) -> None:
        wb["绩效考核"]["B1"] = "绩效分数"

    path = edit(make_input(sample_rows), misspell)
    assert_refused(path, ["绩效考核!B1: 缺少列「绩效得分」；找到的「绩效分数」是否就是它？"])


def test_merged_cells_over_data(make_input: Build, sample_rows: Rows) -> None:
    """Merging B2:B3 keeps B2's value and empties B3: both are reported."""
    path = edit(make_input(sample_rows), lambda wb: wb["养护里程"].merge_cells("B2:B3"))
    assert_refused(
        path,
        [
            "养护里程!B2（国道）：合并单元格 B2:B3 会隐藏数据；请取消合并",
            f"养护里程!B3（国道）：单元格为空，{KM}",
        ],
    )


def test_error_cells(make_input: Build, sample_rows: Rows) -> None:
    def errors(wb: Any) -> None:
        wb["养护里程"]["C3"] = "#DIV/0!"
        wb["县区"]["B3"] = "#REF!"

    path = edit(make_input(sample_rows), errors)
    stored = openpyxl.load_workbook(path)
    assert stored["养护里程"]["C3"].data_type == "e"  # stored with t="e", an error value
    assert stored["县区"]["B3"].data_type == "e"
    assert_refused(
        path,
        [
            "县区!B3（县区名称）：单元格是错误值「#REF!」，应填文本",
            f"养护里程!C3（省道）：单元格是错误值「#DIV/0!」，{KM}",
        ],
    )


def test_formula_without_a_cached_value(make_input: Build, sample_rows: Rows) -> None:
    def formula(wb: Any) -> None:
        wb["资金来源"]["D2"] = "=3000000+560000"  # openpyxl stores no cached value

    path = edit(make_input(sample_rows), formula)
    assert_refused(
        path,
        [
            "资金来源!D2（市本级配套扣除（元））：公式「=3000000+560000」没有计算结果；"
            "请在 Excel/WPS 中打开并保存后重试，或改为数值"
        ],
    )


def test_several_problems_in_several_sheets_in_sheet_row_column_order(
    make_input: Build, sample_rows: Rows
) -> None:
    """Five problems in four sheets, made in a scrambled order, reported in the order of
    the sheets (SPEC §4.1), then rows, then columns; --json lists them the same way."""
    sample_rows["中心经费"][2]["实际发生（元）"] = "n/a"
    sample_rows["养护里程"][2]["省道"] = Decimal("1.0001")
    sample_rows["资金来源"][0]["下达金额（元）"] = None
    sample_rows["养护里程"][0]["村道"] = Decimal("-3")
    sample_rows["养护里程"][0]["国道"] = "12 km"
    path = make_input(sample_rows)
    lines = [
        f"资金来源!C2（下达金额（元））：单元格为空，{YUAN}",
        f"养护里程!B2（国道）：「12 km」不是数字，{KM}",
        f"养护里程!F2（村道）：「-3」为负数，{KM}",
        f"养护里程!C4（省道）：「1.0001」的小数位超过 3 位，{KM}；如是公式结果，请用 =ROUND(…,3) 取整",
        f"中心经费!E4（实际发生（元））：「n/a」不是数字，{YUAN}",
    ]
    assert_refused(path, lines)
    code, stdout, _, out = run_cli(path, "--json")
    assert code == 1
    assert not out.exists()
    issues = json.loads(stdout)["issues"]
    assert [i["location"] for i in issues] == [line.split("（")[0] for line in lines]
    assert [i["header"] for i in issues] == [
        "下达金额（元）",
        "国道",
        "村道",
        "省道",
        "实际发生（元）",
    ]


# --- files that are not a plain xlsx workbook -----------------------------------------
CONTAINER_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "not_an_xlsx_pdf": (
        hostile.pdf_renamed,
        "pdf_renamed.xlsx: 不是有效的 xlsx 工作簿（PDF）；请在 Excel/WPS 中另存为 .xlsx",
    ),
    "corrupt_zip_truncated": (
        hostile.truncated,
        "truncated.xlsx: 文件已损坏：无法读取其 ZIP 结构（可能下载不完整）；应为完整的 .xlsx 工作簿",
    ),
    "corrupt_zip_bad_crc": (
        hostile.bad_crc,
        "bad_crc.xlsx: 文件已损坏：内部部件「xl/worksheets/sheet1.xml」校验失败（CRC 错误或数据不完整）",
    ),
    "password_protected": (
        hostile.encrypted_ole2,
        "encrypted.xlsx: 工作簿设有打开密码；请取消密码后另存为 .xlsx",
    ),
    "xls_renamed": (
        hostile.renamed_xls,
        "renamed_xls.xlsx: 这是旧版 Excel 97-2003 工作簿（.xls）；请在 Excel/WPS 中另存为 .xlsx",
    ),
    "xlsm_renamed": (
        hostile.xlsm_like,
        "xlsm_like.xlsx: 这是启用宏的工作簿（xl/vbaProject.bin）；输入文件须为不含宏的普通 .xlsx，"
        "请另存为「Excel 工作簿 (*.xlsx)」",
    ),
    "csv_renamed": (
        hostile.csv_renamed,
        "csv_renamed.xlsx: 这是文本文件（如 CSV），首行为「县区代码,县区名称,里程」，不是 xlsx 工作簿；"
        "请在 Excel/WPS 中打开并另存为 .xlsx",
    ),
    "ods_renamed": (
        hostile.ods_like,
        "ods_like.xlsx: 这是 OpenDocument 表格（.ods）；请在 Excel/WPS 中另存为 .xlsx",
    ),
    "empty_file": (hostile.empty_file, "empty.xlsx: 文件为空（0 字节）；应为 .xlsx 工作簿"),
}


@pytest.mark.parametrize("case", list(CONTAINER_CASES))
def test_a_file_that_is_not_a_plain_xlsx_is_refused(case: str, tmp_path: Path) -> None:
    build, line = CONTAINER_CASES[case]
    shutil.copy(POLICY, tmp_path / "policy.toml")
    assert_refused(build(tmp_path), [line])


def test_a_password_protected_workbook_in_english(tmp_path: Path) -> None:
    shutil.copy(POLICY, tmp_path / "policy.toml")
    assert_refused(
        hostile.encrypted_ole2(tmp_path),
        [
            "encrypted.xlsx: the workbook is password-protected; remove the password and save as .xlsx"
        ],
        lang="en",
    )


def test_an_empty_workbook_gets_one_message_naming_the_sheets(tmp_path: Path) -> None:
    shutil.copy(POLICY, tmp_path / "policy.toml")
    path = tmp_path / "empty.xlsx"
    workbook = xlsxwriter.Workbook(path)
    workbook.add_worksheet()
    workbook.close()
    assert_refused(
        path,
        [
            "empty.xlsx: 工作簿中没有任何输入工作表（找到的工作表：Sheet1）；"
            "应有 基本信息、资金来源、县区、养护里程、绩效考核、配套资金、中心经费。"
            "可用 roadfund template 生成模板"
        ],
    )


# --- odd but valid: accepted, with the same outputs as the plain sample ----------------
def csv_outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


@pytest.fixture
def sample_csvs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("plain")
    shutil.copy(ROOT / "inputs" / "sample-2023.xlsx", folder / "input.xlsx")
    shutil.copy(POLICY, folder / "policy.toml")
    code, _, stderr, out = run_cli(folder / "input.xlsx")
    assert code == 0, stderr
    return csv_outputs(out)


def test_blank_rows_inside_a_table_are_skipped(
    make_input: Build, sample_rows: Rows, sample_csvs: dict[str, bytes]
) -> None:
    rows = copy.deepcopy(sample_rows)
    rows["配套资金"].insert(3, {})  # Excel row 5 left empty
    rows["中心经费"].insert(1, {})
    rows["县区"].insert(2, {"县区名称": "   "})  # only blanks: still a blank row
    code, _, stderr, out = run_cli(make_input(rows))
    assert (code, stderr) == (0, "")
    assert csv_outputs(out) == sample_csvs


def test_columns_in_another_order_are_accepted(
    make_input: Build, sample_rows: Rows, sample_csvs: dict[str, bytes]
) -> None:
    def reverse_columns(wb: Any) -> None:
        for name in ("养护里程", "配套资金", "中心经费"):
            ws = wb[name]
            values = [list(row) for row in ws.iter_rows(values_only=True)]
            ws.delete_rows(1, ws.max_row)
            for row in values:
                ws.append(row[::-1])

    path = edit(make_input(sample_rows), reverse_columns)
    assert openpyxl.load_workbook(path)["养护里程"]["A1"].value == "村道"
    code, _, stderr, out = run_cli(path)
    assert (code, stderr) == (0, "")
    assert csv_outputs(out) == sample_csvs
