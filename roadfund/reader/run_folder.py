"""Reading what a run wrote: its manifest (``roadfund verify``) and its CSV tables (``roadfund compare``).

``read_manifest`` checks a folder's manifest.json is one roadfund writes; ``verify_folder``
re-hashes every output it lists. ``read_run(folder)`` reads an output folder of ``roadfund
run`` — manifest.json for the year, allocations.csv and settlement.csv (the SPEC's contract)
and, when present, basis.csv — with polars, every column as text; amounts become integer
fen through ``roadfund.money`` (never through a float), mileage and scores exact Fractions.

A folder that is not a roadfund run (no manifest, a CSV without the contract's header,
an amount that does not parse) raises ``NotARun`` naming the file, row and column.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import polars as pl

from roadfund import money
from roadfund.contract import (
    ALLOCATIONS,
    ALLOCATIONS_HEADER,
    BASIS,
    BUDGET,
    MANIFEST,
    SETTLEMENT,
    csv_unsafe,
    sha256_bytes,
    sha256_file,
)
from roadfund.issues import Issue
from roadfund.text import Lang, label

if TYPE_CHECKING:
    # roadfund compare's engine: imported by the functions that read runs for it, not by
    # roadfund run's --force check (verify_folder), which has no use for it
    from roadfund.engine.compare import Comparison, Run


class NotARunFolder(Exception):
    """The folder has no manifest.json, or one roadfund cannot have written.

    ``reason`` is ``"no_manifest"`` or ``"bad_manifest"`` (labels ``verify.<reason>``)."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"{folder}: {reason}")
        self.folder = folder
        self.reason = reason


@dataclass(frozen=True)
class InputCheck:
    """Whether a file given to verify is, byte for byte, one the run read."""

    role: str  # "input" (the workbook) or "policy"
    file: str  # the file given, as the user named it
    recorded: str  # the name the run read it under
    matches: bool
    problem: Issue | None = None  # why it could not be read (then it does not match)


@dataclass(frozen=True)
class Verification:
    """A run folder against its manifest: every difference, by relative path."""

    folder: Path
    files: int  # outputs the manifest lists
    changed: tuple[str, ...]  # listed, present, other bytes (or unreadable)
    missing: tuple[str, ...]  # listed, not present
    extra: tuple[str, ...]  # present, not listed
    inputs: tuple[InputCheck, ...] = ()
    special: tuple[str, ...] = ()  # symlinks, pipes, devices: never followed nor read

    @property
    def differences(self) -> int:
        return (
            len(self.changed)
            + len(self.missing)
            + len(self.extra)
            + len(self.special)
            + sum(not check.matches for check in self.inputs)
        )

    @property
    def ok(self) -> bool:
        return self.differences == 0


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _safe_relative(name: object) -> bool:
    """A manifest entry names a file inside the folder (no absolute path, no ``..``)."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return False
    parts = PurePosixPath(name).parts
    return not PurePosixPath(name).is_absolute() and all(p not in ("", ".", "..") for p in parts)


MAX_MANIFEST_BYTES = 16 * 1024 * 1024
"""A manifest lists one line per output: 5,000 counties' workbooks take under 1 MB."""
MAX_CSV_BYTES = 64 * 1024 * 1024
"""allocations.csv of 5,000 counties is about 1 MB."""
MAX_AMOUNT_FEN = 10 * money.MAX_FEN
"""The largest amount (either sign) a run's CSV may hold: ten times the engine's range,
so sums over any number of rows stay inside Int64."""
MAX_BASIS_DIGITS = 30
YEARS = range(1900, 10000)


def _regular(path: Path) -> bool:
    """A regular file itself — not a symlink (to anywhere), pipe or device."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest.json, checked to be one roadfund writes; else NotARunFolder.

    Read with a size cap, never through a symlink or from a pipe; nesting too deep for
    the JSON parser is a bad manifest like any other."""
    from roadfund.reader.guard import read_bounded

    path = folder / MANIFEST
    if not os.path.lexists(path):
        raise NotARunFolder(folder, "no_manifest")
    if not _regular(path):
        raise NotARunFolder(folder, "bad_manifest")
    data = read_bounded(path, MAX_MANIFEST_BYTES, MANIFEST, workbook=False)
    if not isinstance(data, bytes):
        raise NotARunFolder(folder, "bad_manifest")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotARunFolder(folder, "bad_manifest") from None
    if not isinstance(document, dict):
        raise NotARunFolder(folder, "bad_manifest")
    outputs, inputs = document.get("outputs"), document.get("inputs")
    if (
        document.get("tool") != "roadfund"
        or not isinstance(outputs, dict)
        or not all(_safe_relative(k) and k != MANIFEST for k in outputs)
        or not all(isinstance(v, str) and _SHA256.fullmatch(v) for v in outputs.values())
        or not isinstance(inputs, dict)
        or not all(
            isinstance(v, dict)
            and isinstance(v.get("file"), str)
            and isinstance(v.get("sha256"), str)
            for v in inputs.values()
        )
    ):
        raise NotARunFolder(folder, "bad_manifest")
    return document


