"""Text that leaves the program: neutralising spreadsheet-formula triggers in CSV fields."""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """A free-text CSV field that a spreadsheet will not run as a formula.

    Following OWASP's CSV-injection guidance, a field starting with ``= + - @``, tab or
    carriage return is prefixed with a single quote; it stays readable. Only free text
    goes through here — amounts are numbers and keep their minus sign.
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_unsafe(text: str) -> str:
    """A free-text field read back from our CSV, with csv_safe's quote taken off again."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text
