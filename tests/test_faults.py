"""Faults, hostile files and names (issue 11): never a traceback, never a partial or stray file.

In-process tests through click's runner: names become safe file names, every failure is a
message and a documented exit code, every input read is bounded and hashed as read,
ambiguous files are refused. The signal, kill and concurrency tests, which need a real
process, are in ``test_faults_process.py``; the fuzz test in ``test_fuzz.py``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hostile import rewrite_zip
from hypothesis import given, settings
from hypothesis import strategies as st

import roadfund.run
from roadfund.cli import cli
from roadfund.names import MAX_NAME_BYTES, colliding, safe_file_name
from roadfund.reader.workbook import _sheet_names_by_part
from roadfund.text import label

ROOT = Path(__file__).resolve().parent.parent
Rows = dict[str, list[dict[str, object]]]
WINDOWS_RESERVED = set('<>:"/\\|?*')
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10))}
WINDOWS_DEVICES |= {f"LPT{i}" for i in range(10)}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "inputs" / "sample-2023.xlsx", tmp_path / "sample-2023.xlsx")
    shutil.copy(ROOT / "inputs" / "policy.toml", tmp_path / "policy.toml")
    return tmp_path / "sample-2023.xlsx"


def with_info(rows: Rows, item: str, value: object) -> Rows:
    for row in rows["基本信息"]:
        if row["项目"] == item:
            row["内容"] = value
    return rows


def stray(folder: Path) -> list[str]:
    """Hidden temporary, old or lock files of a run, beside or inside ``folder``."""
    return sorted(p.name for p in folder.rglob(".*") if re.search(r"\.(tmp|old)-|\.lock$", p.name))


# --- 1. a name is never a path ---------------------------------------------------------------
def windows_and_linux_valid(name: str) -> bool:
    return (
        0 < len(name.encode("utf-8")) <= MAX_NAME_BYTES
        and not (set(name) & WINDOWS_RESERVED)
        and "\0" not in name
        and name not in (".", "..")
        and not name.startswith((".", " "))
        and not name.endswith((".", " "))
        and name.split(".")[0].strip().upper() not in WINDOWS_DEVICES
        and all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in name)
        and unicodedata.is_normalized("NFC", name)
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=400), min_size=1, max_size=6))
def test_any_names_give_valid_distinct_file_names_inside_the_folder(
    tmp_path_factory: pytest.TempPathFactory, names: list[str]
) -> None:
    """Any Unicode, any length: each county's file name is valid on Windows and Linux,
    stays in the folder, and no two counties' names are the same file (their codes differ)."""
    folder = tmp_path_factory.mktemp("names")
    files = [
        safe_file_name(name, template=f"3602{i:02d}-{{name}}-2023年结算单.xlsx")
        for i, name in enumerate(names)
    ]
    assert all(windows_and_linux_valid(f) for f in files), files
    assert colliding(files) == []
    for file in files:
        path = folder / file
        path.write_bytes(b"x")  # the OS accepts it
        assert path.resolve().parent == folder.resolve()
    assert len(list(folder.iterdir())) == len(files)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../2023/景德镇市", "_2023_景德镇市"),
        ("/etc/passwd", "_etc_passwd"),
        ("景德镇/市", "景德镇_市"),
        ('a:b*c?"d<e>f|g', "a_b_c__d_e_f_g"),
        (".hidden", "hidden"),
        ("abc\u202eexe.doc", "abcexe.doc"),  # bidi override: shown backwards otherwise
        ("a\u200bb\ufeffc", "abc"),
        ("CON", "_CON"),
        ("  ", "_"),
        ("e\u0301", "é"),  # NFC
    ],
)
def test_safe_file_name_cases(text: str, expected: str) -> None:
    assert safe_file_name(text) == expected


def test_a_long_name_is_cut_but_the_code_is_kept() -> None:
    name = safe_file_name("县" * 300, template="360281-{name}-2023年结算单.xlsx")
    assert name.startswith("360281-县") and name.endswith("-2023年结算单.xlsx")
    assert len(name.encode()) <= MAX_NAME_BYTES


