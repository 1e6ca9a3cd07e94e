"""The input workbook (输入工作簿) as a template to fill in, or filled with a sample year.

Sheets and headers come from ``roadfund.schema`` in its order, after a first sheet 说明
that explains them (the reader ignores extra sheets). Cells are written typed — text
stays text, codes keep the text format "@", numbers are numbers — and every input
column carries a data validation with an input message. The output is byte-reproducible:
the only time in the file is the ``created`` datetime the caller passes.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from roadfund.samples.jingdezhen import SAMPLE_YEARS
from roadfund.samples.synth import CITY_UNITS, synth_rows
from roadfund.schema import (
    CENTER_COSTS,
    COST_CATEGORIES,
    COUNTIES,
    FUND_SOURCES,
    INFO,
    INFO_DATE,
    INFO_KEYS,
    INFO_OPTIONAL_KEYS,
    MILEAGE,
    ROAD_CLASSES,
    SHEETS,
    SOURCES,
    Column,
    Kind,
    Sheet,
)
from roadfund.text import Lang, label
from roadfund.writers.xlsx_common import display_width

GUIDE_SHEET = "说明"
VALIDATION_LAST_ROW = 1000
"""Validations and the county drop-down cover rows 2–1000 (more if the data is longer)."""
COUNTY_LIST_NAME = "county_codes"
"""Defined name for the 县区 sheet's code column, the source of every county drop-down."""
BLANK_CREATED = datetime.datetime(2023, 1, 1)

NUMBER_FORMATS: dict[Kind, str] = {
    Kind.YUAN: "#,##0.00",
    Kind.KM: "0.000",
    Kind.SCORE: "0.00",
    Kind.NEED: "#,##0.00",
    Kind.CODE: "@",
    Kind.TEXT: "@",
}
DATE_FORMAT = "yyyy-mm-dd"
_KIND_LABELS: dict[Kind, str] = {
    Kind.CODE: "kind.code",
    Kind.YUAN: "kind.yuan",
    Kind.KM: "kind.km",
    Kind.SCORE: "kind.score",
    Kind.NEED: "kind.need",
}

Rows = Sequence[Mapping[str, object]]

# -- what each sheet and column means: the texts are in roadfund/text/template.py ---------

GUIDE_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "template.rules",
        (
            "template.rules.policy",
            "template.rules.transfer",
            "template.rules.matching",
            "template.rules.center",
        ),
    ),
    (
        "template.filling",
        (
            "template.filling.units",
            "template.filling.codes",
            "template.filling.layout",
            "template.filling.values",
        ),
    ),
)
"""The 说明 sheet's sections: a heading and its paragraphs, as catalog keys."""
GUIDE_HEADERS: tuple[str, ...] = (
    "template.header.sheet",
    "template.header.column",
    "template.header.required",
    "template.header.meaning",
)
_ROAD_CLASS_NAMES = dict(ROAD_CLASSES)


def _required(required: bool, lang: Lang) -> str:
    return label("template.required" if required else "template.optional", lang)


def _meaning(column: Column, sheet: Sheet, lang: Lang) -> str:
    """What a column means (every road-class column of 养护里程 shares one text)."""
    if sheet is MILEAGE and column.key in _ROAD_CLASS_NAMES:
        road_class = _ROAD_CLASS_NAMES[column.key]
        return label("template.column.mileage.road_class", lang, road_class=road_class)
    return label(f"template.column.{sheet.key}.{column.key}", lang)


# -- the workbook -----------------------------------------------------------------------