def _walk(folder: Path) -> tuple[list[str], list[str]]:
    """(regular files, everything else that is not a folder) under ``folder``, as relative
    POSIX paths, without following symlinks; the manifest is left out."""
    files: list[str] = []
    special: list[str] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            rel = Path(entry.path).relative_to(folder).as_posix()
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                if rel != MANIFEST:
                    files.append(rel)
            else:
                special.append(rel)
    return sorted(files), sorted(special)


def _given_digest(path: Path) -> tuple[str, Issue | None]:
    """(SHA-256, None) of a file given to verify, or ("", why it cannot be read): a pipe or
    /dev/zero is refused at once, and nothing larger than an input can be is read."""
    from roadfund.reader.guard import MAX_FILE_BYTES, read_bounded

    data = read_bounded(path, MAX_FILE_BYTES, path.name, workbook=False)
    if isinstance(data, bytes):
        return sha256_bytes(data), None
    return "", data


def verify_folder(folder: Path, given: dict[str, Path] | None = None) -> Verification:
    """Re-hash every output the manifest lists; list what changed, is missing or extra,
    and every symlink, pipe or device in the folder (never followed nor read).

    ``given`` maps a role of the manifest's inputs ("input", "policy") to a file that
    should be the one the run read; each is compared by SHA-256.
    """
    document = read_manifest(folder)
    listed: dict[str, str] = document["outputs"]
    files, special = _walk(folder)
    changed, missing = [], []
    for name, digest in sorted(listed.items()):
        path = folder / name
        if name in special or not _inside_folder(path, folder):
            continue  # reported as special (a link out of the folder, a pipe)
        if not _regular(path):
            missing.append(name)
            continue
        try:
            same = sha256_file(path) == digest
        except OSError:
            same = False
        if not same:
            changed.append(name)
    extra = [name for name in files if name not in listed]
    checks = []
    for role, path in sorted((given or {}).items()):
        record = document["inputs"].get(role)
        recorded = record["file"] if isinstance(record, dict) else ""
        digest, problem = _given_digest(path)
        matches = record is not None and problem is None and digest == record["sha256"]
        checks.append(InputCheck(role, str(path), recorded, matches, problem))
    return Verification(
        folder,
        len(listed),
        tuple(changed),
        tuple(missing),
        tuple(extra),
        tuple(checks),
        tuple(special),
    )


def _inside_folder(path: Path, folder: Path) -> bool:
    """No folder on the way from ``folder`` to ``path`` is a symlink."""
    current = folder
    for part in path.relative_to(folder).parts[:-1]:
        current = current / part
        if current.is_symlink():
            return False
    return True


def files_not_vouched(folder: Path) -> list[str]:
    """What replacing ``folder`` would lose: every file its manifest does not vouch for,
    byte for byte (changed, extra, symlinks and pipes) — or every file, when the folder
    is not a roadfund run folder."""
    try:
        result = verify_folder(folder)
    except NotARunFolder:
        files, special = _walk(folder)
        manifest = [MANIFEST] if os.path.lexists(folder / MANIFEST) else []
        return sorted([*files, *special, *manifest])
    return sorted({*result.changed, *result.extra, *result.special})


# --- a run's tables (roadfund compare) ----------------------------------------------


ALLOCATION_COLUMNS = ALLOCATIONS_HEADER
# the columns of settlement.csv and basis.csv that a comparison reads (a subset of each header)
SETTLEMENT_COLUMNS = ("year", "county_code", "county_name", "due", "transfer_total")
BASIS_COLUMNS = ("year", "county_code", "county_name", "converted_mileage_km", "score", "grade")


class NotARun(Exception):
    """The folder is not a (complete, readable) roadfund output folder."""

    def __init__(self, folder: Path, reason: str, **params: object) -> None:
        super().__init__(f"{folder}: {reason}")
        self.folder = folder
        self.reason = reason
        self.params = {k: str(v) for k, v in params.items()}

    def message(self, lang: Lang = "zh") -> str:
        reason = label(f"compare.{self.reason}", lang, **self.params)
        return label("cli.not_a_run", lang, path=str(self.folder), reason=reason)


def _read_manifest(folder: Path) -> tuple[int, str]:
    """The run's year and city, from its manifest (read and checked by writers.manifest)."""
    try:
        document = read_manifest(folder)
    except NotARunFolder as error:
        if error.reason == "no_manifest":
            raise NotARun(folder, "missing_file", file=MANIFEST) from None
        raise NotARun(folder, "bad_manifest") from None
    year, city = document.get("year"), document.get("city")
    if not isinstance(year, int) or isinstance(year, bool) or not isinstance(city, str):
        raise NotARun(folder, "bad_manifest")
    if year not in YEARS:
        raise NotARun(folder, "bad_manifest")
    return year, city


