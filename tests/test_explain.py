"""`roadfund explain` and the 计算过程 sheet, against a derivation worked by hand.

The tiny year (policy: the shipped one with 村道 weighted 0.5):

    county        国道 省道 县道 乡道 村道   converted km          score   grade coef  weight
    360101 甲县     4    0    2    0    8   4+0+2+0+8×0.5 = 10    85.00   良   1.0   10
    360102 乙县     0   10    0    6    8   10+6+4        = 20    92.50   优   1.2   24
    360103 丙县     0    0   10   10   20   10+10+10      = 30    60.00   中   0.8   24
                                          total           60                        58

central: 1,200.35 − 200.00 = 1,000.35 元 = 100,035 分; daily = round_half_up(100,035 ×
0.7 = 70,024.5) = 70,025 分 (700.245 元 → 700.25); performance = 100,035 − 70,025 = 30,010.
  daily quotas 70,025 × 10/60 = 70025/6 = 11,670.83…, ×20/60 = 23,341.67…, ×30/60 =
  35,012.5; floors 11,670 + 23,341 + 35,012 = 70,023, 2 fen left; remainders 5/6 > 2/3 >
  1/2, so 甲 (rank 1) and 乙 get one: 甲 11,671.
  performance quotas 30,010 × 10/58 = 150050/29 = 5,174.137…, × 24/58 = 360120/29 =
  12,417.931… (twice); floors 5,174 + 12,417 × 2 = 30,008, 2 fen left; remainders 27/29
  (乙, 丙: tie, same weight, smaller code first) > 4/29, so 甲 is rank 3, no extra: 5,174.
  甲 central = 116.71 + 51.74 = 168.45.
provincial: 600.00 (基础 500.00 + 奖励 100.00) − 100.00 = 500.00 元; daily = 50,000 × 0.7 =
35,000 分 exactly, performance 15,000.
  daily 35,000 × 10/60 = 17500/3 = 5,833.33…, 乙 11,666.67…, 丙 17,500; 1 fen left to 乙
  (2/3 > 1/3 > 0): 甲 rank 2, 5,833.
  performance 15,000 × 10/58 = 75000/29 = 2,586.206…, 乙 丙 180000/29 = 6,206.896…; floors
  2,586 + 6,206 × 2 = 14,998; 2 fen to 乙 丙 (26/29 > 6/29): 甲 rank 3, 2,586.
  甲 provincial = 58.33 + 25.86 = 84.19; transfer total 168.45 + 84.19 = 252.64.
matching (floor 0.30): P-01 (60 + 60) / 400 = 0.3 → pass (exactly at the floor);
P-02 (10 + 20) / 200 = 0.15 → fail, required ⌈0.3 × 200.00⌉ = 60.00, shortfall 30.00;
甲 together 150.00 / 600.00 = 0.25 → fail, required 180.00, shortfall 30.00.
settlement: 甲分中心 budget 100.00 + 50.00 = 150.00, actual 110.50 + 40.00 = 150.50
(incentive pay 30.00 is the city's); prepaid 100.00; due 150.50 − 100.00 = 50.50;
variance 150.00 − 150.50 = −0.50; remit mode: net transfer = 252.64.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from roadfund.cli import cli
from roadfund.engine import compute
from roadfund.engine.trace import (
    Index,
    Ref,
    TraceLine,
    decimal_text,
    exact_text,
    explain_all,
    explain_county,
    explain_each,
)
from roadfund.reader.load import load_year
from roadfund.run import run
from roadfund.schema import (
    CENTER_COSTS,
    COUNTIES,
    INFO,
    INFO_CITY,
    INFO_DATE,
    INFO_YEAR,
    MILEAGE,
    PERFORMANCE,
    PREPAYMENTS,
    PROJECTS,
    SOURCES,
    Kind,
    Sheet,
)
from roadfund.text import LABELS, Lang, fields, label, label_filler

NUMERIC = (Kind.YUAN, Kind.KM, Kind.SCORE, Kind.NEED)

ROOT = Path(__file__).resolve().parent.parent
POLICY_TEXT = (ROOT / "inputs" / "policy.toml").read_text(encoding="utf-8")
HALF_VILLAGE = POLICY_TEXT.replace('"村道" = "1"', '"村道" = "0.5"')
assert HALF_VILLAGE != POLICY_TEXT

Rows = dict[str, list[dict[str, object]]]


def _rows(sheet: Sheet, *values: tuple[object, ...]) -> list[dict[str, object]]:
    out = []
    for row in values:
        out.append(
            {
                col.header: Decimal(v) if isinstance(v, str) and col.kind in NUMERIC else v
                for col, v in zip(sheet.columns, row, strict=False)
                if v is not None
            }
        )
    return out


def tiny_year(year: int = 2023) -> Rows:
    """The three-county year of the module docstring."""
    return {
        INFO.name: [
            {"项目": INFO_YEAR, "内容": year},
            {"项目": INFO_CITY, "内容": "测试市"},
            {"项目": INFO_DATE, "内容": dt.date(year, 3, 31)},
        ],
        SOURCES.name: _rows(
            SOURCES,
            ("central", "中央资金", "1200.35", "200.00", None, None),
            ("provincial", "省级资金", "600.00", "100.00", "500.00", "100.00"),
        ),
        COUNTIES.name: _rows(
            COUNTIES,
            ("360101", "甲县", "甲分中心"),
            ("360102", "乙县", "乙分中心"),
            ("360103", "丙县", "丙分中心"),
        ),
        MILEAGE.name: _rows(
            MILEAGE,
            ("360101", "4", "0", "2", "0", "8"),
            ("360102", "0", "10", "0", "6", "8"),
            ("360103", "0", "0", "10", "10", "20"),
        ),
        PERFORMANCE.name: _rows(
            PERFORMANCE,
            ("360101", "85.00"),
            ("360102", "92.50"),
            ("360103", "60.00"),
        ),
        PROJECTS.name: _rows(
            PROJECTS,
            ("P-01", "360101", "甲县路面修复", "200.00", "60.00", "60.00", "400.00"),
            ("P-02", "360101", "甲县路面大修", "100.00", "10.00", "20.00", "200.00"),
            ("P-03", "360102", "乙县路面修复", "100.00", "30.00", "30.00", "200.00"),
        ),
        CENTER_COSTS.name: _rows(
            CENTER_COSTS,
            ("市本级机关", "人员经费", "工资", "1000.00", "1000.00"),
            ("甲分中心", "人员经费", "工资", "100.00", "110.50"),
            ("甲分中心", "公用经费", "办公费", "50.00", "40.00"),
            ("甲分中心", "奖励性工资", "绩效奖", "30.00", "30.00"),
            ("乙分中心", "人员经费", "工资", "80.00", "80.00"),
        ),
        PREPAYMENTS.name: _rows(PREPAYMENTS, ("360101", "100.00")),
    }


EXPECTED_ZH = """\
测试市2023年 甲县（360101）公路养护资金计算过程
政策依据：景府发〔2022〕7号    单位：元
【分配依据】
    国道：4.000 公里 × 折算系数 1 = 4.000 公里
    省道：0.000 公里 × 折算系数 1 = 0.000 公里
    县道：2.000 公里 × 折算系数 1 = 2.000 公里
    乡道：0.000 公里 × 折算系数 1 = 0.000 公里
    村道：8.000 公里 × 折算系数 0.5 = 4.000 公里
  折算里程 = 4.000 + 0.000 + 2.000 + 0.000 + 4.000 = 10.000 公里（日常养护资金的权重）
  全市折算里程合计（3 个县区）= 60.000 公里
  绩效得分 85.00 ≥ 80.00 → 等级「良」→ 系数 1.0
  绩效权重 = 折算里程 10.000 × 系数 1.0 = 10.000
  全市绩效权重合计 = 58.000
