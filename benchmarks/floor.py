"""The physical floor of a run's workbooks: the same xlsxwriter calls, with xlsxwriter alone.

    python benchmarks/floor.py record INPUT.xlsx LOGS      # run once, keep every call
    python benchmarks/floor.py replay LOGS OUT --jobs 2    # replay them, nothing else

``record`` runs roadfund's own write path (the summary and every county workbook, one
process) with ``xlsxwriter.Workbook`` wrapped in a recording proxy: every call on the
workbook and on what it hands out (worksheets, formats, charts) is forwarded and kept —
the same cells, strings, formulas with their values, formats, merges and print setup. Each
workbook's calls are stored with ``marshal`` (one file per workbook; formats, worksheets
and charts as references, datetimes as text).

``replay`` is a fresh process that imports xlsxwriter only — with roadfund's worksheet
class, ``roadfund.writers.xlsx_fast`` (itself xlsxwriter alone: it prepares formulas with
one search and leaves out merged pads that draw nothing) — and makes those calls again,
with the run's workbook options (assembled in memory), into the same file names, with
``--jobs`` processes cut into the same tasks as ``roadfund run`` (the summary first, then
runs of county workbooks). Its wall time is what writing the workbooks costs at least,
with the same processes; decoding the stored calls is included and reported apart
(``decode``). ``--check RUN_OUT`` compares the replayed files with the run's, byte for
byte: the recording missed nothing.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import marshal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REF = "\0ref"
DATETIME = "\0datetime"
COUNTY_DIR = "counties"  # roadfund.writers.county.COUNTY_DIR (not imported: the floor is
CHUNK = 32  # roadfund.writers.parallel.CHUNK   xlsxwriter alone; benchmarks/run.py checks)
TASKS_PER_WORKER = 64  # roadfund.writers.parallel.TASKS_PER_WORKER


# -- recording -----------------------------------------------------------------------------


class _Log:
    def __init__(self) -> None:
        self.calls: list[tuple[int, str, Any, Any, int | None]] = []
        self.count = 1  # reference 0 is the workbook


def _encode(value: Any) -> Any:
    if isinstance(value, _Recorder):
        return (REF, value._ref)
    if isinstance(value, dt.datetime):
        return (DATETIME, value.isoformat())
    if isinstance(value, tuple):
        return tuple(_encode(v) for v in value)
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot record a {type(value).__name__}: {value!r}")


def _compact(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any, Any]:
    """(args, kwargs, refs): a reference passed as a positional argument (a format, a
    chart) is stored as its number and listed in ``refs`` (its positions), so the replay
    puts the object back without walking every argument; any other case (a reference or
    datetime nested in a value) is fully encoded, with ``refs`` None."""
    positions = tuple(i for i, a in enumerate(args) if isinstance(a, _Recorder))
    rest = [a for i, a in enumerate(args) if i not in positions] + list(kwargs.values())
    if all(_plain(a) for a in rest):
        stored = tuple(a._ref if isinstance(a, _Recorder) else a for a in args)
        return stored, kwargs, positions
    return _encode(args), _encode(kwargs), None


def _plain(value: Any) -> bool:
    """Nothing in ``value`` needs encoding."""
    if isinstance(value, tuple | list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(v) for v in value.values())
    return value is None or isinstance(value, str | int | float | bool)


def _unwrap(value: Any) -> Any:
    if isinstance(value, _Recorder):
        return value._real
    if isinstance(value, tuple):
        return tuple(_unwrap(v) for v in value)
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    return value


class _Recorder:
    """Forwards every method call to the real object and keeps it in the log."""

    def __init__(self, real: Any, log: _Log, ref: int) -> None:
        self._real, self._log, self._ref = real, log, ref

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._real, name)
        if not callable(attr):
            raise AttributeError(f"the recorder forwards calls only, not .{name}")
        log = self._log

        def call(*args: Any, **kwargs: Any) -> Any:
            # rows handed over as a generator (write_rows) are kept as the list they give
            args = tuple(list(a) if isinstance(a, Iterator) else a for a in args)
            entry = [self._ref, name, *_compact(args, kwargs), None]
            log.calls.append(entry)  # type: ignore[arg-type]
            result = attr(*_unwrap(args), **_unwrap(kwargs))
            if result is not None and not isinstance(result, int | str | bool | float):
                entry[5] = log.count
                log.count += 1
                return _Recorder(result, log, log.count - 1)
            return result

        return call


def recording_workbook(root: Path, logs: Path) -> Any:
    """A stand-in for ``xlsxwriter.Workbook`` that records into ``logs`` at close()."""
    from roadfund.writers.xlsx_fast import FastWorkbook

    class RecordingWorkbook(_Recorder):
        def __init__(self, filename: str, options: dict[str, Any] | None = None) -> None:
            self._options = copy.deepcopy(options or {})  # as given: xlsxwriter edits it
            super().__init__(FastWorkbook(filename, options), _Log(), 0)
            self._file = Path(filename).relative_to(root).as_posix()

        def close(self) -> None:
            self._real.close()
            index = len(list(logs.glob("*.calls")))
            data = (self._file, self._options, [tuple(c) for c in self._log.calls])
            (logs / f"{index:06d}.calls").write_bytes(marshal.dumps(data))

    return RecordingWorkbook


def record(source: Path, logs: Path, out: Path) -> None:
    """Run roadfund's writers on ``source`` in this process, recording every workbook."""
    from roadfund.engine import compute
    from roadfund.reader.load import load_year
    from roadfund.run import write_outputs
    from roadfund.writers import xlsx_common

    logs.mkdir(parents=True)
    out.mkdir(parents=True)
    loaded = load_year(source, None)
    result = compute(loaded.year_input, loaded.period)
    real = xlsx_common.FastWorkbook, xlsx_common.StreamingWorkbook
    recorder = recording_workbook(out, logs)  # the options say whether it streams
    xlsx_common.FastWorkbook = xlsx_common.StreamingWorkbook = recorder  # type: ignore[misc]
    try:
        write_outputs(out, loaded, result, "zh", jobs=1)
    finally:
        xlsx_common.FastWorkbook, xlsx_common.StreamingWorkbook = real  # type: ignore[misc]


