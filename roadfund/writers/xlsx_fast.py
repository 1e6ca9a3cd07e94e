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
import time
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from contextlib import suppress
from functools import cached_property, lru_cache
from io import BytesIO, StringIO
from itertools import product
from math import isfinite
from operator import attrgetter
from types import MappingProxyType
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellFormulaTuple,
    CellNumberTuple,
    CellStringTuple,
    ColumnInfo,
    RowInfo,
    Worksheet,
    convert_range_args,
    re_dynamic_function,
)
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


def _rendered_once(
    name: str, reads: tuple[str, ...], unless: str | None = None
) -> Callable[[Worksheet], None]:
    """Worksheet.<name> — a method writing one element from the sheet's attributes
    ``reads`` alone — rendered by the stock method once per distinct set of their values
    (and sheet class) and written from the cache after; stock each time when a value
    is not plain data (``_frozen``), or when the attribute ``unless`` is set (the stock
    method then changes the sheet: frozen panes rewrite its selections)."""
    stock = getattr(Worksheet, name)
    rendered: dict[Hashable, str] = {}
    RENDERED_ONCE[name] = (reads, unless)

    values_of = attrgetter(*reads) if len(reads) > 1 else lambda sheet: (getattr(sheet, reads[0]),)

    def write(self: Worksheet) -> None:
        if unless is not None and getattr(self, unless):
            stock(self)
            return
        values = values_of(self)
        kinds = tuple(map(type, values))
        if _SCALARS.issuperset(kinds):  # the common case, keyed at once
            key: Hashable = (self.__class__, values, kinds)
        else:
            try:
                key = (self.__class__, *map(_frozen, values))
            except _NotPlain:
                stock(self)
                return
        xml = rendered.get(key)
        if xml is None:
            fh = self.fh
            self.fh = buffer = StringIO()
            try:
                stock(self)
            finally:
                self.fh = fh
            xml = buffer.getvalue()
            if len(rendered) >= _MAX_CACHED:
                rendered.clear()
            rendered[key] = xml
        self.fh.write(xml)

    write.__name__ = name
    return write


_SCALARS = frozenset({str, int, bool, type(None)})
"""Values keyed as they are, with their types (True, 1 and 1.0 are equal but render
apart); a float goes by ``_frozen`` (0.0 and -0.0 are equal too)."""
RENDERED_ONCE: dict[str, tuple[tuple[str, ...], str | None]] = {}
"""Each method ``_rendered_once`` makes → the attributes it is keyed by, and the one that
sends it to the stock method (for the tests)."""


class _NotPlain(Exception):
    """A value ``_frozen`` cannot key by."""


def _frozen(value: Any) -> Hashable:
    """``value`` as a key that tells apart whatever renders apart: each scalar with its
    type (True, 1 and 1.0 are equal; a float by its repr: 0.0 and -0.0 are too), lists,
    tuples and dicts item by item. Raises _NotPlain for anything else (a Color, an
    image): its element is rendered by the stock method."""
    kind = value.__class__
    if kind is str or kind is int or kind is bool or value is None:
        return (kind, value)
    if kind is float:
        return (kind, repr(value))
    if kind is list or kind is tuple:
        return (kind, *map(_frozen, value))
    if kind is dict:
        return (kind, *[(_frozen(k), _frozen(v)) for k, v in value.items()])
    raise _NotPlain(kind)


