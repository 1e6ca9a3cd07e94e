"""Problems with the policy file."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
    # faults (issue 11)
    "policy_too_deep": (
        "文件中的表或数组嵌套过深，无法读取；正常的政策文件只有两三层",
        "tables or arrays are nested too deeply to read; a real policy file has two or three levels",
    ),
    # issue 12: a policy is always at hand
    "policy_not_found": (
        "找不到政策文件 {path}；请用 --policy 指定正确的文件，"
        "或去掉 --policy，使用工作簿旁的 {beside}（没有时使用 roadfund 自带的政策）",
        "policy file {path} not found; give the right file with --policy, or leave --policy "
        "out to use {beside} beside the workbook (or, when there is none, the policy that "
        "comes with roadfund)",
    ),
    "policy_syntax_line": (
        "TOML 语法错误，第 {line} 行「{text}」：{found}",
        "TOML syntax error on line {line} '{text}': {found}",
    ),
}
