"""The 30% matching floor (SPEC §3.2): the engine, matching.csv (§6), the 配套核查 sheet,
the run's failure table, ``--strict`` (§5) and the 配套资金 validation messages.

Amounts below are 元 as written in the input; the engine works in fen. With floor 0.30
a project passes when city + county matching ≥ 0.3 × investment, and the shortfall is
ceil(0.3 × investment in fen) − matching.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from roadfund.cli import cli
from roadfund.engine.matching import check_matching, project_order
from roadfund.models import ProjectRow
from roadfund.writers.formulas import floor_places, required_formula

ROOT = Path(__file__).resolve().parent.parent
FLOOR = Fraction(3, 10)
PROJECTS_SHEET = "配套资金"
MATCHING_SHEET = "配套核查"
HEADER = "level,id,county_code,provincial,city_matching,county_matching,investment,ratio,shortfall,status"


def project(
    pid: str, county: str, provincial: str, city: str, county_matching: str, investment: str
) -> ProjectRow:
    """A validated 配套资金 row from 元 as text (as the cells would hold them)."""
    return ProjectRow.model_validate(
        project_cells(pid, county, provincial, city, county_matching, investment)
    )


def project_cells(
    pid: str, county: str, provincial: str, city: str, county_matching: str, investment: str
) -> dict[str, object]:
    return {
        "项目编号": pid,
        "县区代码": county,
        "项目名称": f"{pid} 路面修复工程",
        "省级补助（元）": Decimal(provincial),
        "市级配套（元）": Decimal(city),
        "县级配套（元）": Decimal(county_matching),
        "实际投入总额（元）": Decimal(investment),
    }


def fen_project(
    pid: str, county: str, city: int, county_matching: int, investment: int
) -> ProjectRow:
    """A project from amounts in fen (provincial subsidy 0)."""
    return ProjectRow.model_validate(
        {
            "项目编号": pid,
            "县区代码": county,
            "项目名称": pid,
            "省级补助（元）": 0,
            "市级配套（元）": Decimal(city) / 100,
            "县级配套（元）": Decimal(county_matching) / 100,
            "实际投入总额（元）": Decimal(investment) / 100,
        }
    )


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def after_elapsed(stdout: str) -> list[str]:
    """The lines `run` prints after its timing line: the matching report (the reviewer's
    warnings after it are tested in test_input_forgiving.py)."""
    lines = stdout.splitlines()
    index = next(i for i, line in enumerate(lines) if re.match(r"(用时|took) ", line))
    return [line for line in lines[index + 1 :] if not re.match(r"(提示|说明)：|Warning: ", line)]


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


# ---------------------------------------------------------------------------- engine


@pytest.mark.parametrize(
    ("investment", "required"),
    [
        # 0.3 × 370 fen = 111 fen exactly; as doubles 0.3*3.7*100 is just above 111.
        ("3.70", 111),
        # 0.3 × 123,456,910 fen = 37,037,073 fen exactly (another double trap).
        ("1234569.10", 37037073),
        ("1000000.00", 30000000),
    ],
)
def test_exactly_the_floor_passes_and_one_fen_less_fails(investment: str, required: int) -> None:
    """Matching of exactly 30% of the investment passes with no shortfall; one fen less
    fails with a shortfall of exactly one fen."""
    fen = int(Decimal(investment) * 100)
    at_floor = fen_project("P-1", "360202", required // 2, required - required // 2, fen)
    (line,) = check_matching([at_floor], FLOOR).projects
    assert line.required == required
    assert line.ratio == FLOOR
    assert line.passed
    assert line.shortfall == 0

    short = fen_project("P-1", "360202", required // 2, required - required // 2 - 1, fen)
    (line,) = check_matching([short], FLOOR).projects
    assert not line.passed
    assert line.shortfall == 1


def test_required_matching_rounds_up_to_the_next_fen() -> None:
    """4,905,372.64 元 × 0.3 = 1,471,611.792 元, so 1,471,611.80 元 is required: that
    passes (ratio just above 0.3); 1,471,611.79 fails with a 0.01 元 shortfall."""
    ok = project("P-1", "360202", "0", "600000.00", "871611.80", "4905372.64")
    short = project("P-2", "360202", "0", "600000.00", "871611.79", "4905372.64")
    result = check_matching([ok, short], FLOOR)
    first, second = result.projects
    assert first.required == second.required == 147161180
    assert (first.passed, first.shortfall) == (True, 0)
    assert (second.passed, second.shortfall) == (False, 1)
    assert first.ratio > FLOOR > second.ratio


amounts = st.integers(min_value=0, max_value=10**12)
decimal_floors = st.integers(min_value=0, max_value=4).flatmap(
    lambda places: st.integers(min_value=0, max_value=10**places).map(
        lambda n: Fraction(n, 10**places)
    )
)


@st.composite
def projects(draw: st.DrawFn, max_size: int = 8) -> list[ProjectRow]:
    """Projects in up to three counties: investment > 0, parts adding up to no more than it."""
    rows = []
    for i in range(draw(st.integers(min_value=1, max_value=max_size))):
        investment = draw(st.integers(min_value=1, max_value=10**12))
        city = draw(st.integers(min_value=0, max_value=investment))
        county = draw(st.integers(min_value=0, max_value=investment - city))
        code = draw(st.sampled_from(["360202", "360222", "360281"]))
        rows.append(fen_project(f"P-{i + 1}", code, city, county, investment))
    return rows


@settings(max_examples=100, deadline=None)
@given(projects())
def test_county_and_city_lines_are_the_sums_of_their_projects(rows: list[ProjectRow]) -> None:
    result = check_matching(rows, FLOOR)
    fields = ("provincial", "city_matching", "county_matching", "investment")
    for county in result.counties:
        own = [p for p in result.projects if p.county_code == county.id]
        assert own
        for name in fields:
            assert getattr(county, name) == sum(getattr(p, name) for p in own)
    assert result.city is not None
    for name in fields:
        assert getattr(result.city, name) == sum(getattr(p, name) for p in result.projects)
        assert getattr(result.city, name) == sum(getattr(c, name) for c in result.counties)
    assert [c.id for c in result.counties] == sorted({p.county_code for p in rows})


@settings(max_examples=200, deadline=None)
@given(projects(max_size=4), decimal_floors, st.data())
def test_adding_the_shortfall_to_county_matching_passes_and_one_fen_less_fails(
    rows: list[ProjectRow], floor: Fraction, data: st.DataObject
) -> None:
    """For each failing county: add its reported shortfall to the county matching of one of
    its projects and the county passes; add one fen less and it still fails."""
    result = check_matching(rows, floor)
    for county in result.counties:
        if county.passed:
            assert county.shortfall == 0
            continue
        own = [p for p in rows if p.county_code == county.id]
        target = data.draw(st.sampled_from(own))
        for extra, passes in ((county.shortfall, True), (county.shortfall - 1, False)):
            changed = [
                p.model_copy(update={"county_matching": p.county_matching + extra})
                if p is target
                else p
                for p in rows
            ]
            again = {c.id: c for c in check_matching(changed, floor).counties}[county.id]
            assert again.passed is passes
            assert again.shortfall == (0 if passes else 1)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**12), amounts, amounts, decimal_floors)
def test_a_project_passes_exactly_when_its_shortfall_is_zero(
    investment: int, city: int, county: int, floor: Fraction
) -> None:
    (line,) = check_matching([fen_project("P", "360202", city, county, investment)], floor).lines[
        :1
    ]
    assert line.passed is (line.shortfall == 0)
    assert line.passed is (Fraction(city + county, investment) >= floor)
    assert line.required == math.ceil(floor * investment)


def test_lines_are_projects_by_number_then_counties_by_code_then_the_city() -> None:
    """Digit runs in project numbers compare as numbers: JD-2 < JD-9 < JD-10 < JD-11."""
    rows = [
        fen_project("JD-10", "360281", 1, 1, 10),
        fen_project("JD-9", "360202", 1, 1, 10),
        fen_project("JD-11", "360222", 1, 1, 10),
        fen_project("JD-2", "360281", 1, 1, 10),
    ]
    for order in (rows, rows[::-1]):
        lines = check_matching(order, FLOOR).lines
        assert [(line.level, line.id) for line in lines] == [
            ("project", "JD-2"),
            ("project", "JD-9"),
            ("project", "JD-10"),
            ("project", "JD-11"),
            ("county", "360202"),
            ("county", "360222"),
            ("county", "360281"),
            ("city", "city"),
        ]
    assert sorted(["A-7", "07", "7", "A-07", "B"], key=project_order) == [
        "07",
        "7",
        "A-07",
        "A-7",
        "B",
    ]


# ------------------------------------------------------- the sheet's formula in doubles


def excel_required(floor: Fraction, investment: int) -> int:
    """The sheet's required-matching formula replayed in IEEE doubles, as Excel computes
    it: the floor cell and the investment cell hold the doubles nearest their decimals."""
    floor_cell, investment_cell = float(floor), investment / 100
    return math.ceil(round(floor_cell * investment_cell * 100, floor_places(floor)))


def test_the_plain_roundup_formula_would_be_a_fen_off_where_the_sheet_is_exact() -> None:
    """0.3 × 3.70 元 = 1.11 元 exactly, but ROUNDUP(0.3*3.7, 2) in doubles asks 1.12."""
    assert math.ceil(0.3 * 3.7 * 100) == 112
    assert excel_required(FLOOR, 370) == 111
    assert required_formula("$B$4", "H8", floor_places(FLOOR)) == (
        "=-INT(-ROUND($B$4*H8*100,1))/100"
    )
    assert floor_places(Fraction(1, 4)) == 2
    assert floor_places(Fraction(0)) == 0


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_sheet_formula_equals_the_engine_to_the_fen(data: st.DataObject) -> None:
    """Floors with up to 2 decimals over the SPEC's whole range (10^11 元); with 3–4
    decimals up to 10^9 元. Half the investments put floor × investment exactly on a
    fen, where a float product that lands a hair above would ask for one fen more."""
    places = data.draw(st.integers(min_value=0, max_value=4))
    floor = Fraction(data.draw(st.integers(min_value=0, max_value=10**places)), 10**places)
    top = 10**13 if places <= 2 else 10**11
    if data.draw(st.booleans()):
        step = floor.denominator
        investment = step * data.draw(st.integers(min_value=1, max_value=top // step))
    else:
        investment = data.draw(st.integers(min_value=1, max_value=top))
    assert excel_required(floor, investment) == math.ceil(floor * investment)


# ------------------------------------------------------------- through the command line

# A hand-checked case (floor 0.30), listed out of order on purpose:
#   JD-10 浮梁县 360222: 100,000 + 200,000 = 300,000.00 of 1,000,000.00 → exactly 0.3000, pass
#   JD-9  乐平市 360281:  10,000 +  15,000 =  25,000.00 of   100,000.01;
#         0.3 × 10,000,001 fen = 3,000,000.3 → required 30,000.01, shortfall 5,000.01;
#         ratio 25,000 / 100,000.01 = 0.24999975 → 0.2500, fail
#   JD-2  乐平市 360281:  40,000 +  30,000 =  70,000.00 of   200,000.00 → 0.3500, pass
#   JD-11 昌江区 360202:       0 + 33,333.33 of 111,111.11;
#         0.3 × 11,111,111 fen = 3,333,333.3 → required 33,333.34, shortfall 0.01;
#         ratio 0.2999999730 → 0.3000 (rounded), fail
# Counties: 360202 = JD-11 (fail, 0.01); 360222 = JD-10 (pass); 珠山区 360203 has no
#   project and no line; 360281 = JD-2 + JD-9: provincial 60,000 + 120,000 = 180,000.00,
#   matching 95,000.00 of 300,000.01; required ceil(9,000,000.3 fen) = 90,000.01 → pass,
#   ratio 95,000 / 300,000.01 = 0.31666666 → 0.3167.
# City: provincial 680,000.00, city 150,000.00, county 278,333.33, investment
#   1,411,111.12; matching 428,333.33 ≥ ceil(0.3 × 141,111,112 fen = 42,333,333.6) =
#   423,333.34 → pass, ratio 0.30354330 → 0.3035.
HAND_CHECKED = [
    ("JD-10", "360222", "500000.00", "100000.00", "200000.00", "1000000.00"),
    ("JD-9", "360281", "60000.00", "10000.00", "15000.00", "100000.01"),
    ("JD-2", "360281", "120000.00", "40000.00", "30000.00", "200000.00"),
    ("JD-11", "360202", "0.00", "0.00", "33333.33", "111111.11"),
]
HAND_CHECKED_CSV = f"""{HEADER}
project,JD-2,360281,120000.00,40000.00,30000.00,200000.00,0.3500,0.00,pass
project,JD-9,360281,60000.00,10000.00,15000.00,100000.01,0.2500,5000.01,fail
project,JD-10,360222,500000.00,100000.00,200000.00,1000000.00,0.3000,0.00,pass
project,JD-11,360202,0.00,0.00,33333.33,111111.11,0.3000,0.01,fail
county,360202,360202,0.00,0.00,33333.33,111111.11,0.3000,0.01,fail
county,360222,360222,500000.00,100000.00,200000.00,1000000.00,0.3000,0.00,pass
county,360281,360281,180000.00,50000.00,45000.00,300000.01,0.3167,0.00,pass
city,city,,680000.00,150000.00,278333.33,1411111.12,0.3035,0.00,pass
"""


@pytest.fixture
def hand_checked(make_input: Callable[..., Path], sample_rows: dict[str, Any]) -> Path:
    sample_rows[PROJECTS_SHEET] = [project_cells(*p) for p in HAND_CHECKED]
    return make_input(sample_rows)


def test_matching_csv_holds_the_hand_checked_rows(hand_checked: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, _ = invoke("run", str(hand_checked), "--out", str(out))
    assert code == 0
    assert (out / "matching.csv").read_text(encoding="utf-8") == HAND_CHECKED_CSV


def test_strict_exits_3_and_the_table_names_the_failing_project_and_county(
    hand_checked: Path, tmp_path: Path
) -> None:
    code, stdout, stderr = invoke(
        "run", str(hand_checked), "--out", str(tmp_path / "a"), "--strict"
    )
    assert code == 3
    assert after_elapsed(stdout) == [
        "配套核查：3 项低于 30% 下限（景府发〔2022〕7号）：",
        "  层级  编号    县区    配套比例  配套缺口（元）",
        "  项目  JD-9    乐平市    25.00%        5,000.01",
        "  项目  JD-11   昌江区    30.00%            0.01",
        "  县区  360202  昌江区    30.00%            0.01",
    ]
    assert stderr.splitlines() == ["--strict：配套核查未通过，退出码 3"]
    assert (tmp_path / "a" / "matching.csv").exists()  # done, then exit 3

    code, stdout, _ = invoke("run", str(hand_checked), "--out", str(tmp_path / "b"), "--lang", "en")
    assert code == 0  # without --strict a failing check does not change the exit status
    assert after_elapsed(stdout)[:3] == [
        "Matching check: 3 lines below the 30% floor (景府发〔2022〕7号):",
        "  Level    Number  County  Matching ratio  Shortfall (yuan)",
        "  Project  JD-9    乐平市          25.00%          5,000.01",
    ]


def test_json_output_of_run_carries_the_failures(hand_checked: Path, tmp_path: Path) -> None:
    code, stdout, stderr = invoke(
        "run", str(hand_checked), "--out", str(tmp_path / "out"), "--json", "--strict"
    )
    assert code == 3
    assert stderr == ""
    matching = json.loads(stdout)["matching"]
    assert matching["passed"] is False
    assert (matching["floor"], matching["projects"], matching["counties"]) == ("0.3", 4, 3)
    assert [(f["level"], f["id"], f["shortfall"], f["ratio"]) for f in matching["failures"]] == [
        ("project", "JD-9", "5000.01", "0.2500"),
        ("project", "JD-11", "0.01", "0.3000"),
        ("county", "360202", "0.01", "0.3000"),
    ]
    assert matching["failures"][0]["required"] == "30000.01"


def test_the_fen_boundary_through_the_cli_and_the_sheet(
    make_input: Callable[..., Path], sample_rows: dict[str, Any], tmp_path: Path
) -> None:
    """1,234,569.10 元 × 0.3 = 370,370.73 元 exactly (a product that doubles overshoot).
    P-1 (昌江区) matches exactly that and passes; P-2 (乐平市) one fen less, and fails by
    0.01; the city, 740,741.45 of 2,469,138.20 (required 740,741.46), fails by 0.01."""
    sample_rows[PROJECTS_SHEET] = [
        project_cells("P-1", "360202", "800000.00", "200000.00", "170370.73", "1234569.10"),
        project_cells("P-2", "360281", "800000.00", "200000.00", "170370.72", "1234569.10"),
    ]
    out = tmp_path / "out"
    code, stdout, _ = invoke("run", str(make_input(sample_rows)), "--out", str(out), "--strict")
    assert code == 3
    assert read_csv(out / "matching.csv")[1:] == [
        ["project", "P-1", "360202", "800000.00", "200000.00", "170370.73", "1234569.10", "0.3000", "0.00", "pass"],
        ["project", "P-2", "360281", "800000.00", "200000.00", "170370.72", "1234569.10", "0.3000", "0.01", "fail"],
        ["county", "360202", "360202", "800000.00", "200000.00", "170370.73", "1234569.10", "0.3000", "0.00", "pass"],
        ["county", "360281", "360281", "800000.00", "200000.00", "170370.72", "1234569.10", "0.3000", "0.01", "fail"],
        ["city", "city", "", "1600000.00", "400000.00", "340741.45", "2469138.20", "0.3000", "0.01", "fail"],
    ]  # fmt: skip
    assert after_elapsed(stdout)[2:] == [
        "  项目  P-2     乐平市      30.00%            0.01",
        "  县区  360281  乐平市      30.00%            0.01",
        "  全市  全市    景德镇市    30.00%            0.01",
    ]
    (summary,) = out.glob("*.xlsx")
    values = openpyxl.load_workbook(summary, data_only=True)[MATCHING_SHEET]
    formulas = openpyxl.load_workbook(summary)[MATCHING_SHEET]
    # Header on row 7; P-1 on row 8. Required (K), shortfall (L), result (M).
    assert [values[f"{c}8"].value for c in "KLM"] == [370370.73, 0, "达标"]
    assert [values[f"{c}9"].value for c in "KLM"] == [370370.73, 0.01, "未达标"]
    assert formulas["K8"].value == "=-INT(-ROUND($B$4*H8*100,1))/100"
    assert formulas["L8"].value == "=MAX(0,ROUND((K8-I8)*100,0)/100)"


def test_the_summary_sheet_shows_every_line_with_live_formulas(
    hand_checked: Path, tmp_path: Path
) -> None:
    """The 配套核查 sheet follows the performance sheet; the floor (30%) and the policy
    stand above the table; each line's cached values are the engine's; failing rows are
    red; county amounts are SUMIFs over their projects, the city's SUMs."""
    out = tmp_path / "out"
    invoke("run", str(hand_checked), "--out", str(out))
    (summary,) = out.glob("*.xlsx")
    workbook = openpyxl.load_workbook(summary, data_only=True)
    names = workbook.sheetnames
    assert names.index(MATCHING_SHEET) == names.index("绩效考核资金测算") + 1
    ws = workbook[MATCHING_SHEET]
    formulas = openpyxl.load_workbook(summary)[MATCHING_SHEET]
    assert (ws["A4"].value, ws["B4"].value) == ("配套比例下限", 0.3)
    assert ws["B4"].number_format == "0.00%"
    assert "景府发〔2022〕7号" in ws["C4"].value
    assert [c.value for c in ws[7]][:4] == ["层级", "编号", "县区代码", "名称"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=8, max_row=15)]
    expected = list(csv.reader(io.StringIO(HAND_CHECKED_CSV)))[1:]
    for index, (row, line) in enumerate(zip(rows, expected, strict=True)):
        level, id_, code, prov, city, county, inv, ratio, shortfall, status = line
        assert row[0] == {"project": "项目", "county": "县区", "city": "全市"}[level]
        assert row[1:3] == ([id_, code] if level != "city" else ["", ""])
        assert row[4:8] == [float(prov), float(city), float(county), float(inv)]
        assert row[8] == float(Decimal(city) + Decimal(county))
        assert round(row[9], 4) == float(ratio)
        assert row[11] == float(shortfall)
        assert row[12] == {"pass": "达标", "fail": "未达标"}[status]
        assert formulas.cell(index + 8, 1).fill.fgColor.rgb == "00000000"  # no fixed fill
    # red by conditional formatting: the colour follows the shortfall after a recalculation
    (rule_range,) = [str(r.sqref) for r in formulas.conditional_formatting]
    assert rule_range == "A8:M15"
    (rule,) = formulas.conditional_formatting[rule_range]
    assert rule.formula == ["ROUND($L8*100,0)>0"]
    assert rule.dxf.fill.bgColor.rgb == "FFFDE2E1"
    assert formulas["E12"].value == "=SUMIF($C$8:$C$11,C12,$E$8:$E$11)"
    assert formulas["H15"].value == "=SUM($H$8:$H$11)"
    assert formulas["M9"].value == '=IF(ROUND(L9*100,0)>0,"未达标","达标")'


