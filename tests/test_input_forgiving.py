"""Input read as a person reads it (issue 12): forgiving where a person would be, never
silent where money is at stake.

Every case goes through the command line. A refused case exits 1, writes nothing and
prints the exact lines (zh, and en where the wording differs); a forgiven case writes
the same output files, byte for byte, as the clean sample (the manifest differs only
in the input's own hash).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from roadfund.cli import cli
from roadfund.reader.policy import shipped_policy_path
from roadfund.samples.jingdezhen import SAMPLE_YEARS
from roadfund.writers.template import write_input_workbook

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "inputs" / "policy.toml"
HEADER = {
    "zh": "输入有 {n} 处问题，未写入任何文件：",
    "en": "The input has {n} problems; nothing was written:",
}
YUAN = "应填金额（元，≥0，最多2位小数）"
NO_PREPAYMENTS = "未提供县级预缴表，已缴金额按 0 计"
WARNINGS_ZH = [
    "提示：昌江区（360202）的项目共使用省级补助 4,540,000.00 元，多于该县区本年分得的省级路面养护补助 4,145,160.40 元",
    "提示：珠山区（360203）的项目共使用省级补助 980,000.00 元，多于该县区本年分得的省级路面养护补助 521,814.75 元",
    "提示：乐平市（360281）的项目共使用省级补助 7,830,000.00 元，多于该县区本年分得的省级路面养护补助 7,705,814.57 元",
]

Rows = dict[str, list[dict[str, Any]]]
Change = Callable[[Any], None]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def build(
    folder: Path,
    change: Change | None = None,
    rows: Rows | None = None,
    *,
    policy: bool = True,
) -> Path:
    """The 2023 sample written to ``folder/input.xlsx`` (policy.toml beside it), then
    changed with openpyxl as a person would in Excel/WPS."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "input.xlsx"
    write_input_workbook(
        path, rows or copy.deepcopy(SAMPLE_YEARS[2023]), created=dt.datetime(2023, 1, 1)
    )
    if policy:
        shutil.copy(POLICY, folder / "policy.toml")
    if change is not None:
        workbook = openpyxl.load_workbook(path)
        change(workbook)
        workbook.save(path)
    return path


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file but the manifest (which hashes the input file itself)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def run_ok(path: Path, *extra: str) -> tuple[str, Path]:
    out = path.parent / "out"
    code, stdout, stderr = invoke("run", str(path), "--out", str(out), *extra)
    assert code == 0, stderr
    return stdout, out


def assert_refused(path: Path, lines: list[str], lang: str = "zh") -> None:
    out = path.parent / "out"
    code, stdout, stderr = invoke("run", str(path), "--out", str(out), "--lang", lang)
    assert code == 1, stdout + stderr
    assert stdout == ""
    header = HEADER[lang].format(n=len(lines)).replace("1 problems", "1 problem")
    assert stderr.splitlines() == [header, *(f"  {x}" for x in lines)]
    assert not out.exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ["input.xlsx", "policy.toml"]


def put(sheet: str, cell: str, value: object) -> Change:
    def change(wb: Any) -> None:
        wb[sheet][cell] = value

    return change


def rename(sheet: str, title: str) -> Change:
    def change(wb: Any) -> None:
        wb[sheet].title = title

    return change


def both(*changes: Change) -> Change:
    def change(wb: Any) -> None:
        for one in changes:
            one(wb)

    return change


@pytest.fixture(scope="module")
def clean_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    _, out = run_ok(build(tmp_path_factory.mktemp("clean")))
    return outputs(out)


# --- 1. names as a person reads them --------------------------------------------------
def _nfkc_and_spaces(wb: Any) -> None:
    wb["资金来源"]["E1"] = "基础补助(元)"  # half-width brackets
    wb["资金来源"]["F1"] = " 奖励 (元)"
    wb["中心经费"]["E1"] = "实际发生\n（元）"  # a line break, as Alt+Enter makes it
    wb["养护里程"]["B1"] = "国道（公里）"  # the unit it is read in, spelt out
    wb["养护里程"]["C1"] = "省 道"
    wb["资金来源"].title = "资金来源 "
    wb["县级预缴"].title = "县级预缴 "  # the optional sheet too: read, not skipped


