"""Two runs side by side (年度对比): what changed per county and source, and why.

``read_run(folder)`` reads an output folder of ``roadfund run`` — manifest.json for the
year, allocations.csv and settlement.csv (the SPEC's contract) and, when present,
basis.csv (converted mileage, score, grade) — with polars, every column as text; amounts
become integer fen through ``roadfund.money`` (never through a float), mileage and
scores exact Fractions. ``compare_runs(a, b)`` joins the two on (county, source) with a
full outer join: a county present in one run only is *added* or *removed*, not an error.
Changes are B − A.

A folder that is not a roadfund run (no manifest, a CSV without the contract's header,
an amount that does not parse) raises ``NotARun`` naming the file, row and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Generic, Literal, TypeVar

import polars as pl

from roadfund import money
from roadfund.i18n import Lang, label
from roadfund.report import align
from roadfund.writers.manifest import MANIFEST, NotARunFolder, read_manifest
from roadfund.writers.text import csv_unsafe

ALLOCATIONS = "allocations.csv"
SETTLEMENT = "settlement.csv"
BASIS = "basis.csv"

ALLOCATION_COLUMNS = (
    "year",
    "source",
    "county_code",
    "county_name",
    "daily",
    "performance",
    "total",
)
SETTLEMENT_COLUMNS = ("year", "county_code", "county_name", "due", "transfer_total")
BASIS_COLUMNS = ("year", "county_code", "county_name", "converted_mileage_km", "score", "grade")
AMOUNTS = ("daily", "performance", "total")

Status = Literal["", "added", "removed"]


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


@dataclass(frozen=True)
class Run:
    """One run's tables: amounts as Int64 fen; mileage and score as exact decimal text."""

    folder: Path
    year: int
    city: str
    allocations: pl.DataFrame  # county_code, source, county_name, daily, performance, total
    settlement: pl.DataFrame  # county_code, county_name, due, transfer_total
    basis: pl.DataFrame | None  # county_code, county_name, converted_mileage_km, score, grade


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
    return year, city


def _read_csv(folder: Path, name: str, columns: Sequence[str]) -> pl.DataFrame:
    """The CSV with every column as text (no type guessing), checked for the header."""
    path = folder / name
    if not path.is_file():
        raise NotARun(folder, "missing_file", file=name)
    try:
        frame = pl.read_csv(path, infer_schema=False, raise_if_empty=False)
    except (pl.exceptions.PolarsError, UnicodeDecodeError):
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
            values.append(money.scaled(text, money.FEN_PER_YUAN, 2, minimum=None))
        except money.NumberError:
            raise NotARun(
                folder, "bad_value", file=name, row=i + 2, column=column, found=text
            ) from None
    return pl.Series(column, values, dtype=pl.Int64)


def _check_decimal(folder: Path, name: str, frame: pl.DataFrame, column: str) -> None:
    for i, text in enumerate(frame[column].to_list()):
        try:
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


def read_run(folder: Path) -> Run:
    """Read an output folder of ``roadfund run``; raise NotARun if it is not one."""
    if not folder.is_dir():
        raise NotARun(folder, "missing_file", file=MANIFEST)
    year, city = _read_manifest(folder)
    alloc = _read_csv(folder, ALLOCATIONS, ALLOCATION_COLUMNS)
    alloc = alloc.with_columns(_fen_column(folder, ALLOCATIONS, alloc, c) for c in AMOUNTS)
    _unique(folder, ALLOCATIONS, alloc, ("county_code", "source"))
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


# --- the comparison ------------------------------------------------------------------


@dataclass(frozen=True)
class Amounts:
    daily: int
    performance: int
    total: int

    def minus(self, other: Amounts) -> Amounts:
        return Amounts(
            self.daily - other.daily,
            self.performance - other.performance,
            self.total - other.total,
        )


@dataclass(frozen=True)
class AmountChange:
    """One county's (or, with code "", the city's) allocation from one source, A → B."""

    county_code: str
    county_name: str
    source: str
    before: Amounts | None  # None: not in run A (added)
    after: Amounts | None  # None: not in run B (removed)

    @property
    def status(self) -> Status:
        return "added" if self.before is None else "removed" if self.after is None else ""

    @property
    def change(self) -> Amounts | None:
        if self.before is None or self.after is None:
            return None
        return self.after.minus(self.before)


T = TypeVar("T")


@dataclass(frozen=True)
class Pair(Generic[T]):
    """A value in run A and in run B (None where the run lacks it)."""

    before: T | None
    after: T | None


