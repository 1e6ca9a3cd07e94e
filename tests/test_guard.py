"""The container guard: hostile and non-xlsx files are refused with the right code before
openpyxl sees them; plain xlsxwriter workbooks pass; limits hold exactly at the edge."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import hostile
import hypothesis.strategies as st
import openpyxl
import pytest
from hypothesis import example, given, settings

from roadfund.issues import Issue
from roadfund.reader import guard
from roadfund.reader.guard import assert_defused, inspect_container, scan_stream
from roadfund.text import MESSAGES

ALL_CASES = {name: code for name, (_, code) in hostile.CASES.items()}
ALL_CASES.update({name: code for name, (_, code) in hostile.STRESS.items()})
BUILDERS = {name: build for name, (build, _) in {**hostile.CASES, **hostile.STRESS}.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every hostile file, built once for the module."""
    directory = tmp_path_factory.mktemp("hostile")
    return {name: build(directory) for name, build in BUILDERS.items()}


def only_code(issues: list[Issue]) -> str | None:
    assert len(issues) <= 1
    return issues[0].code if issues else None


def assert_renders(issue: Issue) -> None:
    for lang in ("zh", "en"):
        text = issue.message(lang)
        assert text and "{" not in text and "}" not in text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in issue.message("zh"))


def sheet_file(
    tmp_path: Path, name: str, rows: list[bytes], dimension: str = "A1", tail: bytes = b""
) -> Path:
    """A valid workbook whose first sheet holds ``rows`` (and ``tail`` after the data)."""
    writer = hostile.sheet_xml(rows, dimension, tail=tail)
    return hostile.with_sheet(tmp_path, name, writer)


# --- every hostile case ---------------------------------------------------------------
@pytest.mark.parametrize("case", sorted(ALL_CASES))
def test_hostile_case_is_refused_with_its_code(case: str, built: dict[str, Path]) -> None:
    path = built[case]
    issues = inspect_container(path)
    assert only_code(issues) == ALL_CASES[case]
    if issues:
        (issue,) = issues
        assert issue.sheet == path.name
        assert (issue.row, issue.col, issue.key) == (None, None, None)
        assert issue.code in MESSAGES
        assert_renders(issue)


def test_messages_name_what_was_found_and_the_limit(built: dict[str, Path]) -> None:
    def zh(case: str) -> str:
        return inspect_container(built[case])[0].message("zh")

    assert "1028:1" in zh("zip_bomb") and "200:1" in zh("zip_bomb")
    assert "300 MB" in zh("zip_bomb")
    assert "120 MB" in zh("zip_too_large") and "100 MB" in zh("zip_too_large")
    assert "60 MB" in zh("zip_member_too_large") and "50 MB" in zh("zip_member_too_large")
    assert "1001" in zh("too_many_members") and "1000" in zh("too_many_members")
    assert "21 MB" in zh("oversize") and "20 MB" in zh("oversize")
    assert "xl/workbook.xml" in zh("billion_laughs") and "<!DOCTYPE" in zh("billion_laughs")
    assert "xl/worksheets/sheet1.xml" in zh("external_entity")
    dimension = zh("huge_dimension")
    assert "A1:XFD1048576" in dimension and "100000" in dimension and "ZZ" in dimension
    assert "1e9" in zh("float_row_number")
    assert "100000" in zh("many_rows") and "sheet1.xml" in zh("many_rows")
    assert "xl/vbaProject.bin" in zh("xlsm_like")
    assert "macroEnabled" in zh("macro_content_type")
    assert "县区代码,县区名称,里程" in zh("csv_renamed")
    assert "PDF" in zh("pdf_renamed")