FORGIVEN: dict[str, Change] = {
    "names_after_nfkc_and_trimming": _nfkc_and_spaces,
    "date_text_iso": put("基本信息", "B4", "2023-03-31"),
    "date_text_slashes": put("基本信息", "B4", "2023/3/31"),
    "date_text_dots": put("基本信息", "B4", "2023.3.31"),
    "date_text_chinese": put("基本信息", "B4", "2023年3月31日"),
    "date_text_full_width": put("基本信息", "B4", "２０２３年３月３１日"),
    "date_serial_in_a_general_cell": put("基本信息", "B4", 45016),
    "sources_by_short_name": both(
        put("资金来源", "A2", "中央成品油资金"), put("资金来源", "A3", "省级路面养护补助")
    ),
    "sources_by_full_name": both(
        put("资金来源", "A2", "中央成品油税费改革转移支付资金"),
        put("资金来源", "A3", "普通国省道路面养护工程省级补助资金"),
    ),
}


@pytest.mark.parametrize("case", list(FORGIVEN))
def test_a_forgiven_input_gives_the_clean_outputs_byte_for_byte(
    case: str, tmp_path: Path, clean_outputs: dict[str, bytes]
) -> None:
    _, out = run_ok(build(tmp_path, FORGIVEN[case]))
    assert outputs(out) == clean_outputs


def test_a_near_miss_of_the_optional_prepayments_sheet_is_an_error(tmp_path: Path) -> None:
    """Silently skipped, every prepaid amount would be 0 and each 应上解 overstated."""
    path = build(tmp_path, rename("县级预缴", "县级预缴金额"))
    assert_refused(
        path,
        [
            "input.xlsx: 工作表「县级预缴金额」与可选的工作表「县级预缴」名称相近但不同，"
            "其数据未被读取；若它就是县级预缴表，请改名为「县级预缴」，否则请改名或删除"
        ],
    )
    assert_refused(
        path,
        [
            "input.xlsx: sheet '县级预缴金额' is named like the optional sheet '县级预缴' but "
            "not the same, so it was not read; if it is the 县级预缴 sheet rename it '县级预缴', "
            "otherwise rename or delete it"
        ],
        lang="en",
    )


def test_a_near_miss_of_an_optional_column_is_an_error(tmp_path: Path) -> None:
    path = build(tmp_path, put("资金来源", "E1", "基础补助金额（元）"))
    assert_refused(
        path,
        [
            "资金来源!E1: 列「基础补助金额（元）」与可选列「基础补助（元）」名称相近但不同，"
            "其数据未被读取；若它就是该列，请改名为「基础补助（元）」，否则请改名或删除"
        ],
    )
    assert_refused(
        path,
        [
            "资金来源!E1: column '基础补助金额（元）' is named like the optional column "
            "'基础补助（元）' but not the same, so it was not read; if it is that column rename "
            "it '基础补助（元）', otherwise rename or delete it"
        ],
        lang="en",
    )


def test_without_the_prepayments_sheet_every_output_says_so(tmp_path: Path) -> None:
    stdout, out = run_ok(build(tmp_path, lambda wb: wb.remove(wb["县级预缴"])))
    assert stdout.splitlines()[-4:] == [*WARNINGS_ZH, f"说明：{NO_PREPAYMENTS}"]
    (summary,) = out.glob("*.xlsx")
    texts = workbook_texts(summary)
    assert f"说明：{NO_PREPAYMENTS}" in texts["分配总览"]
    assert NO_PREPAYMENTS in texts["中心经费结算"]
    county_books = sorted((out / "counties").glob("*.xlsx"))
    assert len(county_books) == 4
    for book in county_books:
        assert any(NO_PREPAYMENTS in text for text in workbook_texts(book)["年终结算单"]), book
    code, stdout, _ = invoke("run", str(tmp_path / "input.xlsx"), "--out", str(tmp_path / "en"),
                             "--lang", "en", "--json")  # fmt: skip
    assert code == 0
    assert json.loads(stdout)["notes"] == [
        {
            "code": "note_no_prepayments",
            "county_code": None,
            "message": "no 县级预缴 (county prepayments) sheet was given; every prepaid amount "
            "is taken as 0",
        }
    ]


