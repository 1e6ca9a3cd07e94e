"""xlsxwriter, cheaper: the worksheet and workbook classes every roadfund workbook is
written with (``new_workbook``). Same calls, same API; less work per formula and per
merged range (see ``FastWorksheet``); formats, styles.xml, shared strings and the zip
made once per process where they repeat from workbook to workbook (see ``FastWorkbook``).
Imports xlsxwriter only, so the benchmarks' floor (benchmarks/floor.py) replays the run's
calls with exactly these classes.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Hashable, Sequence
from io import BytesIO, StringIO
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.worksheet import Worksheet, convert_range_args
from xlsxwriter.xmlwriter import XMLwriter

_DYNAMIC_ARRAY_NAMES = re.compile(
    r"\b(?:ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA"
    r"|MAKEARRAY|MAP|RANDARRAY|REDUCE|SCAN|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|TOCOL"
    r"|TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|XLOOKUP)\("
    r"|INGLE\("  # xlsxwriter's own pattern is \SINGLE\( (any non-space, then INGLE)
)
"""Every function name xlsxwriter's ``_prepare_formula`` rewrites (to ``_xlfn.…``) in a
formula when future functions are off, in one pattern — a superset, never fewer."""


def _by_row_and_column(name: str) -> Callable[..., int]:
    """Worksheet.<name> that calls the undecorated ``_<name>`` directly when the cell is
    given as (row, col), and xlsxwriter's wrapped method otherwise (A1 notation)."""
    wrapped = getattr(Worksheet, name)
    undecorated = f"_{name}"

    def write(self: Worksheet, *args: Any, **kwargs: Any) -> int:
        if args and args[0].__class__ is int:
            done: int = getattr(self, undecorated)(*args, **kwargs)
            return done
        written: int = wrapped(self, *args, **kwargs)
        return written

    write.__name__ = name
    return write


