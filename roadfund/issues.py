"""Input problems as data: every problem becomes an ``Issue``; they are collected, sorted
by sheet, row and column, and rendered once in the user's language (zh or en).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from roadfund.schema import SHEET_ORDER
from roadfund.text import Lang, message


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
    def location(self) -> str:
        if self.key is not None:
            return f"{self.sheet}: {self.key}"
        if self.row is not None and self.col is not None:
            return f"{self.sheet}!{column_letter(self.col)}{self.row}"
        if self.row is not None:
            return f"{self.sheet}!{self.row}:{self.row}"
        if self.col is not None:
            return f"{self.sheet}!{column_letter(self.col)}:{column_letter(self.col)}"
        return self.sheet

    def message(self, lang: Lang = "zh") -> str:
        return message(self.code, lang, **dict(self.params))

    def render(self, lang: Lang = "zh") -> str:
        return f"{self.location}: {self.message(lang)}"

    def as_dict(self, lang: Lang = "zh") -> dict[str, object]:
        return {
            "location": self.location,
            "sheet": self.sheet,
            "row": self.row,
            "column": column_letter(self.col) if self.col else None,
            "key": self.key,
            "code": self.code,
            "params": dict(self.params),
            "message": self.message(lang),
        }

    def sort_key(self) -> tuple[int, str, int, int, int, str, str, tuple[tuple[str, str], ...]]:
        return (
            SHEET_ORDER.get(self.sheet, -1),  # file-level problems (a file name) first
            self.sheet,
            SHEET_ORDER.get(dict(self.params).get("sheet", ""), -1),  # missing sheets in order
            self.row or 0,
            self.col or 0,
            self.key or "",
            self.code,
            self.params,
        )


def sorted_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Sorted by sheet order, row, column; exact duplicates dropped."""
    return sorted(set(issues), key=Issue.sort_key)


class InputError(Exception):
    """The input is invalid; carries every issue found."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = sorted_issues(issues)
        super().__init__(f"{len(self.issues)} input issue(s)")