def workbook_texts(path: Path) -> dict[str, list[str]]:
    workbook = openpyxl.load_workbook(path)
    return {
        ws.title: [
            cell.value for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)
        ]
        for ws in workbook
    }


# --- 2. hidden data -------------------------------------------------------------------
def _very_hidden_with_a_visible_look_alike(wb: Any) -> None:
    copy_ = wb.copy_worksheet(wb["养护里程"])
    copy_.title = "养护里程 "
    wb["养护里程"].sheet_state = "veryHidden"


def _hidden_row_and_column(wb: Any) -> None:
    wb["中心经费"].row_dimensions[5].hidden = True
    wb["养护里程"].column_dimensions["C"].hidden = True
    wb["养护里程"].row_dimensions[9].hidden = True  # empty: nothing is hidden from anyone


HIDDEN: dict[str, tuple[Change, list[str], list[str]]] = {
    "hidden_sheet": (
        lambda wb: setattr(wb["县级预缴"], "sheet_state", "hidden"),
        [
            "input.xlsx: 工作表「县级预缴」已隐藏，其中的数据在 Excel/WPS 中看不到；请取消隐藏或删除它"
        ],
        [
            "input.xlsx: sheet '县级预缴' is hidden, so its data cannot be seen in Excel/WPS; "
            "unhide it or delete it"
        ],
    ),
    "very_hidden_sheet_with_a_visible_look_alike": (
        _very_hidden_with_a_visible_look_alike,
        [
            "input.xlsx: 有两张工作表都读作「养护里程」（「养护里程」「养护里程 」）；请删除或改名其中一张",
            "input.xlsx: 工作表「养护里程」被设为“深度隐藏”（veryHidden），其中的数据在 Excel/WPS "
            "中看不到；请取消隐藏（在 VBA 编辑器中将 Visible 设为 -1）或删除它",
        ],
        [
            "input.xlsx: two sheets read as '养护里程' ('养护里程」「养护里程 '); delete or rename "
            "one of them",
            "input.xlsx: sheet '养护里程' is very hidden, so its data cannot be seen in Excel/WPS; "
            "unhide it (set Visible to -1 in the VBA editor) or delete it",
        ],
    ),
    "hidden_row_and_column_with_data": (
        _hidden_row_and_column,
        [
            "养护里程!C:C: 此列已隐藏，但含有数据；请取消隐藏或删除该列",
            "中心经费!5:5: 此行已隐藏，但含有数据；请取消隐藏或删除该行",
        ],
        [
            "养护里程!C:C: this column is hidden but holds data; unhide it or delete it",
            "中心经费!5:5: this row is hidden but holds data; unhide it or delete it",
        ],
    ),
}


@pytest.mark.parametrize("case", list(HIDDEN))
def test_hidden_data_is_refused(case: str, tmp_path: Path) -> None:
    change, zh, en = HIDDEN[case]
    path = build(tmp_path, change)
    assert_refused(path, zh)
    assert_refused(path, en, lang="en")


# --- 3. units -------------------------------------------------------------------------
def test_a_header_in_another_unit_says_which_unit_is_expected(tmp_path: Path) -> None:
    path = build(
        tmp_path,
        both(
            put("资金来源", "C1", "下达金额（万元）"),
            put("配套资金", "D1", "省级补助(千元)"),
            put("养护里程", "B1", "国道（米）"),
        ),
    )
    assert_refused(
        path,
        [
            "资金来源!C1: 表头「下达金额（万元）」的单位是万元，本列应以元为单位填写（表头为「下达金额（元）」）；请把数值换算成元后再填",
            "养护里程!B1: 表头「国道（米）」的单位是米，本列应以公里为单位填写（表头为「国道」）；请把数值换算成公里后再填",
            "配套资金!D1: 表头「省级补助(千元)」的单位是千元，本列应以元为单位填写（表头为「省级补助（元）」）；请把数值换算成元后再填",
        ],
    )
    code, stdout, _ = invoke("check", str(path), "--lang", "en", "--json")
    assert code == 1
    first = json.loads(stdout)["issues"][0]
    assert (first["code"], first["params"]["unit"], first["params"]["expected"]) == (
        "wrong_unit",
        "万元",
        "元",
    )
    assert first["message"] == (
        "the header '下达金额（万元）' is in 万元; this column is read in 元 (header "
        "'下达金额（元）'): convert the figures to 元"
    )


