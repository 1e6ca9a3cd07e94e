"""What-if sweeps (情景测算): many variants of one year's allocation, computed together, exactly.

A scenario is the year's input and policy period with some values changed — the policy's
shares, class weights, score bands or matching floor, or some counties' mileage, score or
work need. ``sweep`` computes every scenario's allocation at once and gives the same fen,
county by county, as running ``roadfund.engine.allocation.allocate`` on each variant one
at a time (``tests/test_whatif.py`` checks that on random scenarios).

One engine. The sweep is the year's pipeline over (scenario × county): the counties come
from the engine's county frame (``frames.weights_frame``); every rule is the one in
``rules`` — converted mileage (``converted_rows`` for whole rows, ``converted_int`` for a
patched county), the need choice (``need_row``), the score bands (``BandTable``: its
vector lookup for the base rows, its scalar one for patches), the class weights and band
coefficients on a common denominator (``class_ints``, ``on_common``), the 70/30 split
(``split_pool``) — and every pool row is apportioned by the one kernel
(``kernel.apportion_rows``, which ``allocate`` also calls through ``apportion_pool``),
exact with the SPEC's tie rule (``rules.tie_key``).

How it stays exact. Pool rows are numpy int64 arrays and every value is proven to fit
before it is formed: a scenario is vectorised only when ``N × (a bound on each weight) <
2^63``, so every weight and every row sum ``W`` fits; ``T·w`` is then formed by the
kernel without overflow (directly, by limbs, or in Python ints: ``kernel``'s docstring).
A scenario whose weights cannot be bounded, or that uses the factor method (whose
common denominator is a product of county totals), runs through ``allocate`` itself
("scenario") — the same rules and the same kernel, one pool at a time.

How it stays fast. Scenarios are planned as a shared weight row (by class weights and
bands) plus a few patched counties; identical pool rows (same total, same weights) are
computed once however many scenarios share them; rows run in batches on a thread pool
(numpy releases the GIL inside its loops); large temporaries are reused, never
reallocated (fresh pages cost more than the arithmetic); the cycle collector is paused
for the sweep. Measured figures: benchmarks/README.md.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import polars as pl

from roadfund.collector import collector_paused
from roadfund.engine.allocation import NeedMissing, allocate
from roadfund.engine.apportion import ApportionError
from roadfund.engine.frames import weights_frame
from roadfund.engine.kernel import BATCH_ROWS, _limbs, _scratch, apportion_rows
from roadfund.engine.matching import MatchingResult, check_matching
from roadfund.engine.rules import (
    CLASS_KEYS,
    INT64_END,
    BandTable,
    ZeroFactorTotal,
    class_ints,
    converted_int,
    converted_rows,
    need_by_mileage,
    need_row,
    split_pool,
)
from roadfund.models import MileageRow, PerformanceRow, YearInput
from roadfund.policy import CoefficientMethod, Period
from roadfund.schema import FUND_SOURCES

__all__ = ["BATCH_ROWS", "INT64_END", "_limbs", "apportion_rows"]  # kept importable from here
CHUNK_SCENARIOS = 100000
"""Scenarios planned at a time (identical pool rows are shared within a chunk). Smaller
chunks would let the workers start sooner, but planning is pure Python: while this
thread plans, the workers wait for the GIL between numpy calls (measured: no gain)."""
DAILY, PERFORMANCE = 0, 1

Progress = Callable[[int, int], None]
"""progress(done, total): scenarios computed so far."""


@dataclass(frozen=True)
class CountyChange:
    """A scenario's change to one county's inputs; what is not given keeps the input's value."""

    metres: Mapping[str, int] = field(default_factory=dict)  # road class key → metres
    score: int | None = None  # 绩效得分, hundredths
    need: int | None = None  # 工作需求, hundredths


@dataclass(frozen=True)
class Scenario:
    """One named variant: a whole policy period and the counties' changed inputs."""

    name: str
    period: Period
    counties: Mapping[str, CountyChange] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True)
