"""``--help``: the group's, every command's and every option's help, and the page's headings.

Chinese by default; English with ``--lang en`` anywhere on the command line or an English
locale (``roadfund.cli.help``). A paragraph that starts with ``\\b`` keeps its lines as
written (Chinese has no spaces to wrap at).
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # the page
    "help.usage": ("用法：", "Usage: "),
    "help.options": ("选项", "Options"),
    "help.commands": ("命令", "Commands"),
    "help.default": ("默认：", "default: "),
    "help.required": ("必填", "required"),
    "help.option.help": ("显示本帮助并退出。", "Show this message and exit."),
    "help.option.version": ("显示版本并退出。", "Show the version and exit."),
    # the group
    "help.roadfund": (
        "roadfund — 公路养护资金分配与年终清算（景府发〔2022〕7号）。\n\n"
        "\b\n"
        "把中央成品油税费改革转移支付资金和普通国省道路面养护工程省级补助资金\n"
        "分配给各县区（70% 按养护里程，30% 按绩效），核对 30% 配套比例，\n"
        "并与各县区年终清算公路事业发展中心的人员经费和公用经费，精确到分。\n\n"
        "\b\n"
        "退出码：0 完成；1 输入有误（未写入任何文件）；2 用法错误；\n"
        "        3 加 --strict 时完成但有配套核查未通过；\n"
        "        4 输出无法写入（磁盘已满、无权限；原有输出未改动）；\n"
        "        128+N 被信号 N 中断（130 Ctrl-C，143 SIGTERM，129 SIGHUP；\n"
        "          原有输出未改动）。标准输出的管道被关闭不改变退出码。\n"
        "        `roadfund verify --help` 另有说明。",
        "roadfund — 公路养护资金分配与年终清算（景府发〔2022〕7号）.\n\n"
        "Splits the central fuel-tax transfer and the provincial pavement subsidy among the "
        "counties (70% by maintained mileage, 30% by performance), checks the 30% matching "
        "floor, and settles the highway center's staff and running costs with each county, "
        "exact to the fen.\n\n"
        "\b\n"
        "Exit status: 0 done; 1 invalid input (nothing written); 2 usage error;\n"
        "             3 with --strict, done but a matching-floor check failed;\n"
        "             4 the outputs could not be written (disk full, no permission;\n"
        "               nothing changed);\n"
        "             128+N interrupted by signal N (130 Ctrl-C, 143 SIGTERM,\n"
        "               129 SIGHUP; nothing changed). A closed stdout pipe does not\n"
        "               change the status. `roadfund verify --help` has its own.",
    ),
    "help.group.lang": (
        "帮助和消息的语言（中文 zh / English en），对其后的命令同样有效。",
        "Language of this help and of the command's messages (中文 zh / English en).",
    ),
    # options several commands share
    "help.opt.lang": (
        "消息和工作簿的语言（中文 zh / English en）。",
        "Language of messages and workbooks (中文 zh / English en).",
    ),
    "help.opt.policy": (
        "政策文件（TOML）。默认：输入工作簿旁的 policy.toml。",
        "Policy TOML file. Default: policy.toml beside the input.",
    ),
    "help.opt.json": ("以 JSON 输出问题（标准输出）。", "Print problems as JSON on stdout."),
    # roadfund run
    "help.run": (
        "分配本年度资金并写出全部输出。\n\n"
        "\b\n"
        "读取 INPUT.xlsx 和政策文件，计算资金分配、配套核查和年终清算，\n"
        "把 CSV 文件、全市汇总表、各县区工作簿和 manifest.json 写入输出文件夹，\n"
        "要么全部写成，要么一个也不写。",
        "Allocate the year's funds and write every output.\n\n"
        "Reads INPUT.xlsx and the policy, computes the allocations, the matching check and "
        "the settlement, and writes CSV files, the city summary workbook, one workbook per "
        "county and manifest.json into the output folder — all at once or not at all.",
    ),
    "help.run.out": (
        "输出文件夹。默认：outputs/<年度>/。须不存在或为空。",
        "Output folder. Default: outputs/<year>/. Must not exist or be empty.",
    ),
    "help.run.force": (
        "替换不为空的输出文件夹（新的写完后才替换）。只替换 roadfund 写入且未被改动的运行结果。",
        "Replace a non-empty output folder (only once the new one is complete; only a "
        "roadfund run whose files all match its manifest).",
    ),
    "help.run.strict": (
        "有配套核查未通过时以退出码 3 结束。",
        "Exit 3 when any matching-floor check fails.",
    ),
    "help.run.pdf": (
        "同时为每个工作簿写出 PDF（需要 LibreOffice 的 soffice；没有则退出码 2）。",
        "Also write a PDF of each workbook (needs LibreOffice's soffice; exit 2 without it).",
    ),
    # roadfund check
    "help.check": (
        "核对 INPUT.xlsx 和政策文件，不写入任何文件。\n\n"
        "\b\n"
        "一次列出全部问题，每处注明工作表和单元格（养护里程!C7）。",
        "Validate INPUT.xlsx and the policy; write nothing.\n\n"
        "Reports every problem at once, each with its sheet and cell (养护里程!C7).",
    ),
    # roadfund template
    "help.template": (
        "写出空白输入工作簿（加 --sample 则写出填好的示例年度）。\n\n"
        "\b\n"
        "工作簿含 roadfund 读取的全部工作表和列、一张「说明」表、输入提示和下拉列表；\n"
        "在 Excel/WPS 中填写后，用 `roadfund check` 核对。\n"
        "随附的政策文件写在它旁边（policy.toml），已有 policy.toml 时不改动。",
        "Write a blank input workbook (or, with --sample, a filled sample year).\n\n"
        "The workbook has every sheet and column roadfund reads, a 说明 sheet, input hints "
        "and drop-downs; fill it in Excel/WPS and run `roadfund check` on it. The shipped "
        "policy is written beside it as policy.toml, unless a policy.toml is already there.",
    ),
    "help.template.sample": (
        "填入景德镇示例年度（演示用数字）。",
        "Fill in the illustrative Jingdezhen sample year.",
    ),
    "help.template.year": ("示例年度（与 --sample 一起用）。", "Sample year (with --sample)."),
    "help.template.force": ("PATH 已存在时覆盖。", "Overwrite PATH if it exists."),
    # roadfund explain
    "help.explain": (
        "逐步显示一个县区每笔金额的计算过程。\n\n"
        "\b\n"
        "依次列出：权重的依据（各等级里程折算；得分 → 等级 → 系数 × 工作需求，或各因素）\n"
        "和全市合计；每项资金的下达金额、扣除、可分配资金、70/30 拆分及其取整、\n"
        "精确份额（分数和小数）、取整、余数排序和剩余的分；然后是该县区的配套核查\n"
        "和年终清算。不写入任何文件；汇总表的「计算过程」表列有相同内容。",
        "Show how every amount of one county was computed (计算过程).\n\n"
        "Prints, step by step: the basis of its weights (converted mileage by road class; "
        "score → grade → coefficient × need, or the factors) and the city-wide totals; per "
        "fund source the amount received, the deduction, the pool, the 70/30 split and its "
        "rounding, the exact quota (fraction and decimal), its floor, the remainder rank and "
        "the leftover fen; then the county's matching check and its year-end settlement. "
        "Writes nothing; the summary workbook's 计算过程 sheet carries the same lines.",
    ),
    "help.explain.county": (
        "县区的6位行政区划代码（县区代码），如 360281。",
        "The county's 6-digit administrative code (县区代码), e.g. 360281.",
    ),
    "help.explain.source": (
        "只说明这一项资金的分配（默认两项都说明）。",
        "Explain only this fund source's allocation (default: both).",
    ),
    "help.explain.json": (
        "以 JSON 输出计算过程（或输入的问题）。",
        "Print the trace (or the input's problems) as JSON.",
    ),
    # roadfund compare
    "help.compare": (
        "对比 `roadfund run` 的两个输出文件夹（如 2023 年和 2024 年）。\n\n"
        "\b\n"
        "每个县区每项资金：日常养护资金、绩效考核资金和合计的增减；每个县区：\n"
        "折算里程、得分和等级、各年应上解及其增减（B − A）。只出现在一次运行中的\n"
        "县区标为新增或减少。读取 allocations.csv、settlement.csv、basis.csv 和\n"
        "manifest.json。文件夹不是 roadfund 的运行结果时退出码 1（不写入任何文件）。",
        "Compare two output folders of `roadfund run` (e.g. 2023 and 2024).\n\n"
        "For every county and fund source: the change in daily, performance and total "
        "amounts; for every county: converted mileage, score and grade, and the settlement "
        "due in each year and their change (B − A). A county in one run only is shown as "
        "added or removed. Reads allocations.csv, settlement.csv, basis.csv and "
        "manifest.json. Exit 1 when a folder is not a roadfund run (nothing written).",
    ),
    "help.compare.out": (
        "同时在此写出对比工作簿（.xlsx）。",
        "Also write a comparison workbook (.xlsx) here.",
    ),
    "help.compare.force": ("--out 文件已存在时覆盖。", "Overwrite the --out file if it exists."),
    # roadfund whatif
    "help.whatif": (
        "按命名情景对比本年度的分配（情景测算）。\n\n"
        "\b\n"
        "FILE.toml 中每个情景改变政策数值（日常养护/绩效考核比例、各等级折算系数、\n"
        "绩效等级和系数、配套比例下限）和/或部分县区的里程、得分或工作需求。\n"
        "每个情景都与 `roadfund run` 一样精确计算到分；输出 whatif.csv（每个县区在\n"
        "每个情景下的金额及其与基准的差额）、whatif_scenarios.csv 和对比工作簿，\n"
        "要么全部写成，要么一个也不写。",
        "Compare the year's allocation under named scenarios (情景测算).\n\n"
        "Each scenario in FILE.toml changes policy values (daily/performance shares, road "
        "class weights, score bands and coefficients, the matching floor) and/or some "
        "counties' mileage, score or work need. Every scenario is computed exactly, to the "
        "fen, as `roadfund run` would compute it; the outputs are whatif.csv (each county's "
        "amount per scenario and its difference from the baseline), whatif_scenarios.csv and "
        "a comparison workbook, written all at once or not at all.",
    ),
    "help.whatif.scenarios": (
        "情景文件：[[scenario]] 表（格式见 roadfund/reader/scenarios.py）。",
        "The scenario file: [[scenario]] tables (see roadfund/reader/scenarios.py).",
    ),
    "help.whatif.out": (
        "输出文件夹。默认：outputs/<年度>-whatif/。须不存在或为空。",
        "Output folder. Default: outputs/<year>-whatif/. Must not exist or be empty.",
    ),
    "help.whatif.force": (
        "替换不为空的输出文件夹（只替换 roadfund 写入且未被改动的结果）。",
        "Replace a non-empty output folder (only one roadfund wrote, unchanged since).",
    ),
    # roadfund verify
    "help.verify": (
        "按 manifest.json 重新核对一个运行结果文件夹（OUTDIR）。\n\n"
        "\b\n"
        "重新计算每个文件的 SHA-256，列出已改动、缺少和多出（清单中没有）的文件；\n"
        "文件夹中的符号链接、管道和设备会被列出，但不跟随、不读取。\n"
        "加 --input/--policy 时，还说明这些文件是否就是本次运行读取的文件。\n"
        "不写入任何文件。\n\n"
        "\b\n"
        "退出码：0 每个文件都一致；1 有不一致；\n"
        "        2 OUTDIR 中没有 roadfund 写的 manifest.json（不是运行结果文件夹）。",
        "Re-check a run folder (OUTDIR) against its manifest.json.\n\n"
        "Hashes every file again (SHA-256) and names each one that changed, is missing, or is "
        "extra (not in the manifest); symlinks, pipes and devices in the folder are reported, "
        "never followed or read. With --input/--policy, also says whether those files "
        "are the ones the run read. Writes nothing.\n\n"
        "\b\n"
        "Exit status: 0 every file matches; 1 something differs;\n"
        "             2 OUTDIR has no manifest.json roadfund wrote (not a run folder).",
    ),
    "help.verify.input": (
        "同时核对这个输入工作簿是否与本次运行读取的逐字节相同。",
        "Also check that this input workbook is, byte for byte, the one the run read.",
    ),
    "help.verify.policy": (
        "同时核对这个政策文件是否与本次运行读取的逐字节相同。",
        "Also check that this policy file is, byte for byte, the one the run read.",
    ),
    # roadfund web (issue 15)
    "help.web": (
        "在本机提供本地网页，按 Ctrl-C 停止。\n\n"
        "\b\n"
        "在浏览器中：放入本年度的输入工作簿（可另附政策文件，默认用随附的 policy.toml），\n"
        "查看按 工作表!单元格 列出的每处问题，或资金分配、配套核查和年终清算，\n"
        "每笔金额都可查看计算过程；下载整次运行的 zip（即 `roadfund run` 写出的文件\n"
        "及其清单）、各县区工作簿、空白模板和示例年度；对比两次运行。无需联网。\n"
        "上传和运行结果存放在私有临时文件夹中，服务器停止时删除。端口无法使用时退出码 2。",
        "Serve the local page (本地网页) on this PC until Ctrl-C.\n\n"
        "In the browser: drop the year's input workbook (and, optionally, a policy file; by "
        "default the shipped policy.toml), see every problem by sheet!cell, or the "
        "allocations, the matching check and the settlement with each amount's derivation; "
        "download the run as one zip (the files `roadfund run` writes, with its manifest), "
        "each county's workbook, the blank template and the sample year; compare two runs. "
        "Works offline. Uploads and runs live in a private temporary folder, removed when "
        "the server stops. Exit 2 when the port cannot be opened.",
    ),
    "help.web.port": (
        "监听的端口。默认：8765，被占用时用任一空闲端口；0：任一空闲端口。",
        "Port to listen on. Default: 8765, or a free port when 8765 is taken; 0: any free port.",
    ),
    "help.web.host": (
        "监听的地址。不是 127.0.0.1 时其他电脑也能访问本网页（会打印警告）。",
        "Address to listen on. Any other than 127.0.0.1 lets other computers reach the page "
        "(a warning is printed).",
    ),
    "help.web.no_browser": ("不打开默认浏览器。", "Do not open the default browser."),
    # -- issue 16: roadfund run --jobs --
    "help.run.jobs": (
        "写出工作簿的进程数。默认：本机的核数；不足 50 个县区的年份总在一个进程内写出。",
        "Processes that write the workbooks. Default: this machine's cores; a year of fewer "
        "than 50 counties is always written in one process.",
    ),
    # issue 13: the year-start sample
    "help.template.stage": (
        "示例的阶段（与 --sample 一起用）：年初 = 年初（实际数留空，资金分两批下达）。",
        "Sample stage (with --sample): 年初 = year start (actuals blank, funds in batches).",
    ),
}

CLICK_ZH: dict[str, str] = {
    # click's own usage-error texts (its gettext message ids, click 8.x) in Chinese; the
    # placeholders are click's. English is click's own text. Used by roadfund.cli.help.
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Error: {message}": "错误：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    # {name} is click's English "File"/"Directory", fixed when the command is defined: left out
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{filename!r} 是一个文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{filename!r} 是一个文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{filename!r} 无法写入。",
    "Aborted!": "已中止！",
}
