"""The input workbook's sheets and columns — the one place their names live (SPEC §4.1).

The reader, the template writer and the synthetic generator all take names from here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a column holds, which decides how a cell is parsed."""

    TEXT = "text"
    CODE = "code"  # 6-digit administrative code, kept as text
    YUAN = "yuan"  # money in 元, at most 2 decimals -> int fen
    KM = "km"  # kilometres, at most 3 decimals -> int metres
    SCORE = "score"  # 0-100, at most 2 decimals -> int hundredths
    NEED = "need"  # work-need figure, >= 0, at most 2 decimals -> int hundredths
    BATCH = "batch"  # a batch number (批次): a whole number 1, 2, ...


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind
    required: bool = True


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    columns: tuple[Column, ...]
    required: bool = True

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


ROAD_CLASSES: tuple[tuple[str, str], ...] = (
    ("national", "国道"),
    ("provincial", "省道"),
    ("county", "县道"),
    ("township", "乡道"),
    ("village", "村道"),
)
"""(key, 中文名) of the road classes whose km make up converted mileage (折算里程)."""

ROAD_CLASS_NAMES: tuple[str, ...] = tuple(name for _, name in ROAD_CLASSES)

FUND_SOURCES: tuple[str, ...] = ("central", "provincial")
"""central: 中央成品油税费改革转移支付资金; provincial: 普通国省道路面养护工程省级补助资金."""

COST_CATEGORIES: tuple[str, ...] = ("人员经费", "公用经费", "奖励性工资")
COUNTY_BORNE_CATEGORIES: tuple[str, ...] = ("人员经费", "公用经费")
CITY_ONLY_CATEGORY = "奖励性工资"

INFO_YEAR = "年度"
INFO_CITY = "城市"
INFO_DATE = "编制日期"
INFO_KEYS: tuple[str, ...] = (INFO_YEAR, INFO_CITY, INFO_DATE)
INFO_NUMBER = "文号"
"""Optional 基本信息 row: the allocation notice's document number (e.g. 景财建〔2023〕12号)."""

# The year's stage (SPEC §7): an optional 基本信息 row; absent means year end.
INFO_STAGE = "阶段"
STAGE_START = "年初"  # year start: allocate, budget the center; actuals not known yet
STAGE_END = "年末"  # year end: settle on actual costs, judge matching on actual investment
STAGES: tuple[str, ...] = (STAGE_START, STAGE_END)
INFO_OPTIONAL_KEYS: tuple[str, ...] = (INFO_NUMBER, INFO_STAGE)

INFO = Sheet(
    "info",
    "基本信息",
    (Column("item", "项目", Kind.TEXT), Column("value", "内容", Kind.TEXT)),
)
SOURCES = Sheet(
    "sources",
    "资金来源",
    (
        Column("code", "代码", Kind.TEXT),
        Column("name", "名称", Kind.TEXT),
        Column("received", "下达金额（元）", Kind.YUAN),
        Column("city_deduction", "市本级配套扣除（元）", Kind.YUAN),
        Column("base_subsidy", "基础补助（元）", Kind.YUAN, required=False),
        Column("reward", "奖励（元）", Kind.YUAN, required=False),
        Column("budget_subject", "预算科目", Kind.TEXT, required=False),
        Column("batch", "批次", Kind.BATCH, required=False),
        Column("batch_name", "批次名称", Kind.TEXT, required=False),
    ),
)
COUNTIES = Sheet(
    "counties",
    "县区",
    (
        Column("code", "县区代码", Kind.CODE),
        Column("name", "县区名称", Kind.TEXT),
        Column("branch", "分中心名称", Kind.TEXT),
    ),
)
MILEAGE = Sheet(
    "mileage",
    "养护里程",
    (
        Column("county_code", "县区代码", Kind.CODE),
        *(Column(key, name, Kind.KM) for key, name in ROAD_CLASSES),
    ),
)
PERFORMANCE = Sheet(
    "performance",
    "绩效考核",
    (
        Column("county_code", "县区代码", Kind.CODE),
        Column("score", "绩效得分", Kind.SCORE),
        Column("need", "工作需求", Kind.NEED, required=False),
    ),
)
PROJECTS = Sheet(
    "projects",
    "配套资金",
    (
        Column("project_id", "项目编号", Kind.TEXT),
        Column("county_code", "县区代码", Kind.CODE),
        Column("name", "项目名称", Kind.TEXT),
        Column("provincial", "省级补助（元）", Kind.YUAN),
        Column("city_matching", "市级配套（元）", Kind.YUAN),
        Column("county_matching", "县级配套（元）", Kind.YUAN),
        Column("investment", "实际投入总额（元）", Kind.YUAN),
    ),
)
CENTER_COSTS = Sheet(
    "center_costs",
    "中心经费",
    (
        Column("unit", "单位", Kind.TEXT),
        Column("category", "经费类别", Kind.TEXT),
        Column("item", "项目", Kind.TEXT),
        Column("budget", "年初预算（元）", Kind.YUAN),
        Column("actual", "实际发生（元）", Kind.YUAN),
    ),
)
PREPAYMENTS = Sheet(
    "prepayments",
    "县级预缴",
    (
        Column("county_code", "县区代码", Kind.CODE),
        Column("amount", "已缴金额（元）", Kind.YUAN),
    ),
    required=False,
)

