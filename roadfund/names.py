"""The one place that turns text from the input (a city, a county name) into a file name.

Every writer that puts input text into a file name calls ``safe_file_name``: the result
is a single path component that Windows and Linux both accept, that hides nothing and
shows nothing it is not (no bidi overrides, no invisible characters), and that fits in
a fixed number of UTF-8 bytes. Only the input text is cut, never the template around it
(which holds the county code), so names that differ by their code stay distinct. ``colliding`` finds names that are equal on a
case-insensitive file system (Windows, macOS) — the reader reports those as input errors.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

MAX_NAME_BYTES = 180
"""The longest file name we write, in UTF-8 bytes. Linux allows 255 bytes per name and
Windows 255 UTF-16 units; 180 leaves room for the suffixes other tools add (``.pdf``,
``~$`` lock files, ``.tmp``) and for a copy's ``(2)``."""

REPLACEMENT = "_"
_RESERVED = set('\\/:*?"<>|')
_WINDOWS_DEVICES = {
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
    *(f"COM{i}" for i in "0123456789¹²³"),
    *(f"LPT{i}" for i in "0123456789¹²³"),
}  # fmt: skip
_DROPPED_CATEGORIES = {"Cf", "Cc", "Cs", "Co", "Cn", "Zl", "Zp"}
"""Format (U+200B, U+202E, U+FEFF…), control, surrogate, private, unassigned, line and
paragraph separators: nothing a person could read in a file name."""


def _clean_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if ch in _RESERVED:
        return REPLACEMENT
    if category in _DROPPED_CATEGORIES:
        return ""
    if category == "Zs" or ch.isspace():
        return " "  # every kind of space is a plain space
    return ch


_REMEMBERED = 4096
"""How many characters ``_CleanChars`` keeps."""


class _CleanChars(dict[int, str]):
    """``str.translate``'s table of ``_clean_char``, filled as characters are met: one
    C loop over a name instead of a Python call per character (a national run cleans
    ~100,000 characters for its county file names). It remembers at most ``_REMEMBERED``
    characters (a long-lived process may meet any of Unicode's million)."""

    def __missing__(self, code: int) -> str:
        cleaned = _clean_char(chr(code))
        if len(self) < _REMEMBERED:
            self[code] = cleaned
        return cleaned


_CLEAN_CHARS = _CleanChars()


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    cleaned = text.translate(_CLEAN_CHARS)
    cleaned = " ".join(cleaned.split())  # no runs of spaces, none at either end
    return unicodedata.normalize("NFC", cleaned)


def _cut(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes, between characters."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", "ignore")


def _trim_ends(text: str) -> str:
    """No leading dot or space (hidden files); no trailing dot or space (Windows drops them)."""
    return text.lstrip(". ").rstrip(". ")


def safe_file_name(text: str, *, template: str = "{name}", max_bytes: int = MAX_NAME_BYTES) -> str:
    """A file name made from ``text`` by ``template`` (``{name}`` marks where it goes).

    ``text`` loses path separators, Windows-reserved characters, control, format and
    bidi characters; it is NFC, its spaces collapsed, its leading/trailing dots and spaces
    trimmed; then it is cut (never the template's own text, e.g. the county code) so that the whole
    name fits in ``max_bytes`` UTF-8 bytes. A name that ends up empty, a Windows device
    name (``CON``, ``NUL.txt``) or ``..`` becomes ``_`` / gets a ``_`` prefix.
    """
    name = _trim_ends(_clean(text))
    fixed = template.replace("{name}", "")
    room = max_bytes - len(fixed.encode("utf-8"))
    if room < 1:
        raise ValueError(f"template {template!r} leaves no room for the name")
    name = _trim_ends(_cut(name, room)) or REPLACEMENT
    result = template.replace("{name}", name)
    result = _trim_ends(_clean(result)) or REPLACEMENT
    stem = result.split(".", 1)[0].rstrip(" ").upper()
    if stem in _WINDOWS_DEVICES:
        result = _cut(REPLACEMENT + result, max_bytes)
    return result


def colliding(names: Iterable[str]) -> list[list[str]]:
    """Groups of names that one case-insensitive file system would treat as the same file."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(unicodedata.normalize("NFC", name).casefold(), []).append(name)
    return [group for group in groups.values() if len(group) > 1]
