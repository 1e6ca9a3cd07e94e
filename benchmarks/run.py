"""Benchmarks of roadfund at city, province and national scale — repeated runs, median/min/max.

    python benchmarks/run.py                  # everything (6–40 minutes, by the host)
    python benchmarks/run.py --only a --only c --repeat 3
    python benchmarks/run.py --json results.json

(a) the sample run (``roadfund run inputs/sample-2023.xlsx --out tmp --force``) against
    the import floor of its dependencies (``python -c "import polars, pydantic, openpyxl,
    xlsxwriter"``), both as fresh processes, measured alternately in the same loop; plus
    ``roadfund --help`` and ``python -c pass`` for reference.
(b) a 100-county full run (every output) with ``--jobs 1`` and with every core, each
    against the floor: a replay of the run's own xlsxwriter calls (recorded once by
    ``benchmarks/floor.py``: the same cells, strings, formulas and formats) with
    xlsxwriter alone, in as many processes; the replayed workbooks are checked byte for
    byte against the run's, and the runs' outputs against each other.
(c) 3,000 counties, allocation only: ``allocate`` (and ``compute``) on a synthetic year
    in memory — imports and data generation excluded.
(d) the what-if sweep, 10,000 scenarios × 3,000 counties, engine only: a grid of policy
    questions (10 daily shares × 10 village-road weights × 10 优 coefficients × 10
    counties' score +5) and a worst case (every scenario draws every value at random, so
    no two pools share anything); after timing, a sample of scenarios is checked fen for
    fen against ``allocate``.
(e) ``roadfund whatif`` end to end on a 100-county year with 1,000 scenarios (parse the
    TOML, sweep, write whatif.csv and the workbook), for scale.
(f) national scale: a full ``roadfund run`` (default ``--jobs``: every core) of generated
    years of 100 to 5,000 counties, fresh processes, sizes alternating round by round:
    wall and CPU per county, and peak memory (PSS summed over the process and its workers,
    sampled every 50 ms; and the largest single process's peak resident set, its VmHWM).
(g) as (b), at 3,000 counties.

Wall-clock figures depend on what else the machine runs: the report prints the load
average before and after; compare figures from the same run only.
"""

from __future__ import annotations

import argparse
import contextlib
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


def compile_bytecode() -> None:
    """roadfund's bytecode, as pip writes it for an installed package: an editable install
    has none until Python writes it on the first import, and never where
    PYTHONDONTWRITEBYTECODE is set (as on the project's VMs) — every run would then compile
    all of roadfund's modules from source again (~0.1 s)."""
    import compileall

    compileall.compile_dir(ROOT / "roadfund", quiet=1)


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


# -- measuring a process: wall, CPU, memory ---------------------------------------------------


@dataclass
class Usage:
    wall: float
    cpu: float  # user + system of the process and every worker it waited for
    max_rss: float  # MB: the largest peak resident set (VmHWM) of one process of the tree
    peak_pss: float  # MB: the largest sum of proportional set sizes over the process tree


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in task.read_text().split()]
    return pids


def _field_kb(text: str, key: str) -> int:
    """A ``Key:   123 kB`` line's number from a /proc file (KeyError when it has none)."""
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def _memory_mb(pids: list[int]) -> tuple[float, float]:
    """The processes' proportional set sizes summed, and the largest peak resident set of
    one of them since it started (``VmHWM``: a forked worker's counts the pages it shares
    with its parent, so it cannot be added up as PSS can)."""
    pss = hwm = 0
    for p in pids:  # a process may have ended since the tree was listed: each read may fail
        with contextlib.suppress(OSError, KeyError, ValueError):
            pss += _field_kb(Path(f"/proc/{p}/smaps_rollup").read_text(), "Pss")
        with contextlib.suppress(OSError, KeyError, ValueError):
            hwm = max(hwm, _field_kb(Path(f"/proc/{p}/status").read_text(), "VmHWM"))
    return pss / 1024, hwm / 1024