class ScenarioProblem:
    """A scenario that cannot be computed (e.g. a pool left with all-zero weights)."""

    index: int  # place in the scenario list, 1-based (0 would be the baseline)
    name: str
    code: str  # message code in roadfund.text.MESSAGES
    params: tuple[tuple[str, str], ...] = ()


class SweepError(ValueError):
    """Some scenarios cannot be computed; carries every problem found."""

    def __init__(self, problems: Sequence[ScenarioProblem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.index, p.code, p.params))
        super().__init__(f"{len(self.problems)} scenario problem(s)")


@dataclass(frozen=True)
class Sweep:
    """Every scenario's allocation. Row 0 is the baseline (the input and policy unchanged)."""

    codes: tuple[str, ...]  # counties, sorted by code: the last axis of the arrays
    sources: tuple[str, ...]  # fund sources in FUND_SOURCES order
    scenarios: tuple[Scenario, ...]  # index 0 is the baseline
    totals: np.ndarray  # (scenarios, counties) int64 fen: the transfer total, both sources
    pools: tuple[tuple[tuple[int, int], ...], ...]  # [scenario][source] = (daily, performance)
    paths: Mapping[str, int]  # how many pool rows (or whole scenarios) took each path
    daily: np.ndarray | None = None  # (scenarios, sources, counties), with detail=True
    performance: np.ndarray | None = None

    def differences(self) -> np.ndarray:
        """(scenarios, counties): each total minus the baseline's."""
        differences: np.ndarray = self.totals - self.totals[0]
        return differences

    def frame(self, start: int = 0, end: int | None = None) -> pl.DataFrame:
        """The result frame of scenarios ``start`` to ``end`` (default: all; 0 is the
        baseline): one row per (scenario, county), scenario by scenario and counties in
        code order — ``scenario`` (its index), ``county_code`` (an Enum of the codes, in
        code order), with ``detail`` each
        source's ``daily_<source>`` and ``performance_<source>`` fen, then ``total`` (both
        sources), Int64 as the kernel formed them (each ≤ its pool; every pool < 2^63).

        Formed when asked for, from the kernel's arrays (the block's amounts are copied
        into the frame's columns): a national sweep is tens of millions of rows, which its
        writers take a block of scenarios at a time."""
        end = len(self.scenarios) if end is None else end
        n = len(self.codes)
        columns = [
            pl.Series("scenario", np.repeat(np.arange(start, end, dtype=np.uint32), n)),
            pl.Series("county_code", self.codes, dtype=pl.Enum(self.codes)).gather(
                np.tile(np.arange(n, dtype=np.uint32), end - start)
            ),
        ]
        if self.daily is not None and self.performance is not None:
            for s, source in enumerate(self.sources):
                columns.append(pl.Series(f"daily_{source}", self.daily[start:end, s].ravel()))
                columns.append(
                    pl.Series(f"performance_{source}", self.performance[start:end, s].ravel())
                )
        columns.append(pl.Series("total", self.totals[start:end].ravel()))
        return pl.DataFrame(columns)


def apply_scenario(year_input: YearInput, scenario: Scenario) -> YearInput:
    """The year's input with the scenario's county changes applied — what the one-at-a-time
    engine is given for this scenario."""
    if not scenario.counties:
        return year_input
    mileage: list[MileageRow] = []
    for row in year_input.mileage:
        change = scenario.counties.get(row.county_code)
        mileage.append(row.model_copy(update=dict(change.metres)) if change else row)
    performance: list[PerformanceRow] = []
    for performance_row in year_input.performance:
        change = scenario.counties.get(performance_row.county_code)
        update: dict[str, int] = {}
        if change and change.score is not None:
            update["score"] = change.score
        if change and change.need is not None:
            update["need"] = change.need
        performance.append(performance_row.model_copy(update=update) if update else performance_row)
    return year_input.model_copy(
        update={"mileage": tuple(mileage), "performance": tuple(performance)}
    )