@pytest.mark.parametrize(
    "city", ["../2023/景德镇市", "/tmp/evil", "景德镇/市", 'a:b*c?"d<e>f|g', ".市"]
)
def test_a_city_name_never_writes_outside_the_run_folder(
    make_input: Callable[..., Path], sample_rows: Rows, tmp_path: Path, city: str
) -> None:
    path = make_input(with_info(sample_rows, "城市", city))
    out = tmp_path / "runs" / "draft"
    result = invoke("run", str(path), "--out", str(out))
    assert result.exit_code == 0, result.output
    summary = [p for p in out.iterdir() if p.name.endswith("汇总表.xlsx")]
    assert len(summary) == 1 and windows_and_linux_valid(summary[0].name)
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["draft"]
    assert invoke("verify", str(out)).exit_code == 0


def test_whatif_names_its_workbook_safely(
    make_input: Callable[..., Path], sample_rows: Rows, tmp_path: Path
) -> None:
    path = make_input(with_info(sample_rows, "城市", "../景德镇/市"))
    scenarios = tmp_path / "s.toml"
    scenarios.write_text(
        '[[scenario]]\nname = "a"\ndaily_share = "0.6"\nperformance_share = "0.4"\n'
    )
    out = tmp_path / "w"
    result = invoke("whatif", str(path), "--scenarios", str(scenarios), "--out", str(out))
    assert result.exit_code == 0, result.output
    books = [p.name for p in out.glob("*.xlsx")]
    assert books == ["_景德镇_市2023年公路养护资金情景测算.xlsx"]
    assert invoke("verify", str(out)).exit_code == 0  # it has a manifest now


def test_a_300_character_county_name_runs(
    make_input: Callable[..., Path], sample_rows: Rows, tmp_path: Path
) -> None:
    long = "浮梁\u202e" + "县" * 300
    for row in sample_rows["县区"]:
        if row["县区代码"] == "360222":
            row["县区名称"] = long
    out = tmp_path / "out"
    result = invoke("run", str(make_input(sample_rows)), "--out", str(out))
    assert result.exit_code == 0, result.output
    names = [p.name for p in (out / "counties").iterdir()]
    assert all(windows_and_linux_valid(n) for n in names)
    assert any(n.startswith("360222-浮梁县县") for n in names)


# --- 2. every failure a message and a documented exit code -------------------------------------
def test_a_full_disk_inside_xlsxwriter_is_exit_4(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xlsxwriter.exceptions import FileCreateError

    def full(*args: Any, **kwargs: Any) -> None:
        raise FileCreateError(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))

    monkeypatch.setattr(roadfund.run, "write_summary", full)
    out = tmp_path / "out"
    result = invoke("run", str(sample), "--out", str(out))
    assert result.exit_code == 4
    assert result.stderr == (
        f"无法写入输出 {out}：No space left on device (ENOSPC)。原有输出未改动，也没有留下临时文件夹。\n"
    )
    assert not out.exists() and stray(tmp_path) == []


def test_compare_out_and_template_on_an_unwritable_place_are_exit_4(
    sample: Path, tmp_path: Path
) -> None:
    run_dir = tmp_path / "run"
    assert invoke("run", str(sample), "--out", str(run_dir)).exit_code == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = blocker / "cmp.xlsx"  # its folder is a file: ENOTDIR, like a read-only disk
    result = invoke("compare", str(run_dir), str(run_dir), "--out", str(target), "--lang", "en")
    assert result.exit_code == 4
    assert result.stderr == (
        f"could not write {target}: File exists (EEXIST). No partial file is left.\n"
    ) or result.stderr.startswith(f"could not write {target}: ")
    result = invoke("template", str(blocker / "t.xlsx"))
    assert result.exit_code == 4
    assert result.stderr.startswith(f"无法写入 {blocker / 't.xlsx'}：")
    assert blocker.read_text() == "x"