class FastWorksheet(Worksheet):  # type: ignore[misc]  # xlsxwriter is untyped
    """A worksheet whose formulas are prepared with one pattern search instead of
    xlsxwriter's ~30 substitutions, with exactly the stock result: a formula that names
    none of the dynamic-array functions comes out as the stock method leaves it (the
    ``=`` and array braces stripped); any other goes to the stock method. This overrides
    a private method: pyproject.toml bounds the xlsxwriter version, and
    tests/test_xlsx_fast.py checks the result against the stock method, name by name."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if self.use_future_functions or expand_future_functions:
            return self._expanded(formula)
        bare = formula[1:] if formula.startswith("{") else formula
        if bare.startswith("="):
            bare = bare[1:]
        if bare.endswith("}"):
            bare = bare[:-1]
        if "_xlfn." in bare or _DYNAMIC_ARRAY_NAMES.search(bare) is None:
            return bare
        expanded: str = super()._prepare_formula(formula)
        return expanded

    def _expanded(self, formula: str) -> str:
        """The stock ``_prepare_formula`` with future functions expanded (~130
        substitutions; every conditional format's formula comes this way), made once per
        formula: with either flag set, its result depends on the formula alone."""
        done = _EXPANDED.get(formula)
        if done is None:
            done = super()._prepare_formula(formula, True)
            if len(_EXPANDED) >= _MAX_CACHED:
                _EXPANDED.clear()
            _EXPANDED[formula] = done
        return done

    # The cell writers without xlsxwriter's A1-notation wrapper when the cell is given as
    # (row, col) — how roadfund always gives it — (the wrapper tries int() on every call):
    # the wrapped method only calls the same undecorated one.
    write_string = _by_row_and_column("write_string")
    write_number = _by_row_and_column("write_number")
    write_blank = _by_row_and_column("write_blank")
    write_formula = _by_row_and_column("write_formula")

    fh: Any  # xlsxwriter's own attributes (untyped there)
    previous_row: int
    dim_rowmin: Any  # the used range: int, or None before the first cell
    dim_rowmax: Any
    dim_colmin: Any
    dim_colmax: Any

    _plain_merge: tuple[Any, int, int] | None = None
    """While a merge whose format draws nothing is padded: (format, first row, first col)."""

    @convert_range_args  # type: ignore[untyped-decorator]  # xlsxwriter is untyped
    def _round_one_merge_range(
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
        if cell_format is not None and self._claim(row, col):
            self.table[row][col] = CellBlankTuple(cell_format)
            return 0
        written: int = super()._write_blank(row, col, blank, cell_format)
        return written

    # The cell writers' common case stored directly (issue 16): a cell in bounds, and on
    # a streaming sheet not behind the row already written out; a string short enough
    # never to be truncated, a finite int or float, a formula that is neither an array
    # nor a dynamic-array one. Anything else — and every refusal — is the stock method's.

    def _claim(self, row: int, col: int) -> bool:
        """Whether (row, col) takes the common case: then the used range grows to it, and
        on a streaming sheet a later row writes the previous one out, as the stock
        writers do (``_check_dimensions`` then ``_write_single_row``)."""
        if not (0 <= row < self.xls_rowmax and 0 <= col < self.xls_colmax):
            return False
        streaming = self.constant_memory
        if streaming and row < self.previous_row:
            return False  # the stock method refuses it (a StreamingWorksheet raises)
        if self._streamed is not None and row == self._streamed[0]:
            self._table_streamed()  # a cell written into the row _streamed_row kept
        self._reach(row, col)
        if streaming and row > self.previous_row:
            self._write_single_row(row)
        return True

    def _reach(self, row: int, col: int) -> None:
        """The used range grown to (row, col), as ``_check_dimensions`` grows it."""
        # (the rows' and the columns' bounds apart: a check may have set only one pair)
        if self.dim_rowmin is None:
            self.dim_rowmin = self.dim_rowmax = row
        elif row < self.dim_rowmin:
            self.dim_rowmin = row
        elif row > self.dim_rowmax:
            self.dim_rowmax = row
        if self.dim_colmin is None:
            self.dim_colmin = self.dim_colmax = col
        elif col < self.dim_colmin:
            self.dim_colmin = col
        elif col > self.dim_colmax:
            self.dim_colmax = col

    def _write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        if (
            string.__class__ is str
            and len(string) <= self.xls_strmax // 2
            and self._claim(row, col)
        ):
            if self.constant_memory:
                self.table[row][col] = CellStringTuple(string, cell_format)
            else:
                index = self.str_table._get_shared_string_index(string)
                self.table[row][col] = CellStringTuple(index, cell_format)
            return 0
        written: int = super()._write_string(row, col, string, cell_format)
        return written

    def _write_number(self, row: int, col: int, number: Any, cell_format: Any = None) -> int:
        kind = number.__class__
        if (kind is int or kind is float) and isfinite(number) and self._claim(row, col):
            self.table[row][col] = CellNumberTuple(number, cell_format)
            return 0
        written: int = super()._write_number(row, col, number, cell_format)
        return written

    def _write_formula(
        self, row: int, col: int, formula: str, cell_format: Any = None, value: Any = 0
    ) -> int:
        prepared = None
        if formula.__class__ is str:
            if not self.use_future_functions:
                prepared = _PREPARED.get(formula)
            if prepared is None:
                prepared = self._prepared_plainly(formula)
        if prepared is not None and self._claim(row, col):
            self.table[row][col] = CellFormulaTuple(prepared, cell_format, value)
            return 0
        written: int = super()._write_formula(row, col, formula, cell_format, value)
        return written

    def _prepared_plainly(self, formula: str) -> str | None:
        """A formula as ``_write_formula``'s common case stores it (``_prepare_formula``),
        or None when it is not that case (empty, an array or dynamic-array formula).
        Remembered while future functions are off (the result then depends on the formula
        alone): a county workbook's ~65 formulas are, reference for reference, those of
        the county before it."""
        if not formula or (formula.startswith("{") and formula.endswith("}")):
            return None
        if re_dynamic_function.search(formula) is not None:
            return None
        prepared = self._prepare_formula(formula)
        if not self.use_future_functions:
            if len(_PREPARED) >= _MAX_CACHED:
                _PREPARED.clear()
            _PREPARED[formula] = prepared
        return prepared

    # The sheet's rows, rendered by roadfund (issue 16): each row is one string, written
    # with one call, its cells' XML made with f-strings for the cell kinds roadfund writes
    # (string, number, formula with a number/string/bool value, blank); any other kind,
    # and text that needs an escape, is rendered by xlsxwriter's own ``_write_cell``.
    # Overrides private methods: tests/test_xlsx_fast.py drives random writes into this
    # class and the stock Worksheet and compares the sheets' XML byte for byte.

    def _write_rows(self) -> None:
        if self.comments:  # a note's row and span: the stock method
            super()._write_rows()
            return
        first, last = self.dim_rowmin, self.dim_rowmax
        table, row_info = self.table, self.row_info
        columns = self._used_columns()
        spans = self._spans(columns)
        self.row_spans = spans
        rows = {row for row, cells in table.items() if cells}.union(row_info)
        write = self.fh.write
        memo = _RowMemo(self)
        for row in sorted(rows):
            if first <= row <= last:
                cells, cols = table.get(row), columns.get(row)
                write(
                    self._row_xml(row, cells, spans.get(row // 16), row_info.get(row), cols, memo)
                )

    def _write_single_row(self, current_row_num: int = 0) -> None:
        if self.comments:  # a note's row and span: the stock method (a kept row tabled first)
            self._table_streamed()
            super()._write_single_row(current_row_num)
            return
        row = self.previous_row
        self.previous_row = current_row_num
        streamed = self._streamed
        if streamed is not None:  # the row of _streamed_row: no cell in the table
            self._streamed = None
            self.fh.write(self._kept_xml(streamed))
            self.table.clear()
            return
        cells, info = self.table.get(row), self.row_info.get(row)
        if cells or info is not None:
            self.fh.write(self._row_xml(row, cells, None, info))  # no spans when streaming
        self.table.clear()

    def _used_columns(self) -> dict[int, list[int]]:
        """Each row's columns that hold a cell, in order, within the used range — for the
        rows of the used range that hold any cell (a row whose cells all lie outside the
        used range: an empty list)."""
        top, bottom = self.dim_rowmin, self.dim_rowmax
        low, high = self.dim_colmin, self.dim_colmax
        columns: dict[int, list[int]] = {}
        for row, cells in self.table.items():
            if not cells or not top <= row <= bottom:
                continue
            cols = sorted(cells)
            if cols[0] < low or cols[-1] > high:  # a cell outside the used range: left out
                cols = [col for col in cols if low <= col <= high]
            columns[row] = cols
        return columns

    def _spans(self, columns: Mapping[int, list[int]]) -> dict[int, str]:
        """Each block of 16 rows' first and last used column ("3:7"), as the <row> tags
        carry them (the used range's cells only: ``columns``, ``_used_columns``)."""
        bounds: dict[int, tuple[int, int]] = {}
        for row, cols in columns.items():
            if not cols:
                continue
            first, last = cols[0], cols[-1]
            block = row // 16
            seen = bounds.get(block)
            if seen is not None:
                first, last = min(first, seen[0]), max(last, seen[1])
            bounds[block] = (first, last)
        return {block: f"{first + 1}:{last + 1}" for block, (first, last) in bounds.items()}

    def _row_xml(
        self,
        row: int,
        cells: dict[int, Any] | None,
        spans: str | None,
        info: Any,
        cols: Sequence[int] | None = None,
        memo: _RowMemo | None = None,
    ) -> str:
        """One <row> element with its cells (an empty element when it has none): the
        columns ``cols`` (``_used_columns``; worked out here when not given), each cell's
        start and the row's attributes from ``memo`` (one per sheet written). The
        commonest cells — a number, a shared string, a blank — are rendered in the loop;
        the others by ``_cell_xml``, or the stock method where it declines."""
        if memo is None:
            memo = _RowMemo(self)
        number = str(row + 1)
        tag = f'<row r="{number}"{memo.row_attributes(spans, info)}'
        if not cells:
            return f"{tag}/>"
        if cols is None:
            low, high = self.dim_colmin, self.dim_colmax
            cols = [col for col in sorted(cells) if low <= col <= high]
        parts = [tag, ">"]
        append = parts.append
        row_format = info.row_format if info is not None else None
        col_info = self.col_info
        inline = self.constant_memory
        starts, styled = _CELL_STARTS, memo.styles
        for col in cols:
            cell = cells[col]
            style = cell.format or row_format
            if not style:
                column = col_info.get(col)
                style = column.column_format if column is not None else None
            attribute = styled.get(style)
            if attribute is None:
                attribute = memo.style_attribute(style)
            ref = starts.get(col) or _cell_start(col)
            kind = cell.__class__
            if kind is CellNumberTuple:
                append(f"{ref}{number}{attribute}><v>{cell.number:.16G}</v></c>")
            elif kind is CellStringTuple and not inline:
                append(f'{ref}{number}{attribute} t="s"><v>{cell.string}</v></c>')
            elif kind is CellBlankTuple:
                append(f"{ref}{number}{attribute}/>")
            else:
                xml = _cell_xml(f"{ref}{number}{attribute}", cell, inline)
                append(xml if xml is not None else self._stock_cell(row, col, cell))
        append("</row>")
        return "".join(parts)

    # The elements around the rows — the sheet's setup: its views, page, margins, header
    # and footer … — the same in every county's sheet of one kind (issue 16): each
    # rendered by the stock method once per distinct set of the values it reads
    # (``_rendered_once``; not where the stock method is about as cheap as the key:
    # sheetPr, dimension, sheetViews, sheetFormatPr, pageSetup, rowBreaks).
    # tests/test_xlsx_fast.py reads each stock method's source (and the methods it
    # calls): every attribute it reads must be in its list, and none may be assigned.

    _write_worksheet = _rendered_once("_write_worksheet", ("excel_version",))
    _write_print_options = _rendered_once(
        "_write_print_options",
        ("hcenter", "print_gridlines", "print_headers", "print_options_changed", "vcenter"),
    )
    _write_page_margins = _rendered_once(
        "_write_page_margins",
        ("margin_bottom", "margin_footer", "margin_header", "margin_left", "margin_right",
         "margin_top"),
    )  # fmt: skip
    _write_header_footer = _rendered_once(
        "_write_header_footer",
        ("excel2003_style", "footer", "header", "header_footer_aligns",
         "header_footer_changed", "header_footer_scales"),
    )  # fmt: skip

    def _write_cols(self) -> None:
        """<cols>: one <col> a run of adjacent columns set alike, written with one call.
        Each run's format gets its index in the stock order (a new format's index is the
        next free one: the first run to use it decides)."""
        info = self.col_info
        if not info:
            return
        parts = ["<cols>"]
        first = last = -2
        options: Any = None
        for col in sorted(info):
            current = info[col]
            if col == last + 1 and current == options:
                last = col
                continue
            if options is not None:
                parts.append(self._col_xml(first, last, options))
            first = last = col
            options = current
        parts.append(self._col_xml(first, last, options))
        parts.append("</cols>")
        self.fh.write("".join(parts))

    def _col_xml(self, first: int, last: int, options: Any) -> str:
        """One <col> element: the columns first..last's width, style and flags."""
        style = options.column_format
        xf = style._get_xf_index() if style else 0
        width, custom = options.width, True
        if width is None:
            if options.hidden:
                width = 0
            else:
                width, custom = self.default_col_width, False
        elif width == self.default_col_width:
            custom = False
        chars = (width * 256 // self.max_digit_width) / 256.0
        xml = f'<col min="{first + 1}" max="{last + 1}" width="{chars:.16g}"'
        if xf:
            xml += f' style="{xf}"'
        if options.hidden:
            xml += ' hidden="1"'
        if options.autofit:
            xml += ' bestFit="1"'
        if custom:
            xml += ' customWidth="1"'
        if options.level:
            xml += f' outlineLevel="{options.level}"'
        if options.collapsed:
            xml += ' collapsed="1"'
        return f"{xml}/>"

    def _write_merge_cells(self) -> None:
        """<mergeCells>: one <mergeCell ref="A1:D1"/> a merge, written with one call."""
        merges = self.merge
        if not merges:
            return
        refs = [
            f'<mergeCell ref="{_cell_ref(first_row, first_col)}:{_cell_ref(last_row, last_col)}"/>'
            for first_row, first_col, last_row, last_col in merges
        ]
        self.fh.write(f'<mergeCells count="{len(merges)}">{"".join(refs)}</mergeCells>')

    def _stock_cell(self, row: int, col: int, cell: Any) -> str:
        """A cell rendered by xlsxwriter's ``_write_cell`` (what ``_row_xml`` leaves to it)."""
        fh = self.fh
        self.fh = buffer = StringIO()
        try:
            super()._write_cell(row, col, cell)
        finally:
            self.fh = fh
        return buffer.getvalue()

    # A fresh sheet, merges, row heights and column widths without xlsxwriter's generic
    # work per call (issue 16): a county workbook makes 4 sheets, ~66 merges, ~77 row and
    # ~29 column settings. The common case — (row, col) numbers in bounds, in order, no
    # options — is stored here exactly as the stock method stores it; anything else (A1
    # notation, a reversed or single-cell range, an overlap, other data, options, a
    # streaming sheet's merge) goes to the stock method. tests/test_xlsx_fast.py compares
    # both: a fresh sheet's state, and random programs' statuses, refusals and sheet XML.

    def __init__(self) -> None:
        """xlsxwriter's ~170 attributes of a fresh sheet, copied from one made by its own
        ``__init__`` (``_fresh_state``) instead of set one by one; each container a new
        copy. Stock when the fresh state holds a value that cannot be copied so."""
        fresh = _fresh_state()
        if fresh is None:
            super().__init__()
            return
        state, containers = fresh
        own = self.__dict__
        own.update(state)
        for name in containers:
            own[name] = state[name].copy()

    def merge_range(self, *args: Any, **kwargs: Any) -> int:
        """The merge of ``_merge_plainly`` (the common case) or the round-one merge."""
        if 5 <= len(args) <= 6 and not kwargs and self._merge_plainly(*args):
            return 0
        done: int = self._round_one_merge_range(*args, **kwargs)
        return done

    def _merge_plainly(
        self,
        first_row: Any,
        first_col: Any,
        last_row: Any,
        last_col: Any,
        data: Any,
        cell_format: Any = None,
    ) -> bool:
        """A merge of text over cells in bounds, in order, more than one, overlapping no
        merge or table, on a sheet that is not streaming, with no write handlers or
        string conversions: stored as the stock merge stores it (the range on each cell,
        the merge, the used range to both corners, the text or a blank in the first cell,
        the pads — left out when the format draws nothing, see ``merge_range`` above).
        False, having changed nothing, for any other merge."""
        if not (
            first_row.__class__ is int
            and first_col.__class__ is int
            and last_row.__class__ is int
            and last_col.__class__ is int
            and data.__class__ is str
            and 0 <= first_row <= last_row < self.xls_rowmax
            and 0 <= first_col <= last_col < self.xls_colmax
            and (first_row != last_row or first_col != last_col)
            and not self.constant_memory
            and not self.write_handlers
            and not (data and (self.strings_to_formulas or self.strings_to_urls))
            and not (data and self.strings_to_numbers)
        ):
            return False
        cells = _merge_cells(first_row, first_col, last_row, last_col)
        merged, tables = self.merged_cells, self.table_cells
        # (every merged or table cell holds its range's name, never "": membership is
        # what the stock merge's truth test finds)
        if not merged.keys().isdisjoint(cells) or (tables and not tables.keys().isdisjoint(cells)):
            return False  # the stock merge raises OverlappingRange
        self._reach(first_row, first_col)  # in bounds, not streaming: the used range only
        self._reach(last_row, last_col)
        merged.update(cells)
        self.merge.append([first_row, first_col, last_row, last_col])
        if not data:
            self._write_blank(first_row, first_col, data, cell_format)
        elif len(data) <= self.xls_strmax // 2:  # _write_string's common case, claimed above
            index = self.str_table._get_shared_string_index(data)
            self.table[first_row][first_col] = CellStringTuple(index, cell_format)
        else:
            self._write_string(first_row, first_col, data, cell_format)
        if cell_format is not None and _draws_in_cell(cell_format):
            table = self.table
            pad = CellBlankTuple(cell_format)
            pads = iter(cells)
            next(pads)  # the first cell holds the text
            for row, col in pads:
                table[row][col] = pad
        return True

    def set_row(
        self, row: Any, height: Any = None, cell_format: Any = None, options: Any = None
    ) -> int:
        """xlsxwriter's set_row: a height in points, stored in pixels (set_row_pixels)."""
        if height is None or (height.__class__ in (int, float) and isfinite(height)):
            pixels = None if height is None else int(height * 4.0 / 3.0 + 0.5)
            if options is None and self._row_plainly(row, pixels, cell_format):
                return 0
        done: int = super().set_row(row, height, cell_format, options)
        return done

    def set_row_pixels(
        self, row: Any, height: Any = None, cell_format: Any = None, options: Any = None
    ) -> int:
        if options is None and self._row_plainly(row, height, cell_format):
            return 0
        done: int = super().set_row_pixels(row, height, cell_format, options)
        return done

    def _row_plainly(self, row: Any, height: Any, cell_format: Any) -> bool:
        """A row's height and format without options, in bounds (and on a streaming sheet
        not above the row written out): stored as set_row_pixels stores it, the used
        range grown to the row (and to column A when it has no columns yet). False,
        having changed nothing, otherwise."""
        if not (
            row.__class__ is int
            and 0 <= row < self.xls_rowmax
            and not (self.constant_memory and row < self.previous_row)
        ):
            return False
        self._reach(row, 0 if self.dim_colmin is None else self.dim_colmin)
        if height is None:
            height = self.default_row_height
        hidden = height == 0  # hidden, at the default height
        if hidden:
            height = self.default_row_height
        if cell_format is None:
            self.row_info[row] = _plain_row(height, hidden)
        else:
            self.row_info[row] = RowInfo(
                height=height, row_format=cell_format, hidden=hidden, level=0, collapsed=False
            )
        self.row_sizes[row] = [height, hidden]
        return True

    def set_column(self, *args: Any, **kwargs: Any) -> int:
        """xlsxwriter's set_column: a width in characters, stored in pixels."""
        plain = _column_args(args, kwargs)
        if plain is not None:
            width = plain[2]
            if width is None or (width.__class__ in (int, float) and isfinite(width)):
                if width is None:
                    pixels = None
                elif width == 0.0:
                    pixels = 0
                elif width < 1.0:
                    pixels = int(width * (self.max_digit_width + self.cell_padding) + 0.5)
                else:
                    pixels = int(width * self.max_digit_width + 0.5) + self.cell_padding
                if self._columns_plainly(plain[0], plain[1], pixels, plain[3]):
                    return 0
        done: int = super().set_column(*args, **kwargs)
        return done

    def set_column_pixels(self, *args: Any, **kwargs: Any) -> int:
        plain = _column_args(args, kwargs)
        if plain is not None and self._columns_plainly(*plain):
            return 0
        done: int = super().set_column_pixels(*args, **kwargs)
        return done

    def _columns_plainly(self, first_col: Any, last_col: Any, width: Any, cell_format: Any) -> bool:
        """Columns' width (pixels) and format without options, numbered in order and in
        bounds: stored as set_column_pixels stores them (a format grows the used range's
        columns). False, having changed nothing, otherwise."""
        if not (
            first_col.__class__ is int
            and last_col.__class__ is int
            and 0 <= first_col <= last_col < self.xls_colmax
        ):
            return False
        if cell_format:
            for col in (last_col, first_col):
                if self.dim_colmin is None or col < self.dim_colmin:
                    self.dim_colmin = col
                if self.dim_colmax is None or col > self.dim_colmax:
                    self.dim_colmax = col
        info = self.col_info
        if cell_format is None:
            plain = _plain_column(width)
            for col in range(first_col, last_col + 1):
                info[col] = plain
        else:
            for col in range(first_col, last_col + 1):
                info[col] = ColumnInfo(
                    width=width, column_format=cell_format, hidden=False, level=0, collapsed=False
                )
        self.col_size_changed = True
        return True

    # A row's cells written with one call (issue 16: the 计算过程 sheet writes ~54 rows of
    # 5 cells a county): one check and one claim for the row instead of one a cell, and on
    # a streaming sheet the row's XML made as it arrives (``_streamed_row``, below).
    # tests/test_xlsx_fast.py writes random rows at once and cell by cell, into this class
    # and the stock Worksheet, and compares the statuses and the sheets' XML.

    def write_cells(self, row: int, first_col: int, cells: Sequence[tuple[Any, Any]]) -> list[int]:
        """``cells`` — (value, format) pairs — into ``row`` from ``first_col`` on, as
        write_string (a str), write_blank (None) and write_number (anything else) would
        write them one by one, with their statuses. A row the common case does not cover
        (out of bounds, behind a streaming sheet's written row, a long string, a number
        that is not a finite int or float, a blank without format) is written cell by cell."""
        if self.constant_memory and self._streamed_row(row, first_col, cells):
            return [0] * len(cells)
        stored = self._cells_at_once(row, first_col, cells)
        if stored is None:
            return [
                self._write_one(row, col, value, fmt)
                for col, (value, fmt) in enumerate(cells, first_col)
            ]
        last_col = first_col + len(stored) - 1
        self._claim(row, first_col)  # in bounds and in order: the used range grows to both
        self._claim(row, last_col)  # ends, and a streaming sheet writes the previous row out
        streaming = self.constant_memory
        if not streaming:  # the shared strings' indices, in the cells' order
            index = self.str_table._get_shared_string_index
            stored = [
                CellStringTuple(index(cell.string), cell.format)
                if cell.__class__ is CellStringTuple
                else cell
                for cell in stored
            ]
        self.table[row].update(zip(range(first_col, last_col + 1), stored, strict=True))
        return [0] * len(stored)

    def _cells_at_once(
        self, row: int, first_col: int, cells: Sequence[tuple[Any, Any]]
    ) -> list[Any] | None:
        """The cells of ``write_cells`` as the cell writers' common case stores them (a
        string as itself), or None when any is not that case."""
        if not (
            self._fits(row, first_col, cells)
            and (row >= self.previous_row or not self.constant_memory)
        ):
            return None
        longest = self.xls_strmax // 2
        stored: list[Any] = []
        for value, fmt in cells:
            kind = value.__class__
            if kind is str:
                if len(value) > longest:
                    return None
                stored.append(CellStringTuple(value, fmt))
            elif (kind is float and isfinite(value)) or (kind is int and -_EXACT < value < _EXACT):
                stored.append(CellNumberTuple(value, fmt))
            elif value is None and fmt is not None:
                stored.append(CellBlankTuple(fmt))
            else:
                return None
        return stored

    def _fits(self, row: int, first_col: int, cells: Sequence[tuple[Any, Any]]) -> bool:
        """Whether ``cells`` (at least one) fit the sheet in ``row`` from ``first_col`` on,
        both given as int."""
        return bool(
            cells
            and row.__class__ is int
            and first_col.__class__ is int
            and 0 <= row < self.xls_rowmax
            and first_col >= 0
            and first_col + len(cells) <= self.xls_colmax
        )

    def _write_one(self, row: int, col: int, value: Any, fmt: Any) -> int:
        """One cell of ``write_cells`` by its own cell writer."""
        if value is None:
            blank: int = self.write_blank(row, col, None, fmt)
            return blank
        if value.__class__ is str:
            string: int = self.write_string(row, col, value, fmt)
            return string
        number: int = self.write_number(row, col, value, fmt)
        return number

    # A streaming sheet's row written at once, leaner still (issue 16: the 计算过程 sheet's
    # ~160,000 rows at 3,000 counties): the row's XML made as it arrives, each cell's part
    # after its reference taken from the previous row when that column holds the very same
    # value and format again (a county's code and name, a part's text), and no cell stored
    # in the table unless another write comes into the row (``_check_dimensions``). Tested
    # as ``write_cells`` is: random rows at once against the stock cell-by-cell sheet.

    _streamed: tuple[int, str, Sequence[tuple[Any, Any]], str] | None = None
    """The row ``_streamed_row`` wrote last, while it is not written out: (row, its number
    as text, its (value, format) cells from the first column, its cells' XML)."""
    _streamed_from: int = 0
    """That row's first column."""
    _cell_tails: dict[int, tuple[Any, Any, str, str, str]] | None = None
    """Column → (the value and format written there last by ``_streamed_row``, ``<c r="``
    with the column's letters, the cell's XML after its row number, and its start up to
    the value: ``_cell_tail``)."""

    @cached_property
    def _cell_heads(self) -> dict[tuple[int, Any], tuple[str, str]]:
        """(column, format) → the cell's start and its part up to the value, as
        ``_cell_tail`` made them: the 计算过程 sheet's step and amount columns change format
        from row to row (a detail's indent, a blank amount), every time back to one of two."""
        return {}

    def _streamed_row(self, row: int, first_col: int, cells: Sequence[tuple[Any, Any]]) -> bool:
        """``write_cells`` on a streaming sheet without notes, for a row in bounds, not
        above the row written out, holding no cell yet, whose cells are each a string
        needing no escape, a finite number or a blank, with a format whose index is
        known: the used range grown to the row's ends, the previous row written out, the
        row kept as XML. False, having changed nothing, for any other row."""
        if not (self._fits(row, first_col, cells) and not self.comments):
            return False
        previous = self.previous_row
        if row < previous or (row == previous and (self._streamed or self.table.get(row))):
            return False
        number = str(row + 1)
        xml = self._cells_xml(number, first_col, cells)
        if xml is None:
            return False
        self._reach(row, first_col)  # as the cells one by one: the previous row written out
        if row > previous:  # once the used range has the first cell
            self._write_single_row(row)
        self._reach(row, first_col + len(cells) - 1)
        self._streamed = (row, number, cells, xml)
        self._streamed_from = first_col
        return True

    def _cells_xml(
        self, number: str, first_col: int, cells: Sequence[tuple[Any, Any]]
    ) -> str | None:
        """The XML of a streamed row's cells (its number as text), each cell's part after
        its reference the previous row's in that column when it holds the very same value
        and format; None when a cell is not one ``_cell_tail`` renders."""
        tails = self._cell_tails
        if tails is None:
            tails = self._cell_tails = {}
        parts: list[str] = []
        col = first_col
        for value, fmt in cells:
            known = tails.get(col)
            if known is None or known[1] is not fmt:
                known = self._cell_tail(col, value, fmt)
                if known is None:
                    return None
                tails[col] = known
            elif known[0] is not value:  # the column's format again: its index known
                rest = self._value_xml(value)
                if rest is None:
                    return None
                known = tails[col] = (value, fmt, known[2], known[4] + rest, known[4])
            parts += (known[2], number, known[3])
            col += 1
        return "".join(parts)

    def _cell_tail(self, col: int, value: Any, fmt: Any) -> tuple[Any, Any, str, str, str] | None:
        """(value, format, ``<c r="`` and the column's letters, the rest of the cell's XML
        after the row number, its start up to the value: ``" s="3"``) as ``_row_xml``
        renders the cell; None for a cell that is not a plain string, a finite number or a
        formatted blank, or whose format has no index yet (indices are given in the order
        formats are first rendered; once given, a format's index stays, so a column's
        start and head are kept per format: ``_cell_heads``)."""
        heads = self._cell_heads.get((col, fmt))  # a format the column had before
        if heads is None:
            if fmt is None:
                return None
            xf = fmt.xf_index
            if xf is None:  # a format like one rendered before: that one's index, once known
                key = fmt._format_key
                xf = None if key is None else fmt.xf_format_indices.get(key)
                if xf is None:
                    return None
            heads = (_CELL_STARTS.get(col) or _cell_start(col), f'" s="{xf}"')
        rest = self._value_xml(value)
        if rest is None:
            return None
        start, head = self._cell_heads[(col, fmt)] = heads
        return value, fmt, start, head + rest, head

    def _value_xml(self, value: Any) -> str | None:
        """A streamed cell's XML after its format's index: a plain string inline, a finite
        number, or a blank (None); None for any other value."""
        kind = value.__class__
        if kind is str:
            if len(value) > self.xls_strmax // 2 or _needs_escape(value):
                return None
            space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
            return f' t="inlineStr"><is><t{space}>{value}</t></is></c>'
        if (kind is float and isfinite(value)) or (kind is int and -_EXACT < value < _EXACT):
            return f"><v>{value:.16G}</v></c>"
        if value is None:
            return "/>"
        return None

    # Rows written one after the other with one call (issue 16: the 计算过程 sheet's ~54
    # rows a county), as ``write_cells`` and ``set_row`` would write each in turn: on a
    # streaming sheet, while each row follows one ``_streamed_row`` kept, the kept row's
    # XML goes into a list instead of the file, and the list to the file every
    # ``_ROWS_AT_ONCE`` rows (``_streamed_next``). Tested against the row-by-row calls and
    # the stock sheet, among every other kind of write.

    def write_rows(
        self,
        row: int,
        first_col: int,
        rows: Iterable[tuple[Sequence[tuple[Any, Any]], float | None]],
    ) -> int:
        """Each of ``rows`` — its (value, format) cells and its height in points, or None
        for the default — into a row of its own from ``row`` on, from ``first_col`` on, as
        ``write_cells`` and then (a height) ``set_row`` write it. Returns the row after
        the last."""
        out: list[str] = []
        try:
            for cells, height in rows:
                if not self._streamed_next(row, first_col, cells, out):
                    if out:  # the rows written out so far, before any other write to the file
                        self.fh.write("".join(out))
                        out.clear()
                    self.write_cells(row, first_col, cells)
                elif len(out) >= _ROWS_AT_ONCE:
                    self.fh.write("".join(out))
                    out.clear()
                if height is not None:
                    self.set_row(row, height)
                row += 1
        finally:  # a refusal raised (RowOrderError) leaves the file as the calls before it
            if out:
                self.fh.write("".join(out))
        return row

    def _kept_xml(self, kept: tuple[int, str, Sequence[tuple[Any, Any]], str]) -> str:
        """The <row> of the row ``_streamed_row`` kept, with its height as set now."""
        return f"{_row_tag(self, kept[1], None, self.row_info.get(kept[0]))}>{kept[3]}</row>"

    def _streamed_next(
        self, row: int, first_col: int, cells: Sequence[tuple[Any, Any]], out: list[str]
    ) -> bool:
        """``_streamed_row`` for a row below the one it kept, with the kept row's XML
        appended to ``out`` (as ``_write_single_row`` would write it to the file). False,
        having changed nothing, when no row is kept or the row is not one it takes."""
        kept = self._streamed
        if kept is None or row <= kept[0] or self.comments or not self._fits(row, first_col, cells):
            return False
        number = str(row + 1)
        xml = self._cells_xml(number, first_col, cells)
        if xml is None:
            return False
        out.append(self._kept_xml(kept))
        self.table.clear()
        self.previous_row = row
        self._reach(row, first_col)
        self._reach(row, first_col + len(cells) - 1)
        self._streamed = (row, number, cells, xml)
        self._streamed_from = first_col
        return True

    def _check_dimensions(
        self, row: int, col: int, ignore_row: bool = False, ignore_col: bool = False
    ) -> int:
        """xlsxwriter's check, after the row ``_streamed_row`` kept is put in the table when
        the check is for that row (a cell written into it by another writer)."""
        streamed = self._streamed
        if streamed is not None and row == streamed[0]:
            self._table_streamed()
        status: int = super()._check_dimensions(row, col, ignore_row, ignore_col)
        return status

    def _table_streamed(self) -> None:
        """The row ``_streamed_row`` kept, stored in the table as its cell writers store it."""
        streamed = self._streamed
        if streamed is None:
            return
        self._streamed = None
        row, _, cells, _ = streamed
        stored = self._cells_at_once(row, self._streamed_from, cells)
        assert stored is not None  # the row's cells were checked when written
        first_col = self._streamed_from
        self.table[row].update(zip(range(first_col, first_col + len(stored)), stored, strict=True))


_PREPARED: dict[str, str] = {}
"""A formula → what ``_write_formula`` stores for it, while future functions are off
(``_prepared_plainly``)."""
_ROWS_AT_ONCE = 1024
"""Rows ``write_rows`` gathers before it writes them to the sheet's file (~0.5 MB)."""
_EXACT = 2**53
"""Integers ``write_cells`` takes as they are (any larger: each by write_number)."""
_COLUMNS: dict[int, str] = {}
"""Column number → letters ("A", "AB"), filled as columns are met."""


def _column_letters(col: int) -> str:
    letters: str = xl_col_to_name(col)
    _COLUMNS[col] = letters
    return letters


_CELL_STARTS: dict[int, str] = {}
"""Column number → a cell's start tag up to its row number (``<c r="AB``), filled as
columns are met."""


def _cell_start(col: int) -> str:
    start = _CELL_STARTS[col] = f'<c r="{_COLUMNS.get(col) or _column_letters(col)}'
    return start


def _xf_index(style: Format) -> int:
    """``style._get_xf_index()`` — without its two calls for a format whose key is known
    and already has an index (a copy of a format rendered before, which keeps no index
    of its own: every cell of it asks again)."""
    key = style._format_key
    xf: int | None = None if key is None else style.xf_format_indices.get(key)
    if xf is None:
        xf = style._get_xf_index()
    return xf


def _cell_ref(row: int, col: int) -> str:
    """A cell's A1 reference ("AB12")."""
    return f"{_COLUMNS.get(col) or _column_letters(col)}{row + 1}"


_ESCAPED_CHARACTERS = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_")
_NEEDS_ESCAPE = re.compile(f"{_ESCAPED_CHARACTERS.pattern}|{_LITERAL_ESCAPE.pattern}")
"""What a string must have changed before it is written, inline or in the shared strings
(an XML escape, a control character, a literal ``_xHHHH_``; xlsxwriter also marks a
shared ``<r>`` string rich): a string with none is written as it is."""


def _needs_escape(text: str) -> bool:
    """``_NEEDS_ESCAPE.search(text) is not None``, in about half the time: the characters
    by a pattern of one character class, the ``_xHHHH_`` only where "_x" is."""
    return _ESCAPED_CHARACTERS.search(text) is not None or (
        "_x" in text and _LITERAL_ESCAPE.search(text) is not None
    )


_DATA_ESCAPES = re.compile("[&<>]")
_ERROR_VALUES = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))


def _escaped(text: str) -> str:
    """Text as an XML element's content (``&``, ``<`` and ``>`` escaped)."""
    if _DATA_ESCAPES.search(text) is None:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_xml(start: str, cell: Any, inline: bool) -> str | None:
    """A cell's XML after its start tag ``start`` (``<c r="B7" s="3"``), for the kinds
    roadfund writes (string, number, formula, blank); None for any other kind, and for an
    inline string that needs an escape (the stock ``_write_cell``'s)."""
    kind = cell.__class__
    if kind is CellStringTuple:
        if not inline:
            return f'{start} t="s"><v>{cell.string}</v></c>'
        text = cell.string
        if _NEEDS_ESCAPE.search(text) is not None:
            return None
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        return f'{start} t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if kind is CellNumberTuple:
        return f"{start}><v>{cell.number:.16G}</v></c>"
    if kind is CellFormulaTuple:
        return _formula_xml(start, cell.formula, cell.value)
    if kind is CellBlankTuple:
        return f"{start}/>"
    return None


def _formula_xml(start: str, formula: str, value: Any) -> str | None:
    """A formula cell with its value: a number, a bool (t="b"), an error value (t="e"),
    text (t="str") or "" (none); None for any other value (the stock method's)."""
    kind = value.__class__
    if kind is int or kind is float:
        return f"{start}><f>{_escaped(formula)}</f><v>{value}</v></c>"
    if kind is bool:
        return f'{start} t="b"><f>{_escaped(formula)}</f><v>{int(value)}</v></c>'
    if kind is not str:
        return None
    if value == "":
        return f"{start}><f>{_escaped(formula)}</f><v></v></c>"
    kind_attr = "e" if value in _ERROR_VALUES else "str"
    return f'{start} t="{kind_attr}"><f>{_escaped(formula)}</f><v>{_escaped(value)}</v></c>'


def _merge_cells(
    first_row: int, first_col: int, last_row: int, last_col: int
) -> dict[tuple[int, int], str]:
    """A merged range's cells, in rows then columns, each mapped to the range's name
    (``A1:D1``), as the merge stores them — made once per range (a county workbook's ~67
    merges are, range for range, those of the county before it). Never changed: a sheet
    updates its own merged cells from it."""
    key = (first_row, first_col, last_row, last_col)
    cells = _MERGES.get(key)
    if cells is None:
        first = _COLUMNS.get(first_col) or _column_letters(first_col)
        last = _COLUMNS.get(last_col) or _column_letters(last_col)
        name = f"{first}{first_row + 1}:{last}{last_row + 1}"
        every = product(range(first_row, last_row + 1), range(first_col, last_col + 1))
        if len(_MERGES) >= _MAX_CACHED:
            _MERGES.clear()
        cells = _MERGES[key] = dict.fromkeys(every, name)
    return cells


_MERGES: dict[tuple[int, int, int, int], dict[tuple[int, int], str]] = {}
"""A merged range (first row, first column, last row, last column) → ``_merge_cells``."""


@lru_cache(maxsize=1024, typed=True)
def _plain_row(height: Any, hidden: bool) -> RowInfo:
    """A row's info without format or options, made once per height (typed: 30 and 30.0
    are kept apart) and shared — a RowInfo is a tuple, never changed in place; a county
    workbook sets ~77 rows to a handful of heights."""
    return RowInfo(height=height, row_format=None, hidden=hidden, level=0, collapsed=False)


@lru_cache(maxsize=1024, typed=True)
def _plain_column(width: Any) -> ColumnInfo:
    """A column's info without format or options, made once per width (as ``_plain_row``)."""
    return ColumnInfo(width=width, column_format=None, hidden=False, level=0, collapsed=False)


_FRESH: list[tuple[dict[str, Any], tuple[str, ...]] | None] = []
"""The one fresh sheet's state (``_fresh_state``), once made."""
_IMMUTABLE = (type(None), bool, int, float, str, bytes, re.Pattern)
_CONTAINERS = (list, dict, set, defaultdict)


def _fresh_state() -> tuple[dict[str, Any], tuple[str, ...]] | None:
    """A sheet's attributes as xlsxwriter's ``Worksheet.__init__`` sets them, and the
    names of those that are containers (copied for each sheet: none is shared); None
    when a value is neither immutable nor a container of immutable values."""
    if not _FRESH:
        template = Worksheet()
        state = dict(template.__dict__)
        containers = []
        for name, value in state.items():
            if _is_immutable(value):
                continue
            immutable_items = isinstance(value, _CONTAINERS) and all(
                map(_is_immutable, value.items() if isinstance(value, dict) else value)
            )
            if not immutable_items:
                _FRESH.append(None)
                return None
            containers.append(name)
        _FRESH.append((state, tuple(containers)))
    return _FRESH[0]


def _is_immutable(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(map(_is_immutable, value))
    return type(value) in _IMMUTABLE or isinstance(value, re.Pattern)


def _column_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any, Any, Any] | None:
    """set_column's (first, last, width, format) when given by position without options
    (2 to 4 arguments), else None."""
    if kwargs or not 2 <= len(args) <= 4:
        return None
    first, last, width, cell_format = (*args, None, None)[:4]
    return first, last, width, cell_format


def _row_tag(sheet: Worksheet, number: str, spans: str | None, info: Any) -> str:
    """A <row> start tag without its closing ``>`` (or ``/>``)."""
    return f'<row r="{number}"{_row_attributes(sheet, spans, info)}'


def _row_attributes(sheet: Worksheet, spans: str | None, info: Any) -> str:
    """A <row> start tag's attributes after its row number: its columns' span, its format,
    its height when not the default, hidden, outline."""
    if info is None:
        height, row_format, hidden, level, collapsed = sheet.default_row_height, None, 0, 0, 0
    else:
        height, row_format = info.height, info.row_format
        hidden, level, collapsed = info.hidden, info.level, info.collapsed
        if height is None:
            height = sheet.default_row_height
    tag = ""
    if spans:
        tag += f' spans="{spans}"'
    if row_format:
        xf = row_format._get_xf_index()
        tag += f' s="{xf}" customFormat="1"' if xf else ' customFormat="1"'
    custom = height != sheet.original_row_height or height != sheet.default_row_height
    if custom:
        tag += f' ht="{height * 0.75:.16g}"'
    if hidden:
        tag += ' hidden="1"'
    if custom:
        tag += ' customHeight="1"'
    if level:
        tag += f' outlineLevel="{level}"'
    if collapsed:
        tag += ' collapsed="1"'
    if sheet.excel_version == 2010:
        tag += ' x14ac:dyDescent="0.25"'
    return tag


class _RowMemo:
    """What the rows of one sheet being written repeat, worked out once each: a format's
    ``s="…"`` attribute (with the closing quote of the cell reference before it) and a
    row's attributes by its spans and its row info (a county sheet's ~25 rows use a
    handful of formats and heights). Made for one write of the sheet's rows: a format's
    index, once given, stays, and each row info is alive (in ``row_info``) while it runs."""

    __slots__ = ("rows", "sheet", "styles")

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.styles: dict[Any, str] = {None: '"'}
        self.rows: dict[tuple[str | None, int], str] = {}

    def style_attribute(self, style: Format) -> str:
        """``" s="3"`` for a format (as ``_xf_index`` gives its index), remembered."""
        xf = style.xf_index
        if xf is None:
            xf = _xf_index(style)
        attribute = self.styles[style] = f'" s="{xf}"'
        return attribute

    def row_attributes(self, spans: str | None, info: Any) -> str:
        """``_row_attributes`` of a row, remembered by its spans and its row info object."""
        key = (spans, id(info))
        attributes = self.rows.get(key)
        if attributes is None:
            attributes = self.rows[key] = _row_attributes(self.sheet, spans, info)
        return attributes


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

    def add_formats(self, formats: FormatSet) -> list[Format]:
        """``add_format`` of each of the set's properties, in order, with the same formats
        as a result: the templates (``FastFormat.like``) looked up once per set and default
        properties instead of once per format (a county workbook adds the same 43)."""
        defaults = tuple(self.default_format_properties.items())
        if not _PLAIN.issuperset(map(type, self.default_format_properties.values())):
            return [self.add_format(dict(properties)) for properties in formats.properties]
        templates = formats.templates.get(defaults)
        if templates is None:
            templates = formats.templates[defaults] = [
                FastFormat.template({**self.default_format_properties, **properties})
                for properties in formats.properties
            ]
        made: list[Format] = []
        xf_indices, dxf_indices = self.xf_format_indices, self.dxf_format_indices
        for template, properties in zip(templates, formats.properties, strict=True):
            if template is None:  # a property no template is keyed by: add_format's own
                made.append(self.add_format(dict(properties)))
                continue
            fmt = FastFormat.copy_of(template, xf_indices, dxf_indices)
            self.formats.append(fmt)
            made.append(fmt)
        return made

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

    def close(self) -> None:
        """xlsxwriter's close, then each sheet's ``workbook_add_format`` (this workbook's
        bound add_format, kept for a checkbox's default format) set back to None as a fresh
        sheet has it: it was the one reference back from the sheets to the workbook, so a
        closed workbook no longer sits in a cycle with all its cells and formats, and is
        freed as soon as the caller drops it instead of by a walk of the cycle collector
        (a county workbook: ~1,000 objects a collection walked)."""
        super().close()
        if self.fileclosed:
            for sheet in self.worksheets():
                sheet.workbook_add_format = None

    def _get_packager(self) -> Packager:
        return FastPackager()

    filename: Any  # a path, or a file object (xlsxwriter's own attribute)
    _files: list[tuple[Any, str, bool]] | None = None
    """While this workbook zips its parts itself: every part, in xlsxwriter's order, as
    FastPackager hands them over (an empty list until then): (the part — a buffer in
    memory, a temp file's path on disk —, its name in the package, whether binary)."""

    def _store_workbook(self) -> None:
        """xlsxwriter's packaging, its parts zipped here at DEFLATE_LEVEL: xlsxwriter zips
        nothing (into a buffer), FastPackager handing every part over instead. In memory
        into a path, by ``zip_parts`` in one write of the file; otherwise — parts on disk
        (streaming), a file object given by the caller, zip64 — by zipfile as xlsxwriter
        zips them (``_zip_files``), the zip file opened before the parts are made, as
        xlsxwriter opens it: a target that cannot be created fails before a streaming
        sheet's rows are read out of their temp file, and close() can be tried again."""
        target: Any = self.filename
        at_once = self.in_memory and not self.allow_zip64 and isinstance(target, str | os.PathLike)
        archive = None if at_once else _zip_file(target, self.allow_zip64)
        files: list[tuple[Any, str, bool]] = []
        self.filename, self._files = BytesIO(), files
        try:
            try:
                super()._store_workbook()
            finally:
                self.filename, self._files = target, None
            if archive is None:
                data = zip_parts(
                    [(name, _part_bytes(part, binary)) for part, name, binary in files]
                )
                with open(target, "wb") as file:
                    file.write(data)
            else:
                _zip_files(archive, files, self.in_memory)
        except BaseException:
            _remove_temp_files(files, self.in_memory)  # those not zipped and removed yet
            raise
        finally:
            if archive is not None:
                archive.close()


def _part_bytes(part: Any, binary: bool) -> bytes:
    """A part in memory (a BytesIO, or a StringIO of XML) as the bytes zipped."""
    data: bytes = part.getvalue() if binary else part.getvalue().encode("utf-8")
    return data


def _zip_file(target: Any, allow_zip64: bool) -> zipfile.ZipFile:
    """The zip file xlsxwriter opens for a workbook, deflating at DEFLATE_LEVEL."""
    return zipfile.ZipFile(
        target,
        "w",
        compression=zipfile.ZIP_DEFLATED,
        allowZip64=allow_zip64,
        compresslevel=DEFLATE_LEVEL,
    )


def _zip_files(
    archive: zipfile.ZipFile, files: Sequence[tuple[Any, str, bool]], in_memory: bool
) -> None:
    """The parts zipped into ``archive`` as xlsxwriter's ``_store_workbook`` zips them —
    a part in memory dated 1980-01-01, a part on disk by its file, dated 1980-01-31
    (xlsxwriter's choice) and removed once zipped — but at DEFLATE_LEVEL."""
    stamp = time.mktime((1980, 1, 31, 0, 0, 0, 0, 0, -1))
    for part, name, binary in files:
        if in_memory:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, _part_bytes(part, binary), compresslevel=DEFLATE_LEVEL)
        else:
            os.utime(part, (stamp, stamp))
            archive.write(part, name)
            os.remove(part)


