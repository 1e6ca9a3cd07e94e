"""Read the input workbook cell by cell (an openpyxl workbook), keeping real Excel row numbers.

Every problem becomes an Issue at ``sheet!cell``; nothing stops at the first one. Rows
that fail are left out of the result (and their sheet is marked as damaged, so the
cross-sheet rules do not report knock-on problems).
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from roadfund.issues import Issue
from roadfund.models import ROW_MODELS, BadCell, Row, shown
from roadfund.schema import (
    INFO,
    INFO_CITY,
    INFO_DATE,
    INFO_KEYS,
    INFO_NUMBER,
    INFO_OPTIONAL_KEYS,
    INFO_STAGE,
    INFO_YEAR,
    SHEETS,
    STAGES,
    Column,
    Sheet,
    column_unit,
    normal_name,
    other_unit,
    same_unit,
    split_unit,
)

if TYPE_CHECKING:
    from roadfund.reader.sheetcells import StrippedZip


@dataclass
class ParsedWorkbook:
    """What the reader got out of the workbook, before the cross-sheet rules."""

    file: str
    rows: dict[str, list[Row]] = field(default_factory=dict)  # by schema sheet key
    info: dict[str, object] = field(default_factory=dict)  # year, city, prepared; stage
    info_rows: dict[str, int] = field(default_factory=dict)  # info item -> Excel row
    damaged: set[str] = field(default_factory=set)  # sheet keys with a problem
    present: set[str] = field(default_factory=set)  # sheet keys found in the workbook
    headers: dict[str, dict[str, int]] = field(default_factory=dict)  # key -> header -> col
    issues: list[Issue] = field(default_factory=list)
    header_text: dict[str, dict[int, str]] = field(default_factory=dict)
    """sheet name -> column -> its header as the workbook shows it (⏎ for a line break)."""
    weights_check: tuple[Any, tuple[Issue, ...], Any] | None = None
    """(period, issues, CountyWeights or None): what rules.weights_rule found, kept so the
    weights are formed once for the rules and the run (rules.year_weights)."""


def _open(path: Path | io.BytesIO, stripped: StrippedZip | None = None) -> tuple[Any, Any | None]:
    """The workbook's cached values; and its formulas too, but only when some cell may hold
    a formula with no cached value (to name that formula) — most files have none, and
    openpyxl reading the whole workbook a second time was a third of a small run.

    The values are openpyxl's workbook; its cells come from ``sheetcells.load_values``
    (a regex pass, the same cells at a fraction of the cost) when the bytes are in the
    plain form it knows, else from openpyxl's own read of the whole file. ``stripped``:
    ``sheetcells.strip_cells`` of the same bytes, when the caller has already done it."""
    from roadfund.reader.guard import import_openpyxl
    from roadfund.reader.sheetcells import load_values

    openpyxl = import_openpyxl()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about data validation, styles...
        values = load_values(path.getvalue(), stripped) if isinstance(path, io.BytesIO) else None
        if values is None:
            values = openpyxl.load_workbook(_again(path), data_only=True)
        formulas = (
            openpyxl.load_workbook(_again(path), data_only=False)
            if _may_have_formula_without_value(_again(path))
            else None
        )
    return values, formulas


def _again(source: Path | io.BytesIO) -> Path | io.BytesIO:
    """The source from its start (openpyxl and zipfile read a BytesIO from where it is)."""
    if isinstance(source, io.BytesIO):
        source.seek(0)
    return source


_F_TAG_RE = re.compile(rb"<(?:[^\s<>/:!?=\"']+:)?f[\s/>]")  # an <f> element, any prefix
_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_VALUE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v"


def _may_have_formula_without_value(path: Path | io.BytesIO) -> bool:
    """Could openpyxl find a cell with a formula but no cached value? False only when sure.

    Such a cell reads as None with ``data_only=True``, which alone cannot tell it from a
    blank: it is a ``<c>`` with an ``<f>`` child and no ``<v>`` text (or an inline string,
    which openpyxl reads apart from ``<v>``). Every zip member is looked at, in any
    namespace. A part with no ``<f>`` tag — most inputs — is passed over by one regex; one
    with such a tag is parsed (by C ElementTree: it has no DTD, so no entities); a part in
    UTF-16/32 is parsed by defusedxml. A member that does not parse as XML cannot be a
    sheet openpyxl has just read. A DTD, a zip error or any other surprise answers True,
    and the formulas are read as they always were.
    """
    import xml.etree.ElementTree as ET

    from defusedxml.ElementTree import iterparse as defused_iterparse

    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                data = archive.read(info)
                if b"\x00" in data[:4] or data.startswith(
                    (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
                ):
                    events = defused_iterparse(io.BytesIO(data))  # the regex cannot see UTF-16
                elif _F_TAG_RE.search(data) is None:
                    continue
                elif _DTD_RE.search(data) is not None:
                    return True
                else:
                    events = ET.iterparse(io.BytesIO(data))
                try:
                    if any(_formula_without_value(element) for _event, element in events):
                        return True
                except ET.ParseError:
                    continue
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError, KeyError):  # fmt: skip
        return True
    return False


def _formula_without_value(element: Any) -> bool:
    """Is ``element`` a cell (any namespace) whose formula openpyxl gives no cached value?"""
    if element.tag.rpartition("}")[2] != "c":
        return False
    if any(child.tag.rpartition("}")[2] == "f" for child in element):
        return element.get("t") == "inlineStr" or not element.findtext(_VALUE_TAG)
    element.clear()  # done with this cell
    return False


NEAR_SHEET = 0.6
"""How alike (difflib ratio, as people read the names) a sheet name must be to be taken
for a misspelt input sheet."""
NEAR_COLUMN = 0.5
NEAR_OPTIONAL_COLUMN = 0.6
HEADER_SCAN_ROWS = 10
"""How far down a sheet the reader looks for a header row that is not on row 1."""


def _close(a: str, b: str, cutoff: float) -> bool:
    """Are two normalised names alike enough that one is a misspelling of the other?"""
    if a in b or b in a:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= cutoff


def _sheet_state_issue(ws: Any, file: str) -> Issue | None:
    """A hidden (or very hidden) sheet: what is computed must be what the officer sees."""
    state = getattr(ws, "sheet_state", "visible")
    if state == "visible":
        return None
    code = "sheet_very_hidden" if state == "veryHidden" else "sheet_hidden"
    return Issue.at(file, code, sheet=shown(ws.title))


def _match_sheets(wb: Any, file: str) -> tuple[dict[str, str], list[Issue]]:
    """Schema sheet key -> the workbook's sheet name, matched as a person reads the names
    (NFKC, spaces ignored); a near-miss of any input sheet — required or optional — is an
    error naming both, and so is a hidden input sheet or two sheets that read alike."""
    names = list(wb.sheetnames)
    normal = {name: normal_name(name) for name in names}
    expected = {sheet.key: normal_name(sheet.name) for sheet in SHEETS}
    taken = {name for name in names if normal[name] in expected.values()}
    chosen: dict[str, str] = {}
    issues: list[Issue] = []
    flagged: set[str] = set()
    for sheet in SHEETS:
        same = [name for name in names if normal[name] == expected[sheet.key]]
        if len(same) > 1:
            found = "」「".join(shown(name) for name in same)
            issues.append(Issue.at(file, "sheet_twice", sheet=sheet.name, found=found))
            flagged.update(same)
            continue
        if same:
            chosen[sheet.key] = same[0]
            continue
        near = [
            name
            for name in names
            if name not in taken and _close(normal[name], expected[sheet.key], NEAR_SHEET)
        ]
        if near:
            code = "missing_sheet_suggest" if sheet.required else "optional_sheet_near"
            issues.append(Issue.at(file, code, sheet=sheet.name, found=shown(near[0])))
            flagged.update(near[:1])
        elif sheet.required:
            issues.append(Issue.at(file, "missing_sheet", sheet=sheet.name))
    for name in names:
        if name in chosen.values() or name in flagged:
            problem = _sheet_state_issue(wb[name], file)
            if problem is not None:
                issues.append(problem)
    return chosen, issues


def _header_value(value: object) -> str:
    return value if isinstance(value, str) else shown(value)


def _column_for(text: str, sheet: Sheet) -> tuple[Column | None, Column | None]:
    """(the column a header names, the column it names in another unit)."""
    name = normal_name(text)
    base, unit = split_unit(name)
    for col in sheet.columns:
        expected = normal_name(col.header)
        col_base = split_unit(expected)[0]
        wanted = column_unit(col)
        if name == expected:
            return col, None
        if wanted is not None and unit is not None and base == col_base:
            if same_unit(unit, wanted):
                return col, None
            if other_unit(unit, wanted):
                return None, col
    return None, None


def _header_row_below(ws: Any, sheet: Sheet) -> int | None:
    """The row (2..HEADER_SCAN_ROWS) holding the sheet's headers, when row 1 does not."""
    required = [col for col in sheet.columns if col.required]
    for cells in ws.iter_rows(min_row=2, max_row=HEADER_SCAN_ROWS):
        names = {_column_for(_header_value(c.value), sheet)[0] for c in cells if c.value}
        if sum(col in names for col in required) * 2 >= len(required):
            return cells[0].row if cells else None
    return None