def test_no_hint_ever_suggests_renaming_across_units(tmp_path: Path) -> None:
    """A misspelt header in another unit is not offered as the missing column."""
    path = build(tmp_path, put("资金来源", "C1", "下发金额（万元）"))
    assert_refused(path, ["资金来源: 缺少列「下达金额（元）」"])


# --- 4. numbers as Excel shows them ---------------------------------------------------
def _formula_noise(wb: Any) -> None:
    """Every fractional number moved by 0.3 units of its 15th significant digit, as
    formula results are stored: openpyxl writes 16 digits (68.412 → 68.41199999999999),
    Excel and WPS show 15, unchanged."""
    for ws in wb:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                value = cell.value
                if isinstance(value, float) and not value.is_integer():
                    unit = 10.0 ** (math.floor(math.log10(abs(value))) - 14)
                    cell.value = value - 0.3 * unit


def _excel_stored(path: Path, shown: str, stored: str) -> None:
    """Write a value as Excel itself stores a formula's binary result: 17 digits."""
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(f"<v>{shown}</v>".encode(), f"<v>{stored}</v>".encode())
            archive.writestr(info, data)


def test_formula_noise_is_read_as_excel_shows_it(tmp_path: Path) -> None:
    path = build(tmp_path, both(_formula_noise, put("中心经费", "E2", 2273618.45)))
    _excel_stored(path, "2273618.45", "2273618.4499999997")
    stored = openpyxl.load_workbook(path)
    assert stored["中心经费"]["E2"].value == 2273618.4499999997
    km = stored["养护里程"]["B2"].value
    assert km != 68.412 and format(km, ".15g") == "68.412"
    code, stdout, stderr = invoke("check", str(path))
    assert (code, stderr) == (0, "")
    assert stdout.splitlines() == [f"输入有效：{path}", *WARNINGS_ZH]
    rows = copy.deepcopy(SAMPLE_YEARS[2023])
    rows["中心经费"][0]["实际发生（元）"] = Decimal("2273618.45")
    plain = build(tmp_path / "plain", rows=rows)
    assert invoke("check", str(plain))[1].replace(str(plain), str(path)) == stdout
    _, noisy_out = run_ok(path)
    _, plain_out = run_ok(plain)
    assert outputs(noisy_out) == outputs(plain_out)


def test_more_decimals_than_excel_shows_is_still_an_error_with_the_round_hint(
    tmp_path: Path,
) -> None:
    path = build(tmp_path, put("中心经费", "E2", 2273618.455))
    assert_refused(
        path,
        [
            f"中心经费!E2（实际发生（元））：「2,273,618.455」的小数位超过 2 位，{YUAN}；"
            "如是公式结果，请用 =ROUND(…,2) 取整"
        ],
    )
    assert_refused(
        path,
        [
            "中心经费!E2 (实际发生（元）): '2,273,618.455' has more than 2 decimals; expected an "
            "amount in yuan (≥ 0, at most 2 decimals); if it is a formula's result, round it "
            "with =ROUND(…,2)"
        ],
        lang="en",
    )