def measure(command: Sequence[str], cwd: Path | None = None) -> Usage:
    """Run ``command``: its wall and CPU time (its workers included) and its memory, sampled
    every 50 ms from /proc (Linux 4.14 and later): what a process gains in its last 50 ms,
    or a command that ends before the first sample, is not seen (0 MB). Without /proc the
    peak PSS is 0 and the largest process is the kernel's ``ru_maxrss``, which may be the
    harness's own peak."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = largest = 0.0
    sample = Path("/proc/self/smaps_rollup").exists()
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if sample:
            pss, hwm = _memory_mb(_tree(proc.pid))
            peak, largest = max(peak, pss), max(largest, hwm)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{command} exited {proc.returncode}: {stderr}")
    # The largest process is read from /proc too: the kernel's ru_maxrss of a child counts
    # the peak of the process it was forked from, before its exec (this harness: ~700 MB
    # after figure (d)), so it named the harness, not roadfund, for every size.
    if not sample:
        largest = usage.ru_maxrss / 1024
    return Usage(wall, usage.ru_utime + usage.ru_stime, largest, peak)


def cores() -> int:
    from roadfund.writers.parallel import available_cores

    return available_cores()


def synth_input(folder: Path, counties: int) -> Path:
    """A generated year of ``counties`` counties (3/5 as many projects, 3 cost lines each)."""
    from roadfund.writers.template import write_synth

    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"year-{counties}.xlsx"
    if not source.exists():
        write_synth(source, counties, counties * 3 // 5, 3 * counties, seed=2023)
        shutil.copy(ROOT / "inputs" / "policy.toml", folder / "policy.toml")
    return source


def digests(folder: Path) -> dict[str, str]:
    import hashlib

    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- (b) and (g): a full run against the xlsxwriter floor, same processes --------------------

FLOOR = Path(__file__).with_name("floor.py")


def bench_floor(counties: int, repeat: int, work: Path, warm: bool = True) -> list[Timing]:
    """``roadfund run`` with one process and with every core, each against a replay of the
    run's own xlsxwriter calls with xlsxwriter alone in as many processes."""
    from roadfund.writers import county, parallel

    sys.path.insert(0, str(FLOOR.parent))
    import floor

    assert (floor.COUNTY_DIR, floor.CHUNK, floor.TASKS_PER_WORKER) == (
        county.COUNTY_DIR,
        parallel.CHUNK,
        parallel.TASKS_PER_WORKER,
    )
    source = synth_input(work / "inputs", counties)
    logs, recorded = work / f"calls-{counties}", work / f"recorded-{counties}"
    if logs.exists():
        shutil.rmtree(logs)
        shutil.rmtree(recorded)
    floor.record(source, logs, recorded)
    stored = sum(p.stat().st_size for p in logs.iterdir())
    jobs = cores()
    commands: dict[str, list[str]] = {}
    for j in sorted({1, jobs}):
        out = work / f"run-{counties}-{j}"
        commands[f"roadfund run, {counties:,} counties, --jobs {j}"] = [
            ROADFUND, "run", str(source), "--out", str(out), "--force", "--jobs", str(j)
        ]  # fmt: skip
        commands[f"xlsxwriter alone, the same calls, {j} process(es)"] = [
            PYTHON, str(FLOOR), "replay", str(logs), str(work / f"floor-{counties}-{j}"),
            "--jobs", str(j)
        ]  # fmt: skip
    timings = {name: Timing(name) for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(1 - warm, repeat + 1):  # round 0 warms the caches, untimed
        for name, command in commands.items():
            if "replay" in command:
                shutil.rmtree(command[4], ignore_errors=True)
            figures = measure(command)
            if round_:
                timings[name].seconds.append(figures.wall)
                cpu[name].append(figures.cpu)
    run_out = work / f"run-{counties}-1"
    for j in sorted({1, jobs}):
        same = not floor.same_files(run_out, work / f"floor-{counties}-{j}")
        assert same, f"the replay with {j} process(es) wrote other bytes than the run"
        assert digests(run_out) == digests(work / f"run-{counties}-{j}"), "--jobs changed bytes"
    counts = workbook_cells(run_out)
    files = sum(1 for p in run_out.rglob("*") if p.is_file())
    names = list(timings)
    timings[names[0]].note = (
        f"{len(counts)} workbooks, {sum(counts):,} cells, {files} files; "
        f"same bytes with every --jobs"
    )
    for k in range(1, len(names), 2):
        run, plain = timings[names[k - 1]].median, timings[names[k]].median
        run_cpu, plain_cpu = (statistics.median(cpu[names[i]]) for i in (k - 1, k))
        timings[names[k]].note = (
            f"run = {run / plain:.2f} × this (CPU: {run_cpu:.1f} s = {run_cpu / plain_cpu:.2f} × "
            f"{plain_cpu:.1f} s); replayed bytes identical to the run's; "
            f"{stored / 1e6:.0f} MB of recorded calls"
        )
    return list(timings.values())


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


# -- (f) national scale: cost per county, both cores, peak memory ----------------------------


def bench_scale(sizes: Sequence[int], repeat: int, work: Path) -> list[Timing]:
    """A full ``roadfund run`` (every output, default --jobs) of generated years of each
    size, fresh processes, alternating sizes round by round; wall, CPU and memory."""
    sources = {n: synth_input(work / "inputs", n) for n in sizes}
    jobs = cores()
    usages: dict[int, list[Usage]] = {n: [] for n in sizes}
    for _ in range(repeat):
        for n in sizes:
            out = work / f"scale-{n}"
            command = [ROADFUND, "run", str(sources[n]), "--out", str(out), "--force"]
            usages[n].append(measure(command))
    timings = []
    base: tuple[float, float] | None = None
    for n in sizes:
        runs = usages[n]
        wall = statistics.median(u.wall for u in runs)
        cpu = statistics.median(u.cpu for u in runs)
        per_county = wall / n * 1000
        if base is None and n >= 500:
            base = (per_county, cpu / n * 1000)
        relative = (
            f" ({per_county / base[0]:.2f} × and {cpu / n * 1000 / base[1]:.2f} × those at "
            f"{min(m for m in sizes if m >= 500):,})"
            if base
            else ""
        )
        timing = Timing(f"roadfund run, {n:,} counties, every output, --jobs {jobs}")
        timing.seconds = [u.wall for u in runs]
        timing.note = (
            f"{per_county:.1f} ms wall and {cpu / n * 1000:.1f} ms CPU per county{relative}; "
            f"CPU {cpu:.1f} s; peak memory {max(u.peak_pss for u in runs):.0f} MB "
            f"(PSS summed over the processes), largest process's peak RSS "
            f"{max(u.max_rss for u in runs):.0f} MB"
        )
        timings.append(timing)
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
    parser.add_argument("--only", action="append", choices=list("abcdefg"), help="run only these")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--scenarios", type=int, default=10_000, help="(d) scenario count")
    parser.add_argument("--counties", type=int, default=3_000, help="(d) county count")
    parser.add_argument(
        "--whatif-scenarios", type=int, default=1_000, help="(e) scenario count (default 1,000)"
    )
    parser.add_argument(
        "--sizes",
        default="100,500,1000,3000,5000",
        help="(f) county counts, comma-separated (default 100,500,1000,3000,5000)",
    )
    parser.add_argument("--scale-repeat", type=int, default=3, help="(f) and (g) runs (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    chosen = set(args.only or "abcdefg")
    sizes = [int(n) for n in args.sizes.split(",")]
    print(f"machine: {machine()}", flush=True)
    compile_bytecode()
    results: dict[str, list[Timing]] = {}
    with tempfile.TemporaryDirectory(prefix="roadfund-bench-") as tmp:
        work = Path(tmp)
        if "a" in chosen:
            results["a"] = bench_sample(max(args.repeat, 10), work)
        if "b" in chosen:
            results["b"] = bench_floor(100, args.repeat, work)
        if "c" in chosen:
            results["c"] = bench_national(args.repeat)
        if "d" in chosen:
            results["d"] = bench_sweep(args.repeat, args.scenarios, args.counties)
        if "e" in chosen:
            results["e"] = bench_whatif_command(args.repeat, work, args.whatif_scenarios)
        if "f" in chosen:
            results["f"] = bench_scale(sizes, args.scale_repeat, work)
        if "g" in chosen:
            results["g"] = bench_floor(3000, args.scale_repeat, work, warm=False)
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
    targets = (("b", 100, "≤ 4 s"), ("g", 3000, "≤ 15 s with every core, ≤ 1.3 × the floor"))
    for key, counties, target in targets:
        if key in results:
            rows = results[key]
            print(
                f"({key}) {counties:,}-county run, target {target}: "
                + "; ".join(
                    f"{rows[k - 1].name.rsplit(', ', 1)[1]} {rows[k - 1].median:.2f} s = "
                    f"{rows[k - 1].median / rows[k].median:.2f} × the floor"
                    for k in range(1, len(rows), 2)
                )
            )
    if "f" in results:
        print(
            "(f) " + "; ".join(f"{t.name.split(', ')[1]}: {t.median:.2f} s" for t in results["f"])
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {k: [t.__dict__ for t in v] for k, v in results.items()}, indent=2, default=str
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
