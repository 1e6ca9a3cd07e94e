"""FastWorkbook's packaging (issue 16): formats copied from process-wide templates,
styles.xml rendered once per distinct set of formats, shared strings written without
xlsxwriter's per-string escaping passes, and the parts zipped in one go.

Each must give exactly xlsxwriter's own bytes, whatever the process wrote before: the
workbooks below are written with FastWorkbook in one order and another, with the caches
warm and cleared, and compared with xlsxwriter's stock Workbook given the same calls
(``StockWorkbook``: stock, but zipping at roadfund's DEFLATE_LEVEL).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import inspect
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import xlsxwriter
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsxwriter.format import Format
from xlsxwriter.sharedstrings import SharedStrings, SharedStringTable

from roadfund.cli import cli
from roadfund.writers import xlsx_fast
from roadfund.writers.xlsx_fast import (
    DEFLATE_LEVEL,
    FastFormat,
    FastSharedStrings,
    FastWorkbook,
    FormatSet,
    zip_parts,
)

ROOT = Path(__file__).resolve().parent.parent

PAIRS = [
    ("bold", True), ("bold", 1), ("bold", 0), ("italic", True), ("font_size", 10),
    ("font_size", 10.0), ("font_size", 9.5), ("font_size", 16), ("font_name", "宋体"),
    ("font_name", "Arial"), ("border", 1), ("border", 2), ("left", 1), ("num_format", "0.00%"),
    ("num_format", "#,##0.00"), ("num_format", "0"), ("num_format", 3), ("align", "center"),
    ("align", "right"), ("valign", "vcenter"), ("valign", "top"), ("text_wrap", True),
    ("bg_color", "#DDEBF7"), ("bg_color", "#FDE2E1"), ("font_color", "#9C0006"),
    ("font_color", "red"), ("fg_color", "#DDEBF7"), ("pattern", 1), ("pattern", 2),
    ("indent", 1), ("rotation", 45), ("locked", False), ("hidden", True), ("shrink", True),
    ("underline", 1), ("underline", 33), ("font_strikeout", True),
]  # fmt: skip
PROPERTIES = st.lists(st.sampled_from(PAIRS), max_size=6).map(dict)
"""Format properties as roadfund gives them, in any order and with both 10 and 10.0."""


class _ZipAtOurLevel(zipfile.ZipFile):
    """zipfile as xlsxwriter calls it, every part deflated at DEFLATE_LEVEL (a ZipInfo
    given to writestr carries no level of its own: zipfile's default)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, compresslevel=DEFLATE_LEVEL, **kwargs)

    def writestr(
        self, info: Any, data: Any, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        super().writestr(info, data, compress_type, DEFLATE_LEVEL)


class StockWorkbook(xlsxwriter.Workbook):  # type: ignore[misc]  # xlsxwriter is untyped
    """xlsxwriter's own Workbook, every line of it, but for the zip's deflate level."""

    def _store_workbook(self) -> None:
        with mock.patch.object(xlsxwriter.workbook, "ZipFile", _ZipAtOurLevel):
            super()._store_workbook()


def test_the_stock_workbook_differs_from_xlsxwriters_only_in_its_level(tmp_path: Path) -> None:
    """StockWorkbook's parts are xlsxwriter's, and its zip is zipfile's at DEFLATE_LEVEL:
    whose deflated bytes are not zlib's default level's (else the level were untested)."""

    def book(book_class: type, name: str, options: dict[str, Any]) -> Path:
        path = tmp_path / name
        wb = book_class(str(path), {**options, "tmpdir": str(tmp_path)})
        wb.add_worksheet().write_string(0, 0, "乐平市 " * 40)
        wb.set_properties({"created": dt.datetime(2023, 1, 1)})
        wb.close()
        return path

    for options in ({"in_memory": True}, {"constant_memory": True}):
        ours, theirs = (
            book(StockWorkbook, "ours.xlsx", options),
            book(xlsxwriter.Workbook, "x.xlsx", options),
        )
        with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
            assert [(i.filename, i.date_time, a.read(i)) for i in a.infolist()] == [
                (i.filename, i.date_time, b.read(i)) for i in b.infolist()
            ]
            sheet = "xl/worksheets/sheet1.xml"
            raw = a.read(sheet)
            deflated = {level: len(zlib_deflate(raw, level)) for level in (DEFLATE_LEVEL, 6)}
            assert a.getinfo(sheet).compress_size == deflated[DEFLATE_LEVEL]
            assert b.getinfo(sheet).compress_size == deflated[6] != deflated[DEFLATE_LEVEL]
        assert ours.read_bytes() != theirs.read_bytes()


def zlib_deflate(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def state(fmt: Format) -> dict[str, Any]:
    """What a format is, apart from its workbook's index tables and its template."""
    skip = {"xf_format_indices", "dxf_format_indices", "_template"}
    return {k: (v.__class__, repr(v)) for k, v in vars(fmt).items() if k not in skip}


def make_format(cls: type[Format], props: dict[str, Any]) -> Format | None:
    try:
        if cls is FastFormat:
            return FastFormat.like(props, {}, {})
        return cls(props, {}, {})
    except (TypeError, ValueError, AttributeError):
        return None


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(PROPERTIES, st.booleans())
def test_a_format_from_a_template_is_the_stock_format(
    props: dict[str, Any], set_bold: bool
) -> None:
    for _ in range(2):  # made afresh, then copied from the template
        stock, fast = make_format(Format, props), make_format(FastFormat, props)
        assert (fast is None) == (stock is None)
        if stock is None or fast is None:
            return
        if set_bold:  # a change after creation: the key follows it, as the stock one does
            stock_changed = Format(props, {}, {})
            stock_changed.set_bold()
            fast.set_bold()
            assert fast._template is None
            assert fast._get_format_key() == stock_changed._get_format_key()
        else:
            assert state(fast) == state(stock)
            assert fast._get_format_key() == stock._get_format_key()


SHEET_NAMES = st.sampled_from(["分配", "结算", "Sheet", "说明 ", "配套核查"])
TEXTS = st.text(alphabet=st.sampled_from("乐平市 a&<>_x0041_\x01\n\t元"), max_size=12)
WORKBOOKS = st.lists(
    st.tuples(
        st.lists(PROPERTIES, min_size=1, max_size=5),  # the formats, in order of creation
        st.lists(SHEET_NAMES, min_size=1, max_size=3, unique=True),
        st.lists(st.tuples(st.integers(0, 4), TEXTS, st.integers(0, 9)), max_size=8),
        st.booleans(),  # a conditional format (a DXF format)
    ),
    min_size=1,
    max_size=4,
)


def write(book_class: type, spec: Any, path: Path | None) -> bytes | None:
    """The workbook written to ``path`` (FastWorkbook zips a file's parts itself), or, with
    no path, into a file object (zipped the stock way)."""
    formats, names, cells, conditional = spec
    buffer = io.BytesIO()
    book = book_class(buffer if path is None else str(path), {"in_memory": True})
    try:
        made = [book.add_format(props) for props in formats]
    except (TypeError, ValueError, AttributeError):
        return None
    red = book.add_format({"bg_color": "#FDE2E1", "font_color": "#9C0006"})
    rule = {"type": "formula", "criteria": "=$B1>3", "format": red}
    for name in names:
        sheet = book.add_worksheet(name)
        for row, text, which in cells:
            sheet.write_string(row, 0, text, made[which % len(made)])
            sheet.write_number(row, 1, which, made[-1 - which % len(made)])
        if conditional:
            sheet.conditional_format(0, 0, 4, 1, rule)
    book.set_properties({"title": names[0], "created": dt.datetime(2023, 1, 1)})
    book.close()
    return buffer.getvalue() if path is None else path.read_bytes()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(WORKBOOKS, st.booleans())
def test_workbooks_written_in_any_order_are_the_stock_bytes(
    tmp_path: Path, specs: list[Any], clear_first: bool
) -> None:
    if clear_first:
        clear_caches()
    stock = [write(StockWorkbook, spec, tmp_path / "stock.xlsx") for spec in specs]
    for order in (range(len(specs)), reversed(range(len(specs)))):
        for i in order:
            assert write(FastWorkbook, specs[i], tmp_path / "fast.xlsx") == stock[i]
            assert write(FastWorkbook, specs[i], None) == stock[i]  # a file object


def clear_caches() -> None:
    for cache in (
        xlsx_fast._TEMPLATES,
        xlsx_fast._STYLES_XML,
        xlsx_fast._DEFLATED,
        xlsx_fast._SI_XML,
        xlsx_fast._EXPANDED,
        xlsx_fast._PARTS_XML,
    ):
        cache.clear()


def test_a_format_changed_after_use_is_not_taken_for_its_template(tmp_path: Path) -> None:
    """The styles of a workbook whose format was changed after creation are its own."""

    def book(book_class: type, name: str, change: bool) -> bytes:
        path = tmp_path / name
        wb = book_class(str(path), {"in_memory": True})
        fmt = wb.add_format({"border": 1})
        if change:
            fmt.set_bold()
            fmt.set_font_size(10.0)
        wb.add_worksheet().write_string(0, 0, "乐平市", fmt)
        wb.set_properties({"created": dt.datetime(2023, 1, 1)})
        wb.close()
        return path.read_bytes()

    for change in (False, True, False, True):
        assert book(FastWorkbook, "fast.xlsx", change) == book(StockWorkbook, "s.xlsx", change)


def stock_zip(parts: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with _ZipAtOurLevel(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = archive.compression
            archive.writestr(info, data)
    return buffer.getvalue()


PART_NAMES = st.sampled_from(
    ["[Content_Types].xml", "_rels/.rels", "xl/styles.xml", "xl/theme/theme1.xml",
     "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "docProps/core.xml", "xl/图.xml"]
)  # fmt: skip


@given(
    st.lists(
        st.tuples(PART_NAMES, st.binary(max_size=300) | st.text("<>ab 元").map(str.encode)),
        max_size=8,
        unique_by=lambda part: part[0],
    )
)
def test_zipped_parts_are_zipfiles_bytes(parts: list[tuple[str, bytes]]) -> None:
    expected = stock_zip(parts)
    assert zip_parts(parts) == expected
    assert zip_parts(parts) == expected  # the remembered parts' deflated bytes again


def stock_strings(strings: list[str], cls: type[SharedStrings]) -> str:
    table = SharedStringTable()
    for string in strings:
        table._get_shared_string_index(string)
    table._sort_string_data()
    part = cls()
    part.string_table = table
    part._set_filehandle(io.StringIO())
    part._assemble_xml_file()
    text: str = part.fh.getvalue()
    return text


@given(st.lists(st.text() | TEXTS | st.sampled_from(["<r><t>x</t></r>", " a", "a ", "\u3000"])))
def test_shared_strings_are_the_stock_part(strings: list[str]) -> None:
    expected = stock_strings(strings, SharedStrings)
    assert stock_strings(strings, FastSharedStrings) == expected
    assert stock_strings(strings, FastSharedStrings) == expected  # each <si> remembered


def test_a_long_shared_string_is_written_but_not_remembered() -> None:
    long = "长" * (xlsx_fast._LONGEST_REMEMBERED + 1)
    strings = [long, "短", long[:-1]]
    expected = stock_strings(strings, SharedStrings)
    for _ in range(2):
        assert stock_strings(strings, FastSharedStrings) == expected
    assert long not in xlsx_fast._SI_XML
    assert {"短", long[:-1]} <= set(xlsx_fast._SI_XML)


def digests(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*")) if p.is_file()
    }  # fmt: skip


RUNS = [("sample-2023.xlsx", "zh"), ("sample-2024.xlsx", "en"), ("sample-2023-年初.xlsx", "zh")]


@pytest.mark.parametrize("cleared", [False, True])
def test_runs_in_one_process_do_not_depend_on_what_was_written_before(
    tmp_path: Path, cleared: bool
) -> None:
    def run(sample: str, lang: str, out: Path) -> dict[str, str]:
        result = CliRunner().invoke(
            cli, ["run", str(ROOT / "inputs" / sample), "--out", str(out), "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        return digests(out)

    forward = {run_: run(*run_, tmp_path / f"f{i}") for i, run_ in enumerate(RUNS)}
    if cleared:
        clear_caches()
    backward = {run_: run(*run_, tmp_path / f"b{i}") for i, run_ in enumerate(reversed(RUNS))}
    assert forward == backward
    assert sum(len(d) for d in forward.values()) > 15


def test_a_workbook_that_cannot_be_written_fails_as_xlsxwriter_does(tmp_path: Path) -> None:
    """In memory and streaming, with what xlsxwriter leaves in its temp folder: nothing in
    memory; streaming, the sheet's row file, kept for close() to be tried again."""
    from xlsxwriter.exceptions import FileCreateError

    for mode, options in enumerate(({"in_memory": True}, {"constant_memory": True})):
        left = []
        for book_class in (xlsxwriter.Workbook, FastWorkbook):
            temp = tmp_path / f"temp-{book_class.__name__}-{mode}"
            temp.mkdir()
            book = book_class(
                str(tmp_path / "missing" / "县.xlsx"), {**options, "tmpdir": str(temp)}
            )
            book.add_worksheet().write_string(0, 0, "乐平市")
            with pytest.raises(FileCreateError):
                book.close()
            left.append(len(list(temp.iterdir())))
        assert left == [mode, mode]
    assert not (tmp_path / "missing").exists()


def test_a_streaming_workbook_whose_folder_was_missing_can_be_closed_again(
    tmp_path: Path,
) -> None:
    """The zip file is opened before the parts are made, as xlsxwriter opens it: a target
    that cannot be created fails before a streaming sheet's rows leave their temp file, so
    close() once the folder exists writes the workbook — xlsxwriter's bytes at our level."""
    from xlsxwriter.exceptions import FileCreateError

    def book(book_class: type, name: str) -> bytes:
        folder = tmp_path / name
        temp = tmp_path / f"{name}-temp"
        temp.mkdir()
        wb = book_class(str(folder / "汇总.xlsx"), {"constant_memory": True, "tmpdir": str(temp)})
        ws = wb.add_worksheet("计算过程")
        for row in range(30):
            ws.write_string(row, 0, f"第 {row} 步")
        wb.set_properties({"created": dt.datetime(2023, 1, 1)})
        with pytest.raises(FileCreateError):
            wb.close()
        folder.mkdir()
        wb.close()
        return (folder / "汇总.xlsx").read_bytes()

    fast = book(FastWorkbook, "fast")
    assert fast == book(StockWorkbook, "stock")
    assert list((tmp_path / "fast-temp").iterdir()) == []
    with zipfile.ZipFile(io.BytesIO(fast)) as archive:
        assert b"\xe7\xac\xac 29 \xe6\xad\xa5" in archive.read("xl/worksheets/sheet1.xml")


def test_a_package_too_large_without_zip64_fails_as_xlsxwriter_does(tmp_path: Path) -> None:
    """A part beyond zip's limit without zip64 (the limit lowered here): FileSizeError,
    in memory and streaming, and no temp file left."""
    from xlsxwriter.exceptions import FileSizeError

    for mode, options in enumerate(({"in_memory": True}, {"constant_memory": True})):
        temp = tmp_path / f"temp-{mode}"
        temp.mkdir()
        wb = FastWorkbook(str(tmp_path / f"{mode}.xlsx"), {**options, "tmpdir": str(temp)})
        ws = wb.add_worksheet()
        for row in range(200):
            ws.write_number(row, 0, row)
        with (
            mock.patch.object(zipfile, "ZIP64_LIMIT", 2000),
            mock.patch.object(xlsx_fast, "_ZIP_LIMIT", 2000),
            pytest.raises(FileSizeError),
        ):
            wb.close()
        assert list(temp.iterdir()) == []


@pytest.mark.parametrize(
    ("options", "to_buffer"),
    [
        ({"constant_memory": True}, False),  # parts on disk: zipfile, file by file
        ({"in_memory": True}, True),  # a file object: zipfile
        ({"in_memory": True, "use_zip64": True}, False),  # zip64: zipfile
        ({"in_memory": True}, False),  # zip_parts
    ],
)
def test_every_way_of_zipping_gives_the_stock_bytes_at_our_level(
    tmp_path: Path, options: dict[str, Any], to_buffer: bool
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()

    def book(book_class: type, name: str) -> bytes:
        target: Any = io.BytesIO() if to_buffer else str(tmp_path / name)
        wb = book_class(target, {**options, "tmpdir": str(temp)})
        for sheet_name in ("分配", "结算"):
            ws = wb.add_worksheet(sheet_name)
            for row in range(40):
                ws.write_string(row, 0, f"乐平市 {row}")
                ws.write_number(row, 1, row * 1.25)
        wb.set_properties({"created": dt.datetime(2023, 1, 1)})
        wb.close()
        return target.getvalue() if to_buffer else (tmp_path / name).read_bytes()

    assert book(FastWorkbook, "fast.xlsx") == book(StockWorkbook, "stock.xlsx")
    assert list(temp.iterdir()) == []  # every temp file removed


# A workbook's formats added as one set (FormatSet, FastWorkbook.add_formats): the same
# formats, in the same order, as add_format gives them one by one — made afresh, then
# from the set's templates, in a workbook of either class and with other defaults.


@settings(max_examples=60, deadline=None)
@given(st.lists(PROPERTIES, min_size=1, max_size=6), st.booleans())
def test_formats_added_as_a_set_are_those_added_one_by_one(
    properties: list[dict[str, Any]], other_defaults: bool
) -> None:
    formats = FormatSet(properties)
    options: dict[str, Any] = {"in_memory": True}
    if other_defaults:
        options["default_format_properties"] = {"font_name": "宋体", "font_size": 10}
    for _ in range(2):  # the set's templates made, then found
        # (each its own copy of the options: xlsxwriter writes into their defaults)
        one_by_one = FastWorkbook(io.BytesIO(), copy.deepcopy(options))
        as_a_set = FastWorkbook(io.BytesIO(), copy.deepcopy(options))
        try:
            expected = [one_by_one.add_format(dict(p)) for p in properties]
        except (TypeError, ValueError, AttributeError) as error:
            with pytest.raises(type(error)):
                formats.add_to(as_a_set)
            return
        made = formats.add_to(as_a_set)
        assert [state(f) for f in made] == [state(f) for f in expected]
        assert [state(f) for f in as_a_set.formats] == [state(f) for f in one_by_one.formats]
        stock = xlsxwriter.Workbook(io.BytesIO(), copy.deepcopy(options))  # one by one
        assert [state(f) for f in formats.add_to(stock)] == [state(f) for f in expected]
        assert [f._get_format_key() for f in made] == [f._get_format_key() for f in expected]


def test_a_county_workbooks_formats_are_its_styles_fields_in_order() -> None:
    """CountyStyles' formats, added as one set, are its fields' in the order the fields
    come (the shared Styles' first): the order is each format's index in styles.xml."""
    from dataclasses import fields

    from roadfund.writers.county.context import (
        COUNTY_FORMATS,
        COUNTY_PROPERTIES,
        CountyStyles,
    )
    from roadfund.writers.xlsx_common import STYLE_PROPERTIES, Styles, cell_format

    assert list(STYLE_PROPERTIES) == [f.name for f in fields(Styles)]
    assert list(COUNTY_PROPERTIES) == [f.name for f in fields(CountyStyles)][1:]
    book = FastWorkbook(io.BytesIO(), {"in_memory": True})
    before = len(book.formats)  # the workbook's own (its default format ...)
    styles = CountyStyles.of(book)
    assert len(book.formats) == before + len(COUNTY_FORMATS.properties)
    assert styles.base.money is book.formats[before + list(STYLE_PROPERTIES).index("money")]
    assert styles.red is book.formats[-1]
    other = FastWorkbook(io.BytesIO(), {"in_memory": True})
    assert state(styles.label) == state(cell_format(other, border=1, text_wrap=True))


# The package's small parts, rendered once per key (``FastPackager._part_once``): the
# keys hold every attribute the stock methods read (read from their sources), and a
# workbook's bytes are the stock ones whatever was written before it.

PART_GATE = {
    "worksheets", "str_table", "image_types", "vba_project", "vba_project_signature",
    "custom_properties", "has_metadata", "_has_feature_property_bags", "embedded_images",
}  # fmt: skip
"""What ``_plain`` and ``_sheets_key`` check of the workbook (the same for every key)."""
PACKAGER_OWN = {
    "workbook", "_filename", "_get_table_count", "chart_count", "drawing_count",
    "num_vml_files", "num_comment_files", "table_count", "chartsheet_count",
}  # fmt: skip
"""The packager's own: its workbook and writer, and counts that are 0 in a plain package."""


def workbook_reads(name: str, seen: set[str] | None = None) -> set[str]:
    """The workbook attributes a stock Workbook method reads, following its own methods
    (not the XML writer's, nor the formats' preparation: FastPackager keeps that call)."""
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.xmlwriter import XMLwriter

    seen = set() if seen is None else seen
    seen.add(name)
    reads: set[str] = set()
    for used in re.findall(r"self\.(\w+)", inspect.getsource(getattr(Workbook, name))):
        if used == "fh" or used in vars(XMLwriter) or used == "_prepare_format_properties":
            continue
        if callable(getattr(Workbook, used, None)):
            if used not in seen:
                reads |= workbook_reads(used, seen)
        else:
            reads.add(used)
    return reads


def test_each_part_rendered_once_is_keyed_by_all_its_stock_method_reads() -> None:
    from xlsxwriter.packager import Packager
    from xlsxwriter.workbook import Workbook

    assert set(xlsx_fast.PART_READS) == {
        name for name in vars(xlsx_fast.FastPackager) if name in xlsx_fast.PART_READS
    }
    for name, keyed in xlsx_fast.PART_READS.items():
        source = inspect.getsource(getattr(Packager, name))
        assert set(re.findall(r"self\.workbook\.(\w+)", source)) <= PART_GATE | keyed, name
        packager_reads = set(re.findall(r"self\.(\w+)", source)) - PACKAGER_OWN
        assert packager_reads <= keyed, (name, packager_reads)
        sheet_reads = set(re.findall(r"worksheet\.(\w+)", source))
        assert sheet_reads <= {"is_chartsheet", "hidden", "name"}, name
    # workbook.xml: the workbook's own method, and the two sheet attributes it reads
    assert workbook_reads("_assemble_xml_file") == (
        xlsx_fast.PART_READS["_write_workbook_file"] | {"worksheets_objs"}
    )
    sheets = inspect.getsource(Workbook._write_sheets)
    assert set(re.findall(r"worksheet\.(\w+)", sheets)) == {"name", "hidden"}


PACKAGES = st.tuples(
    st.lists(st.sampled_from(["分配", "结算", "A&B", "<说明>", "县'区", "Sheet 2"]),
             min_size=1, max_size=4, unique=True),
    st.lists(st.sampled_from(["hide", "very_hide", "activate", "first", "titles", "area",
                              "name", "local_name", "read_only", "size", "tab_ratio",
                              "manual", "no_strings", "company", "manager", "base",
                              "date_1904", "table", "comment"]), max_size=5, unique=True),
)  # fmt: skip


def write_package(book_class: type, spec: Any, path: Path) -> bytes:
    """A workbook of ``spec``'s sheets and settings, written to ``path``."""
    names, settings_ = spec
    options: dict[str, Any] = {"in_memory": True, "date_1904": "date_1904" in settings_}
    book = book_class(str(path), options)
    sheets = [book.add_worksheet(name) for name in names]
    last = sheets[-1]
    for sheet in sheets:
        if "no_strings" in settings_:
            sheet.write_number(0, 0, 1)
        else:
            sheet.write_string(0, 0, sheet.name)
    properties: dict[str, Any] = {"title": names[0], "created": dt.datetime(2023, 1, 1)}
    for setting in settings_:
        if setting == "hide" and len(sheets) > 1:
            last.hide()
        elif setting == "very_hide" and len(sheets) > 1:
            last.very_hidden()
        elif setting == "activate":
            last.activate()
        elif setting == "first":
            last.set_first_sheet()
        elif setting == "titles":
            last.repeat_rows(2, 3)
        elif setting == "area":
            sheets[0].print_area(0, 0, 9, 3)
        elif setting == "name":
            book.define_name("总额", "=Sheet1!$A$1")
        elif setting == "local_name":
            book.define_name(f"'{last.name}'!本县", f"='{last.name}'!$B$2")
        elif setting == "read_only":
            book.read_only_recommended()
        elif setting == "size":
            book.set_size(1200, 800)
        elif setting == "tab_ratio":
            book.set_tab_ratio(75)
        elif setting == "manual":
            book.set_calc_mode("manual")
        elif setting in ("company", "manager"):
            properties[setting] = "合成市 & <财政局>"
        elif setting == "base":
            properties["hyperlink_base"] = "https://example.org/"
        elif setting == "table":
            sheets[0].add_table(2, 0, 4, 1)
        elif setting == "comment":
            sheets[0].write_comment(5, 0, "注")
    book.set_properties(properties)
    book.close()
    return path.read_bytes()


@pytest.mark.filterwarnings("ignore")  # xlsxwriter warns of what it refuses, alike for both
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(PACKAGES, min_size=1, max_size=4), st.booleans())
def test_packages_written_in_any_order_are_the_stock_bytes(
    tmp_path: Path, specs: list[Any], clear_first: bool
) -> None:
    """Workbooks of varied sheets, names and settings (some with a table or a note: the
    stock parts), one after another: each the stock workbook, its small parts rendered
    afresh or from what an earlier workbook rendered."""
    if clear_first:
        clear_caches()
    stock = [write_package(StockWorkbook, spec, tmp_path / "stock.xlsx") for spec in specs]
    for order in (range(len(specs)), reversed(range(len(specs)))):
        for i in order:
            assert write_package(FastWorkbook, specs[i], tmp_path / "fast.xlsx") == stock[i]
