"""Benchmarks of roadfund at city, province and national scale — repeated runs, median/min/max.

    python benchmarks/run.py                  # everything (a few minutes)
    python benchmarks/run.py --only a --only c --repeat 3
    python benchmarks/run.py --json results.json

(a) the sample run (``roadfund run inputs/sample-2023.xlsx --out tmp --force``) against
    the import floor of its dependencies (``python -c "import polars, pydantic, openpyxl,
    xlsxwriter"``), both as fresh processes, measured alternately in the same loop; plus
    ``roadfund --help`` and ``python -c pass`` for reference.
(b) a 100-county full run (every output ``roadfund run`` writes at the time, county
    workbooks included) against a script that writes the same number of workbooks with
    the same number of cells each with xlsxwriter and no logic (same interpreter start).
(c) 3,000 counties, allocation only: ``allocate`` (and ``compute``) on a synthetic year
    in memory — imports and data generation excluded.
(d) the what-if sweep, 10,000 scenarios × 3,000 counties, engine only: a grid of policy
    questions (10 daily shares × 10 village-road weights × 10 优 coefficients × 10
    counties' score +5) and a worst case (every scenario draws every value at random, so
    no two pools share anything); after timing, a sample of scenarios is checked fen for
    fen against ``allocate``.
(e) ``roadfund whatif`` end to end on a 100-county year with 1,000 scenarios (parse the
    TOML, sweep, write whatif.csv and the workbook), for scale.

Wall-clock figures depend on what else the machine runs: the report prints the load
average before and after; compare figures from the same run only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ROADFUND = str(Path(sys.executable).with_name("roadfund"))
"""The console script beside this interpreter (not a pyenv shim: a shim adds ~0.1 s)."""
IMPORT_FLOOR = [PYTHON, "-c", "import polars, pydantic, openpyxl, xlsxwriter"]


@dataclass
class Timing:
    name: str
    seconds: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def row(self) -> str:
        s = self.seconds
        return (
            f"| {self.name} | {statistics.median(s):.3f} | {min(s):.3f} | {max(s):.3f} "
            f"| {len(s)} | {self.note} |"
        )


def run_process(command: Sequence[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def alternate(commands: dict[str, list[str]], repeat: int, cwd: Path | None = None) -> list[Timing]:
    """Run each command once per round, round after round (so load drifts hit all alike)."""
    timings = {name: Timing(name) for name in commands}
    for command in commands.values():  # warm the file cache once, untimed
        run_process(command, cwd)
    for _ in range(repeat):
        for name, command in commands.items():
            timings[name].seconds.append(run_process(command, cwd))
    return list(timings.values())


def timed(name: str, action: Callable[[], Any], repeat: int, note: str = "") -> Timing:
    timing = Timing(name, note=note)
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timing.seconds.append(time.perf_counter() - start)
    return timing


# -- (a) the sample run against the import floor ---------------------------------------------


def bench_sample(repeat: int, work: Path) -> list[Timing]:
    out = work / "sample-out"
    commands = {
        "roadfund run inputs/sample-2023.xlsx --out tmp --force": [
            ROADFUND,
            "run",
            str(ROOT / "inputs" / "sample-2023.xlsx"),
            "--out",
            str(out),
            "--force",
        ],
        'python -c "import polars, pydantic, openpyxl, xlsxwriter"': IMPORT_FLOOR,
        "roadfund --help": [ROADFUND, "--help"],
        "python -c pass": [PYTHON, "-c", "pass"],
    }
    return alternate(commands, repeat, cwd=ROOT)


# -- (b) a 100-county full run against xlsxwriter alone --------------------------------------

CELLS_SCRIPT = r"""
import sys, xlsxwriter
from pathlib import Path
out = Path(sys.argv[1])
for i, count in enumerate(int(c) for c in sys.argv[2].split(",")):
    wb = xlsxwriter.Workbook(str(out / f"book{i}.xlsx"))
    ws = wb.add_worksheet()
    for cell in range(count):
        ws.write_number(cell // 10, cell % 10, cell * 1.25)
    wb.close()
"""


def workbook_cells(folder: Path) -> list[int]:
    """Cells in every .xlsx under ``folder`` (counted in the sheets' XML)."""
    counts = []
    for path in sorted(folder.rglob("*.xlsx")):
        with zipfile.ZipFile(path) as archive:
            counts.append(
                sum(
                    len(re.findall(rb"<c ", archive.read(name)))
                    for name in archive.namelist()
                    if name.startswith("xl/worksheets/sheet")
                )
            )
    return counts


def bench_province(repeat: int, work: Path) -> list[Timing]:
    from roadfund.writers.template import write_synth

    folder = work / "province"
    folder.mkdir()
    source = folder / "province.xlsx"
    write_synth(source, counties=100, projects=60, cost_lines=300, seed=2023)
    shutil.copy(ROOT / "inputs" / "policy.toml", folder / "policy.toml")
    out = work / "province-out"
    run = [ROADFUND, "run", str(source), "--out", str(out), "--force"]
    run_process(run)
    counts = workbook_cells(out)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    cells_out = work / "cells-out"
    cells_out.mkdir()
    plain = [PYTHON, "-c", CELLS_SCRIPT, str(cells_out), ",".join(map(str, counts))]
    timings = alternate(
        {"roadfund run, 100 counties": run, "xlsxwriter, same cells": plain}, repeat
    )
    timings[0].note = (
        f"{len(counts)} workbooks, {sum(counts):,} cells, {files} files written "
        f"(what run wrote at the time)"
    )
    timings[1].note = f"{len(counts)} workbooks × the same cell counts, write_number only"
    return timings


# -- (c) 3,000 counties, allocation only -----------------------------------------------------


def shipped_period():  # type: ignore[no-untyped-def]
    from roadfund.reader.policy import load_policy

    period = load_policy(ROOT / "inputs" / "policy.toml").period_for(2023)
    assert period is not None
    return period


def bench_national(repeat: int) -> list[Timing]:
    from roadfund.engine import compute
    from roadfund.engine.allocation import allocate
    from roadfund.samples.synth import synth_year_input

    year = synth_year_input(3000, 300, 3000, seed=2023)
    period = shipped_period()
    allocate(year, period)  # warm
    return [
        timed("allocate, 3,000 counties", lambda: allocate(year, period), repeat),
        timed(
            "compute (allocate + matching + settlement), 3,000 counties",
            lambda: compute(year, period),
            repeat,
            note="300 projects, 3,000 cost lines",
        ),
    ]


# -- (d) the what-if sweep -------------------------------------------------------------------


def grid_scenarios(year: Any, base: Any) -> list[Any]:
    """10 daily shares × 10 village-road weights × 10 优 coefficients × 10 counties +5."""
    from roadfund.engine.sweep import CountyChange, Scenario

    codes = sorted(row.code for row in year.counties)[:10]
    scores = {row.county_code: row.score for row in year.performance}
    periods: dict[tuple[Fraction, ...], Any] = {}
    scenarios = []
    shares = [Fraction(60 + 2 * i, 100) for i in range(10)]
    village = [Fraction(50 + 5 * i, 100) for i in range(10)]
    excellent = [Fraction(110 + 5 * i, 100) for i in range(10)]
    for daily, weight, coefficient, code in itertools.product(shares, village, excellent, codes):
        key = (daily, weight, coefficient)
        if key not in periods:
            bands = base.performance.bands
            periods[key] = base.model_copy(
                update={
                    "daily_share": daily,
                    "performance_share": 1 - daily,
                    "road_class_weights": base.road_class_weights.model_copy(
                        update={"village": weight}
                    ),
                    "performance": base.performance.model_copy(
                        update={
                            "bands": (
                                bands[0].model_copy(update={"coefficient": coefficient}),
                                *bands[1:],
                            )
                        }
                    ),
                }
            )
        change = {code: CountyChange(score=min(10_000, scores[code] + 500))}
        scenarios.append(Scenario(f"{daily}/{weight}/{coefficient}/{code}", periods[key], change))
    return scenarios


def random_scenarios(year: Any, base: Any, count: int, seed: int) -> list[Any]:
    """Every scenario draws its shares, two class weights, every band coefficient and two
    counties' scores at random: no pool row is shared with another scenario."""
    from roadfund.engine.sweep import CountyChange, Scenario

    rng = random.Random(seed)
    codes = sorted(row.code for row in year.counties)
    scenarios = []
    for k in range(count):
        daily = Fraction(rng.randint(5000, 9000), 10_000)
        weights = base.road_class_weights.model_copy(
            update={
                "village": Fraction(rng.randint(50, 150), 100),
                "township": Fraction(rng.randint(50, 150), 100),
            }
        )
        bands = tuple(
            b.model_copy(update={"coefficient": Fraction(rng.randint(0, 200), 100)})
            if b.coefficient
            else b
            for b in base.performance.bands
        )
        period = base.model_copy(
            update={
                "daily_share": daily,
                "performance_share": 1 - daily,
                "road_class_weights": weights,
                "performance": base.performance.model_copy(update={"bands": bands}),
            }
        )
        changes = {c: CountyChange(score=rng.randint(6000, 10_000)) for c in rng.sample(codes, 2)}
        scenarios.append(Scenario(f"random {k}", period, changes))
    return scenarios


def check_exact(year: Any, result: Any, sample: int, seed: int) -> int:
    """Compare ``sample`` random scenarios with allocate, fen for fen; returns how many."""
    from roadfund.engine.allocation import allocate
    from roadfund.engine.sweep import apply_scenario

    rng = random.Random(seed)
    picks = [0, *rng.sample(range(1, len(result.scenarios)), sample)]
    for i in picks:
        scenario = result.scenarios[i]
        allocation = allocate(apply_scenario(year, scenario), scenario.period)
        expected = [allocation.transfer_total(c) for c in result.codes]
        if result.totals[i].tolist() != expected:
            raise AssertionError(f"scenario {i} ({scenario.name}) differs from allocate")
    return len(picks)


def bench_sweep(repeat: int, scenarios_count: int, counties: int) -> list[Timing]:
    import numpy as np

    from roadfund.engine.sweep import sweep
    from roadfund.samples.synth import synth_year_input

    year = synth_year_input(counties, 0, 0, seed=2023)
    base = shipped_period()
    timings = []
    for label, scenarios in (
        ("grid", grid_scenarios(year, base)[:scenarios_count]),
        ("worst case (random)", random_scenarios(year, base, scenarios_count, seed=7)),
    ):
        results: list[Any] = []

        def one(scenarios: list[Any] = scenarios, results: list[Any] = results) -> None:
            results.clear()  # free the last result first, as a fresh sweep would find it
            results.append(sweep(year, base, scenarios))

        timing = timed(f"what-if sweep, {len(scenarios):,} × {counties:,}, {label}", one, repeat)
        result = results[-1]
        checked = check_exact(year, result, 20, seed=1)
        paths = {k: v for k, v in result.paths.items() if v}
        timing.note = (
            f"pool rows {paths.get('rows', 0):,} computed, {paths.get('shared', 0):,} shared; "
            f"paths {paths}; {checked} scenarios checked against allocate: identical"
        )
        assert result.totals.dtype == np.int64
        results.clear()
        timings.append(timing)
    return timings


# -- (e) roadfund whatif end to end ----------------------------------------------------------


def bench_whatif_command(repeat: int, work: Path, count: int = 1000) -> list[Timing]:
    from roadfund.writers.template import write_synth

    folder = work / "whatif"
    folder.mkdir()
    source = folder / "province.xlsx"
    write_synth(source, counties=100, projects=60, cost_lines=300, seed=2023)
    shutil.copy(ROOT / "inputs" / "policy.toml", folder / "policy.toml")
    lines = []
    for i in range(count):
        lines += [
            "[[scenario]]",
            f'name = "情景{i + 1}"',
            f'daily_share = "0.{60 + i % 20}"',
            f'road_class_weights = {{ "村道" = "0.{50 + i % 50}" }}',
            "",
        ]
    scenarios = folder / "scenarios.toml"
    scenarios.write_text("\n".join(lines), encoding="utf-8")
    command = [
        ROADFUND,
        "whatif",
        str(source),
        "--scenarios",
        str(scenarios),
        "--out",
        str(work / "whatif-out"),
        "--force",
    ]
    name = f"roadfund whatif, 100 counties × {count:,} scenarios"
    (timing,) = alternate({name: command}, repeat)
    timing.note = "parse + validate + sweep + whatif.csv + workbook, fresh process"
    return [timing]


# -- the report ------------------------------------------------------------------------------


def machine() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}, load average "
        f"{' '.join(f'{x:.2f}' for x in load)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=list("abcde"), help="run only these")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--scenarios", type=int, default=10_000, help="(d) scenario count")
    parser.add_argument("--counties", type=int, default=3_000, help="(d) county count")
    parser.add_argument(
        "--whatif-scenarios", type=int, default=1_000, help="(e) scenario count (default 1,000)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    chosen = set(args.only or "abcde")
    print(f"machine: {machine()}", flush=True)
    results: dict[str, list[Timing]] = {}
    with tempfile.TemporaryDirectory(prefix="roadfund-bench-") as tmp:
        work = Path(tmp)
        if "a" in chosen:
            results["a"] = bench_sample(max(args.repeat, 10), work)
        if "b" in chosen:
            results["b"] = bench_province(args.repeat, work)
        if "c" in chosen:
            results["c"] = bench_national(args.repeat)
        if "d" in chosen:
            results["d"] = bench_sweep(args.repeat, args.scenarios, args.counties)
        if "e" in chosen:
            results["e"] = bench_whatif_command(args.repeat, work, args.whatif_scenarios)
    print(f"after: {machine()}")
    print()
    print("| benchmark | median s | min s | max s | runs | note |")
    print("|---|---:|---:|---:|---:|---|")
    for key in sorted(results):
        for timing in results[key]:
            print(f"| ({key}) {timing.row()[2:]}")
    if "a" in results:
        run, floor = results["a"][0].median, results["a"][1].median
        print(f"\n(a) sample run / import floor = {run / floor:.2f}× (target ≤ 1.5×)")
    if "b" in results:
        run, plain = results["b"][0].median, results["b"][1].median
        print(f"(b) 100-county run {run:.2f} s (target ≤ 4 s); xlsxwriter alone {plain:.2f} s")
    if args.json:
        args.json.write_text(
            json.dumps(
                {k: [t.__dict__ for t in v] for k, v in results.items()}, indent=2, default=str
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