def _headers(
    ws: Any, sheet: Sheet, issues: list[Issue], header_text: dict[int, str] | None = None
) -> dict[str, int]:
    """Header text → column number for the sheet's known columns; problems as issues.

    Headers are matched as a person reads them (``normal_name``); a header in another unit
    (万元 for 元, 米 for 公里) is an error saying which unit is expected, never a hint to
    rename it; a header close to an optional column is an error naming both."""
    found: dict[str, int] = {}
    unknown: dict[str, int] = {}
    shown_as: dict[str, str] = {}
    claimed: set[str] = set()
    for cell in next(ws.iter_rows(min_row=1, max_row=1), ()):
        raw = _header_value(cell.value)
        text = raw.strip()
        if not normal_name(text):
            continue
        if header_text is not None:
            header_text[cell.column] = shown(text)
        col, other = _column_for(text, sheet)
        if col is not None and col.header in found:
            issues.append(
                Issue.at(sheet.name, "duplicate_column", 1, cell.column, column=shown(text))
            )
        elif col is not None:
            found[col.header] = cell.column
        elif other is not None:
            _base, unit = split_unit(normal_name(text))
            issues.append(
                Issue.at(
                    sheet.name,
                    "wrong_unit",
                    1,
                    cell.column,
                    found=shown(text),
                    unit=unit or "",
                    expected=column_unit(other) or "",
                    column=other.header,
                )
            )
            claimed.add(other.header)
        else:
            unknown[text] = cell.column
            shown_as[text] = shown(text)
    if not found and not claimed:
        below = _header_row_below(ws, sheet)
        if below is not None:
            issues.append(Issue.at(sheet.name, "header_not_on_row_1", below, found=below))
            return {}
    for col in sheet.columns:
        if col.header in found or col.header in claimed:
            continue
        wanted = column_unit(col)
        candidates = {
            text: normal_name(text)
            for text in unknown
            if not other_unit(split_unit(normal_name(text))[1], wanted)
        }
        expected = normal_name(col.header)
        if col.required:
            near = difflib.get_close_matches(expected, list(candidates.values()), 1, NEAR_COLUMN)
            code = "missing_column_suggest"
        else:
            base = split_unit(expected)[0]
            near = [
                name
                for name in candidates.values()
                if _close(split_unit(name)[0], base, NEAR_OPTIONAL_COLUMN)
            ][:1]
            code = "optional_column_near"
        match = next((text for text, name in candidates.items() if near and name == near[0]), None)
        if match is not None:
            issues.append(
                Issue.at(
                    sheet.name,
                    code,
                    1,
                    unknown.pop(match),
                    column=col.header,
                    found=shown_as[match],
                )
            )
        elif col.required:
            issues.append(Issue.at(sheet.name, "missing_column", column=col.header))
    return found