def matching_by_floor(
    year_input: YearInput, floors: Sequence[Fraction]
) -> dict[Fraction, MatchingResult]:
    """The matching check at each distinct floor the scenarios use."""
    return {floor: check_matching(year_input.projects, floor) for floor in set(floors)}


# -- the input's counties as arrays ---------------------------------------------------------


@dataclass(frozen=True)
class _Counties:
    """The input's county figures, counties sorted by code."""

    codes: tuple[str, ...]
    index: Mapping[str, int]
    metres_rows: tuple[tuple[int, ...], ...]  # [county][road class]
    scores: tuple[int, ...]  # hundredths
    needs: tuple[int | None, ...]  # hundredths; None where blank
    metres: np.ndarray  # (5, N) int64; only used when every value fits
    score_array: np.ndarray  # (N,) int64
    need_array: np.ndarray  # (N,) int64, 0 where blank (never used there: see _Planner)
    fits: bool  # every metres and need value < 2^63

    @classmethod
    def of(cls, year_input: YearInput) -> _Counties:
        """From the engine's own county frame (``frames.weights_frame``, code order)."""
        frame = weights_frame(year_input.mileage, year_input.performance)
        codes = tuple(frame["code"].to_list())
        metres_rows = tuple(frame.select(CLASS_KEYS).iter_rows())
        needs = tuple(frame["need"].to_list())
        fits = all(frame[k].dtype == pl.Int64 for k in (*CLASS_KEYS, "need"))
        n = len(codes)
        return cls(
            codes=codes,
            index={c: i for i, c in enumerate(codes)},
            metres_rows=metres_rows,
            scores=tuple(frame["score"].to_list()),
            needs=needs,
            metres=frame.select(CLASS_KEYS).to_numpy().T.astype(np.int64).copy()
            if fits and n
            else np.zeros((5, n), dtype=np.int64),
            score_array=frame["score"].to_numpy().astype(np.int64),
            need_array=frame["need"].fill_null(0).to_numpy().astype(np.int64)
            if fits
            else np.zeros(n, dtype=np.int64),
            fits=fits,
        )


# -- planning: a scenario's weights as a shared base row plus patched counties ---------------


@dataclass(frozen=True)
class _Rules:
    """What a policy period means for the weights, as integers (shared by its scenarios)."""

    class_ints: tuple[int, ...]  # class weights on a common denominator
    table: BandTable  # the score bands (rules.BandTable: the one band lookup)
    by_mileage: bool  # performance need = converted mileage (else the 工作需求 column)

    @property
    def min_scores(self) -> tuple[int, ...]:
        """Band lower bounds, hundredths, ascending."""
        return self.table.bounds

    @property
    def coefficients(self) -> tuple[int, ...]:
        """Band coefficients on their common denominator, in ``min_scores`` order."""
        return self.table.coefficient_ints

    @property
    def daily_key(self) -> tuple[object, ...]:
        return (self.class_ints,)

    @property
    def perf_key(self) -> tuple[object, ...]:
        return (
            self.min_scores,
            self.coefficients,
            self.by_mileage,
            self.class_ints if self.by_mileage else None,
        )


@dataclass(frozen=True)
class _Plan:
    """One scenario's two weight rows: base rows (by key) plus (county, weight) patches."""

    rules: _Rules
    daily_patches: tuple[tuple[int, int], ...]
    perf_patches: tuple[tuple[int, int], ...]


