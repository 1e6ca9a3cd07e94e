"""xlsxwriter, cheaper: the worksheet and workbook classes every roadfund workbook is
written with (``new_workbook``). Same calls, same API; less work per formula and per
merged range (see ``FastWorksheet``). Imports xlsxwriter only, so the benchmarks' floor
(benchmarks/floor.py) replays the run's calls with exactly these classes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet, convert_range_args

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
    """A workbook whose worksheets are FastWorksheets (unless another class is asked for)."""

    worksheet_class: type[Worksheet] = FastWorksheet

    def add_worksheet(
        self, name: str | None = None, worksheet_class: type[Worksheet] | None = None
    ) -> Worksheet:
        sheet: Worksheet = super().add_worksheet(name, worksheet_class or self.worksheet_class)
        return sheet