def _remove_temp_files(files: Sequence[tuple[Any, str, bool]], in_memory: bool) -> None:
    """The parts' temp files still on disk (none in memory) removed, after a failure."""
    if in_memory:
        return
    for part, _name, _binary in files:
        with suppress(FileNotFoundError):
            os.remove(part)


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
        template = cls.template(properties)
        if template is None:  # e.g. a Color: no template
            return cls(properties, xf_indices, dxf_indices)
        return cls.copy_of(template, xf_indices, dxf_indices)

    @classmethod
    def template(cls, properties: dict[str, Any]) -> FastFormat | None:
        """The process's template for ``properties`` (made by xlsxwriter's own Format,
        its key computed once), or None when a value is not of a type it is keyed by."""
        types = tuple(map(type, properties.values()))
        if not _PLAIN.issuperset(types):
            return None
        key = (tuple(properties.items()), types)
        template = _TEMPLATES.get(key)
        if template is None:
            if len(_TEMPLATES) >= _MAX_CACHED:
                _TEMPLATES.clear()
            template = _TEMPLATES[key] = cls(properties)
            Format._get_format_key(template)  # xlsxwriter's own key, computed once
        return template

    @classmethod
    def copy_of(
        cls, template: FastFormat, xf_indices: dict[str, int], dxf_indices: dict[str, int]
    ) -> FastFormat:
        """A copy of ``template`` for a workbook whose format indices are given."""
        fmt = cls.__new__(cls)
        state = fmt.__dict__
        state.update(template.__dict__)
        state["xf_format_indices"] = xf_indices
        state["dxf_format_indices"] = dxf_indices
        state["_format_key"] = None  # as xlsxwriter leaves a new format: filled when asked
        state["_template"] = template
        return fmt


