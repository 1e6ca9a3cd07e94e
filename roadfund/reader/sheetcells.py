"""The worksheets' cells read by one regex pass, the rest of the workbook by openpyxl.

openpyxl spends most of a large read building an ElementTree element for every ``<c>``
and ``<v>`` of the sheets (~1 s at 3,000 counties). ``load_values`` takes the cells out
of each worksheet part while it reads them, lets openpyxl load the workbook that is left
(sheet names and states, styles and date formats, shared strings, merged cells, row and
column dimensions, hyperlinks, comments: everything but the cells, with openpyxl's own
code and its own errors), then puts each cell in as openpyxl itself would have made it
(``_cell``, the data-only branch of openpyxl's ``WorkSheetParser.parse_cell``).

It is taken only where that is sure to give what openpyxl gives: every ``<c>`` of the
part is in the plain form Excel, WPS, LibreOffice and xlsxwriter write (a reference, a
style, a type, an optional formula, an optional ``<v>`` — no inline strings, no
character references but the five XML entities, no control characters, UTF-8), and what
is left of ``<sheetData>`` is only ``<row>`` elements. Anything else, and any exception
on the way, answers None: the caller then loads the whole file with openpyxl, as before
(tests/test_sheetcells.py compares the two on generated and mutated workbooks).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from typing import Any

_EMPTY_SHEET_DATA_RE = re.compile(rb"<sheetData\s*/>")
_CELL_RE = re.compile(
    rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?'
    rb'(?: cm="[^"<&]*+")?(?: vm="[^"<&]*+")?(?: ph="[^"<&]*+")?\s*+'
    rb"(?:/>|>\s*+(?:<f\b[^<>]*/>\s*+|<f\b[^<>]*+(?<!/)>[^<]*+</f>\s*+)?"
    rb"(?:<v>([^<]*+)</v>\s*+|<v\s*+/>\s*+)?"
    rb"(<is>\s*+(?:<t(?: xml:space=\"preserve\")?>[^<]*+</t>|<t(?: xml:space=\"preserve\")?\s*+/>)?"
    rb"\s*+</is>\s*+)?</c>)"
)
"""A ``<c>`` as Excel, WPS, LibreOffice, openpyxl and xlsxwriter write it: r, s, t in that
order, an optional formula (ignored: cached values are read), an optional ``<v>``, an
optional inline string of one plain ``<t>``."""
_INLINE_TEXT_RE = re.compile(rb"<t[^<>]*>([^<]*)</t>")
_ROW_TAG_RE = re.compile(rb"<row[\s/>]")
_KEPT_ROW_RE = re.compile(rb'<row(?! r="[1-9][0-9]{0,6}"(?: spans="[0-9:]*+")?>)[^<>]*>')
"""A row tag with more than r and spans (a height, hidden ...): openpyxl reads those."""
_BODY_RE = re.compile(
    rb"(?>\s*+(?><row\b[^<>]*/>|<row\b[^<>]*+(?<!/)>(?>\s*+(?>"
    + _CELL_RE.pattern
    + rb"))*+\s*+</row>))*+\s*+"
)  # atomic groups: no backtracking state per cell (4x faster)
"""sheetData holding nothing but rows of plain cells (and blanks between them)."""
_ENTITY_RE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)")  # any other & is a surprise
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
"""The control characters XML 1.0 forbids (tab, line feed and carriage return are allowed)."""
_ENTITIES = (
    (b"&lt;", b"<"),
    (b"&gt;", b">"),
    (b"&quot;", b'"'),
    (b"&apos;", b"'"),
    (b"&amp;", b"&"),
)
_HEAD_RE = re.compile(
    rb"\A(?:<\?xml\s[^<>]*?\?>\s*)?<worksheet\s[^<>]*"
    rb"xmlns=\"http://schemas\.openxmlformats\.org/spreadsheetml/2006/main\""
)
_SST_HEAD_RE = re.compile(
    rb"\A(?:<\?xml\s[^<>]*?\?>\s*)?<sst\s[^<>]*"
    rb"xmlns=\"http://schemas\.openxmlformats\.org/spreadsheetml/2006/main\"[^<>]*(?<!/)>"
)
_SI_RE = re.compile(
    rb'\s*+<si><t(?: xml:space="preserve")?>([^<]*+)</t></si>|\s*+<si><t(?: xml:space="preserve")?/></si>'
)
_SST_BODY_RE = re.compile(rb"(?:" + _SI_RE.pattern + rb")*+\s*+</sst>\s*+")
"""A shared-string table of plain strings (no rich text runs, no phonetic guides)."""
_DECLARED_ENCODING_RE = re.compile(rb"\A<\?xml\s[^<>]*?encoding=[\"']([^\"']*)[\"']")
_CELL_TYPES = frozenset({b"", b"n", b"s", b"b", b"str", b"e", b"inlineStr"})
_MAX_COLUMN = 16_384  # XFD

RawCell = tuple[bytes, bytes, bytes, bytes, bytes, bytes]
"""(column letters, row digits, style id, type, ``<v>`` text, ``<is>`` element) of one
``<c>``, as found (b"" for what is not there), in file order."""


class NotPlain(Exception):
    """A worksheet part not in the plain form: openpyxl reads the whole file."""


def strip_cells(data: bytes) -> StrippedZip | None:
    """``load_values``' first step, which parses no XML: the worksheets' cells taken out
    of ``data`` (None where that fails: ``load_values`` then tries again, as it would).

    Done while the guard streams the members in a second process (``guard.Inspection``),
    so only after the guard's directory checks passed (no member unpacks past its declared
    size, and those are within the limits), and holding at most as many cells and tags
    as the guard lets through (more: None, and the guard's verdict comes first)."""
    from roadfund.reader.guard import MAX_CELLS, MAX_ELEMENTS

    try:
        return StrippedZip(io.BytesIO(data), limits=(MAX_CELLS, MAX_ELEMENTS))
    except Exception:
        return None


def load_values(data: bytes, stripped: StrippedZip | None = None) -> Any | None:
    """The workbook of ``data`` as ``openpyxl.load_workbook(data_only=True)`` gives it,
    or None when the fast way is not sure to give the same. ``stripped``: ``strip_cells``
    of the same bytes, when already done."""
    from roadfund.reader.guard import import_openpyxl

    import_openpyxl()
    from openpyxl.reader.excel import ExcelReader

    try:
        archive = StrippedZip(io.BytesIO(data)) if stripped is None else stripped
        if not archive.cells:
            archive.close()
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = ExcelReader(io.BytesIO(data), data_only=True)
            reader.archive.close()
            reader.archive = archive  # the same members, but the sheets without cells
            reader.read()
            _put_cells(reader, archive.cells)
    except Exception:  # anything unexpected: openpyxl reads it all, as before
        return None
    return reader.wb


class StrippedZip(zipfile.ZipFile):
    """The workbook's zip, read as it is except for every part with a ``<sheetData>``:
    that one is served without its cells (``cells``: those cells by part name).

    ``limits``: (cells, tags) of all parts together past which it stops (NotPlain): a
    bound on what it holds, by counting ``<c`` and ``<`` before a part is taken apart."""

    def __init__(self, file: io.BytesIO, limits: tuple[int, int] | None = None) -> None:
        super().__init__(file)
        self.stripped: dict[str, bytes] = {}
        self.cells: dict[str, list[RawCell]] = {}
        self.strings: dict[str, list[str]] = {}  # a plain shared-string table, read here
        cells = tags = 0
        for info in self.infolist():
            if info.filename.endswith(".xml"):
                part = super().read(info)
                if limits is not None:
                    cells, tags = cells + part.count(b"<c"), tags + part.count(b"<")
                    if cells > limits[0] or tags > limits[1]:
                        raise NotPlain("more cells or tags than the guard lets through")
                if b"<sheetData" in part:
                    self.stripped[info.filename], self.cells[info.filename] = _strip_part(part)
                elif part.startswith((b"<sst", b"<?xml")) and b"<sst" in part[:500]:
                    head = _SST_HEAD_RE.match(part)
                    strings = None if head is None else _plain_strings(part[head.end() :])
                    if head is not None and strings is not None:
                        self.strings[info.filename] = strings
                        self.stripped[info.filename] = part[: head.end()] + b"</sst>"

    def open(self, name: Any, mode: Any = "r", pwd: bytes | None = None, **kw: Any) -> Any:
        key = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if mode == "r" and key in self.stripped:
            return io.BytesIO(self.stripped[key])
        return super().open(name, mode, pwd, **kw)


def _plain_strings(body: bytes) -> list[str] | None:
    """The strings of a plain table's body as openpyxl's ``read_string_table`` gives
    them (its ``x005F_`` removal included); None when the table is not plain."""
    if _ENTITY_RE.search(body) or _has_control(body) or b"\r" in body:
        return None
    if _SST_BODY_RE.fullmatch(body) is None:
        return None
    body.decode("utf-8")  # strict
    return [_text(text).replace("x005F_", "") for text in _SI_RE.findall(body)]


def _has_control(data: bytes) -> bool:
    """Does ``data`` hold a control character? (Deleting them all and comparing lengths
    is a third of a regex search's time on a national sheet.)"""
    return len(data.translate(None, _CONTROL_BYTES)) != len(data)


def _strip_part(data: bytes) -> tuple[bytes, list[RawCell]]:
    """(the part without its ``<c>`` elements, those cells); NotPlain when not plain.

    A ``<row>`` with only ``r`` (and ``spans``) is left out too: it gives openpyxl
    nothing (no row dimension; the cells carry their own references). Any other row
    stays, empty, for openpyxl to read its height and hidden state as always."""
    if _HEAD_RE.match(data) is None:
        raise NotPlain("not a plain worksheet root")
    declared = _DECLARED_ENCODING_RE.match(data)
    if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        raise NotPlain("encoding")
    if data.count(b"<sheetData") != 1:
        raise NotPlain("sheetData")
    start, end = data.find(b"<sheetData>"), data.find(b"</sheetData>")
    if start < 0 or end < start:
        if _EMPTY_SHEET_DATA_RE.search(data) is None or _ROW_TAG_RE.search(data):
            raise NotPlain("sheetData")
        return data, []  # an empty sheet
    start += len(b"<sheetData>")
    body = data[start:end]
    if b"xmlns" in body or b"\r" in body or _ENTITY_RE.search(body) or _has_control(body):
        raise NotPlain("a namespace, line end, character reference or control character")
    body.decode("utf-8")  # strict: a bad byte is openpyxl's error to report
    if len(_ROW_TAG_RE.findall(data)) != len(_ROW_TAG_RE.findall(body)):
        raise NotPlain("a row outside sheetData")
    if _BODY_RE.fullmatch(body) is None:
        raise NotPlain("something besides rows of plain cells in sheetData")
    kept = [tag if tag.endswith(b"/>") else tag[:-1] + b"/>" for tag in _KEPT_ROW_RE.findall(body)]
    return data[:start] + b"".join(kept) + data[end:], _CELL_RE.findall(body)


class ReadCell:
    """A cell as the reader reads it: openpyxl's ``Cell`` has a style, a hyperlink and a
    comment too, which roadfund never reads (and building 100,000 of them costs)."""

    __slots__ = ("column", "data_type", "row", "value")

    def __init__(self, row: int, column: int, value: object, data_type: str) -> None:
        self.row, self.column, self.value, self.data_type = row, column, value, data_type

    def __repr__(self) -> str:
        return f"ReadCell({self.row}, {self.column}, {self.value!r}, {self.data_type!r})"


def _put_cells(reader: Any, cells: dict[str, list[RawCell]]) -> None:
    """Each worksheet gets its cells where openpyxl's reader would have bound them, which
    is before merged ranges replace the cells they cover (so those stay MergedCell)."""
    from openpyxl.cell import MergedCell

    wb = reader.wb
    targets = [
        rel.target
        for _sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    if len(targets) != len(wb.worksheets) or not set(cells) <= set(targets):
        raise NotPlain("worksheets and parts do not pair up")
    shared = _shared_strings(reader)
    convert = _converter(reader, shared)
    from openpyxl.worksheet._reader import _cast_number  # type: ignore[attr-defined]

    dates = wb._date_formats
    plain_number_style: dict[bytes, bool] = {}  # style id text → not a date format
    style_count = len(wb._cell_styles)
    columns: dict[bytes, int] = {}  # letters → column number, for every sheet
    for ws, target in zip(wb.worksheets, targets, strict=True):
        raw = cells.get(target)
        if not raw:
            continue
        if max(int(style or b"0") for style in {cell[2] for cell in raw}) >= style_count:
            raise NotPlain("a style beyond the table")  # openpyxl: IndexError
        table = ws._cells
        merged = {key for key, cell in table.items() if isinstance(cell, MergedCell)}
        top = 0
        for letters, digits, style_text, kind, text, inline in raw:
            column = columns.get(letters) or _column_number(letters, columns)
            row = int(digits)
            if row > top:
                top = row
            if merged and (row, column) in merged:
                continue
            if kind == b"s" and text:  # most cells: a shared string
                table[(row, column)] = ReadCell(row, column, shared[int(text)], "s")
            elif (
                text
                and (not kind or kind == b"n")
                and b"&" not in text
                and plain_number_style.get(style_text, False)
            ):  # the next most: a number in a style that is no date — convert's "n" branch
                table[(row, column)] = ReadCell(row, column, _cast_number(text.decode()), "n")
            else:
                if style_text not in plain_number_style:
                    plain_number_style[style_text] = int(style_text or b"0") not in dates
                style = int(style_text) if style_text else 0
                table[(row, column)] = ReadCell(row, column, *convert(kind, text, style, inline))
        ws._current_row = max(ws._current_row, top)  # merges, links, comments raise it too


def _column_number(letters: bytes, known: dict[bytes, int]) -> int:
    """B → 2, AA → 27 (and remembered in ``known``)."""
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    if number > _MAX_COLUMN:
        raise NotPlain("a column beyond XFD")
    known[letters] = number
    return number


def _shared_strings(reader: Any) -> list[str]:
    """The table openpyxl would have read: the part its manifest names, read by
    ``_plain_strings`` when plain (openpyxl was handed it empty), else by openpyxl."""
    from openpyxl.xml.constants import SHARED_STRINGS

    found = reader.package.find(SHARED_STRINGS)
    plain: dict[str, list[str]] = reader.archive.strings
    if found is None:
        return list(reader.shared_strings)  # no table: openpyxl's empty list
    name = found.PartName[1:]
    if name in plain:
        return plain[name]
    if plain:
        raise NotPlain("a plain table that openpyxl does not read")
    return list(reader.shared_strings)


def _converter(
    reader: Any, shared: list[str]
) -> Callable[[bytes, bytes, int, bytes], tuple[object, str]]:
    """(type, ``<v>`` text, style, ``<is>``) → (value, data type), as openpyxl's data-only
    parse gives them."""
    from openpyxl.utils.datetime import from_excel
    from openpyxl.worksheet._reader import _cast_number  # type: ignore[attr-defined]

    wb = reader.wb
    dates, timedeltas, epoch = wb._date_formats, wb._timedelta_formats, wb.epoch

    def convert(kind: bytes, raw: bytes, style: int, inline: bytes) -> tuple[object, str]:
        if kind not in _CELL_TYPES:
            raise NotPlain("cell type")
        data_type = kind.decode("ascii") or "n"
        if data_type == "inlineStr":  # its <v> is not read; no <is>: no value
            if not inline:
                return None, data_type
            found = _INLINE_TEXT_RE.search(inline)
            return _text(found.group(1) if found else b""), "s"
        if not raw:  # no <v>, or an empty one: openpyxl's "findtext(...) or None"
            return None, data_type
        text = _text(raw) if b"&" in raw else raw.decode("utf-8")
        if data_type == "s":
            return shared[int(text)], "s"
        if data_type == "n":
            number = _cast_number(text)
            if style in dates:
                try:
                    return from_excel(number, epoch, timedelta=style in timedeltas), "d"
                except (OverflowError, ValueError):
                    return "#VALUE!", "e"
            return number, "n"
        if data_type == "b":
            return bool(int(text)), "b"
        if data_type == "str":
            return text, "s"
        return text, data_type  # "e": the error text (#N/A, #DIV/0! ...)

    return convert


def _text(raw: bytes) -> str:
    """Element text as the XML parser gives it (only the five entities got this far)."""
    if b"&" in raw:
        for entity, char in _ENTITIES:
            raw = raw.replace(entity, char)
    return raw.decode("utf-8")
