"""The input workbook's sheets and columns — the one place their names live (SPEC §4.1).

The reader, the template writer and the synthetic generator all take names from here.
"""

from __future__ import annotations

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
INFO_OPTIONAL_KEYS: tuple[str, ...] = (INFO_NUMBER,)

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