def _delta(pair: Pair[int] | Pair[Fraction]) -> Fraction | int | None:
    if pair.before is None or pair.after is None:
        return None
    return pair.after - pair.before


@dataclass(frozen=True)
class CountyChange:
    """A county's basis and settlement, A → B: converted mileage, score, grade, due."""

    county_code: str
    county_name: str
    mileage: Pair[Fraction]  # converted mileage, km
    score: Pair[Fraction]
    grade: Pair[str]
    due: Pair[int]  # fen; positive the county remits, negative the city refunds
    transfer_total: Pair[int]  # fen

    @property
    def status(self) -> Status:
        if self.due.before is None:
            return "added"
        return "removed" if self.due.after is None else ""

    @property
    def mileage_change(self) -> Fraction | None:
        return _delta(self.mileage)  # type: ignore[return-value]

    @property
    def score_change(self) -> Fraction | None:
        return _delta(self.score)  # type: ignore[return-value]

    @property
    def due_change(self) -> int | None:
        return _delta(self.due)  # type: ignore[return-value]

    @property
    def transfer_change(self) -> int | None:
        return _delta(self.transfer_total)  # type: ignore[return-value]


@dataclass(frozen=True)
class Comparison:
    a: Run
    b: Run
    amounts: tuple[AmountChange, ...]  # by county code, then source
    source_totals: tuple[AmountChange, ...]  # the city's total per source (county_code "")
    counties: tuple[CountyChange, ...]  # by county code

    @property
    def has_basis(self) -> bool:
        return self.a.basis is not None and self.b.basis is not None


def _amounts(row: dict[str, object], suffix: str) -> Amounts | None:
    values = [row[f"{name}{suffix}"] for name in AMOUNTS]
    if any(v is None for v in values):
        return None
    daily, performance, total = (int(v) for v in values)  # type: ignore[call-overload]
    return Amounts(daily, performance, total)


def _name(row: dict[str, object]) -> str:
    return str(row.get("county_name_b") or row.get("county_name") or "")


def _fraction(text: object) -> Fraction | None:
    return None if text is None else Fraction(money.to_decimal(text))


def _int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def compare_runs(a: Run, b: Run) -> Comparison:
    """Run A against run B, per county and source; changes are B − A."""
    keys = ["county_code", "source"]
    joined = a.allocations.join(b.allocations, on=keys, how="full", coalesce=True, suffix="_b")
    joined = joined.sort(keys)
    amounts = tuple(
        AmountChange(
            str(row["county_code"]),
            _name(row),
            str(row["source"]),
            _amounts(row, ""),
            _amounts(row, "_b"),
        )
        for row in joined.iter_rows(named=True)
    )
    sources = sorted({change.source for change in amounts})
    source_totals = tuple(_source_total(amounts, source) for source in sources)

    settle = a.settlement.join(
        b.settlement, on="county_code", how="full", coalesce=True, suffix="_b"
    )
    basis_a = _basis_by_code(a.basis)
    basis_b = _basis_by_code(b.basis)
    counties = []
    for row in settle.sort("county_code").iter_rows(named=True):
        code = str(row["county_code"])
        ba, bb = basis_a.get(code, {}), basis_b.get(code, {})
        counties.append(
            CountyChange(
                county_code=code,
                county_name=_name(row),
                mileage=Pair(
                    _fraction(ba.get("converted_mileage_km")),
                    _fraction(bb.get("converted_mileage_km")),
                ),
                score=Pair(_fraction(ba.get("score")), _fraction(bb.get("score"))),
                grade=Pair(ba.get("grade"), bb.get("grade")),
                due=Pair(_int(row["due"]), _int(row["due_b"])),
                transfer_total=Pair(_int(row["transfer_total"]), _int(row["transfer_total_b"])),
            )
        )
    return Comparison(a, b, amounts, source_totals, tuple(counties))


def _basis_by_code(frame: pl.DataFrame | None) -> dict[str, dict[str, str]]:
    if frame is None:
        return {}
    return {str(row["county_code"]): row for row in frame.iter_rows(named=True)}


def _source_total(amounts: Sequence[AmountChange], source: str) -> AmountChange:
    """The city's total of one source in each run (a county in one run only counts there)."""

    def total(side: str) -> Amounts:
        parts = [getattr(c, side) for c in amounts if c.source == source]
        present = [p for p in parts if p is not None]
        return Amounts(
            sum(p.daily for p in present),
            sum(p.performance for p in present),
            sum(p.total for p in present),
        )

    return AmountChange("", "", source, total("before"), total("after"))


