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

from roadfund.samples.jingdezhen import SAMPLE_NOTE, SAMPLE_NOTE_EN, SAMPLE_YEARS
from roadfund.samples.synth import CITY_UNITS, SYNTH_NOTE, synth_rows
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
    PERFORMANCE,
    PREPAYMENTS,
    PROJECTS,
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
Text = tuple[str, str]
"""(中文, English)."""

# -- what each sheet and column means --------------------------------------------------

SHEET_HELP: dict[str, Text] = {
    INFO.key: (
        "年度、城市和编制日期（编制日期印在输出文件上），可选填资金分配通知的文号。",
        "Year, city and the date prepared (printed on the outputs); optionally the notice's document number (文号).",
    ),
    SOURCES.key: (
        "两项转移支付资金：下达金额和市本级配套扣除，每项一行。",
        "The two transfer funds: amount received and city matching deduction, one row each.",
    ),
    COUNTIES.key: (
        "参与分配的县（市、区）及其公路事业发展分中心。",
        "The counties that share the funds and their branch centers.",
    ),
    MILEAGE.key: (
        "各县区按公路等级的实际养护里程（公里）。",
        "Each county's maintained mileage by road class (km).",
    ),
    PERFORMANCE.key: (
        "各县区资金使用绩效得分和实际工作需求。",
        "Each county's fund-use performance score and work need.",
    ),
    PROJECTS.key: (
        "省级补助的普通国省道路面养护工程及其配套资金，用于核对30%配套比例。",
        "Provincially subsidised pavement projects and their matching, checked against the 30% floor.",
    ),
    CENTER_COSTS.key: (
        "市公路事业发展中心各单位的人员经费、公用经费和奖励性工资（年初预算与实际发生）。",
        "The highway center's staff, running and incentive-pay costs per unit (budget and actual).",
    ),
    PREPAYMENTS.key: (
        "可选工作表：各县区年内已预缴的分中心经费，可删除或留空。",
        "Optional sheet: what each county already paid for its branch in the year; may be left empty.",
    ),
}

_COUNTY_REF: Text = (
    "项目所在县区的代码，从「县区」表中选择。",
    "The project's county, chosen from the 县区 sheet.",
)

