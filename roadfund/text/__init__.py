"""The label and message catalog, Chinese and English — the one place user-facing text lives.

The texts are kept by domain, one module each (``common``, ``inputs``, ``guard``,
``policy``, ``cli``, ``matching``, ``trace``, ``county``, ``whatif``, ``web``, ``template``,
``help``); this module joins
them into one table and renders them.

``message(code, lang, **params)`` renders an issue or CLI message; ``label(key, lang)``
a word used on workbooks and terminal tables. A parameter whose value starts with
``@`` names a label and is rendered in the same language (``expected="@kind.yuan"``).
A count takes its English plural from the text: ``{count:# problem|# problems}`` is
"1 problem" or "3 problems" (``#`` stands for the number; Chinese needs no such form).
CSV headers are the SPEC's machine contract and are not translated.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Mapping
from functools import cache, partial
from typing import Literal

from roadfund.text import (
    cli,
    common,
    county,
    guard,
    help,
    inputs,
    matching,
    policy,
    template,
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


_DOMAINS = (
    common,
    inputs,
    guard,
    policy,
    cli,
    matching,
    trace,
    county,
    whatif,
    web,
    template,
    help,
)
LABELS = _merged("LABELS")
MESSAGES = _merged("MESSAGES")


class _Formatter(string.Formatter):
    """``str.format`` plus the plural form ``{count:# thing|# things}``."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return (one if int(str(value)) == 1 else many).replace("#", str(value))
        return format(value, format_spec)


_FORMATTER = _Formatter()


def _format(template: str, params: Mapping[str, object]) -> str:
    """The template filled in: by ``str.format`` itself (C, ~10 × faster: the 计算过程 sheet
    fills ~150 lines per county) unless it may hold a plural form, which only the
    formatter above knows — without a "|" it cannot, and both give the same text."""
    return _filler(template)(params)


def _filler(template: str) -> Callable[[Mapping[str, object]], str]:
    """``_format`` of ``template``, as a function of the parameters (``label_filler``)."""
    if "|" in template:
        return partial(_FORMATTER.vformat, template, ())
    return template.format_map


@cache
def label_filler(key: str, lang: Lang = "zh", /) -> Callable[[Mapping[str, object]], str]:
    """``label(key, lang, **params)`` for parameters given (at least one) as a mapping,
    prepared once per label: the 计算过程 sheet fills ~54 lines a county from a few dozen
    labels, and the table lookup and the plural check were most of each line's cost."""
    zh, en = LABELS[key]
    return _filler(zh if lang == "zh" else en)


def fields(text: str) -> set[str]:
    """The parameters a text takes (``{name}``, ``{count:# x|# xs}`` → name, count)."""
    return {name for _, name, _, _ in _FORMATTER.parse(text) if name}


def _render(template: str, lang: Lang, params: dict[str, str]) -> str:
    # "@key" names a label; any other value (a cell's "@SUM(A1)", a county name) is as given
    resolved = {
        k: label(v[1:], lang) if v.startswith("@") and v[1:] in LABELS else v
        for k, v in params.items()
    }
    return _format(template, resolved)


def message(code: str, lang: Lang = "zh", /, **params: str) -> str:
    zh, en = MESSAGES[code]
    return _render(zh if lang == "zh" else en, lang, params)


def label(key: str, lang: Lang = "zh", /, **params: object) -> str:
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return _format(text, params) if params else text


def click_text(text: str, lang: Lang) -> str:
    """One of click's own texts (its gettext message id) in ``lang``: Chinese from
    ``help.CLICK_ZH`` where it has one; otherwise click's English as it is."""
    return help.CLICK_ZH.get(text, text) if lang == "zh" else text


def date_text(day: dt.date, lang: Lang = "zh") -> str:
    """A date as documents write it: 2023年3月31日 (English: 2023-03-31)."""
    return label("date.document", lang, year=day.year, month=day.month, day=day.day)
