"""The input template and the sample years: sheets, typed cells, validations, stable bytes,
and a sample that keeps the SPEC's input rules (§4.1) while telling its story."""

from __future__ import annotations

import datetime
import hashlib
import tomllib
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.worksheet import Worksheet

from roadfund.money import km_to_metres, to_hundredths, yuan_to_fen
from roadfund.samples.jingdezhen import SAMPLE_NOTE, SAMPLE_YEARS
from roadfund.schema import (
    CENTER_COSTS,
    COST_CATEGORIES,
    COUNTIES,
    COUNTY_BORNE_CATEGORIES,
    FUND_SOURCES,
    INFO,
    INFO_CITY,
    INFO_DATE,
    INFO_KEYS,
    INFO_OPTIONAL_KEYS,
    INFO_YEAR,
    MILEAGE,
    PERFORMANCE,
    PREPAYMENTS,
    PROJECTS,
    ROAD_CLASS_NAMES,
    SHEETS,
    SOURCES,
    Kind,
    Sheet,
)
from roadfund.writers.template import (
    COUNTY_LIST_NAME,
    GUIDE_SHEET,
    VALIDATION_LAST_ROW,
    write_input_workbook,
    write_template,
)

INPUTS = Path(__file__).resolve().parents[1] / "inputs"
YEARS = sorted(SAMPLE_YEARS)
FORMATS = {Kind.YUAN: "#,##0.00", Kind.KM: "0.000", Kind.SCORE: "0.00", Kind.CODE: "@"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The blank template and each sample year, written once for the module."""
    folder = tmp_path_factory.mktemp("template")
    paths = {"blank": folder / "blank.xlsx"}
    write_template(paths["blank"], sample=False)
    for year in YEARS:
        paths[str(year)] = folder / f"sample-{year}.xlsx"
        write_template(paths[str(year)], sample=True, year=year)
    return paths


def load(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def header(ws: Worksheet) -> list[object]:
    return [cell.value for cell in ws[1]]


def column_letter(sheet: Sheet, key: str) -> str:
    return openpyxl.utils.get_column_letter(sheet.columns.index(sheet.column(key)) + 1)


def column_dimension(ws: Worksheet, sheet: Sheet, key: str) -> ColumnDimension:
    """The width/format entry covering a column (openpyxl groups equal neighbours)."""
    index = sheet.columns.index(sheet.column(key)) + 1
    return next(d for d in ws.column_dimensions.values() if d.min <= index <= d.max)


def fen(row: dict[str, object], sheet: Sheet, key: str) -> int:
    return yuan_to_fen(row.get(sheet.column(key).header, 0))


def city_units(year: int) -> list[str]:
    """市本级单位 from the shipped policy file's period for ``year``."""
    policy = tomllib.loads((INPUTS / "policy.toml").read_text(encoding="utf-8"))
    periods = [p for p in policy["period"] if p["from_year"] <= year]
    return max(periods, key=lambda p: p["from_year"])["city_units"]


# -- structure ---------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["blank", *map(str, YEARS)])
def test_every_schema_sheet_and_header_in_order(written: dict[str, Path], which: str) -> None:
    wb = load(written[which])
    assert wb.sheetnames == [GUIDE_SHEET, *(sheet.name for sheet in SHEETS)]
    for sheet in SHEETS:
        ws = wb[sheet.name]
        assert header(ws) == [column.header for column in sheet.columns]
        assert ws.freeze_panes == "A2"
        assert all(cell.font.b for cell in ws[1])


def test_blank_template_lists_the_info_items_and_nothing_else(written: dict[str, Path]) -> None:
    wb = load(written["blank"])
    info = wb[INFO.name]
    assert [(a.value, b.value) for a, b in info.iter_rows(min_row=2)] == [
        (key, None) for key in (*INFO_KEYS, *INFO_OPTIONAL_KEYS)
    ]
    for sheet in SHEETS[1:]:
        assert wb[sheet.name].max_row == 1, sheet.name


def test_blank_columns_are_preformatted(written: dict[str, Path]) -> None:
    """An empty template still types what people enter: codes as text, amounts as 元."""
    wb = load(written["blank"])
    for sheet in SHEETS[1:]:
        ws = wb[sheet.name]
        for column in sheet.columns:
            if column.kind in FORMATS:
                dimension = column_dimension(ws, sheet, column.key)
                assert dimension.number_format == FORMATS[column.kind], column.header


def test_column_widths_fit_chinese_headers(written: dict[str, Path]) -> None:
    ws = load(written["blank"])[SOURCES.name]
    width = column_dimension(ws, SOURCES, "city_deduction").width
    assert width >= 2 * len("市本级配套扣除（元）")


# -- values --------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_sample_values_round_trip_exactly(written: dict[str, Path], year: int) -> None:
    wb = load(written[str(year)])
    for sheet in SHEETS:
        rows = SAMPLE_YEARS[year][sheet.name]
        ws = wb[sheet.name]
        assert ws.max_row == len(rows) + 1, sheet.name
        for excel_row, source in enumerate(rows, start=2):
            for col, column in enumerate(sheet.columns, start=1):
                cell = ws.cell(excel_row, col)
                expected = source.get(column.header)
                where = f"{sheet.name}!{cell.coordinate}"
                if expected is None:
                    assert cell.value is None, where
                elif isinstance(expected, str):
                    assert cell.value == expected and cell.data_type == "s", where
                elif isinstance(expected, datetime.date):
                    assert cell.value.date() == expected, where
                    assert cell.number_format == "yyyy-mm-dd", where
                else:
                    assert type(cell.value) in (int, float), where
                    assert Decimal(repr(cell.value)) == Decimal(expected), where
                if column.kind in FORMATS and expected is not None:
                    assert cell.number_format == FORMATS[column.kind], where


@pytest.mark.parametrize("year", YEARS)
def test_codes_stay_text(written: dict[str, Path], year: int) -> None:
    wb = load(written[str(year)])
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.kind is not Kind.CODE:
                continue
            cells = wb[sheet.name][column_letter(sheet, column.key)][1:]
            assert cells
            assert all(isinstance(c.value, str) and len(c.value) == 6 for c in cells)


def test_refuses_float_unknown_names_and_a_date_as_created(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    created = datetime.datetime(2023, 1, 1)
    with pytest.raises(TypeError, match="float"):
        write_input_workbook(
            path, {MILEAGE.name: [{"县区代码": "360202", "国道": 1.5}]}, created=created
        )
    with pytest.raises(ValueError, match="unknown sheet"):
        write_input_workbook(path, {"养护里程表": []}, created=created)
    with pytest.raises(ValueError, match="unknown column"):
        write_input_workbook(path, {MILEAGE.name: [{"县区编码": "360202"}]}, created=created)
    with pytest.raises(TypeError, match="datetime"):
        write_input_workbook(path, None, created=datetime.date(2023, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no sample"):
        write_template(path, sample=True, year=1999)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    rows = [{"项目编号": "=1+1", "项目名称": "http://example.org", "县区代码": "0360202"}]
    write_input_workbook(path, {PROJECTS.name: rows}, created=datetime.datetime(2023, 1, 1))
    ws = load(path)[PROJECTS.name]
    assert [(c.value, c.data_type) for c in ws[2][:3]] == [
        ("=1+1", "s"),
        ("0360202", "s"),
        ("http://example.org", "s"),
    ]
    assert all(cell.hyperlink is None for cell in ws[2])


# -- the 说明 sheet and validations ---------------------------------------------------------


def guide_text(path: Path) -> str:
    ws = load(path)[GUIDE_SHEET]
    return "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)


def test_guide_explains_policy_sheets_and_columns(written: dict[str, Path]) -> None:
    text = guide_text(written["blank"])
    for phrase in ("景府发〔2022〕7号", "70%", "30%", "元", "公里", "年末", "可选"):
        assert phrase in text
    for sheet in SHEETS:
        assert sheet.name in text
        for column in sheet.columns:
            assert column.header in text
    assert "非官方数据" not in text


@pytest.mark.parametrize("year", YEARS)
def test_sample_guide_says_the_figures_are_illustrative(
    written: dict[str, Path], year: int
) -> None:
    assert SAMPLE_NOTE in guide_text(written[str(year)])
    assert "非官方数据" in SAMPLE_NOTE
    info = {row["项目"]: row["内容"] for row in rows_of(year, INFO)}
    created = datetime.datetime.combine(info[INFO_DATE], datetime.time())
    assert load(written[str(year)]).properties.created == created


def validations_by_column(ws: Worksheet) -> dict[str, object]:
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            assert cell_range.min_col == cell_range.max_col
            found[openpyxl.utils.get_column_letter(cell_range.min_col)] = (dv, cell_range)
    return found


@pytest.mark.parametrize("which", ["blank", "2023"])
def test_every_input_column_has_a_validation_with_a_message(
    written: dict[str, Path], which: str
) -> None:
    wb = load(written[which])
    for sheet in SHEETS:
        found = validations_by_column(wb[sheet.name])
        for column in sheet.columns:
            where = f"{sheet.name}!{column.header}"
            dv, cell_range = found[column_letter(sheet, column.key)]
            last = (
                len(INFO_KEYS) + len(INFO_OPTIONAL_KEYS) + 1
                if sheet is INFO
                else VALIDATION_LAST_ROW
            )
            assert (cell_range.min_row, cell_range.max_row) == (2, last), where
            assert dv.showInputMessage and dv.promptTitle == column.header, where
            assert 0 < len(dv.prompt) <= 255, where
            rule = (dv.type, dv.operator, dv.formula1, dv.formula2)
            if column.kind in (Kind.YUAN, Kind.KM, Kind.NEED):
                assert rule == ("decimal", "greaterThanOrEqual", "0", None), where
            elif column.kind is Kind.SCORE:
                assert rule == ("decimal", None, "0", "100"), where
            elif column.kind is Kind.CODE and sheet is not COUNTIES:
                assert rule == ("list", None, COUNTY_LIST_NAME, None), where
    assert "最多2位小数" in found[column_letter(PREPAYMENTS, "amount")][0].prompt
    assert "最多3位小数" in validations_by_column(wb[MILEAGE.name])["B"][0].prompt


def test_drop_downs_list_the_allowed_values(written: dict[str, Path]) -> None:
    wb = load(written["blank"])
    county_list = wb.defined_names[COUNTY_LIST_NAME].attr_text
    letter = column_letter(COUNTIES, "code")
    assert county_list == f"'{COUNTIES.name}'!${letter}$2:${letter}${VALIDATION_LAST_ROW}"

    def listed(sheet: Sheet, key: str) -> str:
        dv = validations_by_column(wb[sheet.name])[column_letter(sheet, key)][0]
        assert dv.type == "list"
        return dv.formula1

    assert listed(CENTER_COSTS, "category") == '"' + ",".join(COST_CATEGORIES) + '"'
    assert listed(SOURCES, "code") == '"' + ",".join(FUND_SOURCES) + '"'
    assert listed(INFO, "item") == '"' + ",".join((*INFO_KEYS, *INFO_OPTIONAL_KEYS)) + '"'


def test_english_guide_and_messages(tmp_path: Path) -> None:
    path = tmp_path / "en.xlsx"
    write_template(path, sample=True, year=YEARS[0], lang="en")
    wb = load(path)
    assert "not official data" in guide_text(path)
    dv = validations_by_column(wb[SOURCES.name])[column_letter(SOURCES, "received")][0]
    assert "at most 2 decimals" in dv.prompt
    assert header(wb[SOURCES.name]) == [column.header for column in SOURCES.columns]


# -- reproducibility --------------------------------------------------------------------------


@pytest.mark.parametrize("sample", [False, True])
def test_writing_twice_gives_identical_bytes(tmp_path: Path, sample: bool) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_template(first, sample=sample)
    write_template(second, sample=sample)
    assert sha256(first) == sha256(second)


@pytest.mark.parametrize("year", YEARS)
def test_shipped_samples_equal_a_fresh_write(written: dict[str, Path], year: int) -> None:
    """inputs/sample-YEAR.xlsx is regenerated with write_template(path, sample=True, year=YEAR)."""
    assert sha256(INPUTS / f"sample-{year}.xlsx") == sha256(written[str(year)])


# -- the sample keeps the input rules and tells its story ---------------------------------------


def rows_of(year: int, sheet: Sheet) -> list[dict[str, object]]:
    return SAMPLE_YEARS[year][sheet.name]


def codes(rows: list[dict[str, object]]) -> list[object]:
    return [row["县区代码"] for row in rows]


@pytest.mark.parametrize("year", YEARS)
def test_sample_holds_no_float(year: int) -> None:
    for name, rows in SAMPLE_YEARS[year].items():
        for row in rows:
            for value in row.values():
                assert isinstance(value, str | int | Decimal | datetime.date), (name, value)
                assert not isinstance(value, bool | float), (name, value)


@pytest.mark.parametrize("year", YEARS)
def test_sample_info_and_sources(year: int) -> None:
    info = {row["项目"]: row["内容"] for row in rows_of(year, INFO)}
    assert list(info) == [*INFO_KEYS, *INFO_OPTIONAL_KEYS]  # the samples carry a 文号
    assert info[INFO_YEAR] == year and info[INFO_CITY] == "景德镇市"
    assert isinstance(info[INFO_DATE], datetime.date) and info[INFO_DATE].year == year
    sources = {row["代码"]: row for row in rows_of(year, SOURCES)}
    assert sorted(sources) == sorted(FUND_SOURCES) and len(rows_of(year, SOURCES)) == 2
    for row in sources.values():
        assert 0 < fen(row, SOURCES, "city_deduction") <= fen(row, SOURCES, "received")
    provincial = sources["provincial"]
    parts = fen(provincial, SOURCES, "base_subsidy") + fen(provincial, SOURCES, "reward")
    assert parts == fen(provincial, SOURCES, "received")
    assert "基础补助（元）" not in sources["central"]


@pytest.mark.parametrize("year", YEARS)
def test_sample_counties_each_once(year: int) -> None:
    counties = rows_of(year, COUNTIES)
    known = codes(counties)
    assert sorted(known) == ["360202", "360203", "360222", "360281"]
    assert len({row["分中心名称"] for row in counties}) == len(counties)
    for sheet in (MILEAGE, PERFORMANCE):
        assert Counter(codes(rows_of(year, sheet))) == Counter(known), sheet.name
    prepaid = codes(rows_of(year, PREPAYMENTS))
    assert 2 <= len(prepaid) <= 3 and len(set(prepaid)) == len(prepaid)
    assert set(prepaid) <= set(known) and set(codes(rows_of(year, PROJECTS))) <= set(known)


@pytest.mark.parametrize("year", YEARS)
def test_sample_mileage_scores_and_grades(year: int) -> None:
    national_provincial = 0
    for row in rows_of(year, MILEAGE):
        metres = {name: km_to_metres(row[name]) for name in ROAD_CLASS_NAMES}
        national_provincial += metres["国道"] + metres["省道"]
        rural = metres["县道"] + metres["乡道"] + metres["村道"]
        assert 150_000 <= rural <= 2_600_000, row
    assert 950_000 <= national_provincial <= 990_000  # about 970 km city-wide
    grades = []
    for row in rows_of(year, PERFORMANCE):
        score = to_hundredths(row["绩效得分"])
        assert 0 <= score <= 100_00
        to_hundredths(row["工作需求"])
        grades.append("优" if score >= 90_00 else "良" if score >= 80_00 else "中")
    assert sorted(grades) == ["中", "优", "良", "良"]


def matching_status(year: int) -> tuple[list[object], list[object], bool]:
    """(failing projects, failing counties, city passes) under the 30% floor, exactly."""
    floor = Fraction(3, 10)
    by_county: dict[object, list[int]] = {}
    failing = []
    for row in rows_of(year, PROJECTS):
        matching = fen(row, PROJECTS, "city_matching") + fen(row, PROJECTS, "county_matching")
        investment = fen(row, PROJECTS, "investment")
        parts = matching + fen(row, PROJECTS, "provincial")
        assert investment > 0 and investment >= parts, row["项目编号"]
        if Fraction(matching, investment) < floor:
            failing.append(row["项目编号"])
        totals = by_county.setdefault(row["县区代码"], [0, 0])
        totals[0] += matching
        totals[1] += investment
    failing_counties = [c for c, (m, i) in by_county.items() if Fraction(m, i) < floor]
    city = [sum(t[k] for t in by_county.values()) for k in (0, 1)]
    return failing, failing_counties, Fraction(city[0], city[1]) >= floor


@pytest.mark.parametrize(
    ("year", "project", "county"), [(2023, "2023-LM-05", "360202"), (2024, "2024-LM-05", "360222")]
)
def test_sample_projects_one_project_and_one_county_fall_short(
    year: int, project: str, county: str
) -> None:
    ids = [row["项目编号"] for row in rows_of(year, PROJECTS)]
    assert 6 <= len(ids) <= 10 and len(set(ids)) == len(ids)
    assert all(str(i).startswith(f"{year}-LM-") for i in ids)
    assert matching_status(year) == ([project], [county], True)


@pytest.mark.parametrize("year", YEARS)
def test_sample_center_costs(year: int) -> None:
    branches = {row["分中心名称"] for row in rows_of(year, COUNTIES)}
    units = set(city_units(year)) | branches
    costs = rows_of(year, CENTER_COSTS)
    assert {row["单位"] for row in costs} == units
    assert {row["经费类别"] for row in costs} == set(COST_CATEGORIES)
    for unit in units:
        categories = {row["经费类别"] for row in costs if row["单位"] == unit}
        assert set(COUNTY_BORNE_CATEGORIES) <= categories, unit
    incentive_branches = {
        row["单位"] for row in costs if row["单位"] in branches and row["经费类别"] == "奖励性工资"
    }
    assert incentive_branches
    variances = [
        fen(row, CENTER_COSTS, "budget") - fen(row, CENTER_COSTS, "actual") for row in costs
    ]
    assert any(v > 0 for v in variances) and any(v < 0 for v in variances)
    for row in rows_of(year, PREPAYMENTS):
        assert fen(row, PREPAYMENTS, "amount") > 0


def test_2024_grows_a_little_and_changes() -> None:
    def converted(year: int) -> dict[object, int]:
        return {
            row["县区代码"]: sum(km_to_metres(row[name]) for name in ROAD_CLASS_NAMES)
            for row in rows_of(year, MILEAGE)
        }

    before, after = converted(2023), converted(2024)
    for code, metres in before.items():
        assert metres < after[code] <= metres * 103 // 100, code
    scores = {year: [row["绩效得分"] for row in rows_of(year, PERFORMANCE)] for year in YEARS}
    assert all(a != b for a, b in zip(scores[2023], scores[2024], strict=True))
    received = {
        year: [fen(row, SOURCES, "received") for row in rows_of(year, SOURCES)] for year in YEARS
    }
    assert all(a < b for a, b in zip(received[2023], received[2024], strict=True))
