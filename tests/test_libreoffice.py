"""Every generated workbook, recalculated by LibreOffice, shows the values we wrote.

We write every formula with the engine's value; a viewer that recalculates (Excel, WPS,
LibreOffice) must land on the same number, or the county sees one figure on screen and
another in the CSV. So the summary and every county workbook of two runs (2023, Chinese,
remit, coefficient method; 2024, English, offset, factor method, a daily pool with an
exact half fen and a project exactly at the 30% floor) go through ONE headless soffice
call that loads them with recalculation forced — an isolated profile whose
registrymodifications.xcu sets Calc/Formula/Load/OOXMLRecalcMode = 0 ("always") — and
saves them as xlsx again. Each formula cell's recalculated value must equal ours: money
to the fen, other numbers to 1e-9 relative (remainders in fen, which lose digits to the
cancellation quota − floor, to 1e-5 fen). A canary workbook whose cached value is wrong
on purpose proves the recalculation happened.

Skips when soffice is absent — except under CI (the CI variable set), where it fails.
"""

from __future__ import annotations

import copy
import math
import os
import shutil
import subprocess
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from county_cases import FACTOR, policy_text, run_case

from roadfund.samples.jingdezhen import SAMPLE_YEARS
from roadfund.writers.county import COUNTY_DIR, REMAINDER_FORMAT
from roadfund.writers.xlsx_common import MONEY

RECALC_ALWAYS = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
CANARY = "canary.xlsx"
SOFFICE_TIMEOUT_S = 600


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def recalculate(files: list[Path], work: Path) -> Path:
    """Open every file in one headless LibreOffice with recalculation forced; save as xlsx."""
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    out = work / "recalculated"
    out.mkdir()
    command = [
        soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT_S, check=False
    )
    missing = [f.name for f in files if not (out / f.name).is_file()]
    assert not missing, f"soffice did not convert {missing}: {done.stdout}\n{done.stderr}"
    return out


def write_canary(path: Path) -> None:
    """=1+1 stored with the wrong value 3: a recalculating load shows 2."""
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("canary").write_formula(0, 0, "=1+1", None, 3)
    workbook.close()


def load(path: Path, data_only: bool) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def formula_cells(path: Path) -> Iterator[tuple[str, str, str, Any, str]]:
    """(sheet, cell, formula, cached value, number format) of every formula cell."""
    formulas, values = load(path, False), load(path, True)
    for ws in formulas.worksheets:
        cached = values[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    value = cached[cell.coordinate].value
                    yield ws.title, cell.coordinate, cell.value, value, cell.number_format


def same(ours: Any, theirs: Any, number_format: str) -> bool:
    if ours in (None, "") and theirs in (None, ""):  # an empty text result reads as None
        return True
    if isinstance(ours, str) or isinstance(theirs, str):
        return ours == theirs
    if not isinstance(ours, int | float) or not isinstance(theirs, int | float):
        return False
    if number_format == MONEY:
        return round(ours * 100) == round(theirs * 100)
    if number_format == REMAINDER_FORMAT:
        return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-5)
    return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)


def mismatches(original: Path, recalculated: Path) -> list[str]:
    theirs = load(recalculated, True)
    found = []
    for sheet, coordinate, formula, ours, number_format in formula_cells(original):
        value = theirs[sheet][coordinate].value
        if not same(ours, value, number_format):
            found.append(
                f"{original.name} {sheet}!{coordinate} {formula}: ours {ours!r}, LibreOffice {value!r}"
            )
    return found


