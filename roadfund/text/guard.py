"""Problems the container guard finds before a workbook is parsed (hostile or damaged files)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
    # faults and hostile files (issue 11)
    "zip_duplicate_member": (
        "文件中有两个同名的内部部件「{member}」；不同软件会读到不同的内容，无法确定哪一个是真实数据",
        "the file holds two parts named '{member}'; different programs would read different "
        "copies, so which one holds the data is ambiguous",
    ),
    "workbook_corrupt": (
        "工作簿已损坏，无法读取（内部部件的内容不完整或格式错误：{found}）；请在 Excel/WPS 中打开后另存为 .xlsx",
        "the workbook is damaged and cannot be read (a part is truncated or malformed: "
        "{found}); open it in Excel/WPS and save it as .xlsx again",
    ),
    "xml_too_deep": (
        "内部部件「{member}」的 XML 嵌套超过 {limit} 层；不像是正常的输入工作簿",
        "part '{member}' nests XML more than {limit} levels deep; not a normal input workbook",
    ),
    "any_file_too_large": (
        "文件大小 {size} MB，超过上限 {limit} MB",
        "the file is {size} MB, above the {limit} MB limit",
    ),
    "any_not_regular_file": (
        "这不是普通文件（可能是设备或管道）",
        "this is not a regular file (a device or pipe?)",
    ),
}