class FormatSet:
    """Formats a workbook adds together, in order (``FastWorkbook.add_formats``): each
    the properties add_format is given, made once (a module's constant), with the
    templates found for them, by the workbook's default properties."""

    def __init__(self, properties: Iterable[Mapping[str, Any]]) -> None:
        self.properties: tuple[Mapping[str, Any], ...] = tuple(
            MappingProxyType(dict(p)) for p in properties
        )
        self.templates: dict[tuple[tuple[str, Any], ...], list[FastFormat | None]] = {}

    def add_to(self, workbook: Workbook) -> list[Format]:
        """The set's formats added to ``workbook`` (one by one when it is not a FastWorkbook)."""
        if isinstance(workbook, FastWorkbook):
            return workbook.add_formats(self)
        return [workbook.add_format(dict(p)) for p in self.properties]


_ASSIGNED_WHILE_WRITING = frozenset({"xf_index", "dxf_index", "_format_key", "_template"})
"""What xlsxwriter sets on a format while writing cells (its indices, its cached key):
not a change of what the format looks like."""
_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Property values a template is keyed by (with their type: 10 and 10.0 render apart)."""
_MAX_CACHED = 4096
"""A cache that grows past this is emptied (a long-lived process with many distinct
formats); what it held is made again when next needed."""
_TEMPLATES: dict[tuple[tuple[tuple[str, Any], ...], tuple[type, ...]], FastFormat] = {}
_EXPANDED: dict[str, str] = {}
"""A formula → the stock ``_prepare_formula`` of it with future functions expanded."""
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
    It hands the parts to FastWorkbook (``_files``) to zip, and none to xlsxwriter."""

    def _create_package(self) -> list[tuple[Any, str, bool]]:
        files: list[tuple[Any, str, bool]] = super()._create_package()
        kept = getattr(self.workbook, "_files", None)
        if kept is None:  # the workbook does not zip its parts itself
            return files
        kept += files
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

    # The package's small parts — content types, the two relationship parts, workbook.xml
    # and app.xml — the same in every county workbook but for its sheets' and names' text
    # (issue 16): each rendered by the stock method once per distinct key of what it reads
    # (``PART_READS``; tests/test_xlsx_package.py checks the list against the stock
    # sources and the bytes against the stock workbook), in memory, for a package of
    # worksheets, strings and names only (``_plain``); any other package goes the stock way.

    def _write_content_types_file(self) -> None:
        self._part_once("_write_content_types_file", "[Content_Types].xml", self._sheets_key)

    def _write_root_rels_file(self) -> None:
        self._part_once("_write_root_rels_file", "_rels/.rels", tuple)

    def _write_workbook_rels_file(self) -> None:
        self._part_once("_write_workbook_rels_file", "xl/_rels/workbook.xml.rels", self._sheets_key)

    def _write_app_file(self) -> None:
        self._part_once("_write_app_file", "docProps/app.xml", self._app_key)

    def _write_workbook_file(self) -> None:
        self._part_once("_write_workbook_file", "xl/workbook.xml", self._workbook_key)

    def _part_once(self, method: str, part: str, key_of: Callable[[], tuple[Any, ...]]) -> None:
        """The part ``method`` writes, from the cache when written before with the same key."""
        stock = getattr(Packager, method)
        if not self._plain():
            stock(self)
            return
        try:
            key = (method, _frozen(key_of()))
        except _NotPlain:
            stock(self)
            return
        xml = _PARTS_XML.get(key)
        if xml is None:
            stock(self)
            written, name, _ = self.filenames[-1]
            if name == part and isinstance(written, StringIO):
                if len(_PARTS_XML) >= _MAX_CACHED:
                    _PARTS_XML.clear()
                _PARTS_XML[key] = written.getvalue()
            return
        if method == "_write_workbook_file":  # the stock workbook.xml prepares the formats
            self.workbook._prepare_format_properties()
        elif method == "_write_content_types_file":  # and the content types count tables
            self._get_table_count()
        self._filename(part).write(xml)

    _is_plain: bool | None = None
    """``_plain``'s answer, once asked (what it checks is settled before the first part)."""

    def _plain(self) -> bool:
        """Whether the package is in memory and holds worksheets (no chartsheet, chart,
        drawing, image, table, note, VBA, custom or rich-value part), strings and names."""
        if self._is_plain is None:
            self._is_plain = self._holds_sheets_only()
        return self._is_plain

    def _holds_sheets_only(self) -> bool:
        book = self.workbook
        return bool(
            self.in_memory
            and not (self.chart_count or self.drawing_count)
            and not (self.num_vml_files or self.num_comment_files)
            and not any(book.image_types.values())
            and not (book.vba_project or book.custom_properties or book.has_metadata)
            and not book._has_feature_property_bags()
            and not book.embedded_images.has_images()
            and not any(sheet.is_chartsheet or sheet.tables for sheet in book.worksheets())
        )

    def _sheets_key(self) -> tuple[Any, ...]:
        """What the content types and the workbook's relationships depend on in a plain
        package: how many worksheets, whether there are strings."""
        return len(self.workbook.worksheets()), bool(self.workbook.str_table.count)

    def _app_key(self) -> tuple[Any, ...]:
        """What app.xml depends on in a plain package: each sheet's name and whether it is
        shown, the names, the three properties it carries, whether read-only is asked."""
        book = self.workbook
        properties = book.doc_properties
        return (
            [(sheet.name, sheet.hidden) for sheet in book.worksheets()],
            list(self.named_ranges),
            [(name, name in properties, properties.get(name)) for name in _APP_PROPERTIES],
            book.read_only,
        )

    def _workbook_key(self) -> tuple[Any, ...]:
        """What workbook.xml depends on in a plain package (``PART_READS``)."""
        book = self.workbook
        return (
            [(sheet.name, sheet.hidden) for sheet in book.worksheets()],
            attrgetter(*_WORKBOOK_READS)(book),
            book.worksheet_meta.firstsheet,
            book.worksheet_meta.activesheet,
        )