def edge_rows_2024() -> dict[str, list[dict[str, object]]]:
    """The 2024 sample with edge cases for the float formulas.

    Central pool 51,206,300.00 − 2,900,000.05 = 48,306,299.95 元 = 4,830,629,995 fen;
    × 0.70 = 3,381,440,996.5 fen, an exact half → 3,381,440,997 fen (33,814,409.97 元).
    A project exactly at the 30% floor: 3.70 元 investment × 0.3 = 1.11 元 required, the
    city matches 1.11 元 → no shortfall (a naive float ROUNDUP asks for 1.12).
    """
    rows = copy.deepcopy(SAMPLE_YEARS[2024])
    central = next(r for r in rows["资金来源"] if r["代码"] == "central")
    central["市本级配套扣除（元）"] = Decimal("2900000.05")
    rows["配套资金"].append(
        {
            "项目编号": "2024-LM-99",
            "县区代码": "360203",
            "项目名称": "珠山区城区段边界测试工程",
            "省级补助（元）": Decimal("2.59"),
            "市级配套（元）": Decimal("1.11"),
            "县级配套（元）": Decimal("0"),
            "实际投入总额（元）": Decimal("3.70"),
        }
    )
    return rows


LARGE_PROJECTS = (
    # (id, city matching, county matching, investment, shortfall in fen, passes)
    # 0.30 × 3,456,789,012.34 = 1,037,036,703.702 → 1,037,036,703.71 required; 0.01 short.
    # (ROUNDUP in LibreOffice made the required .70 and the project pass.)
    ("2023-LM-90", "1000000000.00", "37036703.70", "3456789012.34", 1, False),
    # the range's top, 10^11 元: 30,000,000,000.00 required exactly; 0.01 short
    ("2023-LM-91", "20000000000.00", "9999999999.99", "100000000000.00", 1, False),
    # 99,999,999,999.99 × 0.30 = 29,999,999,999.997 → 30,000,000,000.00; matched exactly
    ("2023-LM-92", "20000000000.00", "10000000000.00", "99999999999.99", 0, True),
)


def large_rows_2023() -> dict[str, list[dict[str, object]]]:
    """The 2023 sample with three 珠山区 (360203) projects at the top of the SPEC's range."""
    rows = copy.deepcopy(SAMPLE_YEARS[2023])
    for project_id, city, county, investment, _, _ in LARGE_PROJECTS:
        rows["配套资金"].append(
            {
                "项目编号": project_id,
                "县区代码": "360203",
                "项目名称": "珠山区大额投资测试工程",
                "省级补助（元）": Decimal("0"),
                "市级配套（元）": Decimal(city),
                "县级配套（元）": Decimal(county),
                "实际投入总额（元）": Decimal(investment),
            }
        )
    return rows


