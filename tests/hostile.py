"""Builders of hostile and odd input files for the container guard (not a test module).

Every builder takes a directory, writes one file (or folder) there and returns its path.
Files are deterministic and small on disk: big members are streamed into the zip and
compress well. Valid workbooks come from xlsxwriter; hostile ones rewrite their parts.
``CASES`` maps a case name to its builder and the issue code the guard must give;
``STRESS`` holds files inside the size limits that maximise the guard's scanning work.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import xlsxwriter

MB = 1024 * 1024
FIXED_TIME = (2023, 1, 1, 0, 0, 0)
SHEET1 = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"

Builder = Callable[[Path], Path]
Writer = Callable[[IO[bytes]], None]


# --- valid workbooks ----------------------------------------------------------------
def valid_xlsx(directory: Path, name: str = "valid.xlsx") -> Path:
    """A small, plain xlsxwriter workbook with two sheets of Chinese text and numbers."""
    path = directory / name
    workbook = xlsxwriter.Workbook(path, {"strings_to_formulas": False})
    workbook.set_properties({"created": dt.datetime(2023, 1, 1)})
    counties = workbook.add_worksheet("县区")
    for col, header in enumerate(["县区代码", "县区名称", "分中心"]):
        counties.write_string(0, col, header)
    for row, (code, county) in enumerate([("360202", "昌江区"), ("360203", "珠山区")], 1):
        counties.write_string(row, 0, code)
        counties.write_string(row, 1, county)
        counties.write_string(row, 2, f"{county}分中心")
    mileage = workbook.add_worksheet("养护里程")
    mileage.write_row(0, 0, ["县区代码", "国道", "省道"])
    mileage.write_row(1, 0, ["360202", 12.345, 6.5])
    workbook.close()
    return path


def featured_xlsx(directory: Path, name: str = "featured.xlsx") -> Path:
    """A valid workbook using features that must not look hostile: merged cells, links,
    comments, whole-column validation and formats, a table, an image, wide columns."""
    path = directory / name
    workbook = xlsxwriter.Workbook(path, {"strings_to_formulas": False})
    workbook.set_properties({"created": dt.datetime(2023, 1, 1)})
    sheet = workbook.add_worksheet("总览")
    sheet.merge_range("A1:F1", "景德镇市公路养护资金", workbook.add_format({"bold": True}))
    sheet.write_url("A2", "https://example.org/", string="链接")
    sheet.write_comment("B2", "批注")
    sheet.data_validation(0, 2, 1_048_575, 2, {"validate": "decimal", "criteria": ">=", "value": 0})
    sheet.conditional_format(0, 3, 1_048_575, 3, {"type": "cell", "criteria": ">", "value": 100})
    sheet.set_column("A:XFD", 12)
    sheet.freeze_panes(2, 0)
    sheet.write_formula("E3", "=SUM(C:C)", None, 0)
    sheet.write_number("ZZ100000", 1)  # the last cell the guard allows
    sheet.insert_image("G3", "dot.png", {"image_data": _tiny_png()})
    table = workbook.add_worksheet("表格")
    table.add_table(
        "A1:C4", {"columns": [{"header": "代码"}, {"header": "名称"}, {"header": "值"}]}
    )
    workbook.define_name("全部", "=总览!$A:$F")
    workbook.close()
    return path


def _tiny_png() -> IO[bytes]:
    """A 1x1 grey PNG, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
        + chunk(b"IEND", b"")
    )
    return io.BytesIO(png)


# --- zip plumbing -------------------------------------------------------------------
def member(name: str, level: int = 6, stored: bool = False) -> zipfile.ZipInfo:
    """A ZipInfo with a fixed date, so rebuilt files are byte-identical."""
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info._compresslevel = level  # the public name, compress_level, arrives in Python 3.13
    return info


def rewrite_zip(
    source: Path,
    target: Path,
    replace: Mapping[str, bytes | Writer] | None = None,
    add: Mapping[str, bytes | Writer] | None = None,
    *,
    level: int = 6,
    stored: bool = False,
) -> Path:
    """Copy ``source`` to ``target``, replacing or adding members (bytes, or a writer
    called with the open member stream)."""
    replace = dict(replace or {})
    extra = dict(add or {})
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            content = replace.pop(info.filename, None)
            if content is None:
                content = old.read(info)
            _put(new, info.filename, content, level, stored)
        for name, content in {**replace, **extra}.items():
            _put(new, name, content, level, stored)
    return target