【中央成品油资金】
  下达金额 = 1,200.35 元
  市本级配套扣除 = 200.00 元
  可分配资金 = 1,200.35 − 200.00 = 1,000.35 元
  日常养护资金 = 1,000.35 × 0.70 = 700.245 元 → 四舍五入到分 = 700.25 元
  绩效考核资金 = 1,000.35 − 700.25 = 300.10 元
【中央成品油资金 · 日常养护资金】
  精确份额 = 70,025 分 × 10.000 ÷ 60.000 = 70025/6 分 = 11,670.833333… 分
  向下取整 = 11,670 分，余数 = 5/6 = 0.833333… 分
  余数在 3 个县区中排第 1 位；剩余 2 分依次补给余数最大的前 2 位 → 补 1 分
  日常养护资金 = 116.70 + 0.01 = 116.71 元
【中央成品油资金 · 绩效考核资金】
  精确份额 = 30,010 分 × 10.000 ÷ 58.000 = 150050/29 分 = 5,174.137931… 分
  向下取整 = 5,174 分，余数 = 4/29 = 0.137931… 分
  余数在 3 个县区中排第 3 位；剩余 2 分依次补给余数最大的前 2 位 → 不补分
  绩效考核资金 = 51.74 + 0.00 = 51.74 元
【中央成品油资金 · 合计】
  中央成品油资金合计 = 116.71 + 51.74 = 168.45 元
