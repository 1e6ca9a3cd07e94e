"""The terminal: command results, progress, output-folder errors and roadfund verify."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # terminal
    "cli.outputs_written": ("已写入：{path}", "Written to: {path}"),
    "cli.check_ok": ("输入有效：{path}", "Input is valid: {path}"),
    "cli.issue_count": (
        "输入有 {count} 处问题，未写入任何文件：",
        "The input has {count:# problem|# problems}; nothing was written:",
    ),
    "cli.output_exists": (
        "输出位置 {path} 已存在且不为空；请换一个 --out，或加 --force 替换",
        "the output {path} exists and is not empty; choose another --out or add --force",
    ),
    "progress.summary": ("写入汇总表 {done}/{total}", "writing the summary {done}/{total}"),
    "progress.county": ("写入县区工作簿 {done}/{total}", "writing county workbooks {done}/{total}"),
    "cli.template_written": ("已写入模板：{path}", "Template written: {path}"),
    "cli.elapsed": ("用时 {seconds} 秒", "took {seconds} s"),
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
    "whatif.file": (
        "{city}{year}年公路养护资金情景测算",
        "{city} {year} highway maintenance what-if",
    ),
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
        "This sheet shows the first {shown} scenarios; {hidden:the other # is|the other # are} in whatif.csv.",
    ),
    "whatif.more_lines": (
        "……另有 {count} 个情景，见 whatif_scenarios.csv",
        "... {count:# more scenario|# more scenarios} in whatif_scenarios.csv",
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
        "{path}: {count:the one file matches|all # files match} manifest.json",
    ),
    "verify.differs": (
        "{path}：与 manifest.json 不符，共 {count} 处：",
        "{path}: {count:# difference|# differences} from manifest.json:",
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
    # faults, signals, locks and --force (issue 11; issue 12 item 7)
    "cli.output_not_ours": (
        "输出位置 {path} 中有 {count} 个文件不是 roadfund 写入的（或写入后被改动），--force 替换会删除它们，"
        "因此未替换。请先移走这些文件，或换一个 --out：",
        "the output folder {path} holds {count} file(s) roadfund did not write (or that changed "
        "since); --force would delete them, so nothing was replaced. Move them away or choose "
        "another --out:",
    ),
    "cli.output_is_link": (
        "输出位置 {path} 是一个符号链接；roadfund 不替换链接，也不写入链接指向的位置，请用实际文件夹作为 --out",
        "the output {path} is a symbolic link; roadfund neither replaces a link nor writes "
        "where it points: give the real folder as --out",
    ),
    "cli.output_busy": (
        "另一个 roadfund 运行（进程 {pid}）正在写入 {path}；请等它结束后再运行",
        "another roadfund run (process {pid}) is writing {path}; run again once it has finished",
    ),
    "cli.old_outputs_left": (
        "新的输出已写入 {path}，但旧的输出未能全部删除，剩余部分在 {left}：{reason}。请手动删除它。",
        "the new outputs are in {path}, but the old ones could not all be deleted; what is "
        "left of them is in {left}: {reason}. Delete it by hand.",
    ),
    "cli.file_write_failed": (
        "无法写入 {path}：{reason}。未留下不完整的文件。",
        "could not write {path}: {reason}. No partial file is left.",
    ),
    "cli.interrupted": (
        "已中断（{signal}）；原有输出未改动，也没有留下临时文件。",
        "interrupted ({signal}); the previous outputs are unchanged and no temporary files are left.",
    ),
    "cli.interrupted_in_place": (
        "已中断（{signal}），但中断时新的输出已完整写入 {path}；旧输出的剩余部分将在下次运行时删除。",
        "interrupted ({signal}), but the new outputs were already complete in {path}; what is "
        "left of the old ones is removed by the next run.",
    ),
    "verify.special": (
        "不是普通文件（符号链接、管道或设备），未读取：{name}",
        "not a regular file (symbolic link, pipe or device), not read: {name}",
    ),
    "verify.given_unreadable": (
        "{what} {file}：无法读取（{reason}）",
        "{what} {file}: cannot be read ({reason})",
    ),
    # issue 10: what were inline language branches
    "cli.no_sample": (
        "没有 {year} 年的示例（示例年度：{years}）",
        "no sample for {year} (samples: {years})",
    ),
    "pdf.no_output": ("没有生成 PDF", "no PDF was made"),
    "pdf.timeout": ("{seconds} 秒后仍未完成", "timeout after {seconds} s"),
    "whatif.coefficient_rule": (
        "{coefficient}（{need}）：{bands}",
        "{coefficient} ({need}): {bands}",
    ),
    # issue 12: a policy is always at hand
    "cli.policy_shipped": (
        "工作簿旁没有 {beside}，使用 roadfund 自带的政策文件 {path}（{from_year} 年起的时段，{reference}）",
        "no {beside} beside the workbook: using the policy that comes with roadfund, {path} "
        "(the period from {from_year}, {reference})",
    ),
    "cli.policy_written": ("已写入政策文件：{path}", "Policy file written: {path}"),
    "cli.policy_kept": (
        "已有政策文件 {path}，未改动",
        "Policy file {path} is already there; left unchanged",
    ),
    # -- issue 16: workbooks written by worker processes (roadfund run --jobs) --
    "write.worker_stopped": (
        "写出工作簿的子进程意外终止（可能是内存不足；可用 --jobs 1 重试）",
        "a worker process writing the workbooks stopped unexpectedly (out of memory? try --jobs 1)",
    ),
    # a file (not a folder) that is already there: template, compare --out
    "cli.file_exists": (
        "文件 {path} 已存在；请换一个文件名，或加 --force 覆盖",
        "the file {path} already exists; choose another name or add --force to overwrite it",
    ),
}