def _read_csv(folder: Path, name: str, columns: Sequence[str]) -> pl.DataFrame:
    """The CSV with every column as text (no type guessing), checked for the header."""
    from roadfund.reader.guard import read_bounded

    path = folder / name
    if not path.is_file():
        raise NotARun(folder, "missing_file", file=name)
    data = read_bounded(path, MAX_CSV_BYTES, name, workbook=False) if _regular(path) else None
    if not isinstance(data, bytes):
        raise NotARun(folder, "bad_header", file=name, columns=", ".join(columns))
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False, raise_if_empty=False)
    except (pl.exceptions.PolarsError, UnicodeDecodeError, OverflowError, ValueError):
        raise NotARun(folder, "bad_header", file=name, columns=", ".join(columns)) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise NotARun(folder, "bad_header", file=name, columns=", ".join(missing))
    frame = frame.select(columns).with_columns(pl.all().fill_null(""))
    if "county_name" in columns:  # free text: take csv_safe's quote off again
        unquoted = pl.col("county_name").map_elements(csv_unsafe, return_dtype=pl.String)
        frame = frame.with_columns(unquoted)
    return frame


def _fen_column(folder: Path, name: str, frame: pl.DataFrame, column: str) -> pl.Series:
    """A 元 text column as Int64 fen, parsed by roadfund.money (two decimals at most)."""
    values: list[int] = []
    for i, text in enumerate(frame[column].to_list()):
        try:
            values.append(
                money.scaled(
                    text, money.FEN_PER_YUAN, 2, minimum=-MAX_AMOUNT_FEN, maximum=MAX_AMOUNT_FEN
                )
            )
        except money.NumberError:
            raise NotARun(
                folder, "bad_value", file=name, row=i + 2, column=column, found=text
            ) from None
    return pl.Series(column, values, dtype=pl.Int64)


def _check_decimal(folder: Path, name: str, frame: pl.DataFrame, column: str) -> None:
    for i, text in enumerate(frame[column].to_list()):
        try:
            if len(text) > MAX_BASIS_DIGITS:
                raise money.NumberError("too_large")
            money.to_decimal(text)
        except money.NumberError:
            raise NotARun(
                folder, "bad_value", file=name, row=i + 2, column=column, found=text
            ) from None


def _unique(folder: Path, name: str, frame: pl.DataFrame, keys: Sequence[str]) -> None:
    seen: set[tuple[str, ...]] = set()
    for i, row in enumerate(frame.select(keys).iter_rows()):
        if row in seen:
            raise NotARun(folder, "duplicate_row", file=name, row=i + 2, key=" ".join(row))
        seen.add(row)


def _year_start_settlement(folder: Path, alloc: pl.DataFrame) -> pl.DataFrame:
    """A year-start run (budget.csv, no settlement.csv): each county's transfer total from
    allocations.csv and no due (None: not settled yet, never 0)."""
    budget = _read_csv(folder, BUDGET, ("county_code", "county_name"))
    totals = alloc.group_by("county_code").agg(pl.col("total").sum().alias("transfer_total"))
    return budget.join(totals, on="county_code", how="left").with_columns(
        pl.lit(None, dtype=pl.Int64).alias("due")
    )


def read_run(folder: Path) -> Run:
    """Read an output folder of ``roadfund run``; raise NotARun if it is not one."""
    from roadfund.engine.compare import AMOUNTS, Run

    if not folder.is_dir():
        raise NotARun(folder, "missing_file", file=MANIFEST)
    year, city = _read_manifest(folder)
    alloc = _read_csv(folder, ALLOCATIONS, ALLOCATION_COLUMNS)
    alloc = alloc.with_columns(_fen_column(folder, ALLOCATIONS, alloc, c) for c in AMOUNTS)
    _unique(folder, ALLOCATIONS, alloc, ("county_code", "source"))
    if not (folder / SETTLEMENT).is_file() and (folder / BUDGET).is_file():
        settle = _year_start_settlement(folder, alloc)  # 年初: nothing due yet
    else:
        settle = _read_csv(folder, SETTLEMENT, SETTLEMENT_COLUMNS)
        settle = settle.with_columns(
            _fen_column(folder, SETTLEMENT, settle, c) for c in ("due", "transfer_total")
        )
    _unique(folder, SETTLEMENT, settle, ("county_code",))
    basis: pl.DataFrame | None = None
    if (folder / BASIS).is_file():
        basis = _read_csv(folder, BASIS, BASIS_COLUMNS)
        for column in ("converted_mileage_km", "score"):
            _check_decimal(folder, BASIS, basis, column)
        _unique(folder, BASIS, basis, ("county_code",))
        basis = basis.drop("year")
    return Run(
        folder=folder,
        year=year,
        city=city,
        allocations=alloc.drop("year"),
        settlement=settle.select("county_code", "county_name", "due", "transfer_total"),
        basis=basis,
    )


def compare_folders(folder_a: Path, folder_b: Path) -> Comparison:
    from roadfund.engine.compare import compare_runs

    return compare_runs(read_run(folder_a), read_run(folder_b))


# --- as text, for the terminal ---------------------------------------------------------
