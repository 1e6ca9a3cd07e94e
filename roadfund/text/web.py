"""The local web page (roadfund web): its headings, forms, states and tables."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
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
    # issue 10: the page's language as HTML names it
    "web.html_lang": ("zh-CN", "en"),
}
