"""Read the input workbook cell by cell with openpyxl, keeping real Excel row numbers.

Every problem becomes an Issue at ``sheet!cell``; nothing stops at the first one. Rows
that fail are left out of the result (and their sheet is marked as damaged, so the
cross-sheet rules do not report knock-on problems).
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import io
import itertools
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from roadfund.issues import Issue
from roadfund.models import ROW_MODELS, BadCell, Row, shown
from roadfund.schema import INFO, INFO_CITY, INFO_DATE, INFO_KEYS, INFO_YEAR, SHEETS, Sheet


@dataclass
class ParsedWorkbook:
    """What the reader got out of the workbook, before the cross-sheet rules."""

    file: str
    rows: dict[str, list[Row]] = field(default_factory=dict)  # by schema sheet key
    info: dict[str, object] = field(default_factory=dict)  # year, city, prepared
    info_rows: dict[str, int] = field(default_factory=dict)  # info item -> Excel row
    damaged: set[str] = field(default_factory=set)  # sheet keys with a problem
    present: set[str] = field(default_factory=set)  # sheet keys found in the workbook
    headers: dict[str, dict[str, int]] = field(default_factory=dict)  # key -> header -> col
    issues: list[Issue] = field(default_factory=list)


def _open(path: Path | io.BytesIO) -> tuple[Any, Any | None]:
    """The workbook's cached values; and its formulas too, but only when some cell may hold
    a formula with no cached value (to name that formula) — most files have none, and
    openpyxl reading the whole workbook a second time was a third of a small run."""
    from roadfund.reader.guard import import_openpyxl

    openpyxl = import_openpyxl()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about data validation, styles...
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


def _find_sheet(names: list[str], sheet: Sheet, file: str) -> tuple[str | None, Issue | None]:
    if sheet.name in names:
        return sheet.name, None
    if not sheet.required:
        return None, None
    near = [n for n in names if n.strip() == sheet.name] or difflib.get_close_matches(
        sheet.name, names, n=1, cutoff=0.6
    )
    if near:
        return None, Issue.at(file, "missing_sheet_suggest", sheet=sheet.name, found=near[0])
    return None, Issue.at(file, "missing_sheet", sheet=sheet.name)


def _headers(ws: Any, sheet: Sheet, issues: list[Issue]) -> dict[str, int]:
    """Header text → column number for the sheet's known columns; problems as issues."""
    found: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for cell in next(ws.iter_rows(min_row=1, max_row=1), ()):
        text = cell.value.strip() if isinstance(cell.value, str) else shown(cell.value)
        if not text:
            continue
        if text in found:
            issues.append(Issue.at(sheet.name, "duplicate_column", 1, cell.column, column=text))
        elif any(col.header == text for col in sheet.columns):
            found[text] = cell.column
        else:
            unknown[text] = cell.column
    for col in sheet.columns:
        if col.header in found or not col.required:
            continue
        near = difflib.get_close_matches(col.header, list(unknown), n=1, cutoff=0.5)
        if near:
            issues.append(
                Issue.at(
                    sheet.name,
                    "missing_column_suggest",
                    1,
                    unknown.pop(near[0]),
                    column=col.header,
                    found=near[0],
                )
            )
        else:
            issues.append(Issue.at(sheet.name, "missing_column", column=col.header))
    return found


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
    formula_rows = fws.iter_rows(min_row=2) if fws is not None else None
    for cells in ws.iter_rows(min_row=2):
        fcells = next(formula_rows) if formula_rows is not None else itertools.repeat(None)
        by_col = {c.column: (c, f) for c, f in zip(cells, fcells, strict=False)}
        values: dict[str, object] = {}
        for header, col in columns.items():
            pair = by_col.get(col)
            values[header] = None if pair is None else _cell_value(*pair)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        yield cells[0].row if cells else 0, values


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
            issues.append(Issue.at(sheet.name, e["type"], row, columns.get(header), **ctx))
        return None, issues