def test_libreoffice_recalculates_every_workbook_to_our_values(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    soffice()
    runs = [
        run_case(
            make_input,
            large_rows_2023(),
            tmp_path / "out-2023",
            name="in-2023.xlsx",
            policy=policy_text("remit"),
        ),
        run_case(
            make_input,
            edge_rows_2024(),
            tmp_path / "out-2024",
            name="in-2024.xlsx",
            policy=policy_text("offset", FACTOR),
            lang="en",
        ),
    ]
    flat = tmp_path / "flat"
    flat.mkdir()
    files: list[Path] = []
    for i, outcome in enumerate(runs):
        books = sorted(outcome.out_dir.glob("*.xlsx")) + sorted(
            (outcome.out_dir / COUNTY_DIR).glob("*.xlsx")
        )
        assert len(books) == 1 + len(outcome.result.year_input.counties)
        for book in books:
            files.append(flat / f"run{i}-{book.name}")
            shutil.copy(book, files[-1])
    write_canary(flat / CANARY)

    out = recalculate([*files, flat / CANARY], tmp_path)

    assert load(out / CANARY, True)["canary"]["A1"].value == 2, "LibreOffice did not recalculate"
    problems = [problem for f in files for problem in mismatches(f, out / f.name)]
    assert not problems, "\n".join(problems[:40])
    checked = sum(1 for f in files for _ in formula_cells(f))
    assert checked > 500  # the workbooks are full of formulas; make sure we saw them
    # the large projects, as LibreOffice recalculated them, on the summary and the county's sheet
    lines = {line.id: line for line in runs[0].result.matching.projects}
    summary = load(out / next(f.name for f in files if f.name.startswith("run0-景德镇市")), True)
    county = load(out / next(f.name for f in files if f.name.startswith("run0-360203")), True)
    for project_id, _, _, _, shortfall, passes in LARGE_PROJECTS:
        assert lines[project_id].shortfall == shortfall and lines[project_id].passed is passes
        verdict = "达标" if passes else "未达标"
        row = next(r for r in summary["配套核查"].iter_rows(values_only=True) if r[1] == project_id)
        assert (round(row[11] * 100), row[12]) == (shortfall, verdict)
        row = next(r for r in county["配套核查"].iter_rows(values_only=True) if r[0] == project_id)
        assert (round(row[8] * 100), row[9]) == (shortfall, verdict)


def edit(
    path: Path, sheet: str, find: Callable[[tuple[Any, ...]], bool], col: int, value: float
) -> str:
    """Set column ``col`` (0-based) of the first row ``find`` accepts; return the cell."""
    book = load(path, False)
    ws = book[sheet]
    row = next(r for r in ws.iter_rows() if find(tuple(c.value for c in r)))
    row[col].value = value
    book.save(path)
    return row[col].coordinate


def test_an_edited_input_moves_the_verdict_and_the_direction(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    """A county edits its workbook as the issue describes and recalculates: 县级配套 raised
    so 昌江区's failing project (2023-LM-05, 503,111.80 short) and its county total pass;
    本年已预缴 raised above the actual cost so 应上解 becomes 应退还; in offset mode the
    notice's net transfer follows. The words no longer claim the old amount."""
    soffice()
    remit = run_case(
        make_input, copy.deepcopy(SAMPLE_YEARS[2023]), tmp_path / "remit", policy=policy_text()
    )
    offset = run_case(
        make_input,
        copy.deepcopy(SAMPLE_YEARS[2023]),
        tmp_path / "offset",
        name="offset.xlsx",
        policy=policy_text("offset"),
    )
    flat = tmp_path / "flat"
    flat.mkdir()
    books = []
    for name, outcome in (("remit", remit), ("offset", offset)):
        (source,) = (outcome.out_dir / COUNTY_DIR).glob("360202-*.xlsx")
        books.append(flat / f"{name}.xlsx")
        shutil.copy(source, books[-1])
    before = load(books[0], True)
    assert row_by(before["配套核查"], "2023-LM-05")[9] == "未达标"
    assert row_by(before["年终结算单"], "应结算金额（实际发生－已预缴）")[3] == "应上解"
    for book in books:
        edit(book, "配套核查", lambda r: r[0] == "2023-LM-05", 3, 1_000_000)
        edit(book, "年终结算单", lambda r: r[0] == "本年已预缴", 2, 99_999_999)
    write_canary(flat / CANARY)

    out = recalculate([*books, flat / CANARY], tmp_path)

    for book in books:
        after = load(out / book.name, True)
        matching = after["配套核查"]
        assert row_by(matching, "2023-LM-05")[8:10] == (0, "达标")
        assert row_by(matching, "昌江区合计")[9] == "达标"
        statement = after["年终结算单"]
        due = row_by(statement, "应结算金额（实际发生－已预缴）")
        assert due[2] < 0 and due[3] == "应退还"
        assert row_by(statement, "应结算金额（大写）")[2].startswith("金额已改动")
    notice = load(out / "offset.xlsx", True)["资金分配通知"]
    due = row_by(notice, "减：年终结算应上解（从上述资金中抵扣）")[3]
    net = row_by(notice, "抵扣后实际拨付")[3]
    total = row_by(notice, "合计")[3]
    assert due < 0 and round((total - due) * 100) == round(net * 100)
    assert row_by(notice, "合计金额（大写）")[1].startswith("人民币")  # the total is unchanged


def row_by(ws: Any, first: str) -> tuple[Any, ...]:
    return next(r for r in ws.iter_rows(values_only=True) if r[0] == first)
