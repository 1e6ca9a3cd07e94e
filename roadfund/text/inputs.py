"""Problems with the input workbook: files, structure, cells, rows and cross-sheet rules."""

from __future__ import annotations

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
    # cells
    "blank_cell": ("单元格为空，应填{expected}", "the cell is empty; expected {expected}"),
    "not_a_number": (
        "「{found}」不是数字，应填{expected}",
        "'{found}' is not a number; expected {expected}",
    ),
    "too_many_decimals": (
        "「{found}」的小数位超过 {places} 位，应填{expected}；如是公式结果，请用 =ROUND(…,{places}) 取整",
        "'{found}' has more than {places} decimals; expected {expected}; if it is a formula's result, round it with =ROUND(…,{places})",
    ),
    "too_large": (
        "「{found}」超出允许范围（最大 {limit}），应填{expected}",
        "'{found}' is beyond the supported range (at most {limit}); expected {expected}",
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
        "「{found}」是以文本形式存储的数字，应填{expected}{hint}",
        "'{found}' is a number stored as text; expected {expected}{hint}",
    ),
    "merged_cell": (
        "合并单元格 {found} 会隐藏数据；请取消合并",
        "merged cells {found} hide data; unmerge them",
    ),
    "missing_sheet_suggest": (
        "缺少工作表「{sheet}」；找到的「{found}」是否就是它？",
        "sheet '{sheet}' is missing; is '{found}' meant to be it?",
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
        "资金来源「{found}」无效，应为代码 central 或 provincial，或其名称（中央成品油税费改革转移支付资金、普通国省道路面养护工程省级补助资金，或简称 中央成品油资金、省级路面养护补助）",
        "fund source '{found}' is not valid; expected the code central or provincial, or its Chinese name (中央成品油税费改革转移支付资金, 普通国省道路面养护工程省级补助资金, or the short 中央成品油资金, 省级路面养护补助)",
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
    "branch_is_city_unit": (
        "分中心名称「{found}」与政策中的市本级单位同名；请改用分中心自己的名称",
        "branch center name '{found}' is also a city unit of the policy; give the branch its own name",
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
    # bad input battery (issue 5): a workbook with none of the input sheets
    "no_input_sheets": (
        "工作簿中没有任何输入工作表（找到的工作表：{found}）；应有 {expected}。"
        "可用 roadfund template 生成模板",
        "the workbook has none of the input sheets (found: {found}); expected {expected}. "
        "roadfund template writes a blank one",
    ),
    # faults (issue 11)
    "bad_number_cell": (
        "数字单元格的值「{found}」无法读取（无穷大、非数字或位数过多）；请填写普通数字",
        "the number cell holds '{found}', which cannot be read (infinite, not a number or "
        "too many digits); enter a plain number",
    ),
    "file_name_collision": (
        "县区名称作为文件名时与另一个县区相同（{name}）；请让各县区名称可以区分",
        "as a file name this county's name is the same as another's ({name}); make the names distinct",
    ),
    # issue 12: names as a person reads them, hidden data, units, dates
    "sheet_twice": (
        "有两张工作表都读作「{sheet}」（「{found}」）；请删除或改名其中一张",
        "two sheets read as '{sheet}' ('{found}'); delete or rename one of them",
    ),
    "optional_sheet_near": (
        "工作表「{found}」与可选的工作表「{sheet}」名称相近但不同，其数据未被读取；"
        "若它就是{sheet}表，请改名为「{sheet}」，否则请改名或删除",
        "sheet '{found}' is named like the optional sheet '{sheet}' but not the same, so it "
        "was not read; if it is the {sheet} sheet rename it '{sheet}', otherwise rename or "
        "delete it",
    ),
    "sheet_hidden": (
        "工作表「{sheet}」已隐藏，其中的数据在 Excel/WPS 中看不到；请取消隐藏或删除它",
        "sheet '{sheet}' is hidden, so its data cannot be seen in Excel/WPS; unhide it or "
        "delete it",
    ),
    "sheet_very_hidden": (
        "工作表「{sheet}」被设为“深度隐藏”（veryHidden），其中的数据在 Excel/WPS 中看不到；"
        "请取消隐藏（在 VBA 编辑器中将 Visible 设为 -1）或删除它",
        "sheet '{sheet}' is very hidden, so its data cannot be seen in Excel/WPS; unhide it "
        "(set Visible to -1 in the VBA editor) or delete it",
    ),
    "hidden_row": (
        "此行已隐藏，但含有数据；请取消隐藏或删除该行",
        "this row is hidden but holds data; unhide it or delete it",
    ),
    "hidden_column": (
        "此列已隐藏，但含有数据；请取消隐藏或删除该列",
        "this column is hidden but holds data; unhide it or delete it",
    ),
    "wrong_unit": (
        "表头「{found}」的单位是{unit}，本列应以{expected}为单位填写（表头为「{column}」）；"
        "请把数值换算成{expected}后再填",
        "the header '{found}' is in {unit}; this column is read in {expected} (header "
        "'{column}'): convert the figures to {expected}",
    ),
    "optional_column_near": (
        "列「{found}」与可选列「{column}」名称相近但不同，其数据未被读取；"
        "若它就是该列，请改名为「{column}」，否则请改名或删除",
        "column '{found}' is named like the optional column '{column}' but not the same, so "
        "it was not read; if it is that column rename it '{column}', otherwise rename or "
        "delete it",
    ),
    "header_not_on_row_1": (
        "表头应在第 1 行，却在第 {found} 行；请删除表头上方的行（如标题行）",
        "the header row must be row 1 but is row {found}; delete the rows above it (such as "
        "a title)",
    ),
    "date_outside_year": (
        "编制日期「{found}」不在年度 {year} 年或其后一年内（应在 {first} 至 {last} 之间）",
        "the date prepared '{found}' is neither in the year {year} nor in the year after "
        "(expected {first} to {last})",
    ),
    # issue 12: a reviewer's cross-checks (warnings, never errors) and notes on the input
    "warn_provincial_over_allocation": (
        "{county}（{code}）的项目共使用省级补助 {used} 元，多于该县区本年分得的省级路面养护补助 {allocated} 元",
        "{county} ({code}): its projects use {used} yuan of provincial subsidy, more than the "
        "{allocated} yuan it was allocated from the provincial source this year",
    ),
    "warn_city_deduction_vs_matching": (
        "市本级配套扣除合计 {deduction} 元，与配套资金表中各项目市级配套合计 {matching} 元不一致（相差 {difference} 元）",
        "the city deductions total {deduction} yuan, but the projects' city matching in 配套资金 "
        "totals {matching} yuan (a difference of {difference} yuan)",
    ),
    "note_no_prepayments": (
        "未提供县级预缴表，已缴金额按 0 计",
        "no 县级预缴 (county prepayments) sheet was given; every prepaid amount is taken as 0",
    ),
}

LABELS: dict[str, tuple[str, str]] = {
    # issue 12: hints for numbers stored as text; warnings and notes on outputs
    "review.warning": ("提示：{text}", "Warning: {text}"),
    "review.note": ("说明：{text}", "Note: {text}"),
    "hint.as_text": (
        "（请改为数值格式，去掉空格、千分位和全角字符）",
        " (make it a number cell, without spaces, separators or full-width digits)",
    ),
    "hint.full_width": (
        "（其中是全角数字；请改用半角数字，并设为数值格式）",
        " (its digits are full-width; type them as half-width digits in a number cell)",
    ),
    # issue 10: an issue's cell with its column's header
    "issue.with_header": ("{location}（{header}）：{message}", "{location} ({header}): {message}"),
}