def _hidden_issues(ws: Any, sheet: Sheet) -> list[Issue]:
    """Hidden rows and columns that hold data: what is computed must be what is seen."""
    issues: list[Issue] = []
    hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden or dim.height == 0}
    hidden_cols: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden or dim.width == 0:
            first, last = dim.min or 0, dim.max or 0
            hidden_cols.update(range(first, min(last, ws.max_column) + 1))
    if not hidden_rows and not hidden_cols:
        return issues
    rows_with_data: set[int] = set()
    cols_with_data: set[int] = set()
    for cells in ws.iter_rows():
        for cell in cells:
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                continue
            if cell.row in hidden_rows:
                rows_with_data.add(cell.row)
            if cell.column in hidden_cols:
                cols_with_data.add(cell.column)
    issues += [Issue.at(sheet.name, "hidden_row", r) for r in sorted(rows_with_data)]
    issues += [Issue.at(sheet.name, "hidden_column", col=c) for c in sorted(cols_with_data)]
    return issues


def _cell_value(cell: Any, formula_cell: Any | None) -> object:
    if cell.data_type == "e":
        return BadCell("error_cell", str(cell.value))
    value = cell.value
    if value is not None or formula_cell is None:
        return value
    formula = formula_cell.value
    if value is None and isinstance(formula, str) and formula.startswith("="):
        return BadCell("formula_no_value", formula)
    if hasattr(formula, "text") and value is None:  # an array formula with no value
        return BadCell("formula_no_value", str(formula.text))
    return value


