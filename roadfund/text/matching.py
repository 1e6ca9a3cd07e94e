"""The 30% matching-floor check: the 配套核查 sheet and the run's report."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # matching-floor check (issue 3): the 配套核查 sheet and the run's report
    "sheet.matching": ("配套核查", "Matching check"),
    "matching.title": (
        "{city}{year}年普通国省道路面养护工程配套资金核查",
        "{city} {year}: matching-floor check of provincial pavement projects",
    ),
    "matching.floor": ("配套比例下限", "Matching floor"),
    "matching.basis": (
        "依据：{reference}——市县财政配套资金与年度实际投入资金总额比例不低于 {floor}",
        "Basis: {reference} — city + county fiscal matching must be at least {floor} of the year's actual total investment",
    ),
    "matching.rule": (
        "配套合计 = 市级配套 + 县级配套；配套比例 = 配套合计 ÷ 实际投入总额；"
        "应配套金额 = 实际投入总额 × 配套比例下限，按分向上取整；"
        "配套缺口 = 应配套金额 − 配套合计（不小于 0）。"
        "县区行为该县区各项目之和，全市行为全部项目之和；配套合计不低于应配套金额为达标，未达标的行标红。",
        "Matching total = city matching + county matching; ratio = matching total ÷ total investment; "
        "required matching = total investment × the floor, rounded up to the fen; "
        "shortfall = required matching − matching total (not below 0). "
        "A county line is the sum of its projects, the city line the sum of all projects; "
        "a line passes when its matching total reaches the required matching; failing lines are red.",
    ),
    "matching.level": ("层级", "Level"),
    "matching.level.project": ("项目", "Project"),
    "matching.level.county": ("县区", "County"),
    "matching.level.city": ("全市", "City"),
    "matching.id": ("编号", "Number"),
    "matching.name": ("名称", "Name"),
    "matching.provincial": ("省级补助", "Provincial subsidy"),
    "matching.city_matching": ("市级配套", "City matching"),
    "matching.county_matching": ("县级配套", "County matching"),
    "matching.investment": ("实际投入总额", "Total investment"),
    "matching.total": ("配套合计", "Matching total"),
    "matching.ratio": ("配套比例", "Matching ratio"),
    "matching.required": ("应配套金额", "Required matching"),
    "matching.shortfall": ("配套缺口", "Shortfall"),
    "matching.shortfall_yuan": ("配套缺口（元）", "Shortfall (yuan)"),
    "matching.status": ("结论", "Result"),
    "matching.status.pass": ("达标", "pass"),
    "matching.status.fail": ("未达标", "fail"),
    "matching.no_projects": (
        "「配套资金」表没有项目，无需核查。",
        "The 配套资金 sheet lists no project; there is nothing to check.",
    ),
    "cli.matching_none": (
        "配套核查：「配套资金」表没有项目。",
        "Matching check: the 配套资金 sheet lists no project.",
    ),
    "cli.matching_all_pass": (
        "配套核查：全部 {projects} 个项目、{counties} 个县区及全市的市县配套均不低于实际投入总额的 {floor}。",
        "Matching check: all {projects} projects, {counties} counties and the city reach the {floor} floor.",
    ),
    "cli.matching_failed": (
        "配套核查：{count} 项低于 {floor} 下限（{reference}）：",
        "Matching check: {count:# line|# lines} below the {floor} floor ({reference}):",
    ),
    "cli.strict_failed": (
        "--strict：配套核查未通过，退出码 3",
        "--strict: the matching check failed; exit status 3",
    ),
}