def compare_folders(folder_a: Path, folder_b: Path) -> Comparison:
    return compare_runs(read_run(folder_a), read_run(folder_b))


# --- as text, for the terminal ---------------------------------------------------------


def signed_yuan(fen: int | None) -> str:
    """A change in 元 with its sign: "+1,234.56", "-0.01", "0.00"; "" when there is none."""
    return "" if fen is None else money.fen_to_yuan_signed(fen)


def signed(value: Fraction | None, places: int) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + money.decimal_text(value, places, places)


def _yuan(fen: int | None) -> str:
    return "" if fen is None else money.fen_to_yuan_grouped(fen)


def _decimal(value: Fraction | None, places: int) -> str:
    return "" if value is None else money.decimal_text(value, places, places)


def status_text(status: Status, lang: Lang) -> str:
    return label(f"compare.status.{status}", lang) if status else ""


def source_text(source: str, lang: Lang) -> str:
    key = f"source.{source}.short"
    return label(key, lang) if source in ("central", "provincial") else source


def amount_lines(comparison: Comparison, lang: Lang) -> list[str]:
    """Per county and source: the changes of daily, performance and total, and both totals."""
    ya, yb = comparison.a.year, comparison.b.year
    change = label("compare.change", lang)
    headers = [
        label("county_code", lang),
        label("county_name", lang),
        label("source", lang),
        f"{label('daily', lang)} {change}",
        f"{label('performance', lang)} {change}",
        f"{label('total', lang)} {label('compare.year', lang, year=ya)}",
        f"{label('total', lang)} {label('compare.year', lang, year=yb)}",
        f"{label('total', lang)} {change}",
        label("compare.status", lang),
    ]
    rows = []
    for item in (*comparison.amounts, *comparison.source_totals):
        delta = item.change
        rows.append(
            [
                item.county_code,
                item.county_name or label("total", lang),
                source_text(item.source, lang),
                signed_yuan(delta.daily if delta else None),
                signed_yuan(delta.performance if delta else None),
                _yuan(item.before.total if item.before else None),
                _yuan(item.after.total if item.after else None),
                signed_yuan(delta.total if delta else None),
                status_text(item.status, lang),
            ]
        )
    return align([headers, *rows], right_from=3)


def county_lines(comparison: Comparison, lang: Lang) -> list[str]:
    """Per county: converted mileage, score and grade, and the settlement due, A → B."""
    ya, yb = comparison.a.year, comparison.b.year
    change = label("compare.change", lang)
    year_a, year_b = label("compare.year", lang, year=ya), label("compare.year", lang, year=yb)
    km_label, score_label = label("compare.km", lang), label("score", lang)
    due_label = label("compare.due", lang)
    headers = [
        label("county_code", lang),
        label("county_name", lang),
        f"{km_label} {year_a}",
        year_b,
        change,
        f"{score_label} {year_a}",
        year_b,
        change,
        label("grade", lang),
        f"{due_label} {year_a}",
        year_b,
        change,
        label("compare.status", lang),
    ]
    rows = []
    for c in comparison.counties:
        grades = list(dict.fromkeys(g for g in (c.grade.before, c.grade.after) if g))
        rows.append(
            [
                c.county_code,
                c.county_name,
                _decimal(c.mileage.before, 3),
                _decimal(c.mileage.after, 3),
                signed(c.mileage_change, 3),
                _decimal(c.score.before, 2),
                _decimal(c.score.after, 2),
                signed(c.score_change, 2),
                "→".join(grades),
                _yuan(c.due.before),
                _yuan(c.due.after),
                signed_yuan(c.due_change),
                status_text(c.status, lang),
            ]
        )
    return align([headers, *rows], right_from=2)


def comparison_lines(comparison: Comparison, lang: Lang) -> list[str]:
    """Everything ``roadfund compare`` prints: a header, the amounts table, the county table."""
    a, b = comparison.a, comparison.b
    lines = [
        label(
            "compare.header",
            lang,
            year_a=a.year,
            year_b=b.year,
            path_a=str(a.folder),
            path_b=str(b.folder),
        ),
        "",
        *amount_lines(comparison, lang),
        "",
        *county_lines(comparison, lang),
    ]
    for run in (a, b):
        if run.basis is None:
            lines.append(label("compare.no_basis", lang, path=str(run.folder)))
    return lines
