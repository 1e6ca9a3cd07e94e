"""Input problems as data: every problem becomes an ``Issue``; they are collected, sorted
by sheet, row and column, and rendered once in the user's language (zh or en).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from roadfund.schema import SHEET_ORDER
from roadfund.text import Lang, label, message


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Issue:
    """One problem in the input: where (sheet!cell or file/key), what (code + params)."""

    sheet: str  # sheet name, or a file name such as "policy.toml"
    code: str  # key in the message catalog (roadfund.text.MESSAGES)
    row: int | None = None  # Excel row number (1-based)
    col: int | None = None  # Excel column number (1-based)
    key: str | None = None  # a dotted key for non-sheet sources (policy files)
    params: tuple[tuple[str, str], ...] = field(default=())
    header: str | None = None  # the column's header as the workbook shows it (⏎ for a break)
    last_row: int | None = None  # the same problem down to this row (中心经费!E2:E22)

    @classmethod
    def at(
        cls,
        sheet: str,
        code: str,
        /,
        row: int | None = None,
        col: int | None = None,
        key: str | None = None,
        **params: object,
    ) -> Issue:
        return cls.with_params(sheet, code, params, row, col, key)

    @classmethod
    def with_params(
        cls,
        sheet: str,
        code: str,
        params: Mapping[str, object],
        /,
        row: int | None = None,
        col: int | None = None,
        key: str | None = None,
    ) -> Issue:
        """``at`` with the message's parameters as a mapping (built elsewhere, e.g. from a
        pydantic error's context), so no parameter can be taken for ``row``/``col``/``key``."""
        return cls(sheet, code, row, col, key, tuple((k, str(v)) for k, v in params.items()))

    @property
    def cells(self) -> str | None:
        """The cell or range inside the sheet: "E2", "E2:E22", "5:5", "C:C"; None when the
        issue is about a whole sheet or file."""
        last = self.last_row if self.last_row is not None else self.row
        if self.key is not None:
            return None
        if self.row is not None and self.col is not None:
            letter = column_letter(self.col)
            if last != self.row:
                return f"{letter}{self.row}:{letter}{last}"
            return f"{letter}{self.row}"
        if self.row is not None:
            return f"{self.row}:{last}"
        if self.col is not None:
            return f"{column_letter(self.col)}:{column_letter(self.col)}"
        return None

    @property
    def location(self) -> str:
        if self.key is not None:
            return f"{self.sheet}: {self.key}"
        cells = self.cells
        return self.sheet if cells is None else f"{self.sheet}!{cells}"

    def message(self, lang: Lang = "zh") -> str:
        return message(self.code, lang, **dict(self.params))

    def render(self, lang: Lang = "zh") -> str:
        """「中心经费!E2（实际发生（元））：单元格为空…」 — the column's header with the cell."""
        if self.header is None:
            return f"{self.location}: {self.message(lang)}"
        return label(
            "issue.with_header",
            lang,
            location=self.location,
            header=self.header,
            message=self.message(lang),
        )

    def as_dict(self, lang: Lang = "zh") -> dict[str, object]:
        return {
            "location": self.location,
            "sheet": self.sheet,
            "row": self.row,
            "last_row": self.last_row if self.last_row is not None else self.row,
            "column": column_letter(self.col) if self.col else None,
            "range": self.cells,
            "header": self.header,
            "key": self.key,
            "code": self.code,
            "params": dict(self.params),
            "message": self.message(lang),
        }

    def sort_key(
        self,
    ) -> tuple[int, str, int, int, int, str, str, tuple[tuple[str, str], ...], str, int]:
        return (
            SHEET_ORDER.get(self.sheet, -1),  # file-level problems (a file name) first
            self.sheet,
            SHEET_ORDER.get(dict(self.params).get("sheet", ""), -1),  # missing sheets in order
            self.row or 0,
            self.col or 0,
            self.key or "",
            self.code,
            self.params,
            self.header or "",
            self.last_row or 0,
        )


def _same_problem(run: Issue, issue: Issue) -> bool:
    """Is ``issue`` the problem ``run`` reports, in the next row of the same column?"""
    last = run.last_row if run.last_row is not None else run.row
    return (
        run.key is None
        and issue.key is None
        and run.row is not None
        and last is not None
        and issue.row == last + 1
        and issue.last_row in (None, issue.row)
        and (run.sheet, run.col, run.code, run.params, run.header)
        == (issue.sheet, issue.col, issue.code, issue.params, issue.header)
    )


def sorted_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Sorted by sheet order, column-wise runs joined, then row, column; exact duplicates
    dropped. One problem repeated down a column (the same message in consecutive rows) is
    said once, with its range: 中心经费!E2:E22."""
    ordered = sorted(set(issues), key=Issue.sort_key)
    by_column = sorted(
        ordered, key=lambda i: (i.sheet, i.key or "", i.col or 0, i.code, i.params, i.row or 0)
    )
    runs: list[Issue] = []
    for issue in by_column:
        if runs and _same_problem(runs[-1], issue):
            runs[-1] = replace(runs[-1], last_row=issue.row)
        else:
            runs.append(issue)
    return sorted(runs, key=Issue.sort_key)


class InputError(Exception):
    """The input is invalid; carries every issue found."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = sorted_issues(issues)
        super().__init__(f"{len(self.issues)} input issue(s)")
