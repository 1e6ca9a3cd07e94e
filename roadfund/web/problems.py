"""Input problems for the page's table: the CLI's own Issue values, each with the header
of its column — the same texts ``roadfund check`` prints, under the user's file names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from roadfund.web.engine_api import Issue, Lang, label


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


def problems(issues: Sequence[Issue], names: Mapping[str, str]) -> list[Problem]:
    """The table's rows, in the CLI's order; each issue carries its column's header (the
    reader attaches it, as the CLI prints it)."""
    return [
        Problem(issue, issue.header or dict(issue.params).get("column", ""))
        for issue in renamed(issues, names)
    ]
