"""`roadfund compare` on two small runs, checked by hand; added/removed counties; bad folders.

Run A is the three-county year of test_explain (2023). Run B (2024) changes three things:
丙县 (360103) is gone, 丁县 (360104) comes with 丙县's exact figures (km 30, score 60.00),
甲县's score rises 85.00 → 95.00 (良 → 优, coefficient 1.0 → 1.2) and 甲县 prepays 150.00
instead of 100.00. The pools are the same in both years.

Daily weights stay 10 : 20 : 30, so every daily amount is unchanged (甲 116.71 / 58.33).
Performance weights become 甲 10 × 1.2 = 12, 乙 24, 丁 24 (total 60):
  central 30,010 fen × 12/60 = 6,002 exactly (2023: 5,174) → 甲 +8.28; 乙 12,004 (12,418) → −4.14
  provincial 15,000 × 12/60 = 3,000 (2,586) → 甲 +4.14; 乙 6,000 (6,207) → −2.07
  甲 central total 116.71 + 51.74 = 168.45 → 116.71 + 60.02 = 176.73; provincial 84.19 → 88.33
  乙 central 233.42 + 124.18 = 357.60 → 233.42 + 120.04 = 353.46; provincial 178.74 → 176.67
  丙 (removed) central 350.12 + 124.18 = 474.30, provincial 175.00 + 62.07 = 237.07
  丁 (added)   central 350.12 + 120.04 = 470.16, provincial 175.00 + 60.00 = 235.00
  city: central 1,000.35 and provincial 500.00 in both years: change 0.00
  (8.28 − 4.14 − 474.30 + 470.16 = 0 ✓)
Settlement: 甲 due 150.50 − 100.00 = 50.50 → 150.50 − 150.00 = 0.50, change −50.00.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_explain import HALF_VILLAGE, tiny_year

from roadfund.cli import cli
from roadfund.reader.run_folder import compare_folders
from roadfund.run import run
from roadfund.schema import COUNTIES, MILEAGE, PERFORMANCE, PREPAYMENTS
from roadfund.writers.template import write_input_workbook


def year_2024() -> dict[str, list[dict[str, object]]]:
    rows = tiny_year(2024)
    for sheet in (COUNTIES, MILEAGE, PERFORMANCE):
        for row in rows[sheet.name]:
            code = row.get("县区代码")
            if code == "360103":
                row["县区代码"] = "360104"
                if sheet is COUNTIES:
                    row.update({"县区名称": "丁县", "分中心名称": "丁分中心"})
    rows[COUNTIES.name].sort(key=lambda r: str(r["县区代码"]))
    rows[PERFORMANCE.name][0]["绩效得分"] = Decimal("95.00")
    rows[PREPAYMENTS.name][0]["已缴金额（元）"] = Decimal("150.00")
    return rows


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Output folders of the 2023 and 2024 tiny years (built once for this module)."""
    base = tmp_path_factory.mktemp("compare")
    (base / "policy.toml").write_text(HALF_VILLAGE, encoding="utf-8")
    outs = []
    for year, rows in ((2023, tiny_year(2023)), (2024, year_2024())):
        path = base / f"in-{year}.xlsx"
        write_input_workbook(path, rows, created=dt.datetime(year, 1, 1))
        out = base / f"out-{year}"
        run(path, None, out, force=False, lang="zh")
        outs.append(out)
    return outs[0], outs[1]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_terminal_tables_show_the_hand_checked_changes(runs: tuple[Path, Path]) -> None:
    a, b = runs
    code, stdout, stderr = invoke("compare", str(a), str(b))
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert lines[0] == f"对比 2023 年（{a}）→ 2024 年（{b}）；增减 = 2024 年 − 2023 年"
    rows = [line.split() for line in lines]
    assert [
        "360101", "甲县", "中央成品油资金", "0.00", "+8.28", "168.45", "176.73", "+8.28"
    ] in rows  # fmt: skip
    assert [
        "360101", "甲县", "省级路面养护补助", "0.00", "+4.14", "84.19", "88.33", "+4.14"
    ] in rows  # fmt: skip
    assert [
        "360102", "乙县", "中央成品油资金", "0.00", "-4.14", "357.60", "353.46", "-4.14"
    ] in rows  # fmt: skip
    assert [
        "360102", "乙县", "省级路面养护补助", "0.00", "-2.07", "178.74", "176.67", "-2.07"
    ] in rows  # fmt: skip
    assert ["360103", "丙县", "中央成品油资金", "474.30", "移除"] in rows
    assert ["360103", "丙县", "省级路面养护补助", "237.07", "移除"] in rows
    assert ["360104", "丁县", "中央成品油资金", "470.16", "新增"] in rows
    assert ["360104", "丁县", "省级路面养护补助", "235.00", "新增"] in rows
    assert [
        "合计", "中央成品油资金", "0.00", "0.00", "1,000.35", "1,000.35", "0.00"
    ] in rows  # fmt: skip
    assert ["合计", "省级路面养护补助", "0.00", "0.00", "500.00", "500.00", "0.00"] in rows
    # County table: converted mileage, score, grade, settlement due.
    assert [
        "360101", "甲县", "10.000", "10.000", "0.000", "85.00", "95.00", "+10.00", "良→优",
        "50.50", "0.50", "-50.00",
    ] in rows  # fmt: skip
    assert [
        "360102", "乙县", "20.000", "20.000", "0.000", "92.50", "92.50", "0.00", "优",
        "80.00", "80.00", "0.00",
    ] in rows  # fmt: skip
    assert ["360103", "丙县", "30.000", "60.00", "中", "0.00", "移除"] in rows
    assert ["360104", "丁县", "30.000", "60.00", "中", "0.00", "新增"] in rows