def _merged_issues(ws: Any, sheet: Sheet) -> list[Issue]:
    issues = []
    for merged in ws.merged_cells.ranges:
        issues.append(
            Issue.at(sheet.name, "merged_cell", merged.min_row, merged.min_col, found=merged.coord)
        )
    return issues


def _rows(
    ws: Any, fws: Any | None, columns: dict[str, int]
) -> Iterable[tuple[int, dict[str, object]]]:
    """(Excel row, {header: value}) for each non-blank data row; ``fws`` is the sheet's
    formulas (None when no cell has a formula without a cached value)."""
    # openpyxl's cell table by row: what ``iter_rows(min_row=2)`` walks, without making
    # an empty cell for every gap (rows with no cell are blank rows, skipped anyway)
    by_row: dict[int, dict[int, Any]] = {}
    for (row, col), cell in ws._cells.items():
        if row >= 2:
            by_row.setdefault(row, {})[col] = cell
    formulas = None if fws is None else fws._cells
    wanted = list(columns.items())
    for row in sorted(by_row):
        cells = by_row[row]
        values: dict[str, object] = {}
        blank = True
        for header, col in wanted:
            cell = cells.get(col)
            if cell is None:
                values[header] = None
                continue
            if formulas is None and cell.data_type != "e":
                value = cell.value  # what _cell_value gives such a cell, without the call
            else:
                value = _cell_value(cell, None if formulas is None else formulas.get((row, col)))
            if blank and value is not None and not (isinstance(value, str) and not value.strip()):
                blank = False
            values[header] = value
        if not blank:
            yield row, values


def _validate_row(
    model: type[Row], sheet: Sheet, row: int, values: dict[str, object], columns: dict[str, int]
) -> tuple[Row | None, list[Issue]]:
    try:
        return model.model_validate({**values, "row": row}), []
    except ValidationError as error:
        issues = []
        for e in error.errors():
            header = str(e["loc"][0]) if e["loc"] else ""
            if e["type"] == "missing":
                continue  # the whole column is missing: reported once for the sheet
            ctx = {k: str(v) for k, v in (e.get("ctx") or {}).items()}
            issues.append(Issue.with_params(sheet.name, e["type"], ctx, row, columns.get(header)))
        return None, issues