def test_the_bomb_is_refused_from_the_directory_without_streaming(
    built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_streaming(*args: object, **kwargs: object) -> None:
        raise AssertionError("streamed a member of a zip bomb")

    monkeypatch.setattr(guard, "scan_stream", no_streaming)
    assert only_code(inspect_container(built["zip_bomb"])) == "zip_ratio"


# --- valid files ----------------------------------------------------------------------
@pytest.mark.parametrize("build", [hostile.valid_xlsx, hostile.featured_xlsx])
def test_valid_xlsxwriter_workbooks_pass(build: hostile.Builder, tmp_path: Path) -> None:
    path = build(tmp_path)
    assert inspect_container(path) == []
    workbook = openpyxl.load_workbook(path, data_only=True)  # and openpyxl agrees
    assert workbook.sheetnames


def test_a_workbook_with_a_plain_xlsx_content_type_template_passes(tmp_path: Path) -> None:
    source = hostile.valid_xlsx(tmp_path)
    with zipfile.ZipFile(source) as archive:
        types = archive.read("[Content_Types].xml").replace(b"sheet.main", b"template.main")
    target = hostile.rewrite_zip(source, tmp_path / "t.xlsx", {"[Content_Types].xml": types})
    assert inspect_container(target) == []


def test_openpyxl_parses_with_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl.xml

    assert_defused()
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        assert_defused()


# --- the file itself ------------------------------------------------------------------
def test_missing_file(tmp_path: Path) -> None:
    issues = inspect_container(tmp_path / "nope.xlsx")
    assert only_code(issues) == "file_not_found"
    assert issues[0].sheet == "nope.xlsx"


def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "pipe.xlsx"
    os.mkfifo(path)
    assert only_code(inspect_container(path)) == "not_regular_file"


def test_file_size_limit_is_inclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = hostile.valid_xlsx(tmp_path)
    size = path.stat().st_size
    monkeypatch.setattr(guard, "MAX_FILE_BYTES", size)
    assert inspect_container(path) == []
    monkeypatch.setattr(guard, "MAX_FILE_BYTES", size - 1)
    assert only_code(inspect_container(path)) == "file_too_large"


@pytest.mark.parametrize(
    ("content", "code", "found"),
    [
        ("县区代码\t名称\n360202\t昌江区\n".encode("utf-16"), "text_file", "县区代码 名称"),
        ("县区代码,名称\n360202,昌江区\n".encode("gbk"), "text_file", "县区代码,名称"),
        (b"\n\n<html><body><table></table></body></html>", "text_file", "<html><body>"),
        (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
            "not_xlsx",
            "XML Spreadsheet 2003",
        ),
        (bytes(range(256)) * 8, "not_xlsx", "00 01 02 03 04 05 06 07"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "not_xlsx", "GZIP"),
    ],
)
def test_what_a_non_zip_file_is_said_to_be(
    tmp_path: Path, content: bytes, code: str, found: str
) -> None:
    path = tmp_path / "input.xlsx"
    path.write_bytes(content)
    (issue,) = inspect_container(path)
    assert issue.code == code
    assert dict(issue.params)["found"].startswith(found)


def test_an_ole2_word_document_is_not_called_xls(tmp_path: Path) -> None:
    path = hostile.ole2(tmp_path / "doc.xlsx", ["WordDocument"])
    (issue,) = inspect_container(path)
    assert (issue.code, dict(issue.params)["found"]) == ("not_xlsx", "DOC")


# --- zips that are not plain xlsx -----------------------------------------------------
@pytest.mark.parametrize(
    ("marker", "found"),
    [("xl/workbook.bin", "XLSB"), ("word/document.xml", "DOCX"), ("other.xml", "ZIP")],
)
def test_a_zip_without_the_workbook_part(tmp_path: Path, marker: str, found: str) -> None:
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr(marker, b"<a/>")
    (issue,) = inspect_container(path)
    assert (issue.code, dict(issue.params)["found"]) == ("not_xlsx", found)


def test_an_opendocument_text_is_named_by_its_mimetype(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
    (issue,) = inspect_container(path)
    assert issue.code == "not_xlsx"
    assert dict(issue.params)["found"] == "application/vnd.oasis.opendocument.text"


# --- zip limits, exactly at the edge -------------------------------------------------
def test_member_count_limit_is_inclusive(tmp_path: Path) -> None:
    assert inspect_container(hostile.too_many_members(tmp_path, guard.MAX_MEMBERS)) == []
    refused = inspect_container(hostile.too_many_members(tmp_path, guard.MAX_MEMBERS + 1))
    assert only_code(refused) == "zip_too_many_members"


def test_a_zip64_entry_count_is_refused_before_zipfile_reads_the_directory(
    tmp_path: Path,
) -> None:
    path = hostile.valid_xlsx(tmp_path)
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = struct.pack("<HH", 0xFFFF, 0xFFFF)
    path.write_bytes(bytes(data))
    (issue,) = inspect_container(path)
    assert (issue.code, dict(issue.params)["found"]) == ("zip_too_many_members", "65535")


@pytest.mark.parametrize(
    ("offset", "value", "code"),
    [(32, 5000, "zip_too_many_members"), (40, 2 * guard.MB, "zip_directory_too_large")],
)
def test_the_zip64_end_record_is_read_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offset: int, value: int, code: str
) -> None:
    source = hostile.valid_xlsx(tmp_path)
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 3)  # makes zipfile write zip64 ends
    path = hostile.rewrite_zip(source, tmp_path / "z64.xlsx")
    monkeypatch.undo()
    assert inspect_container(path) == []
    data = bytearray(path.read_bytes())
    record = data.rfind(b"PK\x06\x06")
    data[record + offset : record + offset + 8] = struct.pack("<Q", value)
    path.write_bytes(bytes(data))
    assert only_code(inspect_container(path)) == code