class FastSharedStrings(SharedStrings):  # type: ignore[misc]  # xlsxwriter is untyped
    """The shared strings part, each plain string (nothing to escape: no control
    character, ``_xHHHH_``, ``&``, ``<`` or ``>``) written with one format instead of
    xlsxwriter's escaping passes; any other string goes to the stock ``_write_si``; each
    string's element made once per process, the part written with one call.
    tests/test_xlsx_package.py checks the result against the stock part."""

    fh: Any  # xlsxwriter's own attribute (untyped there)

    def _write_sst_strings(self) -> None:
        made, parts = _SI_XML, []
        for string in self.string_table.string_array:
            xml = made.get(string)
            if xml is None:
                xml = self._si_xml(string)
                if len(string) <= _LONGEST_REMEMBERED:
                    if len(made) >= _MAX_CACHED:
                        made.clear()
                    made[string] = xml
            parts.append(xml)
        self.fh.write("".join(parts))

    def _si_xml(self, string: str) -> str:
        """One string's <si> element (it depends on the string alone: remembered across
        workbooks, most of a county workbook's strings are every county's)."""
        if _NEEDS_ESCAPE.search(string) is not None:
            fh = self.fh
            self.fh = buffer = StringIO()
            try:
                self._write_si(string)
            finally:
                self.fh = fh
            return buffer.getvalue()
        if string[:1].isspace() or string[-1:].isspace():
            return f'<si><t xml:space="preserve">{string}</t></si>'
        return f"<si><t>{string}</t></si>"