【省级路面养护补助】
  下达金额 = 600.00 元
    其中基础补助 500.00 元，奖励 100.00 元
  市本级配套扣除 = 100.00 元
  可分配资金 = 600.00 − 100.00 = 500.00 元
  日常养护资金 = 500.00 × 0.70 = 350.00 元 → 四舍五入到分 = 350.00 元
  绩效考核资金 = 500.00 − 350.00 = 150.00 元
【省级路面养护补助 · 日常养护资金】
  精确份额 = 35,000 分 × 10.000 ÷ 60.000 = 17500/3 分 = 5,833.333333… 分
  向下取整 = 5,833 分，余数 = 1/3 = 0.333333… 分
  余数在 3 个县区中排第 2 位；剩余 1 分依次补给余数最大的前 1 位 → 不补分
  日常养护资金 = 58.33 + 0.00 = 58.33 元
【省级路面养护补助 · 绩效考核资金】
  精确份额 = 15,000 分 × 10.000 ÷ 58.000 = 75000/29 分 = 2,586.206896… 分
  向下取整 = 2,586 分，余数 = 6/29 = 0.206896… 分
  余数在 3 个县区中排第 3 位；剩余 2 分依次补给余数最大的前 2 位 → 不补分
  绩效考核资金 = 25.86 + 0.00 = 25.86 元
【省级路面养护补助 · 合计】
  省级路面养护补助合计 = 58.33 + 25.86 = 84.19 元
【转移支付合计】
  转移支付合计 = 168.45 + 84.19 = 252.64 元
【配套比例核查】
  项目 P-01：配套 = 市级 60.00 + 县级 60.00 = 120.00 元；配套比例 = 120.00 ÷ 400.00 = 0.3000
    0.3000 ≥ 0.30 → 达标
  项目 P-02：配套 = 市级 10.00 + 县级 20.00 = 30.00 元；配套比例 = 30.00 ÷ 200.00 = 0.1500
    0.1500 < 0.30 → 未达标：应配套 = 200.00 × 0.30（按分向上取整）= 60.00 元，缺口 = 60.00 − 30.00 = 30.00 元
  本县区合计：配套 = 市级 70.00 + 县级 80.00 = 150.00 元；配套比例 = 150.00 ÷ 600.00 = 0.2500
    0.2500 < 0.30 → 未达标：应配套 = 600.00 × 0.30（按分向上取整）= 180.00 元，缺口 = 180.00 − 150.00 = 30.00 元
【中心经费年终清算】
  分中心：甲分中心（结算方式：县区上解）
    人员经费·工资：年初预算 100.00 元，实际发生 110.50 元
    公用经费·办公费：年初预算 50.00 元，实际发生 40.00 元
    奖励性工资·绩效奖：年初预算 30.00 元，实际发生 30.00 元（奖励性工资由市本级承担，不计入）
  年初预算（人员经费 + 公用经费）= 100.00 + 50.00 = 150.00 元
  实际发生（人员经费 + 公用经费）= 110.50 + 40.00 = 150.50 元
  县级已预缴 = 100.00 元
  应上解（负数为应退还）= 实际发生 − 已预缴 = 150.50 − 100.00 = 50.50 元
  结余（负数为超支）= 年初预算 − 实际发生 = 150.00 − 150.50 = -0.50 元
  转移支付合计 = 252.64 元
  净转移支付 = 转移支付合计 = 252.64 元（上解方式：应上解金额由县区另行缴付）