# --- 5. dates -------------------------------------------------------------------------
DATES: dict[str, tuple[object, str, str]] = {
    "impossible_date": (
        "2023年13月1日",
        "基本信息!B4（内容）：「2023年13月1日」不是日期，应填日期（如 2023-03-31）",
        "基本信息!B4 (内容): '2023年13月1日' is not a date; expected a date (e.g. 2023-03-31)",
    ),
    "two_years_after": (
        "2025/1/1",
        "基本信息!B4（内容）：编制日期「2025-01-01」不在年度 2023 年或其后一年内（应在 2023-01-01 至 2024-12-31 之间）",
        "基本信息!B4 (内容): the date prepared '2025-01-01' is neither in the year 2023 nor in "
        "the year after (expected 2023-01-01 to 2024-12-31)",
    ),
    "the_year_before": (
        dt.datetime(2022, 12, 31),
        "基本信息!B4（内容）：编制日期「2022-12-31」不在年度 2023 年或其后一年内（应在 2023-01-01 至 2024-12-31 之间）",
        "基本信息!B4 (内容): the date prepared '2022-12-31' is neither in the year 2023 nor in "
        "the year after (expected 2023-01-01 to 2024-12-31)",
    ),
}


@pytest.mark.parametrize("case", list(DATES))
def test_a_date_that_cannot_be_the_statements_is_named(case: str, tmp_path: Path) -> None:
    value, zh, en = DATES[case]
    path = build(tmp_path, put("基本信息", "B4", value))
    assert_refused(path, [zh])
    assert_refused(path, [en], lang="en")


def test_a_year_end_statement_dated_early_the_next_year_is_accepted(tmp_path: Path) -> None:
    run_ok(build(tmp_path, put("基本信息", "B4", "2024年1月15日")))


# --- 6. fund sources ------------------------------------------------------------------
def test_an_unknown_fund_source_names_the_codes_and_the_names(tmp_path: Path) -> None:
    path = build(tmp_path, put("资金来源", "A2", "中央资金"))
    assert_refused(
        path,
        [
            "资金来源: 缺少资金来源「central」",
            "资金来源!A2（代码）：资金来源「中央资金」无效，应为代码 central 或 provincial，"
            "或其名称（中央成品油税费改革转移支付资金、普通国省道路面养护工程省级补助资金，"
            "或简称 中央成品油资金、省级路面养护补助）",
        ],
    )


def test_a_source_given_by_code_and_by_name_is_a_duplicate(tmp_path: Path) -> None:
    path = build(tmp_path, put("资金来源", "A3", "中央成品油资金"))
    assert_refused(
        path,
        [
            "资金来源: 缺少资金来源「provincial」",
            "资金来源!A3（代码）：资金来源「central」重复（首次出现在第 2 行）",
        ],
    )


# --- 8. a policy is always at hand ----------------------------------------------------
def test_the_shipped_policy_is_the_one_in_inputs() -> None:
    assert shipped_policy_path().read_bytes() == POLICY.read_bytes()