_PARTS_XML: dict[Hashable, str] = {}
"""(packager method, its key) → the part it wrote (``FastPackager._part_once``)."""
_APP_PROPERTIES = ("company", "manager", "hyperlink_base")
"""The document properties app.xml carries."""
_WORKBOOK_READS = (
    "read_only", "vba_codename", "date_1904", "default_theme_version", "x_window", "y_window",
    "window_width", "window_height", "tab_ratio", "defined_names", "calc_id", "calc_mode",
    "calc_on_load",
)  # fmt: skip
"""The workbook's attributes workbook.xml is written from, but for its sheets' names and
states and the first and active sheet (and vba_project: none in a plain package)."""
PART_READS: dict[str, frozenset[str]] = {
    "_write_content_types_file": frozenset(),
    "_write_root_rels_file": frozenset(),
    "_write_workbook_rels_file": frozenset(),
    "_write_app_file": frozenset({"doc_properties", "read_only", "named_ranges"}),
    "_write_workbook_file": frozenset({*_WORKBOOK_READS, "worksheet_meta", "vba_project"}),
}
"""Each part written once per key → the attributes, besides what ``_plain`` and
``_sheets_key`` check, its key holds (for the tests: the stock sources read no other)."""

_SI_XML: dict[str, str] = {}
"""A shared string → its <si> element (strings up to ``_LONGEST_REMEMBERED`` characters)."""
_LONGEST_REMEMBERED = 1024
"""Longer strings are not remembered: a workbook's repeating strings are labels and
names, and 4,096 cell-long texts (32,767 characters) would hold ~1 GB per process."""


