"""Two runs side by side (年度对比): what changed per county and source, and why.

``compare_runs(a, b)`` joins the two runs' tables (read by ``roadfund.reader.run_folder``)
on (county, source) with a full outer join: a county present in one run only is *added*
or *removed*, not an error. Changes are B − A.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Generic, Literal, TypeVar

import polars as pl

from roadfund import money
from roadfund.text import Lang, label

AMOUNTS = ("daily", "performance", "total")


@dataclass(frozen=True)
class Run:
    """One run's tables: amounts as Int64 fen; mileage and score as exact decimal text."""

    folder: Path
    year: int
    city: str
    allocations: pl.DataFrame  # county_code, source, county_name, daily, performance, total
    settlement: pl.DataFrame  # county_code, county_name, due, transfer_total
    basis: pl.DataFrame | None  # county_code, county_name, converted_mileage_km, score, grade


Status = Literal["", "added", "removed"]


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
Number = TypeVar("Number", int, Fraction)


@dataclass(frozen=True)
class Pair(Generic[T]):
    """A value in run A and in run B (None where the run lacks it)."""

    before: T | None
    after: T | None


def _delta(pair: Pair[Number]) -> Number | None:
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
        # present by its transfer total: a year-start run (年初) has no due yet
        if self.transfer_total.before is None:
            return "added"
        return "removed" if self.transfer_total.after is None else ""

    @property
    def mileage_change(self) -> Fraction | None:
        return _delta(self.mileage)

    @property
    def score_change(self) -> Fraction | None:
        return _delta(self.score)

    @property
    def due_change(self) -> int | None:
        return _delta(self.due)


@dataclass(frozen=True)
class Comparison:
    a: Run
    b: Run
    amounts: tuple[AmountChange, ...]  # by county code, then source
    source_totals: tuple[AmountChange, ...]  # the city's total per source (county_code "")
    counties: tuple[CountyChange, ...]  # by county code


def _amounts(row: dict[str, object], suffix: str) -> Amounts | None:
    daily, performance, total = (_int(row[f"{name}{suffix}"]) for name in AMOUNTS)
    if daily is None or performance is None or total is None:
        return None
    return Amounts(daily, performance, total)


def _name(row: dict[str, object]) -> str:
    return str(row.get("county_name_b") or row.get("county_name") or "")


def _fraction(text: object) -> Fraction | None:
    return None if text is None else Fraction(money.to_decimal(text))


def _int(value: object) -> int | None:
    """A joined frame's fen (an Int64 cell), or None where the county is in one run only."""
    if value is None or isinstance(value, int):
        return value
    raise TypeError(f"expected an integer number of fen, got {value!r}")


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


def status_text(status: Status, lang: Lang) -> str:
    return label(f"compare.status.{status}", lang) if status else ""


def source_text(source: str, lang: Lang) -> str:
    key = f"source.{source}.short"
    return label(key, lang) if source in ("central", "provincial") else source