def test_template_then_check_works_at_once(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    code, stdout, _ = invoke("template", str(path), "--sample")
    assert code == 0
    assert stdout.splitlines()[1] == f"已写入政策文件：{tmp_path / 'policy.toml'}"
    assert (tmp_path / "policy.toml").read_bytes() == POLICY.read_bytes()
    assert invoke("check", str(path))[0] == 0
    (tmp_path / "policy.toml").write_text("# the officer's own\n", encoding="utf-8")
    code, stdout, _ = invoke("template", str(path), "--force", "--lang", "en")
    assert code == 0
    assert stdout.splitlines()[1] == (
        f"Policy file {tmp_path / 'policy.toml'} is already there; left unchanged"
    )
    assert (tmp_path / "policy.toml").read_text(encoding="utf-8") == "# the officer's own\n"


def test_without_a_policy_beside_the_input_the_shipped_one_is_used_and_named(
    tmp_path: Path, clean_outputs: dict[str, bytes]
) -> None:
    path = build(tmp_path, policy=False)
    stdout, out = run_ok(path)
    assert stdout.splitlines()[0] == (
        f"工作簿旁没有 {tmp_path / 'policy.toml'}，使用 roadfund 自带的政策文件 "
        f"{shipped_policy_path()}（2023 年起的时段，景府发〔2022〕7号）"
    )
    assert outputs(out) == clean_outputs
    code, stdout, _ = invoke("check", str(path), "--lang", "en")
    assert code == 0
    assert stdout.splitlines()[0] == (
        f"no {tmp_path / 'policy.toml'} beside the workbook: using the policy that comes with "
        f"roadfund, {shipped_policy_path()} (the period from 2023, 景府发〔2022〕7号)"
    )
    code, stdout, _ = invoke("check", str(path), "--json")
    assert json.loads(stdout)["policy"] == {
        "file": str(shipped_policy_path()),
        "source": "shipped",
        "from_year": 2023,
        "reference": "景府发〔2022〕7号",
    }


def test_a_missing_policy_file_names_the_path_and_the_two_ways_out(tmp_path: Path) -> None:
    path = build(tmp_path)
    missing = tmp_path / "policies" / "2023.toml"
    for lang, line in (
        (
            "zh",
            f"2023.toml: 找不到政策文件 {missing}；请用 --policy 指定正确的文件，或去掉 --policy，"
            f"使用工作簿旁的 {tmp_path / 'policy.toml'}（没有时使用 roadfund 自带的政策）",
        ),
        (
            "en",
            f"2023.toml: policy file {missing} not found; give the right file with --policy, or "
            f"leave --policy out to use {tmp_path / 'policy.toml'} beside the workbook (or, when "
            "there is none, the policy that comes with roadfund)",
        ),
    ):
        code, stdout, stderr = invoke(
            "run", str(path), "--policy", str(missing), "--out", str(tmp_path / "out"),
            "--lang", lang,
        )  # fmt: skip
        assert (code, stdout) == (1, "")
        header = HEADER[lang].format(n=1).replace("1 problems", "1 problem")
        assert stderr.splitlines() == [header, f"  {line}"]
        assert not (tmp_path / "out").exists()


def test_a_policy_with_a_bom_is_accepted(tmp_path: Path, clean_outputs: dict[str, bytes]) -> None:
    path = build(tmp_path)
    (tmp_path / "policy.toml").write_bytes(b"\xef\xbb\xbf" + POLICY.read_bytes())
    _, out = run_ok(path)
    assert outputs(out) == clean_outputs


def test_a_policy_syntax_error_shows_the_offending_line(tmp_path: Path) -> None:
    path = build(tmp_path)
    lines = POLICY.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("daily_share"))
    lines[number - 1] = "daily_share = 0.70 %"
    (tmp_path / "policy.toml").write_text("\n".join(lines), encoding="utf-8")
    assert_refused(
        path,
        [
            f"policy.toml: TOML 语法错误，第 {number} 行「daily_share = 0.70 %」："
            f"Expected newline or end of document after a statement (at line {number}, column 20)"
        ],
    )


# --- 9. messages ----------------------------------------------------------------------
def test_one_problem_down_a_column_is_said_once_with_the_range(tmp_path: Path) -> None:
    rows = copy.deepcopy(SAMPLE_YEARS[2023])
    for row in rows["中心经费"]:
        row["实际发生（元）"] = None
    path = build(tmp_path, rows=rows)
    assert_refused(path, [f"中心经费!E2:E22（实际发生（元））：单元格为空，{YUAN}"])
    assert_refused(
        path,
        [
            "中心经费!E2:E22 (实际发生（元）): the cell is empty; expected an amount in yuan "
            "(≥ 0, at most 2 decimals)"
        ],
        lang="en",
    )
    code, stdout, _ = invoke("check", str(path), "--json")
    assert code == 1
    (issue,) = json.loads(stdout)["issues"]
    assert {k: issue[k] for k in ("location", "range", "header", "row", "last_row", "code")} == {
        "location": "中心经费!E2:E22",
        "range": "E2:E22",
        "header": "实际发生（元）",
        "row": 2,
        "last_row": 22,
        "code": "blank_cell",
    }


def test_a_header_with_a_line_break_is_shown_with_the_return_sign(tmp_path: Path) -> None:
    path = build(
        tmp_path, both(put("中心经费", "E1", "实际发生\n（元）"), put("中心经费", "E3", None))
    )
    assert_refused(path, [f"中心经费!E3（实际发生⏎（元））：单元格为空，{YUAN}"])
    path = build(tmp_path / "b", put("中心经费", "E1", "实际发生\n金额（元）"))
    assert_refused(
        path,
        ["中心经费!E1: 缺少列「实际发生（元）」；找到的「实际发生⏎金额（元）」是否就是它？"],
    )


