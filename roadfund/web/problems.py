"""Input problems for the page's table: the CLI's own Issue values, each with the header
of its column — the same texts ``roadfund check`` prints, under the user's file names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from roadfund.web.engine_api import SHEETS, Issue, Lang, inspect_container, label, parse_workbook


@dataclass(frozen=True)
class Problem:
    """One row of the problem table."""

    issue: Issue
    header: str  # the header of the issue's column in the workbook, "" if none

    def cells(self, lang: Lang) -> dict[str, str]:
        """Sheet, cell, header, what was found, what was expected, and the CLI's message."""
        info = self.issue.as_dict(lang)
        params = dict(self.issue.params)
        location = str(info["location"])
        return {
            "location": location,
            "sheet": self.issue.sheet,
            "cell": location.split("!", 1)[1] if "!" in location else (self.issue.key or ""),
            "header": self.header,
            "found": params.get("found", ""),
            "expected": _word(params.get("expected", ""), lang),
            "message": str(info["message"]),
            "line": self.issue.render(lang),
        }


def _word(value: str, lang: Lang) -> str:
    """A parameter naming a catalog label (``@kind.km``) in the reader's language, as the
    catalog renders it inside a message."""
    return label(value[1:], lang) if value.startswith("@") else value


def renamed(issues: Iterable[Issue], names: Mapping[str, str]) -> list[Issue]:
    """Issues with the stored files' generated names replaced by the names the user gave
    (``input.xlsx: 文件为空`` names the file the officer chose, as the CLI would)."""
    out = []
    for issue in issues:
        params = tuple((k, names.get(v, v)) for k, v in issue.params)
        out.append(
            dataclasses.replace(issue, sheet=names.get(issue.sheet, issue.sheet), params=params)
        )
    return out


def problems(issues: Sequence[Issue], workbook: Path, names: Mapping[str, str]) -> list[Problem]:
    """The table's rows, in the CLI's order, with each issue's column header.

    Headers come from the reader's own parse of the workbook (columns may be in any
    order); it is run only on a file the hostile-file guard passes, as ``load_year`` does.
    """
    headers: dict[str, dict[int, str]] = {}
    if any(i.col is not None for i in issues) and not inspect_container(workbook):
        parsed = parse_workbook(workbook)
        sheet_names = {sheet.key: sheet.name for sheet in SHEETS}
        headers = {
            sheet_names[key]: {col: header for header, col in columns.items()}
            for key, columns in parsed.headers.items()
            if key in sheet_names
        }
    rows = []
    for issue in renamed(issues, names):
        header = headers.get(issue.sheet, {}).get(issue.col or 0, "")
        rows.append(Problem(issue, header or dict(issue.params).get("column", "")))
    return rows