"""

# The amount each step of 甲县's trace arrives at (元), in order: what the sheet's
# 金额（元） column must hold beside the same texts.
EXPECTED_AMOUNTS = [
    "1200.35", "200.00", "1000.35", "700.25", "300.10",  # central pool
    "116.70", "116.71", "51.74", "51.74", "168.45",  # floors, amounts, total
    "600.00", "100.00", "500.00", "350.00", "150.00",  # provincial pool
    "58.33", "58.33", "25.86", "25.86", "84.19",
    "252.64",  # transfer total
    "120.00", "30.00", "30.00", "150.00", "30.00",  # matching: matching, shortfall
    "150.00", "150.50", "100.00", "50.50", "-0.50", "252.64", "252.64",  # settlement
]  # fmt: skip


@pytest.fixture
def tiny_input(make_input: Callable[..., Path]) -> Path:
    return make_input(tiny_year(), policy=HALF_VILLAGE)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_explain_matches_the_hand_worked_derivation_line_by_line(tiny_input: Path) -> None:
    code, stdout, stderr = invoke("explain", str(tiny_input), "--county", "360101")
    assert code == 0, stderr
    got, expected = stdout.splitlines(), EXPECTED_ZH.splitlines()
    for i, (line, want) in enumerate(zip(got, expected, strict=False)):
        assert line == want, f"line {i + 1}"
    assert len(got) == len(expected)


def test_the_trace_amounts_are_the_engine_amounts(tiny_input: Path) -> None:
    loaded = load_year(tiny_input)
    lines = explain_county(compute(loaded.year_input, loaded.period), "360101")
    fen = [line.fen for line in lines if line.fen is not None]
    assert [Decimal(f) / 100 for f in fen] == [Decimal(a) for a in EXPECTED_AMOUNTS]


def test_source_option_limits_the_allocation_part(tiny_input: Path) -> None:
    code, stdout, _ = invoke(
        "explain", str(tiny_input), "--county", "360101", "--source", "provincial"
    )
    assert code == 0
    assert "【中央成品油资金】" not in stdout
    assert "  省级路面养护补助合计 = 58.33 + 25.86 = 84.19 元" in stdout.splitlines()
    assert "【转移支付合计】" not in stdout  # one source: no sum of sources
    assert "  净转移支付 = 转移支付合计 = 252.64 元（上解方式：应上解金额由县区另行缴付）" in stdout


def test_english_trace(tiny_input: Path) -> None:
    code, stdout, _ = invoke("explain", str(tiny_input), "--county", "360101", "--lang", "en")
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0] == "测试市 2023: how the amounts of 甲县 (360101) were computed"
    assert "    Village roads: 8.000 km × class weight 0.5 = 4.000 km" in lines
    assert (
        "  Exact quota = 70,025 fen × 10.000 ÷ 60.000 = 70025/6 fen = 11,670.833333… fen" in lines
    )
    assert (
        "  Remainder ranks 1 of 3; the 2 leftover fen go one each to the top 2 → gets 1 fen"
        in lines
    )


def test_unknown_county_is_a_usage_error_listing_the_valid_codes(tiny_input: Path) -> None:
    code, stdout, stderr = invoke("explain", str(tiny_input), "--county", "999999")
    assert code == 2
    assert stdout == ""
    assert stderr.strip() == (
        "县区代码「999999」不在 2023 年的输入中；有效的县区代码：360101 甲县、360102 乙县、360103 丙县"
    )


def test_invalid_input_exits_1(make_input: Callable[..., Path]) -> None:
    rows = tiny_year()
    rows[MILEAGE.name][0]["国道"] = Decimal("-4")
    path = make_input(rows, policy=HALF_VILLAGE)
    code, _, stderr = invoke("explain", str(path), "--county", "360101")
    assert code == 1
    assert "养护里程!B2" in stderr


def test_json_trace(tiny_input: Path) -> None:
    import json

    code, stdout, _ = invoke("explain", str(tiny_input), "--county", "360101", "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["county_code"] == "360101"
    amounts = [line["amount"] for line in data["lines"] if line["amount"] is not None]
    assert amounts == EXPECTED_AMOUNTS


def test_the_trace_sheet_carries_the_same_lines_for_every_county(
    tiny_input: Path, tmp_path: Path
) -> None:
    outcome = run(tiny_input, None, tmp_path / "out", force=False, lang="zh")
    [summary] = (tmp_path / "out").glob("*.xlsx")
    ws = openpyxl.load_workbook(summary)["计算过程"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    # 甲县's rows: the explain output without its title and 【section】 headings.
    expected_steps = [
        line.strip() for line in EXPECTED_ZH.splitlines()[2:] if not line.startswith("【")
    ]
    own = [r for r in rows if r[0] == "360101"]
    assert [r[3] for r in own] == expected_steps
    assert [r[1] for r in own] == ["甲县"] * len(own)
    amounts = [Decimal(str(r[4])).quantize(Decimal("0.01")) for r in own if r[4] is not None]
    assert amounts == [Decimal(a) for a in EXPECTED_AMOUNTS]
    # Every county's trace is there, line for line as explain_county renders it.
    traces = explain_all(outcome.result)
    for county, lines in traces.items():
        sheet_lines = [(r[2], r[3]) for r in rows if r[0] == county]
        assert sheet_lines == [(line.section_text(), line.text()) for line in lines]


def test_the_shared_lines_are_the_same_objects_in_every_county_trace(tiny_input: Path) -> None:
    """The 计算过程 sheet makes the text of ``Index.shared_lines`` once, found by identity:
    each must be the very object in every county's trace, and nothing else be."""
    loaded = load_year(tiny_input)
    result = compute(loaded.year_input, loaded.period)
    index = Index.of(result)
    shared = index.shared_lines()
    assert len(shared) == 2 + sum(len(head) for head in index.source_heads.values())
    for _, lines in explain_each(result, index):
        ids = {id(line) for line in lines}
        assert all(id(line) in ids for line in shared)
        assert sum(id(line) in {id(s) for s in shared} for line in lines) == len(shared)


