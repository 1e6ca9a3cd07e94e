"""Words every output shares: what a cell holds, fund sources, column headers, policy words, sheet titles."""

from __future__ import annotations

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
    # faults (issue 11): bounds on policy numbers
    "policy.bounded_ratio": (
        '0 到 1000 之间、最多 12 位小数的小数字符串（如 "1.2"）',
        'a decimal string from 0 to 1000 with at most 12 decimals (e.g. "1.2")',
    ),
    "policy.short_text": ("不超过 200 个字符的文字", "text of at most 200 characters"),
}