def _put(
    archive: zipfile.ZipFile, name: str, content: bytes | Writer, level: int, stored: bool
) -> None:
    with archive.open(member(name, level, stored), "w") as out:
        if isinstance(content, bytes):
            out.write(content)
        else:
            content(out)


def sheet_xml(
    rows: Iterable[bytes],
    dimension: str = "A1",
    *,
    head: bytes = b"",
    tail: bytes = b"",
    filler: Writer | None = None,
) -> Writer:
    """A writer streaming a worksheet part: ``head`` (e.g. a DOCTYPE), ``filler`` (raw
    bytes inside ``<sheetData>``), the rows as ready-made ``<row>`` elements, ``tail``."""

    def write(out: IO[bytes]) -> None:
        out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + head)
        out.write(f'<worksheet xmlns="{MAIN_NS}"><dimension ref="{dimension}"/>'.encode())
        out.write(b"<sheetData>")
        if filler is not None:
            filler(out)
        batch: list[bytes] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 4096:
                out.write(b"".join(batch))
                batch.clear()
        out.write(b"".join(batch))
        out.write(b"</sheetData>" + tail + b"</worksheet>")

    return write


def numbered_rows(count: int, start: int = 1) -> Iterator[bytes]:
    """``count`` small rows with row and cell references."""
    for r in range(start, start + count):
        yield b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r % 10)


def with_sheet(directory: Path, name: str, writer: Writer, level: int = 6) -> Path:
    """A valid xlsxwriter workbook whose first worksheet part is replaced by ``writer``."""
    base = valid_xlsx(directory, f".base-{name}")
    target = rewrite_zip(base, directory / name, {SHEET1: writer}, level=level)
    base.unlink()
    return target


def _repeating(total: int, seed: int = 7) -> Writer:
    """``total`` bytes of a 20 KB pseudo-random block repeated: compresses ~130:1."""
    block = random.Random(seed).randbytes(20_000)

    def write(out: IO[bytes]) -> None:
        left = total
        piece = block * 50  # ~1 MB
        while left > 0:
            out.write(piece[:left])
            left -= len(piece)

    return write


def _filled(total: int, byte: bytes = b" ") -> Writer:
    def write(out: IO[bytes]) -> None:
        piece = byte * MB
        for _ in range(total // MB):
            out.write(piece)
        out.write(byte * (total % MB))

    return write


# --- zip bombs and sizes ------------------------------------------------------------
def zip_bomb(directory: Path) -> Path:
    """A worksheet part of 300 MB of spaces, compressed ~1000:1 to ~300 KB."""
    writer = sheet_xml([], filler=_filled(300 * MB))
    return with_sheet(directory, "zip_bomb.xlsx", writer, level=9)


def zip_too_large(directory: Path) -> Path:
    """Three 40 MB media members (each ~130:1): 120 MB unpacked, ~1 MB on disk."""
    extra: dict[str, bytes | Writer] = {
        f"xl/media/blob{i}.bin": _repeating(40 * MB, seed=i) for i in range(3)
    }
    base = valid_xlsx(directory, ".base-total")
    target = rewrite_zip(base, directory / "zip_too_large.xlsx", add=extra)
    base.unlink()
    return target


def zip_member_too_large(directory: Path) -> Path:
    """One 60 MB member at a harmless-looking ~130:1 ratio."""
    base = valid_xlsx(directory, ".base-member")
    target = rewrite_zip(
        base,
        directory / "zip_member_too_large.xlsx",
        add={"xl/media/blob.bin": _repeating(60 * MB)},
    )
    base.unlink()
    return target


def too_many_members(directory: Path, members: int = 1001) -> Path:
    """A valid workbook padded with tiny customXml parts to ``members`` entries in all."""
    base = valid_xlsx(directory, f".base-many-{members}")
    with zipfile.ZipFile(base) as archive:
        existing = len(archive.infolist())
    padding: dict[str, bytes | Writer] = {
        f"customXml/item{i}.xml": b"<a/>" for i in range(members - existing)
    }
    target = rewrite_zip(base, directory / f"members_{members}.xlsx", add=padding)
    base.unlink()
    return target


def long_directory(directory: Path) -> Path:
    """1000 empty members with 1100-character names: a central directory over 1 MB."""
    path = directory / "long_directory.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(1000):
            archive.writestr(member(f"{i:04d}" + "x" * 1096), b"")
    return path


def oversize(directory: Path) -> Path:
    """A 21 MB file (sparse: nothing is written)."""
    path = directory / "oversize.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(21 * MB)
    return path


# --- XML attacks --------------------------------------------------------------------
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + f']>\n<workbook xmlns="{MAIN_NS}"><sheets/>&lol9;</workbook>'
)


