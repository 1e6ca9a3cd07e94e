"""No formula injection (issue 5): names that start with ``= + - @`` are written as text.

An input's county, branch, project, cost-item, unit and city names are whatever the
county typed. Every workbook roadfund writes (summary, county, compare, what-if) must
hold them as strings, never as formulas; every CSV field starting with one of those
characters gets a leading ``'`` (OWASP's CSV-injection advice), while amounts keep their
minus sign.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from roadfund.cli import cli
from roadfund.samples.jingdezhen import SAMPLE_YEARS
from roadfund.writers.template import write_input_workbook

HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "+cmd|' /C calc'!A0"
PAYLOADS = {
    "county_name": HYPERLINK,
    "county_name_2": "+1+1",
    "county_name_3": "@SUM(A1)",
    "branch": "-2+3",  # also the 单位 of its cost lines
    "project_id": "=A1",
    "project_id_2": "-5",
    "project_name": HYPERLINK,
    "project_name_2": DDE,
    "cost_item": "=1+2",
    "cost_item_2": "@cmd",
    "city": "=景德镇市",
    "scenario": "=cmd",
    "description": "@SUM(A1:A9)",
}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def invoke(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run, a what-if and a comparison of an input full of formula-like names."""
    folder = tmp_path_factory.mktemp("injection")
    rows: dict[str, list[dict[str, Any]]] = copy.deepcopy(SAMPLE_YEARS[2023])
    counties = rows["县区"]
    counties[0]["县区名称"] = PAYLOADS["county_name"]
    counties[1]["县区名称"] = PAYLOADS["county_name_2"]
    counties[3]["县区名称"] = PAYLOADS["county_name_3"]
    old_branch = counties[2]["分中心名称"]
    counties[2]["分中心名称"] = PAYLOADS["branch"]
    for line in rows["中心经费"]:
        if line["单位"] == old_branch:
            line["单位"] = PAYLOADS["branch"]
    rows["中心经费"][0]["项目"] = PAYLOADS["cost_item"]
    rows["中心经费"][10]["项目"] = PAYLOADS["cost_item_2"]  # a branch's line: on its workbook
    projects = rows["配套资金"]
    projects[0].update({"项目编号": PAYLOADS["project_id"], "项目名称": HYPERLINK})
    projects[1]["项目编号"] = PAYLOADS["project_id_2"]
    projects[2]["项目名称"] = DDE  # 浮梁县's project
    for row in rows["基本信息"]:
        if row["项目"] == "城市":
            row["内容"] = PAYLOADS["city"]
    write_input_workbook(folder / "input.xlsx", rows, created=dt.datetime(2023, 1, 1))
    shutil.copy(Path(__file__).parent.parent / "inputs" / "policy.toml", folder)
    scenarios = folder / "scenarios.toml"
    scenarios.write_text(
        f'[[scenario]]\nname = "{PAYLOADS["scenario"]}"\n'
        f'description = "{PAYLOADS["description"]}"\ndaily_share = "0.60"\n',
        encoding="utf-8",
    )
    run, whatif = folder / "run", folder / "whatif"
    invoke("run", str(folder / "input.xlsx"), "--out", str(run))
    invoke(
        "whatif", str(folder / "input.xlsx"), "--scenarios", str(scenarios), "--out", str(whatif)
    )
    invoke("compare", str(run), str(run), "--out", str(folder / "compare" / "compare.xlsx"))
    return folder


def cells(path: Path) -> Iterator[tuple[str, Any]]:
    workbook = openpyxl.load_workbook(path)  # formulas as formulas (data_only=False)
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield f"{sheet.title}!{cell.coordinate}", cell


def test_every_workbook_holds_the_names_as_text_never_as_formulas(outputs: Path) -> None:
    """No formula mentions a name; every cell showing one is a string cell. (The
    comparison reads names back from the runs' CSVs, so it shows them with the CSV's
    leading apostrophe.)"""
    workbooks = sorted(outputs.glob("*/**/*.xlsx"))
    assert len(workbooks) == 1 + 4 + 1 + 1  # summary, counties, what-if, comparison
    payloads = set(PAYLOADS.values())
    seen: set[str] = set()
    for path in workbooks:
        in_this_one = 0
        for where, cell in cells(path):
            if cell.data_type == "f":
                formula = str(cell.value)
                assert not any(p in formula for p in payloads), (path.name, where, formula)
            elif isinstance(cell.value, str) and cell.value.removeprefix("'") in payloads:
                assert cell.data_type == "s", (path.name, where, cell.data_type)
                seen.add(cell.value.removeprefix("'"))
                in_this_one += 1
        assert in_this_one, f"{path.name} shows none of the names"
    assert payloads <= seen  # each name reached some workbook, as text


def csv_fields(outputs: Path) -> Iterator[tuple[str, str, str]]:
    for path in sorted(outputs.glob("*/*.csv")):
        text = path.read_text(encoding="utf-8")
        for row in csv.DictReader(io.StringIO(text)):
            for column, value in row.items():
                yield path.name, column, value


def test_csv_fields_are_neutralised_and_amounts_keep_their_sign(outputs: Path) -> None:
    """Names, branch, project numbers, scenario name and description get a leading ';
    negative amounts (e.g. settlement.csv variance of 浮梁县: 3,787,600.00 − 3,856,080.03
    = -68480.03) and what-if differences stay numbers with their minus sign."""
    quoted: set[str] = set()
    negative: set[str] = set()
    for name, column, value in csv_fields(outputs):
        if value.startswith("'"):
            quoted.add(value[1:])
        elif value.startswith("-"):
            assert AMOUNT.fullmatch(value), (name, column, value)
            negative.add(f"{name}:{column}")
        else:
            assert not value.startswith(TRIGGERS), (name, column, value)
    assert "settlement.csv:variance" in negative
    assert "whatif.csv:difference" in negative
    assert quoted == {
        HYPERLINK,
        "+1+1",
        "@SUM(A1)",
        "-2+3",
        "=A1",
        "-5",
        PAYLOADS["scenario"],
        PAYLOADS["description"],
    }