def test_the_lines_are_what_the_dataclass_makes(tiny_input: Path) -> None:
    """``_line`` fills a line's dict at once: every line must equal, hash and hold (fields
    in order) what TraceLine's own constructor makes of its fields."""
    loaded = load_year(tiny_input)
    result = compute(loaded.year_input, loaded.period)
    for _, lines in explain_each(result):
        for line in lines:
            made = TraceLine(line.section, line.key, line.params, line.fen, line.level)
            assert line == made and hash(line) == hash(made)
            assert list(vars(line).items()) == list(vars(made).items())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_line_texts_are_the_catalog_labels_filled_in(tiny_input: Path, lang: Lang) -> None:
    """``TraceLine.text`` fills a label prepared once (``label_filler``): the same text as
    ``label`` with the parameters (a word of the catalog rendered), for every line."""
    loaded = load_year(tiny_input)
    result = compute(loaded.year_input, loaded.period)
    for _, lines in explain_each(result):
        for line in lines:
            values = {k: label(v.key, lang) if isinstance(v, Ref) else v for k, v in line.params}
            assert line.text(lang) == label(f"trace.{line.key}", lang, **values)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_prepared_label_fills_as_label_does(lang: Lang) -> None:
    """Every parameterised label, plural forms included (``{count:# county|# counties}``)."""
    for key in LABELS:
        names = fields(label(key, lang))
        if not names:
            continue
        for count in ("1", "3"):
            params = {name: count for name in names}
            assert label_filler(key, lang)(params) == label(key, lang, **params), key