class _Planner:
    """Turns scenarios into plans — or None: then the scenario runs through ``allocate``."""

    def __init__(self, counties: _Counties) -> None:
        self.c = counties
        self.n = len(counties.codes)
        self._rules: dict[int, tuple[Period, _Rules | None]] = {}
        self._by_value: dict[tuple[object, ...], _Rules] = {}
        self._bands: dict[tuple[int, ...], np.ndarray] = {}
        self._rule_bounds: dict[int, tuple[_Rules, tuple[BandTable, int, int]]] = {}
        self._max_metres = tuple(
            max((row[k] for row in counties.metres_rows), default=0) for k in range(5)
        )
        self._max_need = max((x for x in counties.needs if x is not None), default=0)
        self._blank_needs = frozenset(i for i, x in enumerate(counties.needs) if x is None)

    def rules(self, period: Period) -> _Rules | None:
        """The period's weights as integers (cached: scenarios share periods and values)."""
        cached = self._rules.get(id(period))
        if cached is not None and cached[0] is period:
            return cached[1]
        method = period.performance
        found = None
        if isinstance(method, CoefficientMethod):
            weights = period.road_class_weights
            classes = tuple(getattr(weights, k).as_integer_ratio() for k in CLASS_KEYS)
            bands = tuple(
                (b.min_score.as_integer_ratio(), b.coefficient.as_integer_ratio())
                for b in method.bands
            )
            key = (classes, bands, method.need)
            found = self._by_value.get(key)
            if found is None:
                found = self._by_value[key] = _Rules(
                    class_ints=class_ints(weights)[0],
                    table=BandTable.of(method),
                    by_mileage=need_by_mileage(method),
                )
        self._rules[id(period)] = (period, found)
        return found

    def bands(self, table: BandTable) -> np.ndarray:
        """Each county's band position under this band table (cached by its bounds)."""
        found = self._bands.get(table.bounds)
        if found is None:
            found = self._bands[table.bounds] = table.positions(self.c.score_array)
        return found

    def _bounds(self, rules: _Rules) -> tuple[BandTable, int, int]:
        """The rules' band table and bounds on every input county's two weights (cached)."""
        found = self._rule_bounds.get(id(rules))
        if found is not None and found[0] is rules:
            return found[1]
        daily = converted_int(self._max_metres, rules.class_ints)
        perf = need_row(rules.by_mileage, daily, self._max_need) * max(rules.coefficients)
        bounds = (rules.table, daily, perf)
        self._rule_bounds[id(rules)] = (rules, bounds)
        return bounds

    def plan(self, scenario: Scenario) -> _Plan | None:
        rules = self.rules(scenario.period)
        if rules is None or not self.c.fits:
            return None
        c = self.c
        weights = rules.class_ints
        table, daily_bound, perf_bound = self._bounds(rules)
        coefficient = table.coefficient_of
        blank = set(self._blank_needs) if not rules.by_mileage and self._blank_needs else None
        daily_patches: list[tuple[int, int]] = []
        perf_patches: list[tuple[int, int]] = []
        for code, change in scenario.counties.items():
            i = c.index[code]
            old_metres = c.metres_rows[i]
            old_daily = converted_int(old_metres, weights)
            daily = old_daily
            if change.metres:
                metres = [
                    change.metres.get(k, m) for k, m in zip(CLASS_KEYS, old_metres, strict=True)
                ]
                daily = converted_int(metres, weights)
            score = c.scores[i] if change.score is None else change.score
            need = c.needs[i] if change.need is None else change.need
            if need is not None and blank:
                blank.discard(i)
            old_need = need_row(rules.by_mileage, old_daily, c.needs[i] or 0)
            new_need = need_row(rules.by_mileage, daily, need or 0)
            old_perf = old_need * coefficient(c.scores[i])
            perf = new_need * coefficient(score)
            if daily != old_daily:
                daily_patches.append((i, daily))
            if perf != old_perf:
                perf_patches.append((i, perf))
            daily_bound = max(daily_bound, daily)
            perf_bound = max(perf_bound, perf)
        if blank:
            return None  # the policy uses a blank 工作需求: allocate reports it
        if max(daily_bound, perf_bound) * max(self.n, 1) >= INT64_END:
            return None
        return _Plan(rules, tuple(sorted(daily_patches)), tuple(sorted(perf_patches)))


# -- the sweep -----------------------------------------------------------------------------


