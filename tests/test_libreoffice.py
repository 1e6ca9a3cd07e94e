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


def test_libreoffice_recalculates_every_workbook_to_our_values(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    soffice()
    runs = [
        run_case(
            make_input,
            copy.deepcopy(SAMPLE_YEARS[2023]),
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