# -- replaying -----------------------------------------------------------------------------


def _decode(value: Any, objects: dict[int, Any]) -> Any:
    if isinstance(value, tuple):
        if len(value) == 2 and value[0] == REF:
            return objects[value[1]]
        if len(value) == 2 and value[0] == DATETIME:
            return dt.datetime.fromisoformat(value[1])
        return tuple(_decode(v, objects) for v in value)
    if isinstance(value, list):
        return [_decode(v, objects) for v in value]
    if isinstance(value, dict):
        return {k: _decode(v, objects) for k, v in value.items()}
    return value


_out: Path | None = None


def _start(out: Path) -> None:
    global _out
    _out = out


def replay_files(paths: list[Path]) -> tuple[int, float]:
    """Replay each stored workbook into the output folder; (workbooks, decode seconds)."""
    from roadfund.writers.xlsx_fast import FastWorkbook as Workbook

    assert _out is not None
    decoding = 0.0
    for path in paths:
        start = time.perf_counter()
        name, options, calls = marshal.loads(path.read_bytes())
        decoding += time.perf_counter() - start
        objects: dict[int, Any] = {0: Workbook(str(_out / name), options)}
        for ref, method, args, kwargs, refs, new in calls:
            if refs is None:
                args, kwargs = _decode(args, objects), _decode(kwargs, objects)
            elif refs:
                args = list(args)
                for i in refs:
                    args[i] = objects[args[i]]
            result = getattr(objects[ref], method)(*args, **kwargs)
            if new is not None:
                objects[new] = result
        objects[0].close()
    return len(paths), decoding


def replay(logs: Path, out: Path, jobs: int) -> dict[str, float]:
    """Every stored workbook into ``out``, cut into tasks as roadfund run cuts them."""
    started = time.perf_counter()
    files = sorted(logs.glob("*.calls"))
    names = {p: marshal.loads(p.read_bytes())[0] for p in files} if jobs > 1 else {}
    (out / COUNTY_DIR).mkdir(parents=True, exist_ok=True)
    _start(out)
    if jobs == 1:
        _, decoding = replay_files(files)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        counties = [p for p in files if names[p].startswith(f"{COUNTY_DIR}/")]
        others = [p for p in files if p not in set(counties)]
        step = max(1, min(CHUNK, len(counties) // (jobs * TASKS_PER_WORKER)))
        tasks = [others] + [counties[i : i + step] for i in range(0, len(counties), step)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start, initargs=(out,)
        ) as pool:
            decoding = sum(d for _, d in pool.map(replay_files, tasks))
    return {"seconds": time.perf_counter() - started, "decode": decoding}


def same_files(a: Path, b: Path) -> list[str]:
    """Workbooks of ``a`` that differ from (or are missing in) ``b``."""
    return [
        p.relative_to(a).as_posix()
        for p in sorted(a.rglob("*.xlsx"))
        if not (b / p.relative_to(a)).is_file()
        or (b / p.relative_to(a)).read_bytes() != p.read_bytes()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record")
    rec.add_argument("input", type=Path)
    rec.add_argument("logs", type=Path)
    rec.add_argument("--out", type=Path, required=True, help="where the recorded run writes")
    rep = commands.add_parser("replay")
    rep.add_argument("logs", type=Path)
    rep.add_argument("out", type=Path)
    rep.add_argument("--jobs", type=int, default=1)
    rep.add_argument("--check", type=Path, help="a run folder to compare the workbooks with")
    args = parser.parse_args()
    if args.command == "record":
        record(args.input, args.logs, args.out)
        return
    figures = replay(args.logs, args.out, args.jobs)
    print(f"replayed in {figures['seconds']:.3f} s, decode {figures['decode']:.3f} s")
    if args.check:
        differ = same_files(args.check, args.out)
        if differ:
            sys.exit(f"{len(differ)} workbook(s) differ from {args.check}: {differ[:3]}")
        print("every workbook byte-identical to the run's")


if __name__ == "__main__":
    main()