@dataclass
class _PoolRows:
    """The distinct pool rows of a sweep: (total, weights) → the (scenario, source) using it."""

    kind: int  # DAILY or PERFORMANCE
    keys: dict[tuple[object, ...], int] = field(default_factory=dict)
    totals: list[int] = field(default_factory=list)
    bases: list[tuple[object, ...]] = field(default_factory=list)  # base row key
    base_order: dict[tuple[object, ...], int] = field(default_factory=dict)  # first seen
    patches: list[tuple[tuple[int, int], ...]] = field(default_factory=list)
    rules: list[_Rules] = field(default_factory=list)
    users: list[list[tuple[int, int]]] = field(default_factory=list)  # [(scenario, source)]

    def add(
        self,
        total: int,
        base: tuple[object, ...],
        patches: tuple[tuple[int, int], ...],
        rules: _Rules,
        user: tuple[int, int],
    ) -> None:
        key = (total, base, patches)
        row = self.keys.get(key)
        if row is None:
            row = self.keys[key] = len(self.totals)
            self.totals.append(total)
            self.bases.append(base)
            self.base_order.setdefault(base, len(self.base_order))
            self.patches.append(patches)
            self.rules.append(rules)
            self.users.append([])
        self.users[row].append(user)

    def batches(self) -> list[list[int]]:
        """Rows in batches, rows sharing a base row next to each other."""
        first = self.base_order
        order = sorted(range(len(self.totals)), key=lambda r: (first[self.bases[r]], r))
        return [order[k : k + BATCH_ROWS] for k in range(0, len(order), BATCH_ROWS)]


def _base_rows(planner: _Planner, kind: int, rules: Sequence[_Rules], out: np.ndarray) -> None:
    """The weights every county has under each of ``rules`` (one row each), before any
    scenario's patches — formed for all rows at once."""
    c = planner.c
    part = _scratch().get("base_part", len(rules), planner.n)
    converted_rows(c.metres, [r.class_ints for r in rules], out, part)  # bounds: _Planner.plan
    if kind == DAILY:
        return
    by_bands: dict[tuple[int, ...], list[int]] = {}
    for row, rule in enumerate(rules):
        by_bands.setdefault(rule.min_scores, []).append(row)
    for members in by_bands.values():
        table = np.array([rules[m].coefficients for m in members], dtype=np.int64)
        coefficients = table[:, planner.bands(rules[members[0]].table)]  # (members, N)
        for position, m in enumerate(members):
            need = need_row(rules[m].by_mileage, out[m], c.need_array)
            np.multiply(need, coefficients[position], out=out[m])


def _weights(planner: _Planner, rows: _PoolRows, batch: list[int]) -> np.ndarray:
    """The batch's weight rows: each distinct base row formed once, then patched."""
    scratch = _scratch()
    bases: dict[tuple[object, ...], int] = {}
    rules: list[_Rules] = []
    which: list[int] = []
    for r in batch:
        k = bases.get(rows.bases[r])
        if k is None:
            k = bases[rows.bases[r]] = len(rules)
            rules.append(rows.rules[r])
        which.append(k)
    formed = scratch.get("formed", len(rules), planner.n)
    _base_rows(planner, rows.kind, rules, formed)
    if len(rules) == len(batch):  # no base row shared in this batch: which is 0, 1, 2 ...
        weights = formed
    else:
        weights = scratch.get("weights", len(batch), planner.n)
        np.take(formed, which, axis=0, out=weights)
    for position, r in enumerate(batch):
        for county, value in rows.patches[r]:
            weights[position, county] = value
    return weights


