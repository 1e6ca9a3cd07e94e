"""Benchmark the container guard on every hostile case: refusal time and peak memory.

Builds each case from ``tests/hostile.py`` into a temporary folder, then runs the guard
on it in a fresh subprocess: the median wall time of N runs, the child's peak RSS
(``VmHWM``, else ``ru_maxrss``; it includes the interpreter: compare with the
``(baseline)`` row, a child that only imports the guard) and the peak Python heap of one
run (tracemalloc).

    python benchmarks/hostile.py [--runs 5] [--only zip_bomb --only many_rows]

``--check`` measures the whole refusal a user sees instead: ``roadfund check FILE --json``
in a fresh process per run (interpreter start, imports, guard, and for files the guard
passes, openpyxl and the validation), its wall time, exit status and issue code, and the
peak RSS of that child alone (``os.wait4``'s ``ru_maxrss``). It adds two baselines — the
valid 2023 sample and ``roadfund --help`` — and a workbook at the guard's limits
(``near_limit``: 80,000 mileage rows, 480,000 cells) that only the reader refuses.

    python benchmarks/hostile.py --check [--runs 3] [--only zip_bomb]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, statistics, sys, time, tracemalloc
from pathlib import Path
from roadfund.reader.guard import inspect_container

path, runs = sys.argv[1], int(sys.argv[2])
times, codes = [], set()
for _ in range(runs if path else 0):
    start = time.perf_counter()
    issues = inspect_container(Path(path))
    times.append(time.perf_counter() - start)
    codes.add(issues[0].code if issues else "")
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB; may include the parent
try:  # VmHWM: this process's own peak (ru_maxrss can carry the forked parent's)
    status = Path("/proc/self/status").read_text()
    rss = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmHWM:")))
except (OSError, StopIteration):
    pass
heap = 0
if path:
    tracemalloc.start()
    inspect_container(Path(path))
    heap = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
print(json.dumps({"times": times, "codes": sorted(codes), "rss_kib": rss, "heap": heap}))
"""