class _Formats:
    """The few cell formats of the input workbook, created once per workbook."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.header = workbook.add_format(
            {
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "align": "center",
                "valign": "vcenter",
            }
        )
        self.kinds = {
            kind: workbook.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()
        }
        self.date = workbook.add_format({"num_format": DATE_FORMAT, "align": "left"})
        self.year = workbook.add_format({"num_format": "0", "align": "left"})
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.section = workbook.add_format({"bold": True, "font_size": 12})
        self.paragraph = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.note = workbook.add_format(
            {"text_wrap": True, "valign": "top", "bold": True, "font_color": "#C00000"}
        )
        self.guide_header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.guide_sheet = workbook.add_format(
            {"bold": True, "valign": "top", "text_wrap": True, "top": 1}
        )
        self.guide_cell = workbook.add_format({"valign": "top", "text_wrap": True})
        self.guide_sheet_text = workbook.add_format({"valign": "top", "text_wrap": True, "top": 1})


def write_input_workbook(
    path: Path,
    data: Mapping[str, Rows] | None,
    *,
    created: datetime.datetime,
    lang: Lang = "zh",
    note: str | None = None,
) -> None:
    """Write the input workbook: 说明 first, then every schema sheet with its headers and rows.

    ``data`` maps a sheet name to rows keyed by column header; ``None`` writes a blank
    template. ``note`` (e.g. that the figures are illustrative) heads the 说明 sheet.
    """
    if not isinstance(created, datetime.datetime):
        raise TypeError("created must be a datetime.datetime (a date would fall back to now)")
    _check_names(data or {})
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "in_memory": True,
        },
    )
    workbook.set_properties(
        {
            "title": label("template.workbook_title", lang),
            "comments": note or "",
            "created": created,
        }
    )
    formats = _Formats(workbook)
    last_row = max([VALIDATION_LAST_ROW, *(len(rows) + 1 for rows in (data or {}).values())])
    code_col = xl_col_to_name(COUNTIES.columns.index(COUNTIES.column("code")))
    workbook.define_name(
        COUNTY_LIST_NAME, f"='{COUNTIES.name}'!${code_col}$2:${code_col}${last_row}"
    )
    _write_guide(workbook.add_worksheet(GUIDE_SHEET), formats, lang, note)
    for sheet in SHEETS:
        rows = (
            _blank_info_rows()
            if data is None and sheet is INFO
            else (data or {}).get(sheet.name, ())
        )
        worksheet = workbook.add_worksheet(sheet.name)
        _write_sheet(worksheet, sheet, rows, formats)
        _add_validations(worksheet, sheet, last_row, lang)
    workbook.close()


def write_template(path: Path, *, sample: bool, year: int = 2023, lang: Lang = "zh") -> None:
    """A blank input template, or the sample year (``roadfund template [--sample]``)."""
    if not sample:
        write_input_workbook(path, None, created=BLANK_CREATED, lang=lang)
        return
    if year not in SAMPLE_YEARS:
        years = "、".join(str(y) for y in sorted(SAMPLE_YEARS))
        raise ValueError(f"no sample for {year}; sample years: {years}")
    data = SAMPLE_YEARS[year]
    item, value = INFO.column("item").header, INFO.column("value").header
    prepared = next(row[value] for row in data[INFO.name] if row[item] == INFO_DATE)
    assert isinstance(prepared, datetime.date)
    created = datetime.datetime.combine(prepared, datetime.time())
    note = label("template.sample_note", lang)
    write_input_workbook(path, data, created=created, lang=lang, note=note)


def _blank_info_rows() -> list[dict[str, object]]:
    item = INFO.column("item").header
    return [{item: key} for key in (*INFO_KEYS, *INFO_OPTIONAL_KEYS)]


def _check_names(data: Mapping[str, Rows]) -> None:
    """Refuse a sheet or column name the schema lacks: a typo would silently drop data."""
    sheets = {sheet.name: sheet for sheet in SHEETS}
    for name, rows in data.items():
        if name not in sheets:
            raise ValueError(f"unknown sheet {name!r}; sheets are {', '.join(sheets)}")
        headers = {column.header for column in sheets[name].columns}
        for row in rows:
            unknown = sorted(set(row) - headers)
            if unknown:
                raise ValueError(f"unknown column(s) {unknown} in sheet {name!r}")


def _write_sheet(worksheet: Worksheet, sheet: Sheet, rows: Rows, formats: _Formats) -> None:
    for col, column in enumerate(sheet.columns):
        worksheet.write_string(0, col, column.header, formats.header)
        values = [row.get(column.header) for row in rows]
        width = max([display_width(column.header), *(_shown_width(v, column) for v in values)])
        is_info_value = sheet is INFO and column.key == "value"
        column_format = None if is_info_value else formats.kinds[column.kind]
        worksheet.set_column(col, col, max(10, width + 3), column_format)
        for row_index, value in enumerate(values, start=1):
            _write_cell(worksheet, row_index, col, value, column, formats, is_info_value)
    worksheet.freeze_panes(1, 0)
    _print_layout(worksheet)
    worksheet.repeat_rows(0)


def _print_layout(worksheet: Worksheet) -> None:
    """A4 landscape, one page wide."""
    worksheet.set_paper(9)
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)


def _write_cell(
    worksheet: Worksheet,
    row: int,
    col: int,
    value: object,
    column: Column,
    formats: _Formats,
    is_info_value: bool,
) -> None:
    """One cell, typed: str → text, Decimal/int → number, date → date. Float is refused."""
    cell_format: Format | None = None if is_info_value else formats.kinds[column.kind]
    if value is None:
        return
    if isinstance(value, bool | float):
        raise TypeError(f"{column.header}: {value!r} — give numbers as Decimal or int, never float")
    if isinstance(value, str):
        worksheet.write_string(row, col, value, cell_format)
    elif isinstance(value, int | Decimal):
        worksheet.write_number(row, col, _exact_float(value, column), cell_format or formats.year)
    elif isinstance(value, datetime.date):
        worksheet.write_datetime(row, col, value, formats.date)
    else:
        raise TypeError(f"{column.header}: cannot write a {type(value).__name__}")


def _exact_float(value: int | Decimal, column: Column) -> float:
    """The cell's binary number; refused unless it reads back as exactly ``value``."""
    number = float(value)
    if not math.isfinite(number) or Decimal(repr(number)) != Decimal(value):
        raise ValueError(f"{column.header}: {value} cannot be stored exactly in a cell")
    return number