def _read_info(ws: Any, fws: Any | None, parsed: ParsedWorkbook) -> None:
    issues = parsed.issues
    columns = _headers(ws, INFO, issues)
    item_h, value_h = INFO.columns[0].header, INFO.columns[1].header
    if item_h not in columns or value_h not in columns:
        parsed.damaged.add(INFO.key)
        return
    seen: dict[str, int] = {}
    for row, values in _rows(ws, fws, columns):
        item = values[item_h]
        key = item.strip() if isinstance(item, str) else shown(item)
        if key not in INFO_KEYS:
            continue
        if key in seen:
            issues.append(Issue.at(INFO.name, "duplicate_info", row, columns[item_h], item=key))
            continue
        seen[key] = row
        parsed.info_rows[key] = row
        problem = _info_value(key, values[value_h], parsed)
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
    if len(parsed.info) < len(INFO_KEYS):
        parsed.damaged.add(INFO.key)


def _info_value(key: str, value: object, parsed: ParsedWorkbook) -> tuple[str, str] | None:
    """Store one 基本信息 value; return (code, expected) when it is unusable."""
    if isinstance(value, BadCell):
        return value.code, "@kind.text"
    if value is None or (isinstance(value, str) and not value.strip()):
        expected = {INFO_YEAR: "@kind.year", INFO_DATE: "@kind.date"}.get(key, "@kind.text")
        return "blank_cell", expected
    if key == INFO_YEAR:
        text = shown(value).strip()
        if not (text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100):
            return "bad_year", "@kind.year"
        parsed.info["year"] = int(text)
    elif key == INFO_CITY:
        parsed.info["city"] = str(value).strip()
    elif key == INFO_DATE:
        if isinstance(value, dt.datetime):
            parsed.info["prepared"] = value.date()
        elif isinstance(value, dt.date):
            parsed.info["prepared"] = value
        else:
            try:
                parsed.info["prepared"] = dt.date.fromisoformat(str(value).strip())
            except ValueError:
                return "bad_date", "@kind.date"
    return None


def parse_workbook(path: Path, data: bytes | None = None) -> ParsedWorkbook:
    """Read every sheet of the input workbook (from ``data`` when given: the bytes already
    read and checked); all problems land in ``issues``."""
    parsed = ParsedWorkbook(file=path.name)
    try:
        values_wb, formulas_wb = _open(path if data is None else io.BytesIO(data))
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
    stripped = {name.strip() for name in names}
    if not any(sheet.name in stripped for sheet in SHEETS if sheet.required):
        # an empty workbook, or another file: one message instead of one per sheet
        expected = "、".join(sheet.name for sheet in SHEETS if sheet.required)
        found = shown("、".join(names))
        parsed.issues.append(Issue.at(path.name, "no_input_sheets", found=found, expected=expected))
        parsed.damaged.update(sheet.key for sheet in SHEETS)
        return parsed
    for sheet in SHEETS:
        name, problem = _find_sheet(names, sheet, path.name)
        if problem:
            parsed.issues.append(problem)
        if name is None:
            if sheet.required:
                parsed.damaged.add(sheet.key)
            parsed.rows[sheet.key] = []
            continue
        parsed.present.add(sheet.key)
        ws = values_wb[name]
        fws = None if formulas_wb is None else formulas_wb[name]
        merged = _merged_issues(ws, sheet)
        parsed.issues.extend(merged)
        if merged:
            parsed.damaged.add(sheet.key)
        if sheet is INFO:
            _read_info(ws, fws, parsed)
            continue
        before = len(parsed.issues)
        columns = _headers(ws, sheet, parsed.issues)
        parsed.headers[sheet.key] = columns
        model = ROW_MODELS[sheet.key]
        rows: list[Row] = []
        for row, cells in _rows(ws, fws, columns):
            parsed_row, problems = _validate_row(model, sheet, row, cells, columns)
            parsed.issues.extend(problems)
            if parsed_row is not None:
                rows.append(parsed_row)
        parsed.rows[sheet.key] = rows
        if len(parsed.issues) > before:
            parsed.damaged.add(sheet.key)
    return parsed


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