def load_builders() -> ModuleType:
    """tests/hostile.py, loaded by path (this file shares its module name)."""
    spec = importlib.util.spec_from_file_location("hostile_builders", ROOT / "tests" / "hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(path: Path | None, runs: int) -> dict[str, Any]:
    """Run the guard on ``path`` in a fresh interpreter; None measures the bare import."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-c", CHILD, str(path) if path else "", str(runs)]
    done = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    return json.loads(done.stdout)


def size_of(path: Path) -> str:
    return "dir" if path.is_dir() else f"{path.stat().st_size / 1024:,.0f}"


def check_once(argv: list[str]) -> tuple[float, int, int, str]:
    """Run ``roadfund ...`` once: (seconds, exit status, peak RSS KiB of that child, the
    first issue code of its --json output or "")."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "roadfund", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stdout.close()
    code = ""
    if out.startswith(b"{"):
        issues = json.loads(out).get("issues") or []
        code = issues[0]["code"] if issues else ""
    return seconds, child.returncode, usage.ru_maxrss, code


def near_limit(directory: Path, rows: int = 80_000) -> Path:
    """The 2023 sample with 80,000 extra mileage rows (6 cells each): inside every guard
    limit (480,000 cells < 500,000), so openpyxl reads it and the validation refuses it."""
    import datetime as dt

    from roadfund.samples.jingdezhen import SAMPLE_YEARS
    from roadfund.writers.template import write_input_workbook

    data = {name: list(table) for name, table in SAMPLE_YEARS[2023].items()}
    km = dict(zip(("国道", "省道", "县道", "乡道", "村道"), range(1, 6), strict=True))
    extra = [{"县区代码": f"{370000 + i:06d}", **km} for i in range(rows)]
    data["养护里程"] = data["养护里程"] + extra
    path = directory / "near_limit.xlsx"
    write_input_workbook(path, data, created=dt.datetime(2023, 1, 1))
    return path


def main_check(runs: int, only: list[str]) -> None:
    """Every case through ``roadfund check``: what a user waits for, and its memory."""
    hostile = load_builders()
    cases: dict[str, tuple[Callable[[Path], Path], str | None]] = {
        **hostile.CASES,
        **hostile.STRESS,
        "near_limit": (near_limit, "unknown_county"),
    }
    names = only or list(cases)
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, median of {runs}")
    header = (
        f"{'case':22} {'expected':24} {'got':24} {'exit':>4} {'file KB':>8} "
        f"{'median ms':>10} {'max ms':>8} {'RSS MB':>7}"
    )
    print(header)
    print("-" * len(header))
    failures = 0
    with tempfile.TemporaryDirectory(prefix="roadfund-check-") as tmp:
        shutil.copy(ROOT / "inputs" / "policy.toml", Path(tmp) / "policy.toml")
        baselines = {
            "(roadfund --help)": ["--help"],
            "(valid sample)": ["check", str(ROOT / "inputs" / "sample-2023.xlsx"), "--json"],
        }
        for label, argv in baselines.items():
            timings = [check_once(argv) for _ in range(runs)]
            times = sorted(t[0] for t in timings)
            rss = max(t[2] for t in timings) / 1024
            print(
                f"{label:22} {'':24} {'':24} {timings[0][1]:>4} {'':>8} "
                f"{times[len(times) // 2] * 1000:10.1f} {times[-1] * 1000:8.1f} {rss:7.1f}"
            )
        for name in names:
            build, expected = cases[name]
            path = build(Path(tmp))
            timings = [check_once(["check", str(path), "--json"]) for _ in range(runs)]
            times = sorted(t[0] for t in timings)
            got = ",".join(sorted({t[3] for t in timings})) or "(passes)"
            wanted = expected or "(passes)"
            failures += got != wanted if expected else 0  # a passing guard ends in the reader
            rss = max(t[2] for t in timings) / 1024
            print(
                f"{name:22} {wanted:24} {got:24} {timings[0][1]:>4} {size_of(path):>8} "
                f"{times[len(times) // 2] * 1000:10.1f} {times[-1] * 1000:8.1f} {rss:7.1f}"
            )
            if path.is_file():
                path.unlink()  # keep the temporary folder small
    if failures:
        sys.exit(f"{failures} case(s) gave an unexpected result")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", action="append", default=[], help="a case name")
    parser.add_argument(
        "--check", action="store_true", help="measure `roadfund check` end to end instead"
    )
    args = parser.parse_args()
    if args.check:
        main_check(args.runs, args.only)
        return

    hostile = load_builders()
    cases: dict[str, tuple[Callable[[Path], Path], str | None]] = {
        **hostile.CASES,
        **hostile.STRESS,
    }
    names = args.only or list(cases)
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, median of {args.runs}")
    header = (
        f"{'case':22} {'expected':24} {'got':24} {'file KB':>8} "
        f"{'median ms':>10} {'max ms':>8} {'RSS MB':>7} {'heap MB':>8}"
    )
    print(header)
    print("-" * len(header))
    base = measure(None, 0)
    base_rss = int(base["rss_kib"]) / 1024
    print(f"{'(baseline)':22} {'':24} {'':24} {'':>8} {'':>10} {'':>8} {base_rss:7.1f} {'':>8}")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="roadfund-hostile-") as tmp:
        for name in names:
            build, expected = cases[name]
            path = build(Path(tmp))
            result = measure(path, args.runs)
            times = sorted(result["times"])
            median_ms = times[len(times) // 2] * 1000
            got = ",".join(result["codes"]) or "(passes)"
            wanted = expected or "(passes)"
            failures += got != wanted
            rss = int(result["rss_kib"]) / 1024
            heap = int(result["heap"]) / 1024 / 1024
            print(
                f"{name:22} {wanted:24} {got:24} {size_of(path):>8} "
                f"{median_ms:10.1f} {times[-1] * 1000:8.1f} {rss:7.1f} {heap:8.2f}"
            )
    if failures:
        sys.exit(f"{failures} case(s) gave an unexpected result")


if __name__ == "__main__":
    main()