def test_fixing_the_samples_shortfall_makes_every_check_pass(
    make_input: Callable[..., Path], sample_rows: dict[str, Any], tmp_path: Path
) -> None:
    """The sample's 2023-LM-05 is short by 503,111.80 元 (0.3 × 4,905,372.64 =
    1,471,611.792 → 1,471,611.80 required, 968,500.00 matched). Adding exactly that to its
    county matching makes it, 昌江区 and every other line pass: one line, exit 0 with
    --strict."""
    (row,) = [r for r in sample_rows[PROJECTS_SHEET] if r["项目编号"] == "2023-LM-05"]
    row["县级配套（元）"] += Decimal("503111.80")
    code, stdout, _ = invoke(
        "run", str(make_input(sample_rows)), "--out", str(tmp_path / "out"), "--strict"
    )
    assert code == 0
    assert after_elapsed(stdout) == [
        "配套核查：全部 8 个项目、4 个县区及全市的市县配套均不低于实际投入总额的 30%。"
    ]


def test_a_policy_period_with_another_floor_is_honoured(
    make_input: Callable[..., Path], sample_rows: dict[str, Any], tmp_path: Path
) -> None:
    """A 2020 period at 0.25 before the shipped 2023 period at 0.30. The project matches
    26,000.00 of 100,000.00 = 0.26: in 2020 it passes (required 25,000.00); in 2023 it
    fails by 30,000.00 − 26,000.00 = 4,000.00."""
    shipped = (ROOT / "inputs" / "policy.toml").read_text(encoding="utf-8")
    period_2020 = (
        shipped[shipped.index("\n[[period]]") :]
        .replace("from_year = 2023", "from_year = 2020")
        .replace('matching_floor = "0.30"', 'matching_floor = "0.25"')
        .replace('reference = "景府发〔2022〕7号"', 'reference = "2020 年示例时段"')
    )
    policy = shipped + "\n" + period_2020
    sample_rows[PROJECTS_SHEET] = [
        project_cells("P-1", "360202", "70000.00", "10000.00", "16000.00", "100000.00")
    ]
    results = {}
    for year in (2020, 2023):
        for info in sample_rows["基本信息"]:
            if info["项目"] == "年度":
                info["内容"] = year
            if info["项目"] == "编制日期":  # it must lie in the year (or the one after)
                info["内容"] = dt.date(year, 3, 31)
        path = make_input(sample_rows, name=f"in-{year}.xlsx", policy=policy)
        out = tmp_path / f"out-{year}"
        code, _, _ = invoke("run", str(path), "--out", str(out), "--strict")
        results[year] = (code, read_csv(out / "matching.csv")[1])
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["policy_period"]["from_year"] == year
    assert results[2020] == (
        0,
        ["project", "P-1", "360202", "70000.00", "10000.00", "16000.00", "100000.00", "0.2600", "0.00", "pass"],
    )  # fmt: skip
    assert results[2023] == (
        3,
        ["project", "P-1", "360202", "70000.00", "10000.00", "16000.00", "100000.00", "0.2600", "4000.00", "fail"],
    )  # fmt: skip
    (summary,) = (tmp_path / "out-2020").glob("*.xlsx")
    ws = openpyxl.load_workbook(summary)[MATCHING_SHEET]
    assert ws["B4"].value == 0.25
    assert ws["C4"].value.startswith("依据：2020 年示例时段")
    assert ws["K8"].value == "=-INT(-ROUND($B$4*H8*100,2))/100"