def billion_laughs(directory: Path) -> Path:
    """The classic entity bomb as xl/workbook.xml."""
    base = valid_xlsx(directory, ".base-laughs")
    target = rewrite_zip(
        base, directory / "billion_laughs.xlsx", {"xl/workbook.xml": LAUGHS.encode()}
    )
    base.unlink()
    return target


def billion_laughs_utf16(directory: Path) -> Path:
    """The entity bomb in a UTF-16 workbook part (expat reads it; a byte scan would not)."""
    text = LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    base = valid_xlsx(directory, ".base-laughs16")
    target = rewrite_zip(
        base, directory / "billion_laughs_utf16.xlsx", {"xl/workbook.xml": text.encode("utf-16")}
    )
    base.unlink()
    return target


def external_entity(directory: Path) -> Path:
    """A worksheet whose DTD pulls in a local file through an external entity."""
    head = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return with_sheet(directory, "external_entity.xlsx", sheet_xml([row], head=head))


def huge_dimension(directory: Path) -> Path:
    """``<dimension ref="A1:XFD1048576"/>`` and a cell at XFD1048576."""
    row = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return with_sheet(directory, "huge_dimension.xlsx", sheet_xml([row], dimension="A1:XFD1048576"))


def far_cell(directory: Path) -> Path:
    """An honest dimension, then one cell at XFD1048576."""
    rows = [*numbered_rows(3), b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']
    return with_sheet(directory, "far_cell.xlsx", sheet_xml(rows, dimension="A1:A3"))


def many_rows(directory: Path, count: int = 200_000) -> Path:
    """``count`` small numbered rows, streamed (~40 bytes each)."""
    return with_sheet(directory, f"rows_{count}.xlsx", sheet_xml(numbered_rows(count)))


def huge_merge(directory: Path) -> Path:
    """One merged range of 70 million cells (openpyxl would create every one)."""
    tail = b'<mergeCells count="1"><mergeCell ref="A1:ZZ100000"/></mergeCells>'
    return with_sheet(directory, "huge_merge.xlsx", sheet_xml(numbered_rows(2), tail=tail))


def float_row_number(directory: Path) -> Path:
    """``<row r="1e9">``: openpyxl reads the row number with float()."""
    row = b'<row r="1e9"><c><v>1</v></c></row>'
    return with_sheet(directory, "float_row.xlsx", sheet_xml([row]))


def giant_tag(directory: Path) -> Path:
    """A cell tag with a 2 MB attribute value: no "<" for 2 MB (compresses ~100:1)."""
    letters = bytes(random.Random(3).choices(b"abcdefghijklmnopqrstuvwxyz", k=20_000))
    row = b'<row r="1"><c x="' + (letters * 105)[: 2 * MB] + b'" r="A1"><v>1</v></c></row>'
    return with_sheet(directory, "giant_tag.xlsx", sheet_xml([row]))


# --- wrong formats ------------------------------------------------------------------
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole2(path: Path, stream_names: Iterable[str]) -> Path:
    """A minimal OLE2 compound file: header, then directory entries with these names."""
    header = (OLE2_MAGIC + bytes(16) + struct.pack("<HH", 0x3E, 3) + b"\xfe\xff").ljust(512, b"\0")
    directory = b"".join(
        (name.encode("utf-16-le") + b"\x00\x00").ljust(64, b"\x00") + bytes(64)
        for name in ["Root Entry", *stream_names]
    )
    path.write_bytes(header + directory + bytes(8192))
    return path


def renamed_xls(directory: Path) -> Path:
    """An OLE2 compound file holding a ``Workbook`` stream: an Excel 97-2003 file."""
    return ole2(directory / "renamed_xls.xlsx", ["Workbook", "\x05SummaryInformation"])


def encrypted_ole2(directory: Path) -> Path:
    """What Excel writes for a password-protected xlsx: OLE2 with EncryptionInfo."""
    names = ["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]
    return ole2(directory / "encrypted.xlsx", names)


def csv_renamed(directory: Path) -> Path:
    path = directory / "csv_renamed.xlsx"
    path.write_bytes("县区代码,县区名称,里程\n360202,昌江区,123.4\n".encode())
    return path


def pdf_renamed(directory: Path) -> Path:
    path = directory / "pdf_renamed.xlsx"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    return path


def ods_like(directory: Path) -> Path:
    """An OpenDocument spreadsheet's skeleton: ``mimetype`` stored first."""
    path = directory / "ods_like.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            member("mimetype", stored=True), b"application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr(member("content.xml"), b'<?xml version="1.0"?><office:document-content/>')
        archive.writestr(member("META-INF/manifest.xml"), b'<?xml version="1.0"?><manifest/>')
    return path


def xlsm_like(directory: Path) -> Path:
    """A valid workbook turned macro-enabled: content type and ``xl/vbaProject.bin``."""
    base = valid_xlsx(directory, ".base-xlsm")
    with zipfile.ZipFile(base) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(XLSX_MAIN, XLSM_MAIN).replace(
        "<Default Extension=",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        "<Default Extension=",
        1,
    )
    vba = OLE2_MAGIC + bytes(504)
    target = rewrite_zip(
        base,
        directory / "xlsm_like.xlsx",
        {"[Content_Types].xml": types.encode()},
        add={"xl/vbaProject.bin": vba},
    )
    base.unlink()
    return target


def macro_content_type(directory: Path) -> Path:
    """Only the main content type says macro-enabled (no vbaProject.bin)."""
    base = valid_xlsx(directory, ".base-ct")
    with zipfile.ZipFile(base) as archive:
        types = archive.read("[Content_Types].xml").decode().replace(XLSX_MAIN, XLSM_MAIN)
    target = rewrite_zip(base, directory / "macro_ct.xlsx", {"[Content_Types].xml": types.encode()})
    base.unlink()
    return target


def plain_zip(directory: Path) -> Path:
    path = directory / "plain_zip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member("data.csv"), b"a,b\n1,2\n")
    return path


# --- broken files -------------------------------------------------------------------
def empty_file(directory: Path) -> Path:
    path = directory / "empty.xlsx"
    path.write_bytes(b"")
    return path


def truncated(directory: Path) -> Path:
    """A valid workbook cut in half: no central directory."""
    data = valid_xlsx(directory, ".base-cut").read_bytes()
    (directory / ".base-cut").unlink()
    path = directory / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def bad_crc(directory: Path) -> Path:
    """A stored (uncompressed) worksheet part with one byte changed after writing."""
    base = valid_xlsx(directory, ".base-crc")
    path = rewrite_zip(base, directory / "bad_crc.xlsx", stored=True)
    base.unlink()
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET1)
    data = bytearray(path.read_bytes())
    name_len, extra_len = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    position = data.index(b"<sheetData>", start) + 2
    data[position] ^= 0x20  # "<sheetData>" -> "<SheetData>": same length, new CRC
    path.write_bytes(bytes(data))
    return path


def encrypted_member(directory: Path) -> Path:
    """A zip whose members claim traditional zip encryption (flag bit 0)."""
    path = valid_xlsx(directory, "encrypted_member.xlsx")
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        data[at + 8] |= 0x01
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def a_directory(directory: Path) -> Path:
    path = directory / "folder.xlsx"
    path.mkdir()
    return path


# --- stress: files that stay inside the size limits but maximise the scanning work ---
def _bulk(directory: Path, name: str, block: bytes, per_member: int = 24 * MB) -> Path:
    """A valid workbook plus four customXml parts of ``block`` repeated to ``per_member``
    bytes each: 96 MB in all, just under the 100 MB total limit."""

    def write(out: IO[bytes]) -> None:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?><a>')
        piece = block * max(1, MB // len(block))
        left = per_member
        while left > 0:
            out.write(piece[:left])
            left -= len(piece)
        out.write(b"</a>")

    base = valid_xlsx(directory, f".base-{name}")
    parts: dict[str, bytes | Writer] = {f"customXml/item{i}.xml": write for i in range(4)}
    target = rewrite_zip(base, directory / name, add=parts)
    base.unlink()
    return target


def _words(seed: int) -> list[bytes]:
    rng = random.Random(seed)
    return [bytes(rng.choices(b"abcdefghijklmnop", k=rng.randint(2, 9))) for _ in range(300)]


def bulk_text(directory: Path) -> Path:
    """96 MB of text that passes every check, with the rare tokens that switch on every
    optional pattern in every chunk: the guard's longest full scan."""
    rng = random.Random(5)
    words = _words(5)
    text = b" ".join(rng.choice(words) for _ in range(4000))
    block = text + b" mergeCell hyperlink :c :row <!-- note --><b/>"
    return _bulk(directory, "bulk_text.xlsx", block)


def dense_attributes(directory: Path) -> Path:
    """Tags with three attributes each, r="A.." among them, until MAX_ATTRIBUTES."""
    rng = random.Random(6)
    block = b"".join(
        b'<x a="%d" r="A%d" b="%d"/>' % (rng.randrange(10**6), rng.randrange(1, 99999), i)
        for i in range(800)
    )
    return _bulk(directory, "dense_attributes.xlsx", block)


def dense_tags(directory: Path) -> Path:
    """Short prefixed tags, with tokens that switch on the prefixed-count and merge
    patterns in every chunk, until MAX_ELEMENTS."""
    rng = random.Random(7)
    block = b"".join(b"<p:t%d/>" % rng.randrange(10**5) for _ in range(2000))
    block += b"<!-- mergeCell hyperlink :c :row -->"
    return _bulk(directory, "dense_tags.xlsx", block)


def dense_cells(directory: Path) -> Path:
    """Prefixed cells outside any row until MAX_CELLS."""
    rng = random.Random(8)
    block = b"".join(
        b'<x:c r="B%d" s="1"><x:v>%d</x:v></x:c>' % (rng.randrange(1, 99999), rng.randrange(10**4))
        for _ in range(500)  # a block under deflate's 32 KB window: ~100:1
    )
    return _bulk(directory, "dense_cells.xlsx", block)


STRESS: dict[str, tuple[Builder, str | None]] = {
    "bulk_text": (bulk_text, None),
    "dense_attributes": (dense_attributes, "xml_too_many_attributes"),
    "dense_tags": (dense_tags, "xml_too_many_elements"),
    "dense_cells": (dense_cells, "too_many_cells"),
}


CASES: dict[str, tuple[Builder, str]] = {
    "zip_bomb": (zip_bomb, "zip_ratio"),
    "zip_too_large": (zip_too_large, "zip_too_large"),
    "zip_member_too_large": (zip_member_too_large, "zip_member_too_large"),
    "too_many_members": (too_many_members, "zip_too_many_members"),
    "long_directory": (long_directory, "zip_directory_too_large"),
    "oversize": (oversize, "file_too_large"),
    "billion_laughs": (billion_laughs, "xml_dtd"),
    "billion_laughs_utf16": (billion_laughs_utf16, "xml_dtd"),
    "external_entity": (external_entity, "xml_dtd"),
    "huge_dimension": (huge_dimension, "sheet_ref_too_large"),
    "far_cell": (far_cell, "sheet_ref_too_large"),
    "float_row_number": (float_row_number, "sheet_ref_too_large"),
    "many_rows": (many_rows, "sheet_too_many_rows"),
    "huge_merge": (huge_merge, "too_many_cells"),
    "giant_tag": (giant_tag, "xml_segment_too_long"),
    "renamed_xls": (renamed_xls, "xls_format"),
    "encrypted_ole2": (encrypted_ole2, "encrypted"),
    "encrypted_member": (encrypted_member, "encrypted"),
    "csv_renamed": (csv_renamed, "text_file"),
    "pdf_renamed": (pdf_renamed, "not_xlsx"),
    "plain_zip": (plain_zip, "not_xlsx"),
    "ods_like": (ods_like, "ods_format"),
    "xlsm_like": (xlsm_like, "macro_enabled"),
    "macro_content_type": (macro_content_type, "macro_enabled"),
    "empty_file": (empty_file, "empty_file"),
    "truncated": (truncated, "zip_corrupt"),
    "bad_crc": (bad_crc, "zip_member_corrupt"),
    "directory": (a_directory, "is_directory"),
}
