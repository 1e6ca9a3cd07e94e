"""The label and message catalog, Chinese and English — the one place user-facing text lives.

``message(code, lang, **params)`` renders an issue or CLI message; ``label(key, lang)``
a word used on workbooks and terminal tables. A parameter whose value starts with
``@`` names a label and is rendered in the same language (``expected="@kind.yuan"``).
CSV headers are the SPEC's machine contract and are not translated.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
    # what a cell should hold
    "kind.text": ("文本", "text"),
    "kind.code": ("6位行政区划代码（文本）", "a 6-digit administrative code (text)"),
    "kind.yuan": ("金额（元，≥0，最多2位小数）", "an amount in yuan (≥ 0, at most 2 decimals)"),
    "kind.km": ("里程（公里，≥0，最多3位小数）", "a length in km (≥ 0, at most 3 decimals)"),
    "kind.score": ("得分（0–100，最多2位小数）", "a score (0–100, at most 2 decimals)"),
    "kind.need": ("工作需求（≥0，最多2位小数）", "a work-need figure (≥ 0, at most 2 decimals)"),
    "kind.year": ("年度（如 2023）", "a year (e.g. 2023)"),
    "kind.date": ("日期（如 2023-03-31）", "a date (e.g. 2023-03-31)"),
    "blank": ("空白", "blank"),
    # fund sources
    "source.central": ("中央成品油税费改革转移支付资金", "Central fuel-tax reform transfer"),
    "source.provincial": (
        "普通国省道路面养护工程省级补助资金",
        "Provincial pavement-maintenance subsidy",
    ),
    "source.central.short": ("中央成品油资金", "Central fuel-tax"),
    "source.provincial.short": ("省级路面养护补助", "Provincial pavement"),
    # common words on outputs
    "county_code": ("县区代码", "County code"),
    "county_name": ("县区名称", "County"),
    "branch_center": ("分中心", "Branch center"),
    "source": ("资金来源", "Fund source"),
    "daily": ("日常养护资金", "Daily maintenance"),
    "performance": ("绩效考核资金", "Performance"),
    "total": ("合计", "Total"),
    "received": ("下达金额", "Amount received"),
    "city_deduction": ("市本级配套扣除", "City matching deduction"),
    "pool": ("可分配资金", "Pool to allocate"),
    "daily_share": ("日常养护比例", "Daily share"),
    "performance_share": ("绩效考核比例", "Performance share"),
    "converted_mileage": ("折算里程（公里）", "Converted mileage (km)"),
    "class_weight": ("折算系数", "Class weight"),
    "score": ("绩效得分", "Score"),
    "grade": ("等级", "Grade"),
    "coefficient": ("系数", "Coefficient"),
    "need": ("工作需求", "Work need"),
    "weight": ("权重", "Weight"),
    "share_pct": ("占比", "Share"),
    "quota": ("精确份额", "Exact quota"),
    "floor": ("取整", "Floor"),
    "remainder_rank": ("余数排序", "Remainder rank"),
    "extra_fen": ("补分", "Leftover fen"),
    "amount": ("金额", "Amount"),
    "unit_yuan": ("单位：元", "Unit: yuan"),
    "unit_km": ("单位：公里", "Unit: km"),
    "year": ("年度", "Year"),
    "city": ("城市", "City"),
    "prepared": ("编制日期", "Prepared on"),
    "policy_reference": ("政策依据", "Policy"),
    "illustrative": (
        "示例数据：里程、资金与经费为演示用虚构数字，非官方数据。",
        "Sample data: mileage, funds and costs are illustrative figures, not official data.",
    ),
    # policy values
    "policy.ratio": ('非负小数字符串（如 "0.70"）', 'a non-negative decimal string (e.g. "0.70")'),
    "policy.unit_ratio": (
        '0 到 1 之间的小数字符串（如 "0.30"）',
        'a decimal string from 0 to 1 (e.g. "0.30")',
    ),
    "policy.score": (
        '0–100 的得分字符串，最多2位小数（如 "90"）',
        'a score string 0–100, at most 2 decimals (e.g. "90")',
    ),
    "policy.bands_distinct": ("各档 min_score 互不相同", "distinct min_score values"),
    "policy.bands_zero": (
        '一档 min_score = "0"，使每个得分都有对应等级',
        'a band with min_score = "0" so every score has a grade',
    ),
    "policy.factors": ("因素权重", "the factor shares"),
    "policy.shares": ("daily_share 与 performance_share", "daily_share and performance_share"),
    "policy.valid_value": ("有效值", "a valid value"),
    "policy.hint_none": ("", ""),
    "eligible": ("参与分配", "Eligible"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "factor.score": ("绩效得分因素", "Score factor"),
    "factor.need": ("工作需求因素", "Need factor"),
    "factor.mileage": ("里程因素", "Mileage factor"),
    "policy_key": ("参数", "Key"),
    "policy_value": ("取值", "Value"),
    # workbook sheet titles
    "sheet.overview": ("分配总览", "Overview"),
    "sheet.daily": ("日常养护资金测算", "Daily maintenance"),
    "sheet.performance": ("绩效考核资金测算", "Performance"),
    "sheet.policy": ("政策参数", "Policy"),
    "title.summary": (
        "{city}{year}年公路养护资金分配汇总表",
        "{city} {year} highway maintenance fund allocation",
    ),
    # terminal
    "cli.outputs_written": ("已写入：{path}", "Written to: {path}"),
    "cli.check_ok": ("输入有效：{path}", "Input is valid: {path}"),
    "cli.issue_count": (
        "输入有 {count} 处问题，未写入任何文件：",
        "The input has {count} problem(s); nothing was written:",
    ),
    "cli.output_exists": (
        "输出位置 {path} 已存在且不为空；请换一个 --out，或加 --force 替换",
        "the output {path} exists and is not empty; choose another --out or add --force",
    ),
    "progress.summary": ("写入汇总表 {done}/{total}", "writing the summary {done}/{total}"),
    "progress.county": ("写入县区工作簿 {done}/{total}", "writing county workbooks {done}/{total}"),
    "cli.template_written": ("已写入模板：{path}", "Template written: {path}"),
    "cli.elapsed": ("用时 {seconds} 秒", "took {seconds} s"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # files
    "file_not_found": ("找不到文件", "file not found"),
    "not_xlsx": (
        "不是有效的 xlsx 工作簿（{found}）；请在 Excel/WPS 中另存为 .xlsx",
        "not a valid xlsx workbook ({found}); save it as .xlsx in Excel/WPS",
    ),
    "encrypted": (
        "工作簿设有打开密码；请取消密码后另存为 .xlsx",
        "the workbook is password-protected; remove the password and save as .xlsx",
    ),
    # structure
    "missing_sheet": ("缺少工作表「{sheet}」", "sheet '{sheet}' is missing"),
    "missing_column": ("缺少列「{column}」", "column '{column}' is missing"),
    "missing_column_suggest": (
        "缺少列「{column}」；找到的「{found}」是否就是它？",
        "column '{column}' is missing; is '{found}' meant to be it?",
    ),
    "duplicate_column": ("列「{column}」出现了两次", "column '{column}' appears twice"),
    "empty_sheet": ("工作表没有数据行", "the sheet has no data rows"),
    # cells
    "blank_cell": ("单元格为空，应填{expected}", "the cell is empty; expected {expected}"),
    "not_a_number": (
        "「{found}」不是数字，应填{expected}",
        "'{found}' is not a number; expected {expected}",
    ),
    "too_many_decimals": (
        "「{found}」的小数位超过 {places} 位，应填{expected}",
        "'{found}' has more than {places} decimals; expected {expected}",
    ),
    "negative": ("「{found}」为负数，应填{expected}", "'{found}' is negative; expected {expected}"),
    "formula_no_value": (
        "公式「{found}」没有计算结果；请在 Excel/WPS 中打开并保存后重试，或改为数值",
        "formula '{found}' has no computed value; open and save the file in Excel/WPS, or enter the value",
    ),
    "error_cell": (
        "单元格是错误值「{found}」，应填{expected}",
        "the cell holds the error '{found}'; expected {expected}",
    ),
    "bad_code": (
        "「{found}」不是6位行政区划代码",
        "'{found}' is not a 6-digit administrative code",
    ),
    "bad_text": (
        "「{found}」不是文本，应填{expected}",
        "'{found}' is not text; expected {expected}",
    ),
    "number_as_text": (
        "「{found}」是以文本形式存储的数字，应填{expected}（请改为数值格式，去掉空格、千分位和全角字符）",
        "'{found}' is a number stored as text; expected {expected} (make it a number cell, without spaces, separators or full-width digits)",
    ),
    "merged_cell": (
        "合并单元格 {found} 会隐藏数据；请取消合并",
        "merged cells {found} hide data; unmerge them",
    ),
    "missing_sheet_suggest": (
        "缺少工作表「{sheet}」；找到的「{found}」是否就是它？（注意空格）",
        "sheet '{sheet}' is missing; is '{found}' meant to be it? (check for spaces)",
    ),
    "score_range": ("得分「{found}」超出 0–100", "score '{found}' is outside 0–100"),
    "bad_year": (
        "「{found}」不是有效年度，应填{expected}",
        "'{found}' is not a valid year; expected {expected}",
    ),
    "bad_date": (
        "「{found}」不是日期，应填{expected}",
        "'{found}' is not a date; expected {expected}",
    ),
    # rows and cross-sheet rules
    "info_missing": ("缺少「{item}」一行", "the row '{item}' is missing"),
    "duplicate_info": ("「{item}」出现了两次", "'{item}' appears twice"),
    "unknown_source": (
        "资金来源代码「{found}」无效，应为 central 或 provincial",
        "fund source code '{found}' is not valid; expected central or provincial",
    ),
    "duplicate_source": (
        "资金来源「{found}」重复（首次出现在第 {first} 行）",
        "fund source '{found}' is repeated (first on row {first})",
    ),
    "missing_source": ("缺少资金来源「{found}」", "fund source '{found}' is missing"),
    "deduction_exceeds": (
        "市本级配套扣除 {found} 元大于下达金额 {received} 元",
        "the city deduction {found} yuan exceeds the amount received {received} yuan",
    ),
    "parts_mismatch": (
        "基础补助 {base} 元 + 奖励 {reward} 元 = {sum} 元，不等于下达金额 {received} 元",
        "base subsidy {base} + reward {reward} = {sum} yuan, not the amount received {received} yuan",
    ),
    "parts_incomplete": (
        "基础补助与奖励应同时填写或同时留空",
        "fill in both the base subsidy and the reward, or neither",
    ),
    "duplicate_county": (
        "县区代码「{found}」重复（首次出现在第 {first} 行）",
        "county code '{found}' is repeated (first on row {first})",
    ),
    "duplicate_name": (
        "「{found}」重复（首次出现在第 {first} 行）",
        "'{found}' is repeated (first on row {first})",
    ),
    "unknown_county": (
        "县区代码「{found}」不在「县区」表中",
        "county code '{found}' is not in the sheet 县区",
    ),
    "county_missing": (
        "县区「{county}」（{code}）没有一行数据",
        "county {county} ({code}) has no row here",
    ),
    "no_counties": ("至少需要一个县区", "at least one county is needed"),
    "all_zero_weights": (
        "{pool}的所有县区权重均为 0，资金 {amount} 元无法分配",
        "every county's weight for {pool} is 0; {amount} yuan cannot be allocated",
    ),
    "factor_total_zero": (
        "因素「{factor}」在参与分配的县区中合计为 0，无法计算",
        "factor '{factor}' totals 0 over the eligible counties",
    ),
    "need_column_missing": (
        "政策要求按「工作需求」分配，但本表缺少该列或该单元格为空",
        "the policy allocates by work need, but the 工作需求 column or cell is empty",
    ),
    "no_policy_period": (
        "政策文件中没有适用于 {year} 年的时段（最早的时段从 {first} 年起）",
        "the policy file has no period for {year} (the earliest starts in {first})",
    ),
    "duplicate_project": (
        "项目编号「{found}」重复（首次出现在第 {first} 行）",
        "project number '{found}' is repeated (first on row {first})",
    ),
    "investment_not_positive": (
        "实际投入总额必须大于 0",
        "the total investment must be greater than 0",
    ),
    "investment_below_parts": (
        "实际投入总额 {found} 元小于省级补助与市县配套之和 {parts} 元",
        "the total investment {found} yuan is less than the subsidy and matching together, {parts} yuan",
    ),
    "unknown_unit": (
        "单位「{found}」既不是市本级单位（{city_units}），也不是「县区」表中的分中心",
        "unit '{found}' is neither a city unit ({city_units}) nor a branch center in 县区",
    ),
    "bad_category": (
        "经费类别「{found}」无效，应为 人员经费、公用经费 或 奖励性工资",
        "cost category '{found}' is not valid; expected 人员经费, 公用经费 or 奖励性工资",
    ),
    # policy file
    "policy_syntax": ("TOML 语法错误：{found}", "TOML syntax error: {found}"),
    "policy_unknown_key": ("未知的键「{found}」{hint}", "unknown key '{found}'{hint}"),
    "policy_missing_key": ("缺少键「{found}」", "key '{found}' is missing"),
    "policy_bad_value": (
        "值「{found}」无效，应为{expected}",
        "value '{found}' is not valid; expected {expected}",
    ),
    "policy_bad_table": ("应为{expected}", "expected {expected}"),
    "policy_shares_sum": (
        "{what}之和为 {found}，应等于 1",
        "{what} add up to {found}; they must add up to 1",
    ),
    "policy_no_periods": ("政策文件中没有任何 [[period]]", "the policy file has no [[period]]"),
    "policy_duplicate_year": ("from_year {found} 出现了两次", "from_year {found} appears twice"),
    # container guard
    "is_directory": (
        "这是一个文件夹，不是文件；应为 .xlsx 工作簿文件",
        "this is a folder, not a file; expected an .xlsx workbook file",
    ),
    "not_regular_file": (
        "这不是普通文件（可能是设备或管道）；应为 .xlsx 工作簿文件",
        "this is not a regular file (a device or pipe?); expected an .xlsx workbook file",
    ),
    "file_unreadable": (
        "无法读取文件（{found}）；请检查文件权限",
        "the file cannot be read ({found}); check its permissions",
    ),
    "empty_file": (
        "文件为空（0 字节）；应为 .xlsx 工作簿",
        "the file is empty (0 bytes); expected an .xlsx workbook",
    ),
    "file_too_large": (
        "文件大小 {size} MB，超过上限 {limit} MB（正常的输入工作簿不到 1 MB）",
        "the file is {size} MB, above the {limit} MB limit (a normal input workbook is under 1 MB)",
    ),
    "xls_format": (
        "这是旧版 Excel 97-2003 工作簿（.xls）；请在 Excel/WPS 中另存为 .xlsx",
        "this is an old Excel 97-2003 workbook (.xls); save it as .xlsx in Excel/WPS",
    ),
    "text_file": (
        "这是文本文件（如 CSV），首行为「{found}」，不是 xlsx 工作簿；请在 Excel/WPS 中打开并另存为 .xlsx",
        "this is a text file (e.g. CSV) whose first line is '{found}', not an xlsx workbook; "
        "open it in Excel/WPS and save it as .xlsx",
    ),
    "zip_corrupt": (
        "文件已损坏：无法读取其 ZIP 结构（可能下载不完整）；应为完整的 .xlsx 工作簿",
        "the file is corrupt: its ZIP structure cannot be read (an incomplete download?); "
        "expected a complete .xlsx workbook",
    ),
    "zip_member_corrupt": (
        "文件已损坏：内部部件「{member}」校验失败（CRC 错误或数据不完整）",
        "the file is corrupt: its part '{member}' fails its check (bad CRC or truncated data)",
    ),
    "zip_too_many_members": (
        "压缩包内有 {found} 个部件，超过上限 {limit} 个；不像是正常的工作簿",
        "the archive holds {found} parts, above the limit of {limit}; not a normal workbook",
    ),
    "zip_directory_too_large": (
        "压缩包目录大小为 {size} KB，超过上限 {limit} KB；不像是正常的工作簿",
        "the archive's directory is {size} KB, above the {limit} KB limit; not a normal workbook",
    ),
    "zip_too_large": (
        "解压后共 {size} MB，超过上限 {limit} MB；疑似压缩炸弹",
        "it unpacks to {size} MB, above the {limit} MB limit; a likely zip bomb",
    ),
    "zip_member_too_large": (
        "内部部件「{member}」解压后为 {size} MB，超过上限 {limit} MB",
        "the part '{member}' unpacks to {size} MB, above the {limit} MB limit",
    ),
    "zip_ratio": (
        "内部部件「{member}」的压缩比为 {ratio}:1（解压后 {size} MB），超过上限 {limit}:1；疑似压缩炸弹",
        "the part '{member}' is compressed {ratio}:1 ({size} MB unpacked), above the "
        "{limit}:1 limit; a likely zip bomb",
    ),
    "ods_format": (
        "这是 OpenDocument 表格（.ods）；请在 Excel/WPS 中另存为 .xlsx",
        "this is an OpenDocument spreadsheet (.ods); save it as .xlsx in Excel/WPS",
    ),
    "macro_enabled": (
        "这是启用宏的工作簿（{found}）；输入文件须为不含宏的普通 .xlsx，请另存为「Excel 工作簿 (*.xlsx)」",
        "this is a macro-enabled workbook ({found}); the input must be a plain .xlsx without "
        "macros: save it as 'Excel Workbook (*.xlsx)'",
    ),
    "xml_dtd": (
        "内部部件「{member}」含有 {found} 声明（可能是 XML 实体炸弹或外部实体）；xlsx 工作簿不应包含 DTD",
        "the part '{member}' contains a {found} declaration (an entity bomb or external "
        "entity?); an xlsx workbook never contains a DTD",
    ),
    "xml_segment_too_long": (
        "内部部件「{member}」中有超过 {limit} KB 的连续内容没有任何 XML 标记；不像是正常的工作簿",
        "the part '{member}' has a run of more than {limit} KB without any XML markup; "
        "not a normal workbook",
    ),
    "sheet_too_many_rows": (
        "内部部件「{member}」超过 {limit} 行；输入工作表最多 {limit} 行",
        "the part '{member}' has more than {limit} rows; an input sheet has at most {limit}",
    ),
    "sheet_ref_too_large": (
        "内部部件「{member}」引用了「{found}」，超出上限（最多 {max_rows} 行、列不超过 {max_col}）",
        "the part '{member}' refers to '{found}', beyond the limit of {max_rows} rows and "
        "column {max_col}",
    ),
    "sheet_too_many_cells": (
        "内部部件「{member}」超过 {limit} 个单元格（含合并单元格）；输入工作表最多 {limit} 个",
        "the part '{member}' has more than {limit} cells (merged cells included); an input "
        "sheet has at most {limit}",
    ),
}


def _render(template: str, lang: Lang, params: dict[str, str]) -> str:
    resolved = {k: label(v[1:], lang) if v.startswith("@") else v for k, v in params.items()}
    return template.format(**resolved)


def message(code: str, lang: Lang = "zh", **params: str) -> str:
    zh, en = MESSAGES[code]
    return _render(zh if lang == "zh" else en, lang, params)


def label(key: str, lang: Lang = "zh", **params: object) -> str:
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text