class FastWorksheet(Worksheet):  # type: ignore[misc]  # xlsxwriter is untyped
    """A worksheet whose formulas are prepared with one pattern search instead of
    xlsxwriter's ~30 substitutions, with exactly the stock result: a formula that names
    none of the dynamic-array functions comes out as the stock method leaves it (the
    ``=`` and array braces stripped); any other goes to the stock method. This overrides
    a private method: pyproject.toml bounds the xlsxwriter version, and
    tests/test_xlsx_fast.py checks the result against the stock method, name by name."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if self.use_future_functions or expand_future_functions:
            stock: str = super()._prepare_formula(formula, expand_future_functions)
            return stock
        bare = formula[1:] if formula.startswith("{") else formula
        if bare.startswith("="):
            bare = bare[1:]
        if bare.endswith("}"):
            bare = bare[:-1]
        if "_xlfn." in bare or _DYNAMIC_ARRAY_NAMES.search(bare) is None:
            return bare
        expanded: str = super()._prepare_formula(formula)
        return expanded

    # The cell writers without xlsxwriter's A1-notation wrapper when the cell is given as
    # (row, col) — how roadfund always gives it — (the wrapper tries int() on every call):
    # the wrapped method only calls the same undecorated one.
    write_string = _by_row_and_column("write_string")
    write_number = _by_row_and_column("write_number")
    write_blank = _by_row_and_column("write_blank")
    write_formula = _by_row_and_column("write_formula")

    _plain_merge: tuple[Any, int, int] | None = None
    """While a merge whose format draws nothing is padded: (format, first row, first col)."""

    @convert_range_args  # type: ignore[untyped-decorator]  # xlsxwriter is untyped
    def merge_range(
        self,
        first_row: int,
        first_col: int,
        last_row: int,
        last_col: int,
        data: Any,
        cell_format: Any = None,
    ) -> int:
        """xlsxwriter's merge, without the formatted blank it writes into every other cell
        of the range when the format draws nothing there (no border, no fill): a merged
        area shows its first cell's content and format, and only borders and fills are
        drawn from the cells under it. The merge itself is written as before.

        On a streaming sheet (``constant_memory``) only a one-row merge: such a sheet
        writes a row out when a later row's cell arrives, so the pads of a taller merge are
        what carries its lower rows (their heights) out."""
        if (
            cell_format is not None
            and (first_row == last_row or not self.constant_memory)
            and not _draws_in_cell(cell_format)
        ):
            self._plain_merge = (
                cell_format,
                min(first_row, last_row),
                min(first_col, last_col),
            )
        try:
            done: int = super().merge_range(
                first_row, first_col, last_row, last_col, data, cell_format
            )
        finally:
            self._plain_merge = None
        return done

    def _write_blank(self, row: int, col: int, blank: Any, cell_format: Any = None) -> int:
        plain = self._plain_merge
        if plain is not None and cell_format is plain[0] and (row, col) != plain[1:]:
            status: int = self._check_dimensions(row, col)  # the used range stays as it was
            return status
        written: int = super()._write_blank(row, col, blank, cell_format)
        return written


def _draws_in_cell(cell_format: Any) -> bool:
    """Whether a format draws anything in an empty cell: a border or a fill."""
    return bool(
        cell_format.left
        or cell_format.right
        or cell_format.top
        or cell_format.bottom
        or cell_format.diag_type
        or cell_format.diag_border
        or cell_format.pattern
        or cell_format.bg_color
        or cell_format.fg_color
    )


class FastWorkbook(Workbook):  # type: ignore[misc]
    """A workbook whose worksheets are FastWorksheets (unless another class is asked for),
    whose formats are copies of process-wide templates (``add_format``) and whose
    styles.xml is rendered once per distinct set of formats (``_prepare_format_properties``
    and FastPackager). A run writes thousands of county workbooks with the same ~44
    formats: each is built, keyed and rendered once per process instead of once per
    workbook. Every cache is keyed by exactly what the bytes depend on, so a workbook's
    bytes never depend on what else the process wrote before it."""

    worksheet_class: type[Worksheet] = FastWorksheet

    _styles: tuple[Hashable, str | None] | None = None
    """Set while packaging: (styles.xml's key or None, its cached XML or None)."""

    def add_worksheet(
        self, name: str | None = None, worksheet_class: type[Worksheet] | None = None
    ) -> Worksheet:
        sheet: Worksheet = super().add_worksheet(name, worksheet_class or self.worksheet_class)
        return sheet

    def add_format(self, properties: dict[str, Any] | None = None) -> Format:
        """xlsxwriter's add_format: the default properties updated by ``properties``, as a
        copy of the template made (by xlsxwriter's own Format) from the same properties in
        the same order with the same types (FastFormat)."""
        merged = self.default_format_properties.copy()
        if properties:
            merged.update(properties)
        fmt = FastFormat.like(merged, self.xf_format_indices, self.dxf_format_indices)
        self.formats.append(fmt)
        return fmt

    def _prepare_format_properties(self) -> None:
        """xlsxwriter's preparation of the formats for styles.xml (fonts, number formats,
        borders, fills), skipped when styles.xml for the same formats is cached: only the
        split into cell and conditional formats is kept (the checkbox part reads it)."""
        key = _styles_key(self)
        xml = None if key is None else _STYLES_XML.get(key)
        if xml is None:
            super()._prepare_format_properties()
        else:
            self._prepare_formats()
        self._styles = (key, xml)

    def _get_packager(self) -> Packager:
        return FastPackager()

    filename: Any  # a path, or a file object (xlsxwriter's own attribute)
    _parts: list[tuple[str, bytes]] | None = None
    """While this workbook zips its parts itself: every part, in xlsxwriter's order, as
    FastPackager hands them over (an empty list until then)."""

    def _store_workbook(self) -> None:
        """xlsxwriter's packaging, with the parts zipped by ``zip_parts`` into one write
        of the file instead of by zipfile entry by entry (same bytes): xlsxwriter zips
        nothing into a buffer, FastPackager having kept the parts back. Parts on disk
        (streaming), a file object given by the caller and zip64 go the stock way."""
        target: Any = self.filename
        if not self.in_memory or self.allow_zip64 or not isinstance(target, str | os.PathLike):
            super()._store_workbook()
            return
        parts: list[tuple[str, bytes]] = []
        self.filename, self._parts = BytesIO(), parts
        try:
            super()._store_workbook()
        finally:
            self.filename, self._parts = target, None
        data = zip_parts(parts)
        with open(target, "wb") as file:
            file.write(data)


class FastFormat(Format):  # type: ignore[misc]  # xlsxwriter is untyped
    """A Format that remembers the template it was copied from, until any property is
    changed (``__setattr__``): only the indices xlsxwriter assigns while writing leave
    it. While it has its template, its key (``_get_format_key``) is the template's."""

    _template: FastFormat | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in _ASSIGNED_WHILE_WRITING:
            self.__dict__["_template"] = None
        self.__dict__[name] = value

    def _get_format_key(self) -> str:
        template = self._template
        if self._format_key is None and template is not None:
            self.__dict__["_format_key"] = template._format_key
        key: str = super()._get_format_key()
        return key

    @classmethod
    def like(
        cls, properties: dict[str, Any], xf_indices: dict[str, int], dxf_indices: dict[str, int]
    ) -> FastFormat:
        """A format with ``properties``, for a workbook whose format indices are given."""
        types = tuple(map(type, properties.values()))
        if not _PLAIN.issuperset(types):  # e.g. a Color: no template
            return cls(properties, xf_indices, dxf_indices)
        key = (tuple(properties.items()), types)
        template = _TEMPLATES.get(key)
        if template is None:
            if len(_TEMPLATES) >= _MAX_CACHED:
                _TEMPLATES.clear()
            template = _TEMPLATES[key] = cls(properties)
            Format._get_format_key(template)  # xlsxwriter's own key, computed once
        fmt = cls.__new__(cls)
        state = fmt.__dict__
        state.update(template.__dict__)
        state["xf_format_indices"] = xf_indices
        state["dxf_format_indices"] = dxf_indices
        state["_format_key"] = None  # as xlsxwriter leaves a new format: filled when asked
        state["_template"] = template
        return fmt


_ASSIGNED_WHILE_WRITING = frozenset({"xf_index", "dxf_index", "_format_key", "_template"})
"""What xlsxwriter sets on a format while writing cells (its indices, its cached key):
not a change of what the format looks like."""
_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Property values a template is keyed by (with their type: 10 and 10.0 render apart)."""
_MAX_CACHED = 4096
"""A cache that grows past this is emptied (a long-lived process with many distinct
formats); what it held is made again when next needed."""
_TEMPLATES: dict[tuple[tuple[tuple[str, Any], ...], tuple[type, ...]], FastFormat] = {}
_STYLES_XML: dict[Hashable, str] = {}


def _styles_key(workbook: Workbook) -> Hashable | None:
    """What styles.xml depends on: each format (its template, which it is unchanged from)
    with its cell and conditional-format index, in order, and the workbook's palette,
    custom colours and whether it has comments. None when a format has no template."""
    formats = []
    for fmt in workbook.formats:
        template = getattr(fmt, "_template", None)
        if template is None:
            return None
        formats.append((template, fmt.xf_index, fmt.dxf_index))
    return (
        tuple(formats),
        tuple(workbook.palette),
        tuple(workbook.custom_colors),
        workbook.has_comments,
    )


class FastPackager(Packager):  # type: ignore[misc]  # xlsxwriter is untyped
    """xlsxwriter's packager, writing styles.xml from the cache when FastWorkbook found
    the same formats rendered before, and caching what it renders (parts in memory).
    In memory, it hands the parts to FastWorkbook (``_parts``) to zip, and none to
    xlsxwriter."""

    def _create_package(self) -> list[tuple[Any, str, bool]]:
        files: list[tuple[Any, str, bool]] = super()._create_package()
        parts = getattr(self.workbook, "_parts", None)
        if parts is None:  # the workbook does not zip its parts itself
            return files
        parts += (
            (name, part.getvalue() if binary else part.getvalue().encode("utf-8"))
            for part, name, binary in files
        )
        return []

    def _write_shared_strings_file(self) -> None:
        """xlsxwriter's sharedStrings.xml, its strings written by FastSharedStrings."""
        table = self.workbook.str_table
        if not table.count:
            return
        sst = FastSharedStrings()
        sst.string_table = table
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()

    def _write_styles_file(self) -> None:
        key, xml = getattr(self.workbook, "_styles", None) or (None, None)
        if xml is None:
            super()._write_styles_file()
            part = self.filenames[-1][0]
            if key is not None and isinstance(part, StringIO):
                if len(_STYLES_XML) >= _MAX_CACHED:
                    _STYLES_XML.clear()
                _STYLES_XML[key] = part.getvalue()
            return
        writer = XMLwriter()
        writer._set_xml_writer(self._filename("xl/styles.xml"))
        writer.fh.write(xml)
        writer._xml_close()


class FastSharedStrings(SharedStrings):  # type: ignore[misc]  # xlsxwriter is untyped
    """The shared strings part, each plain string (nothing to escape: no control
    character, ``_xHHHH_``, ``&``, ``<`` or ``>``) written with one format instead of
    xlsxwriter's escaping passes; any other string goes to the stock ``_write_si``.
    tests/test_xlsx_fast.py checks the result against the stock part."""

    def _write_sst_strings(self) -> None:
        write, stock, needs_care = self.fh.write, self._write_si, _NEEDS_CARE.search
        for string in self.string_table.string_array:
            if needs_care(string) is not None:
                stock(string)
            elif string[:1].isspace() or string[-1:].isspace():
                write(f'<si><t xml:space="preserve">{string}</t></si>')
            else:
                write(f"<si><t>{string}</t></si>")


_NEEDS_CARE = re.compile("[\x00-\x08\x0b-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
"""What xlsxwriter escapes in a shared string (or marks it a rich string: ``<r>``)."""


_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_DOS_1980_01_01 = (0, 33)
"""(time, date) in MS-DOS form of 1980-01-01 00:00, the date xlsxwriter gives every part."""
_ZIP_LIMIT = 0xFFFFFFFF
_DEFLATED: dict[bytes, tuple[int, bytes]] = {}
"""A part's content → (its CRC-32, its deflated bytes), for the parts worth remembering
(``_remembered``): the same theme, styles, relationships ... in workbook after workbook."""


def _remembered(name: str) -> bool:
    """Parts that are often the same from workbook to workbook (the key is the content:
    this only says which are worth keeping); worksheets, shared strings and the document
    properties carry the workbook's own content."""
    return not name.startswith(("xl/worksheets/sheet", "xl/sharedStrings", "docProps/core"))


def _deflate(name: str, data: bytes) -> tuple[int, bytes]:
    """(CRC-32, raw DEFLATE at zlib's default level) — what zipfile writes for a part."""
    remember = _remembered(name)
    if remember:
        done = _DEFLATED.get(data)
        if done is not None:
            return done
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    done = (zlib.crc32(data), compressor.compress(data) + compressor.flush())
    if remember:
        if len(_DEFLATED) >= _MAX_CACHED:
            _DEFLATED.clear()
        _DEFLATED[data] = done
    return done


def zip_parts(parts: Sequence[tuple[str, bytes]]) -> bytes:
    """The zip file xlsxwriter's ZipFile writes for ``parts`` in memory (each a
    ZipInfo dated 1980-01-01, DEFLATE, no zip64), byte for byte: local headers and data
    in order, the central directory, the end record. Written here in one go (zipfile
    spends more on each entry's bookkeeping than on small parts' compression);
    tests/test_xlsx_fast.py compares it with zipfile's own."""
    body: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in parts:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        crc, deflated = _deflate(name, data)
        if max(len(data), len(deflated), offset) >= _ZIP_LIMIT:
            raise zipfile.LargeZipFile("a part or the archive needs zip64")
        sizes = (crc, len(deflated), len(data), len(encoded))
        body += (_LOCAL.pack(b"PK\x03\x04", 20, 0, flags, 8, *_DOS_1980_01_01, *sizes, 0),
                 encoded, deflated)  # fmt: skip
        central += (
            _CENTRAL.pack(b"PK\x01\x02", 20, 3, 20, 0, flags, 8, *_DOS_1980_01_01, *sizes,
                          0, 0, 0, 0, 0o600 << 16, offset),
            encoded,
        )  # fmt: skip
        offset += _LOCAL.size + len(encoded) + len(deflated)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), offset, 0)
    return b"".join((*body, directory, end))