def _shown_width(value: object, column: Column) -> int:
    """How wide a value looks under its column's number format."""
    if value is None:
        return 0
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        places = {Kind.KM: 3, Kind.YUAN: 2, Kind.SCORE: 2, Kind.NEED: 2}.get(column.kind, 0)
        grouped = column.kind in (Kind.YUAN, Kind.NEED)
        return len(f"{Decimal(value):{',' if grouped else ''}.{places}f}")
    if isinstance(value, datetime.date):
        return 10
    return display_width(str(value))


# -- validations --------------------------------------------------------------------------


_PICK_LISTS: dict[tuple[str, str], tuple[str, ...]] = {
    (INFO.key, "item"): (*INFO_KEYS, *INFO_OPTIONAL_KEYS),
    (SOURCES.key, "code"): FUND_SOURCES,
    (CENTER_COSTS.key, "category"): COST_CATEGORIES,
}
"""Text columns whose values come from a fixed list: shown as a drop-down."""


def _rule(column: Column, sheet: Sheet, lang: Lang) -> dict[str, Any]:
    """What Excel accepts in the column, and the error shown otherwise."""
    picks = _PICK_LISTS.get((sheet.key, column.key))
    if picks is not None:
        return {
            "validate": "list",
            "source": list(picks),
            "error_message": label("template.error_pick", lang),
        }
    if column.kind is Kind.CODE and sheet is COUNTIES:
        return {
            "validate": "length",
            "criteria": "==",
            "value": 6,
            "error_message": label("template.error_code", lang),
        }
    if column.kind is Kind.CODE:
        return {
            "validate": "list",
            "source": f"={COUNTY_LIST_NAME}",
            "error_message": label("template.error_pick", lang),
        }
    kind_label = _KIND_LABELS.get(column.kind)
    if kind_label is None:
        return {"validate": "any"}
    expected = label("template.expected", lang) + label(kind_label, lang)
    if column.kind is Kind.SCORE:
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "error_message": expected,
        }
    return {"validate": "decimal", "criteria": ">=", "value": 0, "error_message": expected}


def _column_help(column: Column, sheet: Sheet, lang: Lang, separator: str) -> str:
    """A column's meaning, followed by what a cell must hold (for numbers and codes)."""
    text = _meaning(column, sheet, lang)
    kind_label = _KIND_LABELS.get(column.kind)
    if kind_label is None:
        return text
    return text + separator + label("template.expected", lang) + label(kind_label, lang)