COLUMN_HELP: dict[tuple[str, str], Text] = {
    (INFO.key, "item"): (
        "固定行：年度、城市、编制日期，不要改动；文号一行可选，留空则通知不印文号。",
        "Fixed rows: 年度 (year), 城市 (city), 编制日期 (date prepared), do not change them; the 文号 (document number) row is optional.",
    ),
    (INFO.key, "value"): (
        "年度填4位数字（如 2023）；城市填市名（如 景德镇市）；编制日期填日期（如 2023-03-31）；文号如 景财建〔2023〕12号。",
        "年度: a 4-digit year (e.g. 2023); 城市: the city (e.g. 景德镇市); 编制日期: a date (e.g. 2023-03-31); 文号: e.g. 景财建〔2023〕12号.",
    ),
    (SOURCES.key, "code"): (
        "central＝中央成品油税费改革转移支付资金；provincial＝普通国省道路面养护工程省级补助资金。",
        "central = central fuel-tax reform transfer; provincial = provincial pavement-maintenance subsidy.",
    ),
    (SOURCES.key, "name"): ("资金名称，仅供阅读。", "The fund's name, for readers."),
    (SOURCES.key, "received"): ("上级下达的金额。", "The amount received from above."),
    (SOURCES.key, "city_deduction"): (
        "扣除的公路养护项目市本级配套资金，可为0，不得大于下达金额；余额按70%／30%分配。",
        "City matching for maintenance projects, deducted first; may be 0, not above the amount received.",
    ),
    (SOURCES.key, "base_subsidy"): (
        "可选。省级补助的基础补助；与奖励同时填写时，两者之和须等于下达金额。中央资金留空。",
        "Optional. The provincial base subsidy; with the reward it must add up to the amount received.",
    ),
    (SOURCES.key, "reward"): (
        "可选。省级补助的奖励；与基础补助同时填写或同时留空。",
        "Optional. The provincial reward; fill in together with the base subsidy, or leave both empty.",
    ),
    (SOURCES.key, "budget_subject"): (
        "可选。资金分配通知上列支的预算科目，照填写原样印出（如 2140106 公路养护）。",
        "Optional. The budget subject printed on the allocation notice as written (e.g. 2140106 公路养护).",
    ),
    (COUNTIES.key, "code"): (
        "6位行政区划代码，按文本填写（如 360281），不得重复；其他表的县区代码从本列选择。",
        "6-digit administrative code as text (e.g. 360281), unique; other sheets choose codes from here.",
    ),
    (COUNTIES.key, "name"): ("县区名称，如 乐平市。", "The county's name, e.g. 乐平市."),
    (COUNTIES.key, "branch"): (
        "该县区的公路事业发展分中心名称（如 乐平分中心），不得重复；「中心经费」表按此名称填写单位。",
        "The county's branch center (e.g. 乐平分中心), unique; 中心经费 names units by it.",
    ),
    (MILEAGE.key, "county_code"): (
        "县区代码，从「县区」表中选择；每个县区一行且仅一行。",
        "County code from the 县区 sheet; exactly one row per county.",
    ),
    (PERFORMANCE.key, "county_code"): (
        "县区代码，从「县区」表中选择；每个县区一行且仅一行。",
        "County code from the 县区 sheet; exactly one row per county.",
    ),
    (PERFORMANCE.key, "score"): (
        "资金使用绩效评价得分。等级：优≥90，良80–89，中60–79，差<60（以政策文件为准）。",
        "Fund-use performance score. Grades: 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60 (per the policy file).",
    ),
    (PERFORMANCE.key, "need"): (
        "可选。实际工作需求的量化值，各县区口径一致；政策按工作需求分配或用因素法时才使用。",
        "Optional. A work-need figure on one basis for all counties; used only when the policy asks.",
    ),
    (PROJECTS.key, "project_id"): (
        "项目编号，不得重复，如 2023-LM-01。",
        "Project number, unique, e.g. 2023-LM-01.",
    ),
    (PROJECTS.key, "county_code"): _COUNTY_REF,
    (PROJECTS.key, "name"): ("项目名称。", "The project's name."),
    (PROJECTS.key, "provincial"): (
        "普通国省道路面养护工程省级补助资金。",
        "The provincial pavement subsidy.",
    ),
    (PROJECTS.key, "city_matching"): ("市级财政配套资金。", "City fiscal matching."),
    (PROJECTS.key, "county_matching"): ("县级财政配套资金。", "County fiscal matching."),
    (PROJECTS.key, "investment"): (
        "年度实际投入资金总额，须大于0且不小于省级补助与市县配套之和；市县配套须不低于它的30%。",
        "The year's actual total investment: > 0, not below the parts; matching must reach 30% of it.",
    ),
    (CENTER_COSTS.key, "unit"): (
        "市本级单位（市本级机关、应急中心、建保中心，以政策文件为准）或「县区」表中的分中心名称。",
        "A city unit (市本级机关, 应急中心, 建保中心, per the policy) or a branch name from 县区.",
    ),
    (CENTER_COSTS.key, "category"): (
        "人员经费、公用经费或奖励性工资。分中心的人员经费和公用经费由所在县区承担，奖励性工资由市财政承担。",
        "人员经费 (staff), 公用经费 (running) or 奖励性工资 (incentive pay, always borne by the city).",
    ),
    (CENTER_COSTS.key, "item"): (
        "经费明细，如 基本工资及津贴补贴；同一单位同一类别可分多行。",
        "The cost item; a unit may have several rows per category.",
    ),
    (CENTER_COSTS.key, "budget"): ("年初部门预算数。", "The budget at the start of the year."),
    (CENTER_COSTS.key, "actual"): (
        "全年实际发生数，年末清算以此为准。",
        "The actual cost of the year; the settlement uses it.",
    ),
    (PREPAYMENTS.key, "county_code"): (
        "县区代码，从「县区」表中选择；每个县区至多一行。",
        "County code from the 县区 sheet; at most one row per county.",
    ),
    (PREPAYMENTS.key, "amount"): (
        "县区年内已缴的分中心经费；应上解＝分中心实际发生－已缴金额，负数由市财政退还。",
        "What the county paid in the year; due = branch actual − paid (negative: the city refunds).",
    ),
}

