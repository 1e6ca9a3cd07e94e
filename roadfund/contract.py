"""The output file contract (SPEC §6): file names, CSV headers, the manifest's hash, CSV-safe text.

Written by ``roadfund.writers`` and read back by ``roadfund.reader.run_folder``: both
take the names and columns from here, so a reader and a writer cannot disagree.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """A free-text CSV field that a spreadsheet will not run as a formula.

    Following OWASP's CSV-injection guidance, a field starting with ``= + - @``, tab or
    carriage return is prefixed with a single quote; it stays readable. A field that
    itself starts with a quote gets one more, so that ``csv_unsafe`` gives back exactly
    the text (a county really named ``'=x`` stays ``'=x``). Only free text goes through
    here — amounts are numbers and keep their minus sign.
    """
    return "'" + text if text.startswith((*FORMULA_TRIGGERS, "'")) else text


def csv_unsafe(text: str) -> str:
    """A free-text field read back from our CSV, with csv_safe's quote taken off again."""
    quoted = text.startswith("'") and text[1:].startswith((*FORMULA_TRIGGERS, "'"))
    return text[1:] if quoted else text


MANIFEST = "manifest.json"
ALLOCATIONS = "allocations.csv"
MATCHING = "matching.csv"
SETTLEMENT = "settlement.csv"
BASIS = "basis.csv"

ALLOCATIONS_HEADER = (
    "year",
    "source",
    "county_code",
    "county_name",
    "daily",
    "performance",
    "total",
)
MATCHING_HEADER = (
    "level",
    "id",
    "county_code",
    "provincial",
    "city_matching",
    "county_matching",
    "investment",
    "ratio",
    "shortfall",
    "status",
)
SETTLEMENT_HEADER = (
    "year",
    "county_code",
    "county_name",
    "branch_center",
    "budget",
    "actual",
    "prepaid",
    "due",
    "variance",
    "transfer_total",
    "net_transfer",
)


BASIS_HEADER = (
    "year",
    "county_code",
    "county_name",
    "converted_mileage_km",
    "score",
    "grade",
    "performance_weight",
)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