SHEETS: tuple[Sheet, ...] = (
    INFO,
    SOURCES,
    COUNTIES,
    MILEAGE,
    PERFORMANCE,
    PROJECTS,
    CENTER_COSTS,
    PREPAYMENTS,
)
SHEET_ORDER: dict[str, int] = {sheet.name: i for i, sheet in enumerate(SHEETS)}


# --- names as a person reads them (issue 12) -------------------------------------------


def normal_name(text: str) -> str:
    """A sheet name or header as a person reads it: Unicode NFKC (（元） = (元), full-width
    letters and digits as half-width), every space and line break dropped. Sheet names and
    headers are compared in this form, and only in this form."""
    return "".join(unicodedata.normalize("NFKC", text).split())


MONEY_UNITS: tuple[str, ...] = ("元", "万元", "千元", "百元", "百万元", "千万元", "亿元")
LENGTH_UNITS: tuple[str, ...] = ("公里", "千米", "km", "米", "m")
SAME_UNIT: dict[str, frozenset[str]] = {
    "元": frozenset({"元"}),
    "公里": frozenset({"公里", "千米", "km"}),
}
"""The spellings of the unit each kind of column is read in: 元 for amounts, 公里 for km."""
KIND_UNIT: dict[Kind, str] = {Kind.YUAN: "元", Kind.KM: "公里"}
_UNITS = sorted(MONEY_UNITS + LENGTH_UNITS, key=len, reverse=True)
_UNIT_RE = re.compile(
    r"^(?P<base>.+?)(?:\((?P<a>{u})\)|\[(?P<b>{u})\]|/(?P<c>{u}))$".format(
        u="|".join(re.escape(u) for u in _UNITS)
    ),
    re.IGNORECASE,
)


def split_unit(name: str) -> tuple[str, str | None]:
    """A normalised header as (name, unit): "下达金额(万元)" → ("下达金额", "万元");
    "国道" → ("国道", None). The unit is recognised in brackets or after a slash."""
    match = _UNIT_RE.match(name)
    if match is None:
        return name, None
    unit = match["a"] or match["b"] or match["c"]
    return match["base"], unit.lower()


def column_unit(column: Column) -> str | None:
    """The unit a column's numbers are read in (元, 公里), or None for other columns."""
    return KIND_UNIT.get(column.kind)


def same_unit(unit: str, expected: str) -> bool:
    return unit in SAME_UNIT.get(expected, frozenset({expected}))


def other_unit(unit: str | None, expected: str | None) -> bool:
    """Does a header's ``unit`` name a different unit of the same quantity as ``expected``?"""
    if unit is None or expected is None:
        return False
    family = MONEY_UNITS if expected in MONEY_UNITS else LENGTH_UNITS
    return unit in family and not same_unit(unit, expected)


FUND_SOURCE_NAMES: dict[str, tuple[str, str]] = {
    "central": ("中央成品油税费改革转移支付资金", "中央成品油资金"),
    "provincial": ("普通国省道路面养护工程省级补助资金", "省级路面养护补助"),
}
"""Each fund source's Chinese name, full and short (SPEC §3.1): what the workbook may say in
资金来源!代码 and what every Chinese output calls it (text/common.py takes them from here)."""


def fund_source_code(text: str) -> str | None:
    """A fund source as typed — its code or its Chinese name, full or short — as its code
    (central / provincial); None when it is neither. The one table of those names."""
    wanted = normal_name(text).casefold()
    for code in FUND_SOURCES:
        names = (code, *FUND_SOURCE_NAMES[code])
        if wanted in {normal_name(name).casefold() for name in names}:
            return code
    return None