def sweep(
    year_input: YearInput,
    baseline: Period,
    scenarios: Sequence[Scenario],
    *,
    detail: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Sweep:
    """Every scenario's allocation (row 0: the baseline), exactly as ``allocate`` gives it.

    ``detail`` also keeps the daily and performance amounts by source (for checks);
    ``workers`` threads (default: one per CPU). Raises SweepError naming every scenario
    that cannot be computed: a pool whose weights are all zero, a factor totalling 0, a
    blank work need the policy uses.
    """
    # planning allocates a tuple or two per pool row: the collector walking thousands of
    # scenario models held the GIL over the workers (~0.2 s of 10,000 random scenarios)
    with collector_paused():
        return _sweep(year_input, baseline, scenarios, detail, workers, progress)


def _sweep(
    year_input: YearInput,
    baseline: Period,
    scenarios: Sequence[Scenario],
    detail: bool,
    workers: int | None,
    progress: Progress | None,
) -> Sweep:
    everyone = (Scenario(name="", period=baseline), *scenarios)
    counties = _Counties.of(year_input)
    n = len(counties.codes)
    by_code = {s.code: s for s in year_input.sources}
    sources = tuple(code for code in FUND_SOURCES if code in by_code)
    pool_of = [by_code[c].received - by_code[c].city_deduction for c in sources]
    splits: dict[Fraction, tuple[tuple[int, int], ...]] = {}

    def split(share: Fraction) -> tuple[tuple[int, int], ...]:
        """Each source's (daily, performance) pools under ``share`` (once per share)."""
        found = splits.get(share)
        if found is None:
            found = splits[share] = tuple(split_pool(pool, share) for pool in pool_of)
        return found

    pools: list[tuple[tuple[int, int], ...]] = []  # filled chunk by chunk
    out = _Outputs.of(len(everyone), len(sources), n, detail)
    problems: list[ScenarioProblem] = []
    paths: dict[str, int] = {"scenario": 0, "rows": 0, "shared": 0}
    planner = _Planner(counties)
    lock = threading.Lock()

    def work(job: tuple[_PoolRows, list[int]]) -> list[ScenarioProblem]:
        kind, batch = job
        weights = _weights(planner, kind, batch)
        counted: dict[str, int] = {}
        amounts = _scratch().get("amounts", len(batch), n)
        try:
            apportion_rows([kind.totals[r] for r in batch], weights, counted, out=amounts)
        except ApportionError:
            return _zero_weight_problems(kind, batch, weights, everyone)
        with lock:
            out.add(kind, batch, amounts)
            for key, value in counted.items():
                paths[key] = paths.get(key, 0) + value
        return []

    # Scenarios are planned a chunk at a time; a chunk's pool rows are computed on the
    # worker threads while this thread plans the next one.
    threads = workers or (os.cpu_count() or 1)
    executor = ThreadPoolExecutor(max_workers=threads) if threads > 1 else None
    pending: list[tuple[int, list[Future[list[ScenarioProblem]]]]] = []
    try:
        for start in range(0, len(everyone), CHUNK_SCENARIOS):
            end = min(start + CHUNK_SCENARIOS, len(everyone))
            out.touch(start, end)
            rows = (_PoolRows(DAILY), _PoolRows(PERFORMANCE))
            pools += (split(everyone[i].period.daily_share) for i in range(start, end))
            for i in range(start, end):
                plan = planner.plan(everyone[i])
                if plan is None or any(t >= INT64_END for pair in pools[i] for t in pair):
                    paths["scenario"] += 1
                    problems += _one_at_a_time(i, everyone[i], year_input, counties.codes, out)
                    continue
                for s in range(len(sources)):
                    daily_total, perf_total = pools[i][s]
                    rules = plan.rules
                    rows[DAILY].add(daily_total, rules.daily_key, plan.daily_patches, rules, (i, s))
                    rows[PERFORMANCE].add(
                        perf_total, rules.perf_key, plan.perf_patches, rules, (i, s)
                    )
            with lock:
                for kind in rows:
                    paths["rows"] += len(kind.totals)
                    paths["shared"] += sum(len(u) for u in kind.users) - len(kind.totals)
            jobs = [(kind, batch) for kind in rows for batch in kind.batches()]
            if executor is None:
                for job in jobs:
                    problems += work(job)
                pending.append((end, []))
            else:
                pending.append((end, [executor.submit(work, job) for job in jobs]))
        for end, futures in pending:
            for future in futures:
                problems += future.result()
            if progress:
                progress(end, len(everyone))
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
    if problems:
        raise SweepError(problems)
    return Sweep(
        codes=counties.codes,
        sources=sources,
        scenarios=everyone,
        totals=out.totals,
        pools=tuple(pools),
        paths=paths,
        daily=out.daily,
        performance=out.performance,
    )


@dataclass(frozen=True)
class _Outputs:
    totals: np.ndarray  # (scenarios, counties)
    daily: np.ndarray | None  # (scenarios, sources, counties)
    performance: np.ndarray | None

    @classmethod
    def of(cls, scenarios: int, sources: int, n: int, detail: bool) -> _Outputs:
        shape = (scenarios, sources, n)
        return cls(
            totals=np.zeros((scenarios, n), dtype=np.int64),
            daily=np.zeros(shape, dtype=np.int64) if detail else None,
            performance=np.zeros(shape, dtype=np.int64) if detail else None,
        )

    def touch(self, start: int, end: int) -> None:
        """Write the scenarios' pages once before the workers add to them (fresh pages are
        slow to fault in — in some VMs very — and this thread can wait for them while
        the workers compute)."""
        for array in (self.totals, self.daily, self.performance):
            if array is not None:
                np.multiply(array[start:end], 0, out=array[start:end])

    def add(self, kind: _PoolRows, batch: list[int], amounts: np.ndarray) -> None:
        """Add each pool row's amounts to every scenario that uses it (caller holds the lock)."""
        detail = self.daily if kind.kind == DAILY else self.performance
        totals = self.totals
        for position, r in enumerate(batch):
            row = amounts[position]
            for scenario, source in kind.users[r]:
                # Row by row, in place: ~9 × faster than gathering the rows and adding
                # them with fancy indexing (which copies the scenarios' rows twice).
                target = totals[scenario]
                np.add(target, row, out=target)
                if detail is not None:
                    detail[scenario, source] = row

    def put(self, scenario: int, source: int, daily: list[int], perf: list[int]) -> None:
        self.totals[scenario] += np.array(daily, dtype=np.int64)
        self.totals[scenario] += np.array(perf, dtype=np.int64)
        if self.daily is not None and self.performance is not None:
            self.daily[scenario, source] = daily
            self.performance[scenario, source] = perf


def _zero_weight_problems(
    kind: _PoolRows, batch: list[int], weights: np.ndarray, everyone: Sequence[Scenario]
) -> list[ScenarioProblem]:
    found = []
    for position, r in enumerate(batch):
        if kind.totals[r] > 0 and not weights[position].any():
            for scenario, _source in kind.users[r]:
                found.append(
                    ScenarioProblem(scenario, everyone[scenario].name, "whatif_zero_weights")
                )
    return found


def _one_at_a_time(
    i: int, scenario: Scenario, year_input: YearInput, codes: Sequence[str], out: _Outputs
) -> list[ScenarioProblem]:
    """A scenario the vectorised path does not take, through ``allocate`` itself."""
    try:
        allocation = allocate(apply_scenario(year_input, scenario), scenario.period)
    except ZeroFactorTotal as error:
        return [
            ScenarioProblem(
                i, scenario.name, "whatif_factor_total_zero", (("factor", error.factor),)
            )
        ]
    except ApportionError:
        return [ScenarioProblem(i, scenario.name, "whatif_zero_weights")]
    except NeedMissing:
        return [ScenarioProblem(i, scenario.name, "whatif_need_missing", (("found", "—"),))]
    for s, source in enumerate(allocation.sources):
        daily = [source.daily[c].amount for c in codes]
        perf = [source.performance[c].amount for c in codes]
        out.put(i, s, daily, perf)
    return []
