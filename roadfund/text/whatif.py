"""What-if sweeps: roadfund whatif, its scenario file's problems, its workbook and table."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
}