for _key, _name in ROAD_CLASSES:
    COLUMN_HELP[(MILEAGE.key, _key)] = (
        f"{_name}实际养护里程。日常养护资金按各等级里程×折算系数之和（折算里程）分配。",
        f"Maintained {_name} km; daily funds follow Σ km × class weight (converted mileage).",
    )

WORKBOOK_TITLE: Text = (
    "公路养护资金分配 输入工作簿",
    "Highway maintenance fund allocation — input",
)
GUIDE_TITLE: Text = (
    "公路养护资金分配 输入工作簿 填写说明",
    "Highway maintenance fund allocation — input workbook guide",
)

GUIDE_SECTIONS: tuple[tuple[Text, tuple[Text, ...]], ...] = (
    (
        ("一、政策依据与计算规则", "1. Policy and rules"),
        (
            (
                "政策依据：《景德镇市公路养护领域财政事权和支出责任划分调整实施方案》（景府发〔2022〕7号），"
                "自2023年1月1日起实施。比例、折算系数、绩效等级、市本级单位和清算方式以政策文件 policy.toml 为准。",
                "Policy: 景府发〔2022〕7号 (Jingdezhen), in force from 2023-01-01. Ratios, class weights, grade "
                "bands, city units and the settlement mode come from the policy file policy.toml.",
            ),
            (
                "转移支付资金：中央成品油税费改革转移支付资金和普通国省道路面养护工程省级补助资金，各自扣除市本级配套后，"
                "70%作为日常养护资金按各县区实际养护里程（折算里程）分配，30%作为绩效考核资金按资金使用绩效和实际工作需求分配；"
                "按最大余数法精确到分。",
                "Transfer funds: each of the two sources, less the city matching deduction, is split 70% as "
                "daily maintenance funds by maintained (converted) mileage and 30% as performance funds by "
                "fund-use performance and work need, to the fen by the largest-remainder method.",
            ),
            (
                "配套比例：省级补助路面养护工程的市县财政配套（市级配套＋县级配套）不低于年度实际投入总额的30%，"
                "按项目、县区、全市分别核对。",
                "Matching floor: for provincially subsidised pavement projects, city + county matching must be "
                "at least 30% of the year's actual total investment, per project, per county and city-wide.",
            ),
            (
                "中心经费：市公路事业发展中心的人员经费和公用经费，市本级机关、应急中心、建保中心由市本级承担，"
                "各分中心由所在县区承担；奖励性工资统一由市财政承担。年初由市财政预拨，年末按各分中心实际发生数"
                "与县区清算：应上解＝实际发生－已预缴（负数为市财政退还）。",
                "Center costs: staff and running costs of the city units are the city's, each branch's are its "
                "county's; incentive pay is always the city's. The city pays the budget in advance and settles "
                "each county's branch at its actual cost at year end: due = actual − prepaid.",
            ),
        ),
    ),
    (
        ("二、填写须知", "2. How to fill it in"),
        (
            (
                "单位：金额为元，最多2位小数；里程为公里，最多3位小数；得分0–100，最多2位小数。数值不得为负。",
                "Units: amounts in yuan (at most 2 decimals), mileage in km (at most 3), scores 0–100 (at most "
                "2). No negative numbers.",
            ),
            (
                "县区代码为6位行政区划代码，按文本填写（单元格已设为文本格式），其他表从「县区」表的代码中选择。",
                "County codes are 6-digit administrative codes kept as text (the cells are formatted as text); "
                "other sheets pick them from the 县区 sheet.",
            ),
            (
                "不要改动工作表名称和表头文字；列的顺序可以调整，可增加其他列和工作表（读取时忽略，如本「说明」表），空行忽略。",
                "Keep the sheet names and headers as they are; columns may be reordered, extra columns and "
                "sheets (like this one) are ignored, blank rows too.",
            ),
            (
                "请填写数值；如使用公式，须在 Excel/WPS 中计算并保存后再运行。标有「可选」的列和「县级预缴」表可以留空。",
                "Enter values; a formula must be calculated and saved in Excel/WPS before a run. Columns marked "
                "optional and the 县级预缴 sheet may be left empty.",
            ),
        ),
    ),
)
COLUMNS_SECTION: Text = ("三、各工作表与列", "3. Sheets and columns")
GUIDE_HEADERS: tuple[Text, ...] = (
    ("工作表", "Sheet"),
    ("列", "Column"),
    ("必填", "Required"),
    ("说明", "Meaning"),
)
REQUIRED_WORDS: tuple[Text, Text] = (("必填", "required"), ("可选", "optional"))
PROMPT_EXPECTED: Text = ("应填：", "Expected: ")
ERROR_TITLE: Text = ("输入有误", "Invalid entry")
ERROR_PICK: Text = ("请从下拉列表中选择。", "Choose a value from the drop-down list.")
ERROR_CODE: Text = ("县区代码应为6位（文本）。", "A county code has 6 digits (text).")


