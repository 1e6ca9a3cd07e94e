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
    "amount": ("金额", "Amount"),
    # column headers that several tables share (one key per text)
    "amount_yuan": ("金额（元）", "Amount (yuan)"),
    "county": ("县区", "County"),
    "item": ("项目", "Item"),
    "unit_yuan": ("单位：元", "Unit: yuan"),
    "year": ("年度", "Year"),
    "city": ("城市", "City"),
    "prepared": ("编制日期", "Prepared on"),
    "policy_reference": ("政策依据", "Policy"),
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
    "matching.status.fail": ("未达标", "FAIL"),
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
        "Matching check: {count} line(s) below the {floor} floor ({reference}):",
    ),
    "cli.strict_failed": (
        "--strict：配套核查未通过，退出码 3",
        "--strict: the matching check failed; exit status 3",
    ),
    # explain / compare / --pdf (issue 6): the 计算过程 trace, year comparison, PDF copies
    "sheet.trace": ("计算过程", "Derivation"),
    "trace.title": (
        "{city}{year}年 {name}（{code}）公路养护资金计算过程",
        "{city} {year}: how the amounts of {name} ({code}) were computed",
    ),
    "trace.policy": ("政策依据：{reference}    单位：元", "Policy: {reference}    Unit: yuan"),
    "trace.step": ("计算过程", "Step"),
    "trace.section": ("环节", "Part"),
    "trace.section.basis": ("分配依据", "Allocation basis"),
    "trace.section.transfer": ("转移支付合计", "Transfer total"),
    "trace.section.matching": ("配套比例核查", "Matching check"),
    "trace.section.settlement": ("中心经费年终清算", "Year-end settlement of center costs"),
    "trace.road.national": ("国道", "National roads"),
    "trace.road.provincial": ("省道", "Provincial roads"),
    "trace.road.county": ("县道", "County roads"),
    "trace.road.township": ("乡道", "Township roads"),
    "trace.road.village": ("村道", "Village roads"),
    "trace.class_km": (
        "{road_class}：{km} 公里 × 折算系数 {weight} = {converted} 公里",
        "{road_class}: {km} km × class weight {weight} = {converted} km",
    ),
    "trace.converted_mileage": (
        "折算里程 = {parts} = {km} 公里（日常养护资金的权重）",
        "Converted mileage = {parts} = {km} km (the daily-maintenance weight)",
    ),
    "trace.total_mileage": (
        "全市折算里程合计（{count} 个县区）= {km} 公里",
        "City-wide converted mileage ({count} counties) = {km} km",
    ),
    "trace.score_band": (
        "绩效得分 {score} ≥ {min_score} → 等级「{grade}」→ 系数 {coefficient}",
        "Score {score} ≥ {min_score} → grade '{grade}' → coefficient {coefficient}",
    ),
    "trace.weight_mileage": (
        "绩效权重 = 折算里程 {need} × 系数 {coefficient} = {weight}",
        "Performance weight = converted mileage {need} × coefficient {coefficient} = {weight}",
    ),
    "trace.weight_need": (
        "绩效权重 = 工作需求 {need} × 系数 {coefficient} = {weight}",
        "Performance weight = work need {need} × coefficient {coefficient} = {weight}",
    ),
    "trace.factor_eligible": (
        "绩效得分 {score} ≥ 最低分 {min_score} → 参与绩效考核资金分配",
        "Score {score} ≥ minimum {min_score} → shares in the performance pool",
    ),
    "trace.factor_ineligible": (
        "绩效得分 {score} 低于最低分 {min_score} → 不参与绩效考核资金分配，绩效权重 = 0",
        "Score {score} is below the minimum {min_score} → no share of the performance pool, weight = 0",
    ),
    "trace.factor_part": (
        "{factor}：{share} × {value} ÷ {total} = {part}",
        "{factor}: {share} × {value} ÷ {total} = {part}",
    ),
    "trace.weight_factors": (
        "绩效权重 = {parts} = {weight}",
        "Performance weight = {parts} = {weight}",
    ),
    "trace.total_weight": (
        "全市绩效权重合计 = {weight}",
        "City-wide performance weight = {weight}",
    ),
    "trace.received": ("下达金额 = {amount} 元", "Amount received = {amount} yuan"),
    "trace.received_parts": (
        "其中基础补助 {base} 元，奖励 {reward} 元",
        "of which base subsidy {base} yuan, reward {reward} yuan",
    ),
    "trace.deduction": ("市本级配套扣除 = {amount} 元", "City matching deduction = {amount} yuan"),
    "trace.pool": (
        "可分配资金 = {received} − {deduction} = {pool} 元",
        "Pool = {received} − {deduction} = {pool} yuan",
    ),
    "trace.daily_pool": (
        "日常养护资金 = {pool} × {share} = {exact} 元 → 四舍五入到分 = {daily} 元",
        "Daily maintenance pool = {pool} × {share} = {exact} yuan → rounded half up to the fen = {daily} yuan",
    ),
    "trace.performance_pool": (
        "绩效考核资金 = {pool} − {daily} = {performance} 元",
        "Performance pool = {pool} − {daily} = {performance} yuan",
    ),
    "trace.quota": (
        "精确份额 = {total} 分 × {weight} ÷ {total_weight} = {fraction} 分 = {decimal} 分",
        "Exact quota = {total} fen × {weight} ÷ {total_weight} = {fraction} fen = {decimal} fen",
    ),
    "trace.zero_weight": (
        "权重为 0：本县区不分得此项资金，资金由其他县区按权重分配",
        "Weight 0: this county gets none of this pool; it goes to the other counties",
    ),
    "trace.floor": (
        "向下取整 = {floor} 分，余数 = {remainder} 分",
        "Floor = {floor} fen, remainder = {remainder} fen",
    ),
    "trace.rank_extra": (
        "余数在 {count} 个县区中排第 {rank} 位；剩余 {leftover} 分依次补给余数最大的前 {leftover} 位 → 补 1 分",
        "Remainder ranks {rank} of {count}; the {leftover} leftover fen go one each to the top {leftover} → gets 1 fen",
    ),
    "trace.rank_none": (
        "余数在 {count} 个县区中排第 {rank} 位；剩余 {leftover} 分依次补给余数最大的前 {leftover} 位 → 不补分",
        "Remainder ranks {rank} of {count}; the {leftover} leftover fen go one each to the top {leftover} → no extra fen",
    ),
    "trace.rank_no_leftover": (
        "余数在 {count} 个县区中排第 {rank} 位；各县区取整后已分完，没有剩余的分 → 不补分",
        "Remainder ranks {rank} of {count}; the floors use up the pool, no fen is left over → no extra fen",
    ),
    "trace.amount": (
        "{what} = {floor} + {extra} = {amount} 元",
        "{what} = {floor} + {extra} = {amount} yuan",
    ),
    "trace.source_total": (
        "{source}合计 = {daily} + {performance} = {total} 元",
        "{source} total = {daily} + {performance} = {total} yuan",
    ),
    "trace.transfer_total": (
        "转移支付合计 = {parts} = {total} 元",
        "Transfer total = {parts} = {total} yuan",
    ),
    "trace.no_projects": (
        "本县区本年度没有省级路面养护项目，无需核查",
        "No provincial pavement project this year; nothing to check",
    ),
    "trace.matching_project": (
        "项目 {id}：配套 = 市级 {city} + 县级 {county} = {matching} 元；配套比例 = {matching} ÷ {investment} = {ratio}",
        "Project {id}: matching = city {city} + county {county} = {matching} yuan; ratio = {matching} ÷ {investment} = {ratio}",
    ),
    "trace.matching_county": (
        "本县区合计：配套 = 市级 {city} + 县级 {county} = {matching} 元；配套比例 = {matching} ÷ {investment} = {ratio}",
        "County total: matching = city {city} + county {county} = {matching} yuan; ratio = {matching} ÷ {investment} = {ratio}",
    ),
    "trace.matching_pass": ("{ratio} ≥ {floor} → 达标", "{ratio} ≥ {floor} → pass"),
    "trace.matching_fail": (
        "{ratio} < {floor} → 未达标：应配套 = {investment} × {floor}（按分向上取整）= {required} 元，缺口 = {required} − {matching} = {shortfall} 元",
        "{ratio} < {floor} → FAIL: required = {investment} × {floor} (rounded up to the fen) = {required} yuan, shortfall = {required} − {matching} = {shortfall} yuan",
    ),
    "trace.mode.remit": ("县区上解", "the county remits"),
    "trace.mode.offset": ("从转移支付中抵扣", "offset against the transfer"),
    "trace.branch": (
        "分中心：{branch}（结算方式：{mode}）",
        "Branch center: {branch} (settlement: {mode})",
    ),
    "trace.no_costs": ("「中心经费」表中没有该分中心的经费行", "The 中心经费 sheet has no line for this branch"),
    "trace.cost_line": (
        "{category}·{item}：年初预算 {budget} 元，实际发生 {actual} 元",
        "{category} · {item}: budget {budget} yuan, actual {actual} yuan",
    ),
    "trace.cost_line_city": (
        "{category}·{item}：年初预算 {budget} 元，实际发生 {actual} 元（奖励性工资由市本级承担，不计入）",
        "{category} · {item}: budget {budget} yuan, actual {actual} yuan (incentive pay is the city's; not counted)",
    ),
    "trace.budget": (
        "年初预算（人员经费 + 公用经费）= {parts} = {amount} 元",
        "Budget (staff + running costs) = {parts} = {amount} yuan",
    ),
    "trace.actual": (
        "实际发生（人员经费 + 公用经费）= {parts} = {amount} 元",
        "Actual (staff + running costs) = {parts} = {amount} yuan",
    ),
    "trace.prepaid": ("县级已预缴 = {amount} 元", "Prepaid by the county = {amount} yuan"),
    "trace.due": (
        "应上解（负数为应退还）= 实际发生 − 已预缴 = {actual} − {prepaid} = {due} 元",
        "Due (negative: refund) = actual − prepaid = {actual} − {prepaid} = {due} yuan",
    ),
    "trace.variance": (
        "结余（负数为超支）= 年初预算 − 实际发生 = {budget} − {actual} = {variance} 元",
        "Variance (negative: overspent) = budget − actual = {budget} − {actual} = {variance} yuan",
    ),
    "trace.transfer": ("转移支付合计 = {amount} 元", "Transfer total = {amount} yuan"),
    "trace.net_remit": (
        "净转移支付 = 转移支付合计 = {net} 元（上解方式：应上解金额由县区另行缴付）",
        "Net transfer = transfer total = {net} yuan (remit mode: the county pays the due separately)",
    ),
    "trace.net_offset": (
        "净转移支付 = 转移支付合计 − 应上解 = {total} − {due} = {net} 元",
        "Net transfer = transfer total − due = {total} − {due} = {net} yuan",
    ),
    "cli.unknown_county": (
        "县区代码「{code}」不在 {year} 年的输入中；有效的县区代码：{codes}",
        "county code '{code}' is not in the {year} input; valid codes: {codes}",
    ),
    "compare.title": (
        "{city}公路养护资金年度对比：{year_a} 年 → {year_b} 年",
        "{city} highway maintenance funds: {year_a} → {year_b}",
    ),
    "compare.header": (
        "对比 {year_a} 年（{path_a}）→ {year_b} 年（{path_b}）；增减 = {year_b} 年 − {year_a} 年",
        "Comparing {year_a} ({path_a}) → {year_b} ({path_b}); change = {year_b} − {year_a}",
    ),
    "compare.sheet.amounts": ("分配变化", "Allocation changes"),
    "compare.sheet.counties": ("县区依据与清算变化", "Basis and settlement changes"),
    "compare.year": ("{year}年", "{year}"),
    "compare.change": ("增减", "Change"),
    "compare.status": ("状态", "Status"),
    "compare.status.added": ("新增", "added"),
    "compare.status.removed": ("移除", "removed"),
    "compare.due": ("应上解", "Due"),
    "compare.km": ("折算里程", "Converted km"),
    "compare.no_basis": (
        "（{path} 没有 basis.csv，折算里程和绩效得分无法对比）",
        "({path} has no basis.csv; converted mileage and scores cannot be compared)",
    ),
    "cli.not_a_run": (
        "「{path}」不是 roadfund 的输出文件夹：{reason}",
        "'{path}' is not a roadfund output folder: {reason}",
    ),
    "compare.missing_file": ("缺少 {file}", "{file} is missing"),
    "compare.bad_manifest": (
        "manifest.json 不是 roadfund 写的清单",
        "manifest.json is not a roadfund manifest",
    ),
    "compare.bad_header": (
        "{file} 的表头不是 roadfund 的格式（缺少 {columns}）",
        "{file} does not have roadfund's header (missing {columns})",
    ),
    "compare.bad_value": (
        "{file} 第 {row} 行「{column}」的值「{found}」无效",
        "{file} row {row}, column {column}: '{found}' is not valid",
    ),
    "compare.duplicate_row": (
        "{file} 第 {row} 行重复了「{key}」",
        "{file} row {row} repeats '{key}'",
    ),
    "cli.pdf_unavailable": (
        "--pdf 需要 LibreOffice，但找不到 soffice 命令；请安装 LibreOffice（如 apt-get install libreoffice-calc）后重试，或去掉 --pdf。未写入任何文件。",
        "--pdf needs LibreOffice, but the soffice command was not found; install LibreOffice (e.g. apt-get install libreoffice-calc) or drop --pdf. Nothing was written.",
    ),
    "cli.pdf_failed": (
        "LibreOffice 未能把 {file} 转换为 PDF（{detail}）；未写入任何文件。",
        "LibreOffice could not convert {file} to PDF ({detail}); nothing was written.",
    ),
    "progress.pdf": ("生成 PDF {done}/{total}", "writing PDFs {done}/{total}"),
    # county workbooks, the center-cost settlement sheet and the allocation chart (issue 4)
    "cw.sheet.county_allocation": ("资金分配", "Allocation"),
    "cw.sheet.county_settlement": ("年终结算单", "Settlement"),
    "cw.sheet.county_matching": ("配套核查", "Matching check"),
    "cw.title.county_workbook": (
        "{city}{year}年公路养护资金分配及年终结算单（{county}）",
        "{city} {year} highway maintenance allocation and year-end settlement — {county}",
    ),
    "cw.title.county_allocation": (
        "{city}{year}年公路养护资金分配表（{county}）",
        "{city} {year} highway maintenance fund allocation — {county}",
    ),
    "cw.title.county_settlement": (
        "{city}公路事业发展中心{year}年经费年终结算单（{county}）",
        "{city} highway development center {year} year-end cost settlement — {county}",
    ),
    "cw.title.county_matching": (
        "{city}{year}年普通国省道路面养护工程配套资金核查表（{county}）",
        "{city} {year} matching check of provincial pavement projects — {county}",
    ),
    "cw.file.county": ("{code}-{name}-{year}年结算单.xlsx", "{code}-{name}-{year}-settlement.xlsx"),
    "cw.county_line": ("县区：{county}（{code}）", "County: {county} ({code})"),
    "cw.section.result": ("一、本县（市、区）分配结果", "1. This county's allocation"),
    "cw.section.sources": ("二、资金来源与资金池", "2. Fund sources and pools"),
    "cw.section.basis": ("三、本县（市、区）分配依据", "3. What this county's shares rest on"),
    "cw.section.apportion": (
        "四、分配测算（最大余数法）",
        "4. Apportionment (largest remainder method)",
    ),
    "cw.county_transfer_total": ("本县转移支付资金合计", "Transfer total of this county"),
    "cw.road_class.national": ("国道", "National"),
    "cw.road_class.provincial": ("省道", "Provincial"),
    "cw.road_class.county": ("县道", "County"),
    "cw.road_class.township": ("乡道", "Township"),
    "cw.road_class.village": ("村道", "Village"),
    "cw.mileage_km": ("养护里程（公里）", "Maintained km"),
    "cw.need_mileage": ("工作需求（折算里程）", "Work need (converted km)"),
    "cw.performance_weight": ("绩效权重", "Performance weight"),
    "cw.min_score": ("最低得分", "Minimum score"),
    "cw.factor": ("因素", "Factor"),
    "cw.county_value": ("本县数值", "County value"),
    "cw.eligible_total": ("参与分配县区合计", "Total over eligible counties"),
    "cw.factor_share": ("因素权重", "Factor share"),
    "cw.factor_part": ("因素得分", "Factor part"),
    "cw.pool_name": ("资金", "Pool"),
    "cw.pool_amount": ("资金池（元）", "Pool (yuan)"),
    "cw.quota_yuan": ("精确份额（元）", "Exact quota (yuan)"),
    "cw.floor_yuan": ("取整到分（元）", "Floor to the fen (yuan)"),
    "cw.remainder_fen": ("余数（分）", "Remainder (fen)"),
    "cw.leftover_fen": ("尾差（分）", "Leftover fen"),
    "cw.extra_fen_01": ("补分（分）", "Extra fen"),
    "cw.branch_line": ("分中心：{branch}", "Branch center: {branch}"),
    "cw.mode.remit": (
        "结算方式：县（市、区）财政按应结算金额上解，或由市财政退还（不从转移支付资金中抵扣）",
        "Settlement: the county remits the amount due, or the city refunds it (not offset against transfers)",
    ),
    "cw.mode.offset": (
        "结算方式：应结算金额从本年转移支付资金中抵扣",
        "Settlement: the amount due is offset against this year's transfer funds",
    ),
    "cw.section.cost_lines": ("一、{branch}经费明细", "1. Cost lines of {branch}"),
    "cw.section.settle": ("二、年终结算", "2. Year-end settlement"),
    "cw.cost_category": ("经费类别", "Category"),
    "cw.budget": ("年初预算（元）", "Budget (yuan)"),
    "cw.actual": ("实际发生（元）", "Actual (yuan)"),
    "cw.bearer": ("承担方", "Borne by"),
    "cw.bearer.city_incentive": ("市本级（国有资本收益安排）", "City (state-capital income)"),
    "cw.category.人员经费": ("人员经费", "Staff pay"),
    "cw.category.公用经费": ("公用经费", "Running costs"),
    "cw.category.奖励性工资": ("奖励性工资", "Incentive pay"),
    "cw.subtotal": ("{category}小计", "{category} subtotal"),
    "cw.subtotal.city": (
        "{category}小计（市本级承担，不计入结算）",
        "{category} subtotal (the city's; not settled)",
    ),
    "cw.county_borne_total": ("县区承担合计（人员经费＋公用经费）", "County-borne (staff + running)"),
    "cw.none": ("（无）", "(none)"),
    "cw.settle_item": ("结算项目", "Item"),
    "cw.direction": ("结算方向", "Meaning"),
    "cw.settle.budget": ("县区承担年初预算", "County-borne budget"),
    "cw.settle.actual": ("县区承担实际发生", "County-borne actual"),
    "cw.settle.prepaid": ("本年已预缴", "Prepaid this year"),
    "cw.settle.due": ("应结算金额（实际发生－已预缴）", "Due (actual − prepaid)"),
    "cw.settle.variance": ("预算执行差异（年初预算－实际发生）", "Variance (budget − actual)"),
    "cw.settle.transfer_total": ("本年转移支付资金合计", "Transfer funds this year"),
    "cw.settle.net_transfer": (
        "抵扣后净拨付（转移支付合计－应结算金额）",
        "Net transfer (transfer total − due)",
    ),
    "cw.due.positive": ("应上解", "county remits"),
    "cw.due.negative": ("应退还", "city refunds"),
    "cw.due.zero": ("无需结算", "nothing due"),
    "cw.variance.positive": ("结余", "under budget"),
    "cw.variance.negative": ("超支", "over budget"),
    "cw.variance.zero": ("持平", "on budget"),
    "cw.net.owed": ("抵扣后仍应上解", "still owed after offset"),
    "cw.no_projects": (
        "本年度本县（市、区）无普通国省道路面养护工程省级补助项目，无需核查配套比例。",
        "No provincial pavement project in this county this year; no matching check is needed.",
    ),
    "cw.project_id": ("项目编号", "Project no."),
    "cw.project_name": ("项目名称", "Project"),
    "cw.provincial_subsidy": ("省级补助（元）", "Provincial subsidy (yuan)"),
    "cw.city_matching": ("市级配套（元）", "City matching (yuan)"),
    "cw.county_matching": ("县级配套（元）", "County matching (yuan)"),
    "cw.investment": ("实际投入总额（元）", "Total investment (yuan)"),
    "cw.matching_total": ("市县配套合计（元）", "City + county matching (yuan)"),
    "cw.required_matching": ("最低配套额（元）", "Required matching (yuan)"),
    "cw.status.pass": ("达标", "pass"),
    "cw.status.fail": ("未达标", "FAIL"),
    "cw.county_total": ("{county}合计", "{county} total"),
    "cw.note.heading": ("说明：", "Notes:"),
    "cw.note.allocation_policy": (
        "依据{reference}，中央成品油税费改革资金和普通国省道路面养护工程省级补助资金扣除市本级配套资金后，分两部分下达各县（市、区）：{daily_pct}为日常养护资金，按实际养护里程分配；{perf_pct}为绩效考核资金，按资金使用绩效和实际工作需求分配。",
        "Under {reference}, each fund source less the city's own matching goes to the counties in two parts: {daily_pct} daily maintenance funds by maintained mileage, and {perf_pct} performance funds by fund-use performance and actual work need.",
    ),
    "cw.note.daily_round": (
        "日常养护资金 = 可分配资金 × 日常养护比例，四舍五入到分；绩效考核资金 = 可分配资金 − 日常养护资金。",
        "Daily pool = pool × daily share, rounded half up to the fen; performance pool = pool − daily pool.",
    ),
    "cw.note.mileage": (
        "折算里程 = Σ 各等级公路养护里程 × 折算系数（{weights}）；日常养护资金按折算里程分配。",
        "Converted mileage = Σ km by road class × class weight ({weights}); the daily pool is shared by converted mileage.",
    ),
    "cw.note.coefficient": (
        "绩效权重 = {need} × 绩效系数，绩效系数按绩效得分分档：{bands}；绩效考核资金按绩效权重分配。",
        "Performance weight = {need} × coefficient, the coefficient by score band: {bands}; the performance pool is shared by performance weight.",
    ),
    "cw.note.band": ("≥{min}分「{grade}」{coefficient}", "≥ {min}: {grade} {coefficient}"),
    "cw.note.factor": (
        "因素法：绩效得分低于 {min} 分的县（市、区）不参与绩效考核资金分配；其余县区的绩效权重 = Σ 因素权重 × 本县数值 ÷ 参与分配县区合计（{factors}）。",
        "Factor method: counties scoring below {min} get no performance funds; for the others, weight = Σ factor share × county value ÷ total over the eligible counties ({factors}).",
    ),
    "cw.note.largest_remainder": (
        "分配采用最大余数法：精确份额 = 资金池 × 本县权重 ÷ 全市权重合计；各县区先按精确份额取整到分，资金池余下的尾差按余数从大到小每县补 1 分，余数相同时权重大者优先，再相同时县区代码小者优先。余数排序和尾差由全市各县区数据算得；余数排序不大于尾差的县区补 1 分。",
        "Largest remainder method: exact quota = pool × county weight ÷ total weight; every county first gets its quota rounded down to the fen, then the pool's leftover fen go one each to the largest remainders (ties: larger weight first, then smaller county code). Rank and leftover come from all counties' data; a county whose rank is not above the leftover gets 1 extra fen.",
    ),
    "cw.note.quota_display": (
        "本县权重（整数）和全市权重合计（整数）是两者同乘一个倍数（见本县权重单元格公式）化成的整数，比值不变。取整到分 = ⌊资金池（分）× 本县权重（整数）÷ 全市权重合计（整数）⌋，余数 = 该除法的余数 ÷ 全市权重合计（整数），均为整数运算，重算后精确到分；精确份额以小数显示，仅供核对，不参与计算。分配金额 = 取整到分 + 补分，与市级汇总表及 allocations.csv 一致，精确到分。",
        "County and total weight (as integers) are both multiplied by the same factor (see the county weight cell's formula), which keeps their ratio. Floor = ⌊pool in fen × county weight ÷ total weight⌋ and remainder = that division's remainder ÷ total weight, both in integer arithmetic, exact to the fen after recalculation too; the exact quota is shown as a decimal for checking only and feeds no other cell. Amount = floor + extra fen, equal to the city summary and allocations.csv to the fen.",
    ),
    "cw.note.center_costs": (
        "依据{reference}，市公路事业发展中心人员工资和运行经费由市本级与各县（市、区）共同承担：市本级承担{city_units}部分，各县（市、区）承担对应分中心部分；奖励性工资从国有资本收益中安排，由市财政统一拨付，不计入县区结算。",
        "Under {reference}, the highway development center's staff and running costs are shared: the city bears {city_units}, each county its own branch center; incentive pay comes from state-capital income paid by the city and is not part of the county's settlement.",
    ),
    "cw.note.settlement": (
        "年初由市本级财政预拨，年末按分中心实际发生的人员经费和公用经费与县（市、区）财政清算：应结算金额 = 实际发生 − 已预缴，正数为县区应上解，负数为市财政应退还；预算执行差异 = 年初预算 − 实际发生，正数为结余，负数为超支。",
        "The city pays the budget at the start of the year; at year end the county settles its branch's actual staff and running costs: due = actual − prepaid (positive: the county remits; negative: the city refunds); variance = budget − actual (positive: under budget; negative: over budget).",
    ),
    "cw.note.offset": (
        "本年按抵扣方式结算：抵扣后净拨付 = 本年转移支付资金合计 − 应结算金额；净拨付为负数时，县区仍应上解差额。",
        "This year the amount due is offset: net transfer = transfer total − due; a negative net is still owed by the county.",
    ),
    "cw.note.matching_policy": (
        "依据{reference}：普通国省道路面养护工程的市县财政配套资金与年度实际投入资金总额比例不低于{floor}。",
        "Under {reference}, city + county fiscal matching of provincial pavement projects must be at least {floor} of the year's actual total investment.",
    ),
    "cw.note.matching_formula": (
        "市县配套合计 = 市级配套 + 县级配套；配套比例 = 市县配套合计 ÷ 实际投入总额；最低配套额 = 实际投入总额 × {floor}，按分向上取整；配套缺口 = 最低配套额 − 市县配套合计（不小于 0）。未达标的行标红。",
        "Matching = city + county matching; ratio = matching ÷ total investment; required = total investment × {floor}, rounded up to the fen; shortfall = required − matching (not below 0). Failing lines are red.",
    ),
    "cw.sign.city_finance": ("市财政局（盖章）", "City Finance Bureau (seal)"),
    "cw.sign.county_finance": ("县（市、区）财政局（盖章）", "County Finance Bureau (seal)"),
    "cw.sign.center": ("市公路事业发展中心（盖章）", "Highway Development Center (seal)"),
    "cw.sign.handler": ("经办人：", "Handled by:"),
    "cw.sign.date": ("日期：　　　　年　　月　　日", "Date:"),
    "cs.sheet": ("中心经费结算", "Center costs"),
    "cs.title": (
        "{city}公路事业发展中心{year}年经费结算汇总表",
        "{city} highway development center {year} cost settlement",
    ),
    "cs.section.lines": ("一、中心经费明细", "1. Cost lines"),
    "cs.section.counties": ("二、县（市、区）年终结算", "2. Year-end settlement by county"),
    "cs.section.reconcile": (
        "三、平衡关系：实际发生合计 = 市本级承担 + 各县（市、区）承担",
        "3. Reconciliation: total = city-borne + county-borne",
    ),
    "cs.unit": ("单位", "Unit"),
    "cs.bearer.city": ("市本级", "City"),
    "cs.prepaid": ("已预缴（元）", "Prepaid (yuan)"),
    "cs.due": ("应结算金额（元）\n+上解／−退还", "Due (yuan)\n+ remit / − refund"),
    "cs.variance": ("预算执行差异（元）\n+结余／−超支", "Variance (yuan)\n+ under / − over"),
    "cs.transfer_total": ("转移支付合计（元）", "Transfer total (yuan)"),
    "cs.net_transfer": ("净拨付（元）", "Net transfer (yuan)"),
    "cs.reconcile.total": ("中心经费合计", "All center costs"),
    "cs.reconcile.city": (
        "市本级承担（市本级单位＋全部奖励性工资）",
        "City-borne (city units + all incentive pay)",
    ),
    "cs.reconcile.counties": ("各县（市、区）承担合计", "Borne by the counties"),
    "cs.reconcile.difference": ("差额（应为 0）", "Difference (must be 0)"),
    "cs.reconcile.ok": ("平衡", "balances"),
    "cs.reconcile.bad": ("不平衡", "does NOT balance"),
    "cs.note.formulas": (
        "县区年初预算、实际发生 = 明细中该分中心人员经费与公用经费之和；应结算金额 = 实际发生 − 已预缴；预算执行差异 = 年初预算 − 实际发生；{net}奖励性工资一律由市本级承担。",
        "A county's budget and actual = its branch's staff and running cost lines above; due = actual − prepaid; variance = budget − actual; {net}Incentive pay is always the city's.",
    ),
    "cs.net.remit": ("上解方式下净拨付 = 转移支付合计。", "In remit mode net transfer = transfer total. "),
    "cs.net.offset": (
        "抵扣方式下净拨付 = 转移支付合计 − 应结算金额。",
        "In offset mode net transfer = transfer total − due. ",
    ),
    "ch.sheet": ("分配图表", "Chart"),
    "ch.title": (
        "{city}{year}年各县（市、区）公路养护资金分配",
        "{city} {year} highway maintenance allocations by county",
    ),
    "ch.x_axis": ("县（市、区）", "County"),
    # what-if sweeps (issue 7): roadfund whatif, its workbook and terminal table
    "whatif.score_change": (
        '得分变化（如 "5" 或 "-2.5"，最多2位小数）',
        'a change of score (e.g. "5" or "-2.5", at most 2 decimals)',
    ),
    "whatif.class_weight": ("{road_class}折算系数", "{road_class} class weight"),
    "whatif.performance_rule": ("绩效分配规则", "Performance rule"),
    "whatif.need.mileage": ("按折算里程", "by converted mileage"),
    "whatif.need.column": ("按工作需求", "by work need"),
    "whatif.factor_rule": (
        "因素法（最低分 {min_score}）：",
        "factor method (minimum score {min_score}): ",
    ),
    "whatif.km": ("公里", "km"),
    "whatif.file": ("{city}{year}年公路养护资金情景测算", "{city} {year} highway maintenance what-if"),
    "whatif.title": (
        "{city}{year}年公路养护资金情景测算",
        "{city} {year} highway maintenance fund allocation: what-if scenarios",
    ),
    "whatif.comparison_title": (
        "{city}{year}年各县（市、区）分配金额情景对比",
        "{city} {year}: each county's allocation under each scenario",
    ),
    "whatif.sheet.scenarios": ("情景说明", "Scenarios"),
    "whatif.sheet.comparison": ("分配对比", "Comparison"),
    "whatif.number": ("序号", "No."),
    "whatif.scenario": ("情景", "Scenario"),
    "whatif.description": ("说明", "Description"),
    "whatif.changes": ("变更内容（与基准相比）", "Changes from the baseline"),
    "whatif.no_change": ("与基准相同", "same as the baseline"),
    "whatif.counties_up": ("增加的县区数", "Counties up"),
    "whatif.counties_down": ("减少的县区数", "Counties down"),
    "whatif.largest_gain": ("增加最多", "Largest gain"),
    "whatif.largest_loss": ("减少最多", "Largest loss"),
    "whatif.matching_failures": ("配套未达标项数", "Matching lines failing"),
    "whatif.baseline": ("基准", "Baseline"),
    "whatif.difference": ("与基准差额", "Difference"),
    "whatif.more_in_csv": (
        "本表列出前 {shown} 个情景，其余 {hidden} 个见 whatif.csv。",
        "This sheet shows the first {shown} scenarios; the other {hidden} are in whatif.csv.",
    ),
    "whatif.more_lines": (
        "……另有 {count} 个情景，见 whatif_scenarios.csv",
        "... {count} more scenario(s) in whatif_scenarios.csv",
    ),
    "progress.whatif": ("情景测算 {done}/{total}", "what-if pools {done}/{total}"),
    # atomic outputs and roadfund verify (issue 5)
    "cli.write_failed": (
        "无法写入输出 {path}：{reason}。原有输出未改动，也没有留下临时文件夹。",
        "could not write the outputs to {path}: {reason}. The previous outputs are unchanged "
        "and no temporary folder is left.",
    ),
    "cli.output_holds_input": (
        "输出位置 {path} 中有本次运行要读取的文件 {file}；替换该文件夹会删除它，请换一个 --out",
        "the output folder {path} holds {file}, which this run reads; replacing the folder "
        "would delete it: choose another --out",
    ),
    "verify.ok": (
        "{path}：{count} 个文件均与 manifest.json 一致",
        "{path}: all {count} files match manifest.json",
    ),
    "verify.differs": (
        "{path}：与 manifest.json 不符，共 {count} 处：",
        "{path}: {count} difference(s) from manifest.json:",
    ),
    "verify.changed": ("已改动：{name}", "changed: {name}"),
    "verify.missing": ("缺少：{name}", "missing: {name}"),
    "verify.extra": ("多出（清单中没有）：{name}", "extra (not in the manifest): {name}"),
    "verify.role.input": ("输入工作簿", "input workbook"),
    "verify.role.policy": ("政策文件", "policy file"),
    "verify.input_matches": (
        "{what} {file}：与本次运行读取的 {recorded} 相同",
        "{what} {file}: the same as the run's {recorded}",
    ),
    "verify.input_differs": (
        "{what} {file}：与本次运行读取的 {recorded} 不同",
        "{what} {file}: NOT the same as the run's {recorded}",
    ),
    "verify.no_manifest": ("缺少 manifest.json", "manifest.json is missing"),
    "verify.bad_manifest": (
        "manifest.json 无法读取，或不是 roadfund 写的清单",
        "manifest.json cannot be read or is not a roadfund manifest",
    ),
    # county workbook: exact largest-remainder floor on the 资金分配 sheet
    "cw.county_weight_int": ("本县权重（整数）", "County weight (as integer)"),
    "cw.total_weight_int": ("全市权重合计（整数）", "Total weight (as integer)"),
    "cw.note.beyond_exact": (
        "{pools}：资金池（分）× 本县权重（整数）超过 {limit}（2^53），超出 Excel 精确计算范围，该行取整到分和余数为程序按整数精确算得的数值，不是公式；分配金额仍 = 取整到分 + 补分。",
        "{pools}: pool in fen × county weight (as integer) exceeds {limit} (2^53), beyond Excel's exact range, so that line's floor and remainder are values computed exactly in integers by the program, not formulas; amount is still floor + extra fen.",
    ),
    # --- web page (issue 15) ---
    "web.title": (
        "公路养护资金分配与年终清算",
        "Highway maintenance funds: allocation and settlement",
    ),
    "web.footer": (
        "roadfund 本地页面：只在本机运行，不连接网络；关闭命令行窗口（Ctrl-C）即停止，并删除上传的文件和计算结果。",
        "roadfund local page: runs on this PC only, needs no network; Ctrl-C in its window stops it and deletes the uploads and results.",
    ),
    "web.lang.zh": ("中文", "中文"),
    "web.lang.en": ("English", "English"),
    "web.nav.run": ("计算", "Run"),
    "web.nav.compare": ("年度对比", "Compare runs"),
    "web.nav.template": ("下载空白模板", "Blank template"),
    "web.index.heading": ("上传本年度输入工作簿", "Upload the year's input workbook"),
    "web.index.lead": (
        "与命令行 roadfund run / check 相同的计算与检查：先检查输入（发现问题时逐一列出单元格，不生成任何文件），无误后计算分配、配套核查和年终清算，生成全部结果文件。",
        "The same computation and checks as roadfund run / check: the input is checked first (every problem is listed by cell and nothing is written); then the allocations, the matching check and the settlement are computed and every output file is written.",
    ),
    "web.upload.workbook": ("输入工作簿（.xlsx）", "Input workbook (.xlsx)"),
    "web.upload.drop_hint": (
        "把工作簿拖到这里，或点击上面的按钮选择文件",
        "Drop the workbook here, or choose it with the button above",
    ),
    "web.upload.policy": (
        "其他政策文件（.toml，可不选；不选则用上面的内置政策）",
        "Another policy file (.toml, optional; without one the built-in policy above applies)",
    ),
    "web.upload.missing": (
        "请先选择输入工作簿（.xlsx）",
        "Choose the input workbook (.xlsx) first",
    ),
    "web.policy.default": (
        "内置政策文件 {name}（与 inputs/policy.toml 相同）的时段：",
        "Periods of the built-in policy file {name} (the same as inputs/policy.toml):",
    ),
    "web.policy.period": ("自 {from_year} 年起：{reference}", "from {from_year}: {reference}"),
    "web.policy.applied": (
        "适用政策：{reference}（自 {from_year} 年起的时段），政策文件 {name}{source}",
        "Policy applied: {reference} (the period from {from_year}), policy file {name} {source}",
    ),
    "web.policy.source.default": ("（内置）", "(built in)"),
    "web.policy.source.uploaded": ("（上传）", "(uploaded)"),
    "web.action.run": ("检查并计算", "Check and run"),
    "web.action.check": ("只检查，不生成文件", "Check only (write nothing)"),
    "web.templates.heading": ("模板与示例", "Template and samples"),
    "web.templates.blank": (
        "空白输入模板（含填表说明）",
        "Blank input template (with instructions)",
    ),
    "web.templates.sample": ("{year} 年示例工作簿", "Sample workbook {year}"),
    "web.template_name": ("公路养护资金输入模板.xlsx", "roadfund-input-template.xlsx"),
    "web.history.heading": (
        "本次打开以来的检查与计算",
        "Checks and runs since the page was opened",
    ),
    "web.history.item": ("第 {number} 次：{name}", "#{number}: {name}"),
    "web.state.running": ("进行中", "working"),
    "web.state.invalid": ("输入有问题", "input has problems"),
    "web.state.checked": ("检查通过", "input is valid"),
    "web.state.done": ("已完成", "done"),
    "web.state.failed": ("未完成", "failed"),
    "web.stage.queued": ("等待开始", "waiting to start"),
    "web.stage.load": ("读取并检查输入", "reading and checking the input"),
    "web.stage.compute": (
        "计算分配、配套核查和年终清算",
        "computing allocations, matching check and settlement",
    ),
    "web.stage.zip": ("打包结果文件", "packing the outputs"),
    "web.job.working": ("第 {number} 次：正在处理 {name}", "#{number}: working on {name}"),
    "web.job.refresh_hint": ("本页会自动刷新。", "This page refreshes by itself."),
    "web.job.refresh": ("刷新", "Refresh"),
    "web.job.invalid": (
        "{name} 有问题，未生成任何文件",
        "{name} has problems; nothing was written",
    ),
    "web.job.checked_lead": (
        "{city}{year} 年，{counties} 个县（市、区）。未生成任何文件；确认后点击下面的按钮计算并生成结果。",
        "{city} {year}, {counties} counties. Nothing was written; press the button below to run.",
    ),
    "web.job.done": ("{city}{year}年计算结果", "{city} {year}: results"),
    "web.job.failed": ("{name} 未能完成", "{name} could not be completed"),
    "web.job.again": ("改好后重新上传", "Upload again"),
    "web.failed.write": (
        "结果文件无法写入：{reason}。请检查磁盘空间后重试。",
        "the outputs could not be written: {reason}. Check the free disk space and try again.",
    ),
    "web.failed.internal": (
        "处理时发生意外错误，详情已显示在启动本页面的命令行窗口中。",
        "an unexpected error occurred; the details are in the window that started this page.",
    ),
    "web.problem.sheet": ("工作表", "Sheet"),
    "web.problem.cell": ("单元格", "Cell"),
    "web.problem.header": ("列标题", "Column header"),
    "web.problem.found": ("发现的内容", "Found"),
    "web.problem.expected": ("应填", "Expected"),
    "web.problem.message": ("问题说明", "Problem"),
    "web.downloads.heading": ("下载", "Downloads"),
    "web.downloads.zip": ("下载全部结果（zip）", "Download the whole run (zip)"),
    "web.downloads.zip_hint": (
        "与 roadfund run 生成的文件完全相同，含 manifest.json（各文件的 SHA-256）。单独下载：",
        "exactly the files roadfund run writes, with manifest.json (each file's SHA-256). One by one:",
    ),
    "web.downloads.counties": ("各县区结算单（{count} 个）", "County workbooks ({count})"),
    "web.zip_name": ("{city}{year}年公路养护资金计算结果.zip", "roadfund-{year}.zip"),
    "web.results.allocation": ("资金分配", "Allocations"),
    "web.results.explain_hint": (
        "点击金额查看计算过程（与 roadfund explain 相同）",
        "click an amount for its derivation (as roadfund explain shows it)",
    ),
    "web.explain.link": ("查看计算过程", "how this was computed"),
    "web.explain.back": ("返回计算结果", "back to the results"),
    "web.explain.show": ("显示：", "Show:"),
    "web.explain.all": ("全部", "all"),
    "web.compare.heading": ("两次计算结果对比", "Compare two runs"),
    "web.compare.lead": (
        "与命令行 roadfund compare 相同：每个县区、每项资金的增减，以及折算里程、绩效得分和年终结算的变化（增减 = 乙 − 甲）。每一方可选本次打开以来的一次计算，或上传一个结果 zip。",
        "As roadfund compare: per county and source the change in amounts, and the change in converted mileage, score and settlement due (change = B − A). Each side is a run since the page was opened, or an uploaded run zip.",
    ),
    "web.compare.side_a": ("甲（较早的一次）", "A (the earlier run)"),
    "web.compare.side_b": ("乙（较晚的一次）", "B (the later run)"),
    "web.compare.session": ("本次打开以来的计算", "A run since the page was opened"),
    "web.compare.zip": ("或上传结果 zip（优先）", "or upload a run zip (takes precedence)"),
    "web.compare.session_run": (
        "第 {number} 次：{name}（{year} 年）",
        "#{number}: {name} ({year})",
    ),
    "web.compare.submit": ("对比", "Compare"),
    "web.compare.choose_two": (
        "请为甲、乙两方各选一次计算或上传一个结果 zip",
        "Choose a run or upload a run zip for both A and B",
    ),
    "web.compare.bad_zip": (
        "「{name}」不是可读取的 zip 文件（或其中的文件过大）",
        "'{name}' is not a readable zip file (or a file in it is too large)",
    ),
    "web.compare.workbook": ("下载对比工作簿", "Download the comparison workbook"),
    "web.compare.again": ("重新选择", "Compare others"),
    "web.comparison_name": ("{year_a}-{year_b}年度对比.xlsx", "comparison-{year_a}-{year_b}.xlsx"),
    "web.busy": (
        "服务器正在处理另一项检查或计算，请稍候片刻再提交。",
        "The server is busy with another check or run; submit again in a moment.",
    ),
    "web.busy.heading": ("请稍候（{status}）", "Please wait ({status})"),
    "web.busy.now": (
        "服务器正在处理一项检查或计算；完成前提交的新任务会被拒绝。",
        "The server is working on a check or run; a new one submitted before it ends is refused.",
    ),
    "web.error.heading": ("出错了（{status}）", "Something went wrong ({status})"),
    "web.error.home": ("返回首页", "Back to the start page"),
    "web.error.400": (
        "请求无效，请返回首页重试。",
        "The request is not valid; go back and try again.",
    ),
    "web.error.403": (
        "表单已失效（缺少或不符的安全令牌），请返回首页刷新后重新提交。",
        "The form has expired (its security token is missing or wrong); reload the page and submit again.",
    ),
    "web.error.404": (
        "找不到该页面或文件（服务器重启后，以前的结果不再保留）。",
        "No such page or file (results do not survive a restart of the server).",
    ),
    "web.error.405": ("不支持这种请求方式。", "This request method is not supported here."),
    "web.error.409": (
        "该任务当前状态下不能这样操作。",
        "That is not possible in the job's current state.",
    ),
    "web.error.413": (
        "上传的文件太大：一次最多 {limit} MB。输入工作簿通常不到 1 MB，请确认选对了文件。",
        "The upload is too large: at most {limit} MB at a time. An input workbook is usually under 1 MB; check it is the right file.",
    ),
    "web.error.421": (
        "拒绝访问：请求的地址不是本服务器的地址。请使用命令行窗口中显示的地址打开本页面。",
        "Refused: the request names another address than this server's. Open the page at the address its window shows.",
    ),
    "web.error.500": (
        "处理时发生意外错误，详情已显示在启动本页面的命令行窗口中。",
        "An unexpected error occurred; the details are in the window that started this page.",
    ),
    "web.error.other": ("请求未能完成（{code}）。", "The request could not be completed ({code})."),
    "web.cli.serving": (
        "roadfund 本地页面已启动：{url}（按 Ctrl-C 停止）",
        "roadfund local page: {url} (Ctrl-C to stop)",
    ),
    "web.cli.workspace": (
        "上传的文件和计算结果暂存于 {path}，停止时删除",
        "uploads and results are kept in {path} and deleted on stop",
    ),
    "web.cli.stopped": (
        "已停止；上传的文件和计算结果已删除",
        "stopped; uploads and results deleted",
    ),
    "web.cli.exposed": (
        "警告：页面在 {host} 上监听，局域网中的其他电脑也可能访问本页面和上传的数据；仅在可信网络中使用，平时请用默认的 127.0.0.1",
        "warning: the page listens on {host}; other computers on the network may reach it and the uploaded data. Use it on a trusted network only; the default 127.0.0.1 is for this PC alone",
    ),
    "web.cli.no_port": (
        "无法在 {host}:{port} 上启动：{reason}；请换一个 --port（或用 --port 0 自动选择）",
        "cannot listen on {host}:{port}: {reason}; choose another --port (or --port 0 for any free one)",
    ),
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
    "too_many_cells": (
        "工作簿的单元格（含合并、超链接区域）超过 {limit} 个（在内部部件「{member}」处超出）；"
        "输入工作簿最多 {limit} 个",
        "the workbook has more than {limit} cells (merged and linked ranges included), "
        "passed in part '{member}'; an input workbook has at most {limit}",
    ),
    "xml_too_many_elements": (
        "工作簿的 XML 标记超过 {limit} 个（在内部部件「{member}」处超出）；不像是正常的输入工作簿",
        "the workbook has more than {limit} XML tags, passed in part '{member}'; "
        "not a normal input workbook",
    ),
    "xml_too_many_attributes": (
        "工作簿的 XML 属性超过 {limit} 个（在内部部件「{member}」处超出）；不像是正常的输入工作簿",
        "the workbook has more than {limit} XML attributes, passed in part '{member}'; "
        "not a normal input workbook",
    ),
    # what-if scenario files (issue 7)
    "whatif_not_text": (
        "值「{found}」应写成加引号的十进制字符串，应为{expected}",
        "value '{found}' must be a quoted decimal string; expected {expected}",
    ),
    "whatif_duplicate_name": (
        "情景名称「{found}」重复（首次出现在第 {first} 个情景）",
        "scenario name '{found}' is repeated (first used by scenario {first})",
    ),
    "whatif_unknown_county": (
        "县区代码「{found}」不在输入工作簿的「县区」表中",
        "county code '{found}' is not in the input workbook's 县区 sheet",
    ),
    "whatif_score_twice": (
        "score 与 score_change 只能给出一个",
        "give score or score_change, not both",
    ),
    "whatif_score_range": (
        "调整后的绩效得分 {found} 超出 0–100",
        "the changed score {found} is outside 0–100",
    ),
    "whatif_need_missing": (
        "情景「{name}」按工作需求分配，但县区的工作需求为空：{found}",
        "scenario '{name}' allocates by work need, but these counties have none: {found}",
    ),
    "whatif_zero_weights": (
        "情景「{name}」中某项资金的所有县区权重均为 0，资金无法分配",
        "in scenario '{name}' every county's weight for a pool is 0; the money cannot be allocated",
    ),
    "whatif_factor_total_zero": (
        "情景「{name}」中因素「{factor}」在参与分配的县区中合计为 0，无法计算",
        "in scenario '{name}' factor '{factor}' totals 0 over the eligible counties",
    ),
    # bad input battery (issue 5): a workbook with none of the input sheets
    "no_input_sheets": (
        "工作簿中没有任何输入工作表（找到的工作表：{found}）；应有 {expected}。"
        "可用 roadfund template 生成模板",
        "the workbook has none of the input sheets (found: {found}); expected {expected}. "
        "roadfund template writes a blank one",
    ),
}


def _render(template: str, lang: Lang, params: dict[str, str]) -> str:
    resolved = {k: label(v[1:], lang) if v.startswith("@") else v for k, v in params.items()}
    return template.format(**resolved)


def message(code: str, lang: Lang = "zh", /, **params: str) -> str:
    zh, en = MESSAGES[code]
    return _render(zh if lang == "zh" else en, lang, params)


def label(key: str, lang: Lang = "zh", /, **params: object) -> str:
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text