def test_factor_method_trace(make_input: Callable[..., Path]) -> None:
    """因素法 with score 0.5 + mileage 0.5, min score 70: 丙县 (60) is out.
    Eligible totals: score 85 + 92.5 = 177.5, mileage 10 + 20 = 30.
    甲: 0.5 × 85/177.5 = 17/71, 0.5 × 10/30 = 1/6; weight = 17/71 + 1/6 = 173/426."""
    policy = HALF_VILLAGE.replace(
        'method = "coefficient"',
        'method = "factor"\nmin_score = "70"\nfactors = { score = "0.5", mileage = "0.5" }',
    )
    start = policy.index("need = ")
    end = policy.index("]", policy.index("bands = [")) + 1
    policy = policy[:start] + policy[end:]
    path = make_input(tiny_year(), policy=policy)
    loaded = load_year(path)
    result = compute(loaded.year_input, loaded.period)
    text = [line.text() for line in explain_county(result, "360101")]
    assert "绩效得分 85.00 ≥ 最低分 70.00 → 参与绩效考核资金分配" in text
    assert "绩效得分因素：0.50 × 85.00 ÷ 177.50 = 17/71 ≈ 0.239436619…" in text
    assert "里程因素：0.50 × 10.000 ÷ 30.000 = 1/6 ≈ 0.166666666…" in text
    assert "绩效权重 = 17/71 ≈ 0.239436619… + 1/6 ≈ 0.166666666… = 173/426 ≈ 0.406103286…" in text
    out = [line.text() for line in explain_county(result, "360103")]
    assert "绩效得分 60.00 低于最低分 70.00 → 不参与绩效考核资金分配，绩效权重 = 0" in out
    assert "权重为 0：本县区不分得此项资金，资金由其他县区按权重分配" in out
    # Both languages render every line of every county without a missing value.
    for lines in explain_all(result).values():
        for line in lines:
            assert "{" not in line.text("en") and "{" not in line.text("zh")


def test_offset_mode_and_need_column(make_input: Callable[..., Path]) -> None:
    """need = "column": 甲 5.00 × 1.0 = 5, 乙 10.00 × 1.2 = 12, 丙 2.50 × 0.8 = 2 (total 19).
    offset mode: 甲's net transfer = transfer total − due; the amounts differ from the
    mileage case, so the net is checked against the engine's total: total − 50.50."""
    policy = HALF_VILLAGE.replace('need = "mileage"', 'need = "column"').replace(
        'settlement_mode = "remit"', 'settlement_mode = "offset"'
    )
    rows = tiny_year()
    for row, need in zip(rows[PERFORMANCE.name], ("5.00", "10.00", "2.50"), strict=True):
        row["工作需求"] = Decimal(need)
    loaded = load_year(make_input(rows, policy=policy))
    result = compute(loaded.year_input, loaded.period)
    lines = explain_county(result, "360101")
    text = [line.text() for line in lines]
    assert "绩效权重 = 工作需求 5.00 × 系数 1.0 = 5.000" in text
    assert "全市绩效权重合计 = 19.000" in text
    county = result.settlement.counties[0]
    assert county.due == 5050
    total = result.allocation.transfer_total("360101")
    net = lines[-1]
    assert net.key == "net_offset" and net.fen == total - 5050
    assert net.text() == (
        f"净转移支付 = 转移支付合计 − 应上解 = {decimal_text(Fraction(total, 100), 2)} − 50.50"
        f" = {decimal_text(Fraction(total - 5050, 100), 2)} 元"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("10", "10.000"),
        ("70025/6", "11,670.833333…"),
        ("-1/3", "-0.333333…"),
        ("700.245", "700.245"),
    ],
)
def test_decimal_text_is_exact_or_cut_never_rounded_up(value: str, text: str) -> None:
    assert decimal_text(Fraction(value), 3 if value == "10" else 0, 6) == text


def test_exact_text_for_basis_csv() -> None:
    assert exact_text(Fraction(2822765, 1000), 3) == "2822.765"
    assert exact_text(Fraction(1605360, 1000), 3) == "1605.360"
    assert exact_text(Fraction(173, 426)) == "173/426"
