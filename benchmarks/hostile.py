"""Benchmark the container guard on every hostile case: refusal time and peak memory.

Builds each case from ``tests/hostile.py`` into a temporary folder, then runs the guard
on it in a fresh subprocess: the median wall time of N runs, the child's peak RSS
(``VmHWM``, else ``ru_maxrss``; it includes the interpreter: compare with the
``(baseline)`` row, a child that only imports the guard) and the peak Python heap of one
run (tracemalloc).

    python benchmarks/hostile.py [--runs 5] [--only zip_bomb --only many_rows]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", action="append", default=[], help="a case name")
    args = parser.parse_args()

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