def _read_info(ws: Any, fws: Any | None, parsed: ParsedWorkbook, epoch: dt.datetime) -> None:
    issues = parsed.issues
    columns = _headers(ws, INFO, issues, parsed.header_text.setdefault(INFO.name, {}))
    item_h, value_h = INFO.columns[0].header, INFO.columns[1].header
    if item_h not in columns or value_h not in columns:
        parsed.damaged.add(INFO.key)
        return
    keys = {normal_name(key): key for key in (*INFO_KEYS, *INFO_OPTIONAL_KEYS)}
    seen: dict[str, int] = {}
    for row, values in _rows(ws, fws, columns):
        item = values[item_h]
        key = keys.get(normal_name(item if isinstance(item, str) else shown(item)))
        if key is None:
            continue
        if key in seen:
            issues.append(Issue.at(INFO.name, "duplicate_info", row, columns[item_h], item=key))
            continue
        seen[key] = row
        parsed.info_rows[key] = row
        problem = _info_value(key, values[value_h], parsed, epoch)
        if problem:
            code, expected = problem
            issues.append(
                Issue.at(
                    INFO.name,
                    code,
                    row,
                    columns[value_h],
                    found=shown(values[value_h]),
                    expected=expected,
                )
            )
    for key in INFO_KEYS:
        if key not in seen:
            issues.append(Issue.at(INFO.name, "info_missing", item=key))
    outside = _date_outside_year(parsed, columns[value_h])
    if outside is not None:
        del parsed.info["prepared"]
        issues.append(outside)
    if not all(k in parsed.info for k in ("year", "city", "prepared")):
        parsed.damaged.add(INFO.key)


def _date_outside_year(parsed: ParsedWorkbook, col: int) -> Issue | None:
    """编制日期 lies in 年度 or in the year after it (a year-end statement may be dated
    early the next year)."""
    year, prepared = parsed.info.get("year"), parsed.info.get("prepared")
    if not isinstance(year, int) or not isinstance(prepared, dt.date):
        return None
    if year <= prepared.year <= year + 1:
        return None
    return Issue.at(
        INFO.name,
        "date_outside_year",
        parsed.info_rows[INFO_DATE],
        col,
        found=prepared.isoformat(),
        year=year,
        first=dt.date(year, 1, 1).isoformat(),
        last=dt.date(year + 1, 12, 31).isoformat(),
    )


_DATE_RE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$")
"""编制日期 as people type it: 2023-03-31, 2023/3/31, 2023.3.31, 2023年3月31日."""