def _t(text: Text, lang: Lang) -> str:
    return text[0] if lang == "zh" else text[1]


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
            "title": _t(WORKBOOK_TITLE, lang),
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
    note = SAMPLE_NOTE if lang == "zh" else SAMPLE_NOTE_EN
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
        return {"validate": "list", "source": list(picks), "error_message": _t(ERROR_PICK, lang)}
    if column.kind is Kind.CODE and sheet is COUNTIES:
        return {
            "validate": "length",
            "criteria": "==",
            "value": 6,
            "error_message": _t(ERROR_CODE, lang),
        }
    if column.kind is Kind.CODE:
        return {
            "validate": "list",
            "source": f"={COUNTY_LIST_NAME}",
            "error_message": _t(ERROR_PICK, lang),
        }
    kind_label = _KIND_LABELS.get(column.kind)
    if kind_label is None:
        return {"validate": "any"}
    expected = _t(PROMPT_EXPECTED, lang) + label(kind_label, lang)
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
    text = _t(COLUMN_HELP[(sheet.key, column.key)], lang)
    kind_label = _KIND_LABELS.get(column.kind)
    if kind_label is None:
        return text
    return text + separator + _t(PROMPT_EXPECTED, lang) + label(kind_label, lang)


def _validation(column: Column, sheet: Sheet, lang: Lang) -> dict[str, Any]:
    """The data validation of one input column: its rule plus an input message."""
    rule = _rule(column, sheet, lang)
    if "error_message" in rule:
        rule["error_title"] = _t(ERROR_TITLE, lang)
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

    worksheet.write_string(row, 0, _t(GUIDE_TITLE, lang), formats.title)
    worksheet.set_row(row, 22)
    row += 1
    if note:
        paragraph(note, formats.note)
    for heading, paragraphs in GUIDE_SECTIONS:
        row += 1
        worksheet.write_string(row, 0, _t(heading, lang), formats.section)
        row += 1
        for text in paragraphs:
            paragraph(_t(text, lang), formats.paragraph)
    row += 1
    worksheet.write_string(row, 0, _t(COLUMNS_SECTION, lang), formats.section)
    row += 1
    for col, header in enumerate(GUIDE_HEADERS):
        worksheet.write_string(row, col, _t(header, lang), formats.guide_header)
    row += 1
    for sheet in SHEETS:
        sheet_help = _t(SHEET_HELP[sheet.key], lang)
        worksheet.write_string(row, 0, sheet.name, formats.guide_sheet)
        worksheet.write_string(row, 1, "", formats.guide_sheet_text)
        worksheet.write_string(
            row, 2, _t(REQUIRED_WORDS[0 if sheet.required else 1], lang), formats.guide_sheet_text
        )
        worksheet.write_string(row, 3, sheet_help, formats.guide_sheet_text)
        worksheet.set_row(row, _row_height(sheet_help, _GUIDE_WIDTHS[3]))
        row += 1
        for column in sheet.columns:
            text = _column_help(column, sheet, lang, " ")
            worksheet.write_string(row, 1, column.header, formats.guide_cell)
            worksheet.write_string(
                row, 2, _t(REQUIRED_WORDS[0 if column.required else 1], lang), formats.guide_cell
            )
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
    write_input_workbook(path, rows, created=datetime.datetime(year, 1, 1), note=SYNTH_NOTE)