def test_a_header_below_a_title_row_is_said_so(tmp_path: Path) -> None:
    def title_row(wb: Any) -> None:
        wb["养护里程"].insert_rows(1)
        wb["养护里程"]["A1"] = "2023年养护里程统计表"

    path = build(tmp_path, title_row)
    assert_refused(
        path, ["养护里程!2:2: 表头应在第 1 行，却在第 2 行；请删除表头上方的行（如标题行）"]
    )
    assert_refused(
        path,
        [
            "养护里程!2:2: the header row must be row 1 but is row 2; delete the rows above it "
            "(such as a title)"
        ],
        lang="en",
    )


def test_numbers_in_messages_have_thousands_separators(tmp_path: Path) -> None:
    rows = copy.deepcopy(SAMPLE_YEARS[2023])
    rows["配套资金"][0]["县级配套（元）"] = Decimal("-1296540.5")
    rows["资金来源"][1]["市本级配套扣除（元）"] = Decimal("21365000.01")
    assert_refused(
        build(tmp_path, rows=rows),
        [
            "资金来源!D3（市本级配套扣除（元））：市本级配套扣除 21,365,000.01 元大于下达金额 "
            "21,365,000.00 元",
            f"配套资金!F2（县级配套（元））：「-1,296,540.5」为负数，{YUAN}",
        ],
    )


# --- 10. a reviewer's cross-checks, as warnings ---------------------------------------
def test_cross_checks_are_warnings_printed_in_the_summary_and_in_json(tmp_path: Path) -> None:
    rows = copy.deepcopy(SAMPLE_YEARS[2023])
    rows["配套资金"][0]["市级配套（元）"] += Decimal("1000")
    path = build(tmp_path, rows=rows)
    stdout, out = run_ok(path)  # warnings never change the exit status
    city = (
        "提示：市本级配套扣除合计 4,960,000.00 元，与配套资金表中各项目市级配套合计 "
        "4,961,000.00 元不一致（相差 1,000.00 元）"
    )
    assert stdout.splitlines()[-4:] == [*WARNINGS_ZH, city]
    (summary,) = out.glob("*.xlsx")
    overview = workbook_texts(summary)["分配总览"]
    assert overview[-4:] == [*WARNINGS_ZH, city]
    code, stdout, _ = invoke("check", str(path), "--json", "--lang", "en")
    assert code == 0
    warnings = json.loads(stdout)["warnings"]
    assert [(w["code"], w["county_code"]) for w in warnings] == [
        ("warn_provincial_over_allocation", "360202"),
        ("warn_provincial_over_allocation", "360203"),
        ("warn_provincial_over_allocation", "360281"),
        ("warn_city_deduction_vs_matching", None),
    ]
    assert (warnings[0]["used"], warnings[0]["allocated"]) == ("4540000.00", "4145160.40")
    assert (warnings[3]["deduction"], warnings[3]["matching"]) == ("4960000.00", "4961000.00")
    assert warnings[3]["message"] == (
        "the city deductions total 4,960,000.00 yuan, but the projects' city matching in "
        "配套资金 totals 4,961,000.00 yuan (a difference of 1,000.00 yuan)"
    )


# --- round trips: LibreOffice, openpyxl ------------------------------------------------
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def test_the_sample_saved_by_libreoffice_gives_the_same_result(
    tmp_path: Path, clean_outputs: dict[str, bytes]
) -> None:
    source = build(tmp_path / "src")
    converted = tmp_path / "converted"
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(converted),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    path = converted / "input.xlsx"
    assert path.is_file(), done.stdout + done.stderr
    assert path.read_bytes() != source.read_bytes()
    shutil.copy(POLICY, converted / "policy.toml")
    expected = invoke("check", str(source))[1].replace(str(source), "INPUT")
    code, stdout, stderr = invoke("check", str(path))
    assert (code, stderr) == (0, "")
    assert stdout.replace(str(path), "INPUT") == expected
    _, out = run_ok(path)
    assert outputs(out) == clean_outputs
