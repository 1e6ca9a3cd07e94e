"""The label and message catalog, Chinese and English — the one place user-facing text lives.

The texts are kept by domain, one module each (``common``, ``inputs``, ``guard``,
``policy``, ``cli``, ``matching``, ``trace``, ``county``, ``whatif``, ``web``); this module joins
them into one table and renders them.

``message(code, lang, **params)`` renders an issue or CLI message; ``label(key, lang)``
a word used on workbooks and terminal tables. A parameter whose value starts with
``@`` names a label and is rendered in the same language (``expected="@kind.yuan"``).
CSV headers are the SPEC's machine contract and are not translated.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from roadfund.text import (
    cli,
    common,
    county,
    guard,
    inputs,
    matching,
    policy,
    trace,
    web,
    whatif,
)

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


def _merged(name: str) -> dict[str, tuple[str, str]]:
    """One table from every domain module; a key defined twice is a programming error."""
    table: dict[str, tuple[str, str]] = {}
    for module in _DOMAINS:
        part: dict[str, tuple[str, str]] = getattr(module, name, {})
        twice = table.keys() & part.keys()
        if twice:
            raise RuntimeError(f"text keys defined twice: {sorted(twice)}")
        table.update(part)
    return table


_DOMAINS = (common, inputs, guard, policy, cli, matching, trace, county, whatif, web)
LABELS = _merged("LABELS")
MESSAGES = _merged("MESSAGES")


def _render(template: str, lang: Lang, params: dict[str, str]) -> str:
    # "@key" names a label; any other value (a cell's "@SUM(A1)", a county name) is as given
    resolved = {
        k: label(v[1:], lang) if v.startswith("@") and v[1:] in LABELS else v
        for k, v in params.items()
    }
    return template.format(**resolved)


def message(code: str, lang: Lang = "zh", /, **params: str) -> str:
    zh, en = MESSAGES[code]
    return _render(zh if lang == "zh" else en, lang, params)


def label(key: str, lang: Lang = "zh", /, **params: object) -> str:
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text


def date_text(day: dt.date, lang: Lang = "zh") -> str:
    """A date as documents write it: 2023年3月31日 (English: 2023-03-31)."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()