DEFLATE_LEVEL = 1
"""zlib's level for every part of every workbook written with these classes — all a run
writes (zipfile's default, and xlsxwriter's, is 6; the blank input template of ``roadfund
template`` is written by stock xlsxwriter). Measured on a 3,000-county year (issue 16):
the summary's 81 MB of XML deflates in 0.31 s at level 1 against 1.00 s at 6, into 11.3 MB
against 8.6 MB; a county workbook's own parts (32 KB) in ~0.2 ms less, 10.4 KB against
9.3 KB. A few megabytes more in the summary for ~15 % of its writing time, and ~5 % of each
county's (benchmarks/README.md, session 23)."""

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_DOS_1980_01_01 = (0, 33)
"""(time, date) in MS-DOS form of 1980-01-01 00:00, the date xlsxwriter gives every part."""
_ZIP_LIMIT = 0xFFFFFFFF
_DEFLATED: dict[bytes, tuple[int, bytes]] = {}
"""A part's content → (its CRC-32, its bytes deflated at DEFLATE_LEVEL, a constant), for the
parts worth remembering (``_remembered``): the same theme, styles, relationships ... in
workbook after workbook."""


def _remembered(name: str) -> bool:
    """Parts that are often the same from workbook to workbook (the key is the content:
    this only says which are worth keeping); worksheets, shared strings and the document
    properties carry the workbook's own content."""
    return not name.startswith(("xl/worksheets/sheet", "xl/sharedStrings", "docProps/core"))


def _deflate(name: str, data: bytes) -> tuple[int, bytes]:
    """(CRC-32, raw DEFLATE at DEFLATE_LEVEL) — what zipfile writes for a part."""
    remember = _remembered(name)
    if remember:
        done = _DEFLATED.get(data)
        if done is not None:
            return done
    compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    done = (zlib.crc32(data), compressor.compress(data) + compressor.flush())
    if remember:
        if len(_DEFLATED) >= _MAX_CACHED:
            _DEFLATED.clear()
        _DEFLATED[data] = done
    return done


def zip_parts(parts: Sequence[tuple[str, bytes]]) -> bytes:
    """The zip file zipfile writes for ``parts`` in memory as xlsxwriter adds them (each
    a ZipInfo dated 1980-01-01, DEFLATE — at DEFLATE_LEVEL —, no zip64), byte for byte:
    local headers and data in order, the central directory, the end record. Written here
    in one go (zipfile spends more on each entry's bookkeeping than on small parts'
    compression); tests/test_xlsx_package.py compares it with zipfile's own."""
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