def _validation(column: Column, sheet: Sheet, lang: Lang) -> dict[str, Any]:
    """The data validation of one input column: its rule plus an input message."""
    rule = _rule(column, sheet, lang)
    if "error_message" in rule:
        rule["error_title"] = label("template.error_title", lang)
    prompt = _column_help(column, sheet, lang, "\n")
    return {**rule, "input_title": column.header, "input_message": prompt}


def _add_validations(worksheet: Worksheet, sheet: Sheet, last_row: int, lang: Lang) -> None:
    for col, column in enumerate(sheet.columns):
        last = (
            len(INFO_KEYS) + len(INFO_OPTIONAL_KEYS) if sheet is INFO else last_row - 1
        )  # 0-based: rows 2..last_row
        status = worksheet.data_validation(1, col, last, col, _validation(column, sheet, lang))
        if status != 0:
            raise ValueError(f"data validation refused for {sheet.name}!{column.header} ({status})")


# -- the 说明 sheet ----------------------------------------------------------------------

_GUIDE_WIDTHS = (14, 22, 8, 80)
_LINE_HEIGHT = 15.0


def _row_height(text: str, width: int) -> float:
    """Height in points for wrapped text in a column ``width`` characters wide."""
    lines = sum(max(1, math.ceil(display_width(part) / (width - 2))) for part in text.split("\n"))
    return lines * _LINE_HEIGHT + 3


def _write_guide(worksheet: Worksheet, formats: _Formats, lang: Lang, note: str | None) -> None:
    """The 说明 sheet: rules, how to fill in, and each sheet and column explained."""
    for col, width in enumerate(_GUIDE_WIDTHS):
        worksheet.set_column(col, col, width)
    _print_layout(worksheet)
    full_width = sum(_GUIDE_WIDTHS)
    row = 0

    def paragraph(text: str, cell_format: Format) -> None:
        nonlocal row
        worksheet.merge_range(row, 0, row, len(_GUIDE_WIDTHS) - 1, "", cell_format)
        worksheet.write_string(row, 0, text, cell_format)
        worksheet.set_row(row, _row_height(text, full_width))
        row += 1

    worksheet.write_string(row, 0, label("template.guide_title", lang), formats.title)
    worksheet.set_row(row, 22)
    row += 1
    if note:
        paragraph(note, formats.note)
    for heading, paragraphs in GUIDE_SECTIONS:
        row += 1
        worksheet.write_string(row, 0, label(heading, lang), formats.section)
        row += 1
        for text in paragraphs:
            paragraph(label(text, lang), formats.paragraph)
    row += 1
    worksheet.write_string(row, 0, label("template.columns_section", lang), formats.section)
    row += 1
    for col, header in enumerate(GUIDE_HEADERS):
        worksheet.write_string(row, col, label(header, lang), formats.guide_header)
    row += 1
    for sheet in SHEETS:
        sheet_help = label(f"template.sheet.{sheet.key}", lang)
        worksheet.write_string(row, 0, sheet.name, formats.guide_sheet)
        worksheet.write_string(row, 1, "", formats.guide_sheet_text)
        worksheet.write_string(row, 2, _required(sheet.required, lang), formats.guide_sheet_text)
        worksheet.write_string(row, 3, sheet_help, formats.guide_sheet_text)
        worksheet.set_row(row, _row_height(sheet_help, _GUIDE_WIDTHS[3]))
        row += 1
        for column in sheet.columns:
            text = _column_help(column, sheet, lang, " ")
            worksheet.write_string(row, 1, column.header, formats.guide_cell)
            worksheet.write_string(row, 2, _required(column.required, lang), formats.guide_cell)
            worksheet.write_string(row, 3, text, formats.guide_cell)
            worksheet.set_row(row, _row_height(text, _GUIDE_WIDTHS[3]))
            row += 1


def write_synth(
    path: Path,
    counties: int,
    projects: int,
    cost_lines: int,
    seed: int,
    *,
    year: int = 2023,
    city_units: Sequence[str] = CITY_UNITS,
) -> None:
    """Write a synthetic input workbook with the template writer (byte-reproducible)."""
    rows = synth_rows(counties, projects, cost_lines, seed, year=year, city_units=city_units)
    write_input_workbook(
        path, rows, created=datetime.datetime(year, 1, 1), note=label("template.synth_note")
    )