def test_template_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import roadfund.writers.template as template

    def half(path: Path, **kwargs: Any) -> None:
        Path(path).write_bytes(b"PK half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(template, "write_template", half)
    result = invoke("template", str(tmp_path / "t.xlsx"))
    assert result.exit_code == 4
    assert list(tmp_path.iterdir()) == []


def sheet_part(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return next(part for part, name in _sheet_names_by_part(archive).items() if name == sheet)


def replace_part(path: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(path) as archive:
        data = archive.read(part)
    target = path.with_name("edited.xlsx")
    rewrite_zip(path, target, {part: edit(data)})
    target.replace(path)
    return path


@pytest.mark.parametrize(
    ("edit", "found"),
    [
        (lambda data: b"", "ParseError"),
        (lambda data: data[: len(data) // 2], "ParseError"),
        (lambda data: data.replace(b"<sheetData>", b"<sheetData><<"), "ParseError"),
    ],
)
def test_a_zero_byte_truncated_or_malformed_part_is_an_input_error(
    sample: Path, edit: Callable[[bytes], bytes], found: str
) -> None:
    replace_part(sample, sheet_part(sample, "县区"), edit)
    result = invoke("check", str(sample))
    assert result.exit_code == 1
    assert result.stderr == (
        "输入有 1 处问题，未写入任何文件：\n  sample-2023.xlsx: 工作簿已损坏，无法读取"
        f"（内部部件的内容不完整或格式错误：{found}）；请在 Excel/WPS 中打开后另存为 .xlsx\n"
    )


def test_a_shared_string_index_beyond_the_table_is_an_input_error(sample: Path) -> None:
    part = sheet_part(sample, "县区")
    replace_part(
        sample, part, lambda d: re.sub(rb'(t="s"[^>]*><v>)\d+', rb"\g<1>999999", d, count=1)
    )
    result = invoke("check", str(sample), "--lang", "en")
    assert result.exit_code == 1
    assert "the workbook is damaged and cannot be read" in result.stderr
    assert "IndexError" in result.stderr


def test_a_deeply_nested_policy_is_an_input_error(sample: Path) -> None:
    (sample.parent / "policy.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000)
    result = invoke("check", str(sample), "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        "  policy.toml: tables or arrays are nested too deeply to read; a real policy file has "
        "two or three levels"
    )


def test_a_huge_policy_is_refused_at_once(sample: Path) -> None:
    policy = sample.parent / "policy.toml"
    policy.write_text(policy.read_text() + 'reference = "' + "x" * 2_000_000 + '"\n')
    result = invoke("check", str(sample), "--lang", "en")
    assert result.exit_code == 1
    assert "policy.toml: the file is 1.9 MB, above the 1 MB limit" in result.stderr


def test_a_long_reference_is_refused_not_copied(sample: Path) -> None:
    policy = sample.parent / "policy.toml"
    text = policy.read_text()
    policy.write_text(re.sub(r'reference = "[^"]*"', 'reference = "' + "文" * 300 + '"', text))
    result = invoke("check", str(sample), "--lang", "en")
    assert result.exit_code == 1
    assert "expected text of at most 200 characters" in result.stderr


@pytest.mark.parametrize("key", ["coefficient", "weight"])
def test_a_400_digit_coefficient_or_class_weight_is_an_input_error(sample: Path, key: str) -> None:
    policy = sample.parent / "policy.toml"
    text = policy.read_text()
    big = "9" * 400
    if key == "coefficient":
        text = text.replace('coefficient = "1.2"', f'coefficient = "{big}"', 1)
    else:
        text = re.sub(r'"国道" = "[^"]*"', f'"国道" = "{big}"', text, count=1)
    policy.write_text(text)
    result = invoke("check", str(sample), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "a decimal string from 0 to 1000 with at most 12 decimals" in result.stderr
    assert invoke("run", str(sample), "--out", str(sample.parent / "o")).exit_code == 1


def test_a_400_digit_work_need_is_named_by_its_cell(
    make_input: Callable[..., Path], sample_rows: Rows
) -> None:
    for row in sample_rows["绩效考核"]:
        row["工作需求"] = 5
    path = make_input(sample_rows)
    part = sheet_part(path, "绩效考核")
    big = b"9" * 400
    replace_part(path, part, lambda d: re.sub(rb'(<c r="C2"[^>]*><v>)[^<]*', rb"\g<1>" + big, d))
    result = invoke("check", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert re.search(r"绩效考核!C2\b.*at most 1,000,000,000", result.stderr), result.stderr


def test_an_error_value_in_basic_info_is_shown_as_excel_shows_it(sample: Path) -> None:
    part = sheet_part(sample, "基本信息")

    def error_city(data: bytes) -> bytes:
        # the 城市 value cell (B3) becomes an error value
        return re.sub(rb'<c r="B3"[^>]*>.*?</c>', b'<c r="B3" t="e"><v>#N/A</v></c>', data, count=1)

    replace_part(sample, part, error_city)
    result = invoke("check", str(sample))
    assert result.exit_code == 1
    assert "BadCell" not in result.stderr and "#N/A" in result.stderr


# --- compare and verify on hostile run folders ------------------------------------------------
@pytest.fixture
def run_dir(sample: Path) -> Path:
    out = sample.parent / "run"
    assert invoke("run", str(sample), "--out", str(out)).exit_code == 0
    return out


def edit_manifest(folder: Path, **changes: object) -> None:
    path = folder / "manifest.json"
    document = json.loads(path.read_text())
    document.update(changes)
    path.write_text(json.dumps(document))


@pytest.mark.parametrize("year", [0, 10**30, -5])
def test_compare_refuses_a_manifest_year_out_of_range(run_dir: Path, year: int) -> None:
    edit_manifest(run_dir, year=year)
    result = invoke("compare", str(run_dir), str(run_dir), "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.endswith("manifest.json is not a roadfund manifest\n")


def test_compare_refuses_an_amount_beyond_int64_and_a_huge_basis(run_dir: Path) -> None:
    path = run_dir / "allocations.csv"
    lines = path.read_text().splitlines()
    fields = lines[1].split(",")
    fields[6] = "9" * 30 + ".00"
    path.write_text("\n".join([lines[0], ",".join(fields), *lines[2:]]) + "\n")
    result = invoke("compare", str(run_dir), str(run_dir), "--lang", "en")
    assert result.exit_code == 1 and "allocations.csv" in result.stderr
    basis = run_dir / "basis.csv"
    shutil.copy(basis, basis.with_suffix(".bak"))


def test_compare_refuses_a_huge_basis_value(run_dir: Path) -> None:
    path = run_dir / "basis.csv"
    lines = path.read_text().splitlines()
    fields = lines[1].split(",")
    fields[3] = "9" * 5000
    path.write_text("\n".join([lines[0], ",".join(fields), *lines[2:]]) + "\n")
    result = invoke("compare", str(run_dir), str(run_dir), "--lang", "en")
    assert result.exit_code == 1 and "basis.csv" in result.stderr


def test_a_nested_or_huge_manifest_is_not_a_run_folder(run_dir: Path) -> None:
    (run_dir / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    result = invoke("verify", str(run_dir), "--lang", "en")
    assert result.exit_code == 2
    assert "manifest.json cannot be read" in result.stderr
    with (run_dir / "manifest.json").open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    assert invoke("verify", str(run_dir)).exit_code == 2


def test_verify_reports_symlinks_and_pipes_and_never_follows_them(
    run_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("outside the run")
    (run_dir / "link.txt").symlink_to(outside)
    csv = run_dir / "allocations.csv"
    csv.rename(tmp_path / "moved.csv")
    csv.symlink_to(tmp_path / "moved.csv")  # a listed file replaced by a link out
    os.mkfifo(run_dir / "pipe")
    result = invoke("verify", str(run_dir), "--lang", "en")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    special = "  not a regular file (symbolic link, pipe or device), not read: "
    assert [special + n for n in ("allocations.csv", "link.txt", "pipe")] == [
        line for line in lines if line.startswith(special)
    ]


def test_verify_input_from_a_fifo_or_dev_zero_returns_at_once(run_dir: Path) -> None:
    fifo = run_dir.parent / "fifo.xlsx"
    os.mkfifo(fifo)
    for file in (fifo, Path("/dev/zero")):
        result = invoke("verify", str(run_dir), "--input", str(file), "--lang", "en")
        assert result.exit_code == 1
        assert f"input workbook {file}: cannot be read (this is not a regular file" in result.stdout


def test_compare_keeps_a_name_that_really_begins_with_a_quote(
    make_input: Callable[..., Path], sample_rows: Rows, tmp_path: Path
) -> None:
    for row in sample_rows["县区"]:
        if row["县区代码"] == "360222":
            row["县区名称"] = "'=x"
    out = tmp_path / "out"
    assert invoke("run", str(make_input(sample_rows)), "--out", str(out)).exit_code == 0
    assert ",''=x," in (out / "allocations.csv").read_text()
    from roadfund.reader.run_folder import read_run

    names = set(read_run(out).allocations["county_name"].to_list())
    assert "'=x" in names


# --- 5. the manifest hashes the bytes the run read ------------------------------------------------
def test_replacing_the_input_mid_run_does_not_change_the_manifest(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = sample.read_bytes()
    original = roadfund.run.compute

    def compute_while_an_editor_saves(*args: Any, **kwargs: Any) -> Any:
        sample.write_bytes(read + b"saved by an editor")
        (sample.parent / "policy.toml").write_text("# replaced\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(roadfund.run, "compute", compute_while_an_editor_saves)
    out = tmp_path / "out"
    assert invoke("run", str(sample), "--out", str(out)).exit_code == 0
    inputs = json.loads((out / "manifest.json").read_text())["inputs"]
    assert inputs["input"]["sha256"] == hashlib.sha256(read).hexdigest()
    policy = (ROOT / "inputs" / "policy.toml").read_bytes()
    assert inputs["policy"]["sha256"] == hashlib.sha256(policy).hexdigest()
    result = invoke("verify", str(out), "--input", str(sample), "--lang", "en")
    assert result.exit_code == 1  # the file on disk now is not the one the run read


# --- 7. ambiguous files -------------------------------------------------------------------------
def test_a_zip_with_two_members_of_one_name_is_refused(sample: Path) -> None:
    import warnings

    part = sheet_part(sample, "县区")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate
        with zipfile.ZipFile(sample, "a") as archive:
            archive.writestr(part, b"<worksheet/>")
    result = invoke("check", str(sample), "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        f"  sample-2023.xlsx: the file holds two parts named '{part}'; different programs "
        "would read different copies, so which one holds the data is ambiguous"
    )


@pytest.mark.parametrize("value", [b"inf", b"NaN", b"1e999", b"9" * 5000, b"-INF"])
def test_a_non_finite_or_over_long_number_cell_is_named_by_its_cell(
    make_input: Callable[..., Path], sample_rows: Rows, value: bytes
) -> None:
    path = make_input(sample_rows)
    part = sheet_part(path, "养护里程")
    replace_part(
        path, part, lambda d: re.sub(rb'(<c r="C3"[^>]*><v>)[^<]*', rb"\g<1>" + value, d, count=1)
    )
    result = invoke("check", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert "养护里程!C3" in result.stderr, result.stderr  # named by its cell


def test_a_broken_stdout_pipe_after_a_complete_run_exits_0(sample: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: the first write fails with EPIPE
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "roadfund", "run", str(sample), "--out", str(out)],
        stdout=write_end,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )
    os.close(write_end)
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr and b"Exception" not in done.stderr
    assert invoke("verify", str(out)).exit_code == 0


# --- issue 12 item 7: --force replaces only what roadfund wrote -----------------------------------
def test_force_keeps_an_officers_own_file_and_an_edited_one(run_dir: Path, sample: Path) -> None:
    (run_dir / "盖章扫描件.pdf").write_bytes(b"%PDF scanned")
    with (run_dir / "settlement.csv").open("a") as handle:
        handle.write("edited by hand\n")
    result = invoke("run", str(sample), "--out", str(run_dir), "--force")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"输出位置 {run_dir} 中有 2 个文件不是 roadfund 写入的（或写入后被改动），--force 替换会删除它们，"
        "因此未替换。请先移走这些文件，或换一个 --out：",
        "  settlement.csv",
        "  盖章扫描件.pdf",
    ]
    assert (run_dir / "盖章扫描件.pdf").read_bytes() == b"%PDF scanned"


def test_force_refuses_a_folder_that_is_no_run(sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.docx").write_text("x")
    result = invoke("run", str(sample), "--out", str(folder), "--force", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1:] == ["  sub/a.docx"]


def test_a_symlinked_out_is_refused(sample: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    assert invoke("run", str(sample), "--out", str(real)).exit_code == 0
    link = tmp_path / "link"
    link.symlink_to(real)
    result = invoke("run", str(sample), "--out", str(link), "--force", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        f"the output {link} is a symbolic link; roadfund neither replaces a link nor writes "
        "where it points: give the real folder as --out\n"
    )
    assert link.is_symlink() and stray(tmp_path) == []


def test_old_outputs_that_cannot_be_deleted_are_never_reported_as_success(
    run_dir: Path, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roadfund.writers.outdir as outdir

    real = shutil.rmtree

    def stubborn(path: Any, *args: Any, **kwargs: Any) -> None:
        onerror = kwargs.get("onerror")
        if onerror is not None:  # removing the replaced folder: one file will not go
            onerror(
                os.unlink,
                str(path),
                (PermissionError, PermissionError(errno.EPERM, "Operation not permitted"), None),
            )
            return
        real(path, *args, **kwargs)

    monkeypatch.setattr(outdir.shutil, "rmtree", stubborn)
    result = invoke("run", str(sample), "--out", str(run_dir), "--force", "--lang", "en")
    assert result.exit_code == 4
    left = [p for p in run_dir.parent.iterdir() if p.name.startswith(".run.old-")]
    assert len(left) == 1
    assert result.stderr == (
        f"the new outputs are in {run_dir}, but the old ones could not all be deleted; what is "
        f"left of them is in {left[0]}: Operation not permitted (EPERM). Delete it by hand.\n"
    )
    monkeypatch.setattr(outdir.shutil, "rmtree", real)
    assert invoke("run", str(sample), "--out", str(run_dir), "--force").exit_code == 0
    assert stray(run_dir.parent) == []  # the next run removed what was left


def test_the_exit_codes_are_documented() -> None:
    text = invoke("--lang", "en", "--help").output
    for code in (
        "0 done",
        "1 invalid input",
        "2 usage error",
        "4 the outputs",
        "130 Ctrl-C",
        "143 SIGTERM",
        "129 SIGHUP",
    ):
        assert code in text
    readme = (ROOT / "README.md").read_text()
    assert "143" in readme and "129" in readme and "RENAME_EXCHANGE" in readme
    assert label("cli.interrupted", "en", signal="SIGTERM").startswith("interrupted (SIGTERM)")


# --- 6. bounds that a genuine large input passes ------------------------------------------------
def test_5000_counties_with_three_note_columns_pass_the_guard(tmp_path: Path) -> None:
    """SPEC: extra columns are ignored — so a province-sized year with three note columns on
    every sheet must not be refused by the cell cap (it was at 500,000 cells)."""
    import datetime as dt

    import xlsxwriter

    from roadfund.reader import guard
    from roadfund.samples.synth import synth_rows

    rows = synth_rows(5000, 20_000, 30_000, seed=11)
    path = tmp_path / "province.xlsx"
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False})
    workbook.set_properties({"created": dt.datetime(2023, 1, 1)})
    cells = 0
    for sheet, data in rows.items():
        ws = workbook.add_worksheet(sheet)
        headers = [*(data[0] if data else ["项目"]), "备注一", "备注二", "备注三"]
        ws.write_row(0, 0, headers)
        for r, row in enumerate(data, 1):
            values = [str(v) if not isinstance(v, int | float) else v for v in row.values()]
            ws.write_row(r, 0, [*values, "注", "注", "注"])
            cells += len(values) + 3
    workbook.close()
    assert cells > 500_000  # the old cap
    assert guard.inspect_container(path) == []


def test_deeply_nested_xml_is_refused_before_any_parser_sees_it(tmp_path: Path) -> None:
    """~10 MB of nesting 1.5 million deep, stored uncompressed (no zip-bomb ratio to trip
    on): refused by the guard's depth limit, not parsed for seconds and gigabytes."""
    import hostile

    from roadfund.reader import guard

    def deep(out: Any) -> None:
        out.write(b'<?xml version="1.0"?><worksheet><sheetData>')
        for _ in range(15):
            out.write(b"<a>" * 100_000)
        for _ in range(15):
            out.write(b"</a>" * 100_000)
        out.write(b"</sheetData></worksheet>")

    path = hostile.with_sheet(tmp_path, "deep.xlsx", deep, level=0)
    (issue,) = guard.inspect_container(path)
    assert issue.code == "xml_too_deep"
    assert issue.message("en") == (
        "part 'xl/worksheets/sheet1.xml' nests XML more than 100 levels deep; not a normal "
        "input workbook"
    )


@given(st.text(alphabet=st.characters(exclude_categories=())))
def test_names_are_cleaned_character_by_character(text: str) -> None:
    """``names._clean``'s translate table gives what ``_clean_char`` gives each character
    (surrogates, controls, spaces and all)."""
    import unicodedata

    from roadfund import names

    joined = "".join(names._clean_char(ch) for ch in unicodedata.normalize("NFC", text))
    assert names._clean(text) == unicodedata.normalize("NFC", " ".join(joined.split()))


def test_the_clean_table_remembers_a_bounded_number_of_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from roadfund import names

    monkeypatch.setattr(names, "_REMEMBERED", 2)
    table = names._CleanChars()
    assert "a/\u200bb c:".translate(table) == "a_b c_"
    assert len(table) == 2