def test_the_comparison_is_exact_fen(runs: tuple[Path, Path]) -> None:
    comparison = compare_folders(*runs)
    by_key = {(c.county_code, c.source): c for c in comparison.amounts}
    change = by_key[("360101", "central")].change
    assert change is not None and (change.daily, change.performance, change.total) == (0, 828, 828)
    assert by_key[("360103", "central")].status == "removed"
    assert by_key[("360104", "provincial")].status == "added"
    assert by_key[("360104", "provincial")].change is None
    assert all(t.change is not None and t.change.total == 0 for t in comparison.source_totals)
    # The county changes of a source add up to the change of its city total.
    for source in ("central", "provincial"):
        before = sum(c.before.total for c in comparison.amounts if c.source == source and c.before)
        after = sum(c.after.total for c in comparison.amounts if c.source == source and c.after)
        assert before == after
    county = {c.county_code: c for c in comparison.counties}["360101"]
    assert county.due_change == -5000
    assert (county.grade.before, county.grade.after) == ("良", "优")


def test_the_comparison_workbook(runs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "cmp.xlsx"
    code, stdout, _ = invoke("compare", *map(str, runs), "--out", str(out))
    assert code == 0
    assert stdout.splitlines()[-1] == f"已写入：{out}"
    wb = openpyxl.load_workbook(out, data_only=True)  # the values written with the formulas
    assert wb.sheetnames == ["分配变化", "县区依据与清算变化"]
    rows = [r for r in wb["分配变化"].iter_rows(min_row=5, values_only=True) if r[1]]
    first = rows[0]
    assert first[:3] == ("360101", "甲县", "中央成品油资金")
    assert first[3:12] == (116.71, 116.71, 0, 51.74, 60.02, 8.28, 168.45, 176.73, 8.28)
    added = next(r for r in rows if r[0] == "360104" and r[2] == "中央成品油资金")
    assert added[9:13] == (None, 470.16, None, "新增")
    total = next(r for r in rows if r[1] == "合计" and r[2] == "中央成品油资金")
    assert total[9:12] == (1000.35, 1000.35, 0)
    formulas = openpyxl.load_workbook(out)["分配变化"]
    assert formulas["F5"].value == "=E5-D5"
    counties = [r for r in wb["县区依据与清算变化"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert counties[0][:2] == ("360101", "甲县")
    assert counties[0][5:13] == (85, 95, 10, "良", "优", 50.5, 0.5, -50)
    # The same command writes the same bytes again.
    again = tmp_path / "again.xlsx"
    invoke("compare", *map(str, runs), "--out", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_an_existing_out_file_needs_force(runs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "cmp.xlsx"
    out.write_bytes(b"keep")
    code, _, stderr = invoke("compare", *map(str, runs), "--out", str(out))
    assert code == 2
    assert "--force" in stderr
    assert out.read_bytes() == b"keep"
    assert invoke("compare", *map(str, runs), "--out", str(out), "--force")[0] == 0


def test_a_folder_that_is_not_a_run_exits_1(runs: tuple[Path, Path], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, stdout, stderr = invoke("compare", str(runs[0]), str(empty))
    assert code == 1
    assert stdout == ""
    assert stderr.strip() == f"「{empty}」不是 roadfund 的输出文件夹：缺少 manifest.json"
    code, _, stderr = invoke("compare", str(empty), str(runs[1]), "--lang", "en")
    assert code == 1
    assert stderr.strip() == f"'{empty}' is not a roadfund output folder: manifest.json is missing"


def test_a_damaged_run_names_file_row_and_column(runs: tuple[Path, Path], tmp_path: Path) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(runs[1], damaged)
    path = damaged / "allocations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    fields = lines[2].split(",")
    fields[4] = "1.005"
    lines[2] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, stderr = invoke("compare", str(runs[0]), str(damaged))
    assert code == 1
    assert stderr.strip().endswith("allocations.csv 第 3 行「daily」的值「1.005」无效")
    path.write_text("county,amount\n360101,1.00\n", encoding="utf-8")
    code, _, stderr = invoke("compare", str(runs[0]), str(damaged))
    assert code == 1
    assert stderr.strip().endswith(
        "allocations.csv 的表头不是 roadfund 的格式"
        "（缺少 year, source, county_code, county_name, daily, performance, total）"
    )
    (damaged / "manifest.json").write_text(json.dumps({"tool": "other"}), encoding="utf-8")
    code, _, stderr = invoke("compare", str(runs[0]), str(damaged))
    assert code == 1
    assert stderr.strip().endswith("manifest.json 不是 roadfund 写的清单")


def test_a_missing_folder_is_a_usage_error(runs: tuple[Path, Path], tmp_path: Path) -> None:
    assert invoke("compare", str(runs[0]), str(tmp_path / "nowhere"))[0] == 2


def test_a_run_without_basis_csv_still_compares_amounts(
    runs: tuple[Path, Path], tmp_path: Path
) -> None:
    older = tmp_path / "older"
    shutil.copytree(runs[0], older)
    (older / "basis.csv").unlink()
    code, stdout, _ = invoke("compare", str(older), str(runs[1]))
    assert code == 0
    assert "+8.28" in stdout
    assert stdout.splitlines()[-1] == (f"（{older} 没有 basis.csv，折算里程和绩效得分无法对比）")


def test_basis_csv_holds_exact_mileage_score_grade_and_weight(runs: tuple[Path, Path]) -> None:
    """甲 10.000 km, 85.00 良, weight 10 × 1.0; 乙 20 km × 1.2 = 24; 丙 30 × 0.8 = 24."""
    text = (runs[0] / "basis.csv").read_text(encoding="utf-8")
    assert text == (
        "year,county_code,county_name,converted_mileage_km,score,grade,performance_weight\n"
        "2023,360101,甲县,10.000,85.00,良,10\n"
        "2023,360102,乙县,20.000,92.50,优,24\n"
        "2023,360103,丙县,30.000,60.00,中,24\n"
    )
    manifest = json.loads((runs[0] / "manifest.json").read_text(encoding="utf-8"))
    assert "basis.csv" in manifest["outputs"]
