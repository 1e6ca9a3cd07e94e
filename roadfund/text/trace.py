"""The 计算过程 trace (roadfund explain and the summary sheet), year comparisons, PDF copies."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
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
        "City-wide converted mileage ({count:# county|# counties}) = {km} km",
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
        "{ratio} < {floor} → fail: required = {investment} × {floor} (rounded up to the fen) = {required} yuan, shortfall = {required} − {matching} = {shortfall} yuan",
    ),
    "trace.mode.remit": ("县区上解", "the county remits"),
    "trace.mode.offset": ("从转移支付中抵扣", "offset against the transfer"),
    "trace.branch": (
        "分中心：{branch}（结算方式：{mode}）",
        "Branch center: {branch} (settlement: {mode})",
    ),
    "trace.no_costs": (
        "「中心经费」表中没有该分中心的经费行",
        "The 中心经费 sheet has no line for this branch",
    ),
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
}