# ------------------------------------------------------------ validating 配套资金


def test_project_rows_are_validated_with_sheet_and_cell(
    make_input: Callable[..., Path], sample_rows: dict[str, Any]
) -> None:
    """Columns: A 项目编号, B 县区代码, ..., G 实际投入总额; data from row 2."""
    sample_rows[PROJECTS_SHEET] = [
        project_cells("P-1", "360202", "10.00", "10.00", "10.00", "100.00"),
        project_cells("P-1", "360202", "10.00", "10.00", "10.00", "100.00"),
        project_cells("P-3", "999999", "10.00", "10.00", "10.00", "100.00"),
        project_cells("P-4", "360222", "0", "0", "0", "0"),
        project_cells("P-5", "360281", "100.00", "30.00", "20.00", "149.99"),
    ]
    path = make_input(sample_rows)
    code, stdout, stderr = invoke("check", str(path))
    assert code == 1
    assert stdout == ""
    assert stderr.splitlines() == [
        "输入有 4 处问题，未写入任何文件：",
        "  配套资金!A3（项目编号）：项目编号「P-1」重复（首次出现在第 2 行）",
        "  配套资金!B4（县区代码）：县区代码「999999」不在「县区」表中",
        "  配套资金!G5（实际投入总额（元））：实际投入总额必须大于 0",
        "  配套资金!G6（实际投入总额（元））：实际投入总额 149.99 元小于省级补助与市县配套之和 150.00 元",
    ]
    code, _, stderr = invoke("check", str(path), "--lang", "en")
    assert stderr.splitlines()[1:] == [
        "  配套资金!A3 (项目编号): project number 'P-1' is repeated (first on row 2)",
        "  配套资金!B4 (县区代码): county code '999999' is not in the sheet 县区",
        "  配套资金!G5 (实际投入总额（元）): the total investment must be greater than 0",
        "  配套资金!G6 (实际投入总额（元）): the total investment 149.99 yuan is less than the subsidy and matching together, 150.00 yuan",
    ]


def test_no_projects_means_nothing_to_check(
    make_input: Callable[..., Path], sample_rows: dict[str, Any], tmp_path: Path
) -> None:
    """An empty 配套资金 sheet: matching.csv has its header only, the sheet says so, the
    run says so in one line, and --strict has nothing to fail on."""
    sample_rows[PROJECTS_SHEET] = []
    out = tmp_path / "out"
    code, stdout, _ = invoke("run", str(make_input(sample_rows)), "--out", str(out), "--strict")
    assert code == 0
    assert (out / "matching.csv").read_text(encoding="utf-8") == HEADER + "\n"
    assert after_elapsed(stdout) == ["配套核查：「配套资金」表没有项目。"]
    (summary,) = out.glob("*.xlsx")
    ws = openpyxl.load_workbook(summary)[MATCHING_SHEET]
    assert ws["A8"].value == "「配套资金」表没有项目，无需核查。"