def parse_date(value: object, epoch: dt.datetime) -> dt.date | None:
    """A date cell, a date serial in a General cell, or a date typed as text; None if not."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        if not 1 <= value < 2958466:  # Excel's serials: 1900-01-01 to 9999-12-31
            return None
        converted = from_excel(value, epoch)
        return converted.date() if isinstance(converted, dt.datetime) else None
    if isinstance(value, str):
        match = _DATE_RE.match(normal_name(value))
        if match is None:
            return None
        year, month, day = (int(part) for part in match.groups() if part is not None)
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


def _info_value(
    key: str, value: object, parsed: ParsedWorkbook, epoch: dt.datetime
) -> tuple[str, str] | None:
    """Store one 基本信息 value; return (code, expected) when it is unusable."""
    if isinstance(value, BadCell):
        return value.code, "@kind.text"
    if key == INFO_NUMBER:  # optional: a blank 文号 means the notice carries none
        if value is not None and str(value).strip():
            parsed.info["document_number"] = str(value).strip()
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        expected = {
            INFO_YEAR: "@kind.year",
            INFO_DATE: "@kind.date",
            INFO_STAGE: "@kind.stage",
        }.get(key, "@kind.text")
        return "blank_cell", expected
    if key == INFO_YEAR:
        text = shown(value).strip()
        if not (text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100):
            return "bad_year", "@kind.year"
        parsed.info["year"] = int(text)
    elif key == INFO_CITY:
        parsed.info["city"] = str(value).strip()
    elif key == INFO_DATE:
        prepared = parse_date(value, epoch)
        if prepared is None:
            return "bad_date", "@kind.date"
        parsed.info["prepared"] = prepared
    elif key == INFO_STAGE:  # 年初 / 年末 (SPEC §7); the row absent means 年末
        text = normal_name(str(value))
        if text not in STAGES:
            return "bad_stage", "@kind.stage"
        parsed.info["stage"] = text
    return None


def with_headers(issues: Iterable[Issue], parsed: ParsedWorkbook) -> list[Issue]:
    """Each cell issue below a sheet's header row carries that column's header, as the
    workbook shows it: 「中心经费!E2（实际发生（元））：…」."""
    from dataclasses import replace

    named = []
    for issue in issues:
        header = parsed.header_text.get(issue.sheet, {}).get(issue.col or 0)
        if header is not None and issue.row is not None and issue.row > 1 and not issue.header:
            issue = replace(issue, header=header)
        named.append(issue)
    return named


def parse_workbook(
    path: Path, data: bytes | None = None, stripped: StrippedZip | None = None
) -> ParsedWorkbook:
    """Read every sheet of the input workbook (from ``data`` when given: the bytes already
    read and checked; ``stripped``: ``sheetcells.strip_cells(data)``, when already done);
    all problems land in ``issues``."""
    parsed = ParsedWorkbook(file=path.name)
    try:
        values_wb, formulas_wb = _open(path if data is None else io.BytesIO(data), stripped)
    except (zipfile.BadZipFile, KeyError, OSError, TypeError) as error:
        parsed.issues.append(Issue.at(path.name, "not_xlsx", found=type(error).__name__))
        parsed.damaged.update(sheet.key for sheet in SHEETS)
        return parsed
    except ValueError as error:  # openpyxl's int()/float() of a number cell, and more
        source = path if data is None else io.BytesIO(data)
        parsed.issues.append(_number_cell_issue(source) or _corrupt(path.name, error))
        parsed.damaged.update(sheet.key for sheet in SHEETS)
        return parsed
    except (SyntaxError, IndexError, AttributeError, EOFError, zlib.error,
            RecursionError, LookupError, UnicodeError, OverflowError) as error:  # fmt: skip
        # a truncated or malformed XML part (ParseError is a SyntaxError), a shared string
        # index beyond the table...: the guard checks sizes, not every part's grammar
        parsed.issues.append(_corrupt(path.name, error))
        parsed.damaged.update(sheet.key for sheet in SHEETS)
        return parsed
    names = list(values_wb.sheetnames)
    normal = {normal_name(name) for name in names}
    if not any(normal_name(sheet.name) in normal for sheet in SHEETS if sheet.required):
        # an empty workbook, or another file: one message instead of one per sheet
        expected = "、".join(sheet.name for sheet in SHEETS if sheet.required)
        found = shown("、".join(names))
        parsed.issues.append(Issue.at(path.name, "no_input_sheets", found=found, expected=expected))
        parsed.damaged.update(sheet.key for sheet in SHEETS)
        return parsed
    chosen, problems = _match_sheets(values_wb, path.name)
    parsed.issues.extend(problems)
    epoch = getattr(values_wb, "epoch", dt.datetime(1899, 12, 30))
    for sheet in SHEETS:
        name = chosen.get(sheet.key)
        if name is None:
            if sheet.required or any(sheet.name in dict(i.params).values() for i in problems):
                parsed.damaged.add(sheet.key)
            parsed.rows[sheet.key] = []
            continue
        parsed.present.add(sheet.key)
        ws = values_wb[name]
        fws = None if formulas_wb is None else formulas_wb[name]
        before = len(parsed.issues)
        parsed.issues.extend(_merged_issues(ws, sheet))
        parsed.issues.extend(_hidden_issues(ws, sheet))
        if getattr(ws, "sheet_state", "visible") != "visible":
            parsed.damaged.add(sheet.key)
        if len(parsed.issues) > before:
            parsed.damaged.add(sheet.key)
        if sheet is INFO:
            _read_info(ws, fws, parsed, epoch)
            continue
        columns = _headers(ws, sheet, parsed.issues, parsed.header_text.setdefault(sheet.name, {}))
        parsed.headers[sheet.key] = columns
        model = ROW_MODELS[sheet.key]
        rows: list[Row] = []
        for row, cells in _rows(ws, fws, columns):
            parsed_row, problems_in_row = _validate_row(model, sheet, row, cells, columns)
            parsed.issues.extend(problems_in_row)
            if parsed_row is not None:
                rows.append(parsed_row)
        parsed.rows[sheet.key] = rows
        if len(parsed.issues) > before:
            parsed.damaged.add(sheet.key)
    for workbook in (values_wb, formulas_wb):
        _release_cells(workbook)
    parsed.issues = with_headers(parsed.issues, parsed)
    return parsed


def _release_cells(workbook: Any | None) -> None:
    """Free a read workbook's cells now. A workbook and its sheets refer to each other,
    so only the cycle collector would free them, cells and all: walking those cells too
    made the collection that ends the read twice as long (5,000 counties: ~330,000
    objects; the read ~0.1 s faster)."""
    for ws in [] if workbook is None else workbook.worksheets:
        ws._cells.clear()


def _corrupt(file: str, error: BaseException) -> Issue:
    return Issue.at(file, "workbook_corrupt", found=type(error).__name__)


_NUMBER_CELL_RE = re.compile(
    rb"<(?:[\w.-]+:)?c\b([^>]*)>\s*<(?:[\w.-]+:)?v>([^<]*)</(?:[\w.-]+:)?v>", re.S
)
_ATTRIBUTE_RE = re.compile(rb"""\b(r|t)\s*=\s*["']([^"']*)["']""")
_SHEET_RE = re.compile(rb"<(?:[\w.-]+:)?sheet\b([^>]*)/?>")
_SHEET_ATTR_RE = re.compile(rb"""\b(name|(?:[\w.-]+:)?id)\s*=\s*["']([^"']*)["']""")
_REL_RE = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)/?>")
_REL_ATTR_RE = re.compile(rb"""\b(Id|Target)\s*=\s*["']([^"']*)["']""")


def _number_cell_issue(source: Path | io.BytesIO) -> Issue | None:
    """The first number cell openpyxl cannot read (``inf``, ``NaN``, a 5,000-digit number),
    as an issue at its sheet!cell — or None when that is not why the workbook failed.

    Only called after openpyxl refused the workbook; the guard has already bounded every
    part's size, so reading them here is bounded too."""
    import html

    try:
        with zipfile.ZipFile(_again(source)) as archive:
            names = _sheet_names_by_part(archive)
            for part, sheet in names.items():
                data = archive.read(part)
                for match in _NUMBER_CELL_RE.finditer(data):
                    attributes = dict(_ATTRIBUTE_RE.findall(match.group(1)))
                    if attributes.get(b"t", b"n") != b"n":
                        continue
                    text = html.unescape(match.group(2).decode("utf-8", "replace")).strip()
                    if _readable_number(text):
                        continue
                    ref = attributes.get(b"r", b"").decode("ascii", "replace")
                    cell = re.fullmatch(r"([A-Z]{1,3})([0-9]{1,7})", ref)
                    found = text if len(text) <= 40 else f"{text[:20]}…（{len(text)}）"
                    if cell is None:
                        return Issue.at(sheet, "bad_number_cell", found=found)
                    row, col = int(cell.group(2)), _column_number(cell.group(1))
                    return Issue.at(sheet, "bad_number_cell", row, col, found=found)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, zlib.error, EOFError):
        return None
    return None