def declared(size: int, packed: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    info.file_size, info.compress_size = size, packed
    return info


@pytest.mark.parametrize(
    ("size", "packed", "code"),
    [
        (guard.MAX_RATIO * 10_000, 10_000, None),  # exactly the limit ratio, over 1 MB
        (guard.MAX_RATIO * 10_000 + 1, 10_000, "zip_ratio"),
        (guard.RATIO_MIN_BYTES, 1, None),  # any ratio at the 1 MB threshold
        (guard.RATIO_MIN_BYTES + 1, 1, "zip_ratio"),
        (guard.RATIO_MIN_BYTES + 1, 0, "zip_ratio"),
        (guard.MAX_MEMBER_BYTES, guard.MAX_MEMBER_BYTES // 2, None),
        (guard.MAX_MEMBER_BYTES + 1, guard.MAX_MEMBER_BYTES // 2, "zip_member_too_large"),
    ],
)
def test_declared_member_limits(size: int, packed: int, code: str | None) -> None:
    issue = guard._declared_issue(declared(size, packed), "input.xlsx")
    assert (issue.code if issue else None) == code


def test_declared_total_limit_is_inclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = hostile.valid_xlsx(tmp_path)
    with zipfile.ZipFile(path) as archive:
        total = sum(info.file_size for info in archive.infolist())
    monkeypatch.setattr(guard, "MAX_TOTAL_BYTES", total)
    assert inspect_container(path) == []
    monkeypatch.setattr(guard, "MAX_TOTAL_BYTES", total - 1)
    assert only_code(inspect_container(path)) == "zip_too_large"


class Endless(io.RawIOBase):
    """A stream of zeros that never ends (a member whose declared size lies)."""

    def __init__(self) -> None:
        self.served = 0

    def read(self, size: int = -1) -> bytes:
        self.served += size
        return bytes(size)


def test_the_actual_size_is_capped_whatever_the_stream_claims() -> None:
    stream = Endless()
    issue = scan_stream(stream, "input.xlsx", "xl/media/image1.png", xml=False)
    assert issue is not None and issue.code == "zip_member_too_large"
    assert stream.served <= guard.MAX_MEMBER_BYTES + guard.CHUNK_BYTES


@pytest.mark.parametrize(("extra", "code"), [(0, None), (1, "zip_member_too_large")])
def test_actual_member_size_limit_is_inclusive(
    monkeypatch: pytest.MonkeyPatch, extra: int, code: str | None
) -> None:
    monkeypatch.setattr(guard, "MAX_MEMBER_BYTES", 3000)
    monkeypatch.setattr(guard, "CHUNK_BYTES", 1000)
    issue = scan_stream(io.BytesIO(b"\x00" * (3000 + extra)), "in.xlsx", "a.bin", xml=False)
    assert (issue.code if issue else None) == code


def test_actual_total_is_counted_across_members(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_TOTAL_BYTES", 5000)
    budget = guard._Budget()
    assert scan_stream(io.BytesIO(bytes(3000)), "in.xlsx", "a.bin", budget, xml=False) is None
    issue = scan_stream(io.BytesIO(bytes(2001)), "in.xlsx", "b.bin", budget, xml=False)
    assert issue is not None and issue.code == "zip_too_large"


def test_a_member_larger_than_its_declared_size_is_corrupt(tmp_path: Path) -> None:
    path = hostile.rewrite_zip(hostile.valid_xlsx(tmp_path), tmp_path / "lie.xlsx", stored=True)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:  # every member declares 10 bytes in the central directory
        data[at + 24 : at + 28] = struct.pack("<I", 10)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    assert only_code(inspect_container(path)) == "zip_member_corrupt"


# --- worksheet limits ----------------------------------------------------------------
def test_row_count_limit_is_inclusive(tmp_path: Path) -> None:
    at_limit = sheet_file(tmp_path, "at.xlsx", list(hostile.numbered_rows(guard.MAX_ROWS)))
    assert inspect_container(at_limit) == []
    over = sheet_file(tmp_path, "over.xlsx", [b"<row/>"] * (guard.MAX_ROWS + 1))
    (issue,) = inspect_container(over)
    assert issue.code == "sheet_too_many_rows"


@pytest.mark.parametrize(
    ("row", "ok"),
    [
        (b'<row r="1"><c r="ZZ100000"><v>1</v></c></row>', True),
        (b'<row r="1"><c r="$ZZ$100000"><v>1</v></c></row>', True),
        (b'<row r="1"><c r="zz1"><v>1</v></c></row>', True),
        (b'<row r="100000"><c><v>1</v></c></row>', True),
        (b'<row r="1"><c r="AAA1"><v>1</v></c></row>', False),
        (b'<row r="1"><c r="A100001"><v>1</v></c></row>', False),
        (b'<row r="100001"><c><v>1</v></c></row>', False),
        (b'<row r="1"><c r="xfd1"><v>1</v></c></row>', False),
        (b'<row r="1"><c r="&#88;FD1"><v>1</v></c></row>', False),
        (b'<row r="1_000_000"><c><v>1</v></c></row>', False),
        (b'<row r=" 1e6 "><c><v>1</v></c></row>', False),
        (b"<row r='1'><c\n  r = 'XFD1'><v>1</v></c></row>", False),
        (b'<row r="1"><c\tr="AAA1"><v>1</v></c></row>', False),
        (b'<row r="1"><x:c r="AAA1"><v>1</v></x:c></row>', False),
    ],
)
def test_cell_references_at_and_past_the_limits(tmp_path: Path, row: bytes, ok: bool) -> None:
    issues = inspect_container(sheet_file(tmp_path, "s.xlsx", [row]))
    assert only_code(issues) == (None if ok else "sheet_ref_too_large")


@pytest.mark.parametrize(
    ("dimension", "ok"), [("A1:ZZ100000", True), ("A1:AAA1", False), ("A1:A100001", False)]
)
def test_dimension_limits(tmp_path: Path, dimension: str, ok: bool) -> None:
    issues = inspect_container(sheet_file(tmp_path, "d.xlsx", [], dimension=dimension))
    assert only_code(issues) == (None if ok else "sheet_ref_too_large")


def test_attributes_that_only_end_in_ref_are_not_references(tmp_path: Path) -> None:
    tail = (
        b'<conditionalFormatting sqref="A1:A1048576"/>'
        b'<dataValidations count="1"><dataValidation sqref="B1:B1048576"/></dataValidations>'
    )
    assert inspect_container(sheet_file(tmp_path, "s.xlsx", [], tail=tail)) == []


def cells_xml(cells: int, merge: str | None = None) -> bytes:
    body = b"".join(b'<c r="A%d"><v>1</v></c>' % (i + 1) for i in range(cells))
    tail = b'<mergeCells><mergeCell ref="%s"/></mergeCells>' % merge.encode() if merge else b""
    return b"<worksheet><sheetData><row>" + body + b"</row></sheetData>" + tail + b"</worksheet>"


@pytest.mark.parametrize(
    ("cells", "merge", "code"),
    [
        (10, None, None),
        (11, None, "too_many_cells"),
        (0, "A1:B5", None),  # 10 cells merged
        (0, "A1:B6", "too_many_cells"),
        (0, "C:C", "too_many_cells"),  # a whole column
    ],
)
def test_cell_budget_counts_cells_and_merged_areas(
    monkeypatch: pytest.MonkeyPatch, cells: int, merge: str | None, code: str | None
) -> None:
    monkeypatch.setattr(guard, "MAX_CELLS", 10)
    issue = scan_stream(io.BytesIO(cells_xml(cells, merge)), "in.xlsx", "s.xml")
    assert (issue.code if issue else None) == code


def test_a_long_text_node_passes_and_a_runaway_one_does_not(tmp_path: Path) -> None:
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>%s</t></is></c></row>'
    fine = sheet_file(tmp_path, "ok.xlsx", [cell % ("景德镇" * 40_000).encode()])
    assert inspect_container(fine) == []
    runaway = b"<x>" + b"a" * (guard.MAX_SEGMENT_BYTES + guard.CHUNK_BYTES) + b"</x>"
    issue = scan_stream(io.BytesIO(runaway), "in.xlsx", "s.xml")
    assert issue is not None and issue.code == "xml_segment_too_long"


# --- chunking never hides anything ---------------------------------------------------
ROW = b'<row r="7"><c r="B7"><v>1</v></c></row>'


@settings(max_examples=40, deadline=None)
@example(chunk=1, rows=0, tail=b"<!DOCTYPE x>", utf16=True)
@example(chunk=3, rows=51, tail=b"", utf16=True)
@given(
    chunk=st.integers(min_value=1, max_value=64),
    rows=st.integers(min_value=0, max_value=60),
    tail=st.sampled_from([b"", b'<dimension ref="A1:XFD1"/>', b"<!DOCTYPE x>"]),
    utf16=st.booleans(),
)
def test_chunk_boundaries_change_nothing(chunk: int, rows: int, tail: bytes, utf16: bool) -> None:
    text = b'<?xml version="1.0"?>' + tail + b"<worksheet><sheetData>" + ROW * rows
    text += b"</sheetData></worksheet>"
    if utf16:
        text = text.decode().encode("utf-16")
    expected = {b"": None, b"<!DOCTYPE x>": "xml_dtd"}.get(tail, "sheet_ref_too_large")
    if rows > 50 and not tail:  # the tail comes first, so it is what is reported
        expected = "sheet_too_many_rows"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(guard, "CHUNK_BYTES", chunk)
        patch.setattr(guard, "MAX_ROWS", 50)  # the count; references keep the real limit
        issue = scan_stream(io.BytesIO(text), "in.xlsx", "s.xml")
    assert (issue.code if issue else None) == expected


@given(
    st.binary(max_size=60)
    | st.lists(
        st.sampled_from([b"<", b">", b"/", b"?", b"!", b"a", b" ", b'"', b"\x01", b"\x02"]),
        max_size=40,
    ).map(b"".join),
    st.integers(0, 120),
)
def test_depth_range_is_what_the_tag_by_tag_count_finds(piece: bytes, start: int) -> None:
    """The marked-tags depth (three substitutions) against the list of every tag's depth."""
    depths = guard._depths(start, piece)
    assert guard.depth_range(start, piece) == (max(depths), depths[-1])


# --- the members streamed by a forked process --------------------------------------------
def _read(path: Path) -> bytes | None:
    data = guard.read_workbook_bytes(path)
    return data if isinstance(data, bytes) else None


@pytest.mark.parametrize("case", sorted(ALL_CASES))
def test_a_forked_inspection_reaches_the_same_verdict(
    case: str, built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _read(built[case])
    if data is None:  # refused before its bytes are read (too large, not a file)
        return
    expected = guard.inspect_bytes(data, "x.xlsx")
    monkeypatch.setattr(guard, "BACKGROUND_BYTES", 0)
    with guard.start_inspection(data, "x.xlsx") as inspection:
        assert inspection.result() == expected


def test_a_valid_workbook_is_streamed_by_a_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = hostile.featured_xlsx(tmp_path).read_bytes()
    assert guard.start_inspection(data, "x.xlsx").pending is False  # small: checked at once
    monkeypatch.setattr(guard, "BACKGROUND_BYTES", 0)
    with guard.start_inspection(data, "x.xlsx") as inspection:
        assert inspection.pending
        assert inspection.result() == []
        assert not inspection.pending


def test_what_the_directory_tells_is_found_without_a_child(
    built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "BACKGROUND_BYTES", 0)
    data = _read(built["zip_bomb"])
    assert data is not None
    inspection = guard.start_inspection(data, "x.xlsx")
    assert not inspection.pending
    assert only_code(inspection.result()) == "zip_ratio"


@pytest.mark.parametrize("how", ["exits", "raises"])
def test_a_child_that_fails_leaves_the_verdict_to_this_process(
    how: str, built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _read(built["billion_laughs"])
    assert data is not None
    parent, inspect = os.getpid(), guard.inspect_bytes

    def failing(data: bytes, sheet: str) -> list[Issue]:
        if os.getpid() != parent:  # the child
            if how == "exits":
                os._exit(3)
            raise MemoryError
        return inspect(data, sheet)

    monkeypatch.setattr(guard, "BACKGROUND_BYTES", 0)
    monkeypatch.setattr(guard, "inspect_bytes", failing)
    with guard.start_inspection(data, "x.xlsx") as inspection:
        assert inspection.pending
        assert only_code(inspection.result()) == "xml_dtd"


def test_a_child_left_behind_is_stopped_and_reaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = hostile.featured_xlsx(tmp_path).read_bytes()
    monkeypatch.setattr(guard, "BACKGROUND_BYTES", 0)
    with pytest.raises(KeyboardInterrupt), guard.start_inspection(data, "x.xlsx") as inspection:
        assert inspection._child is not None
        pid = inspection._child[0]
        raise KeyboardInterrupt
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)