def _readable_number(text: str) -> bool:
    """Would openpyxl read this ``<v>`` of a number cell (its ``_cast_number``)? ``inf``,
    ``NaN`` and integers past Python's 4,300-digit limit raise; ``1e999`` reads as inf and
    is refused later, at its cell, by ``roadfund.money``."""
    try:
        float(text) if any(ch in text for ch in ".eE") else int(text)
    except ValueError:
        return False
    return True


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _sheet_names_by_part(archive: zipfile.ZipFile) -> dict[str, str]:
    """worksheet part → sheet name, from xl/workbook.xml and its relationships."""
    import html
    import posixpath

    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = {}
    for match in _REL_RE.finditer(rels):
        attrs = {
            k.decode(): v.decode("utf-8", "replace")
            for k, v in _REL_ATTR_RE.findall(match.group(1))
        }
        if "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            part = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            targets[attrs["Id"]] = part
    names = {}
    for match in _SHEET_RE.finditer(workbook):
        attrs = {
            k.decode(): v.decode("utf-8", "replace")
            for k, v in _SHEET_ATTR_RE.findall(match.group(1))
        }
        rid = next((v for k, v in attrs.items() if k.endswith("id") and k != "sheetId"), None)
        if rid in targets and "name" in attrs:
            names[targets[rid]] = html.unescape(attrs["name"])
    return {part: name for part, name in names.items() if part in archive.namelist()}
