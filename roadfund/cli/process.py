"""How a roadfund process starts and ends: the cycle collector's pace, and a quick exit.

Both are for a short batch process that has finished its work, and both are measured
(benchmarks/README.md, figure (a)): on the 4-county sample they take ~0.05 s and ~0.07 s
off a run of ~0.7 s.

- **The collector's pace.** Nearly everything a run allocates lives until the run ends
  (modules, models, the year's rows, a workbook's cells until it is saved); Python's
  default pace (a young collection every 700 allocations, and full collections as the
  heap grows) spends its time walking them again and again. A young collection every
  ``YOUNG`` allocations still frees every reference cycle, so memory stays bounded.
- **A quick exit.** Once a command has returned, every output file is written, closed
  and renamed into place (``writers.outdir``); Python's teardown would then free every
  object of polars, numpy, pydantic and openpyxl one at a time, which no one waits for.
  ``exit_now`` runs the ``atexit`` handlers, flushes stdout and stderr and ends the
  process with the status ``sys.exit`` would have given. While another Python thread is
  still running it exits the ordinary way, so nothing is cut short.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from contextlib import suppress
from typing import NoReturn

YOUNG = 50_000
"""Allocations between two young collections (Python's default: 700)."""


def batch_collector() -> None:
    """Pace the cycle collector for a batch run (see the module's docstring)."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG, older, oldest)


def exit_status(code: object) -> int:
    """The status ``sys.exit(code)`` gives: None → 0, an int as it is, anything else is
    printed to stderr and gives 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    with suppress(OSError, ValueError):
        print(code, file=sys.stderr)
    return 1


def exit_now(code: object) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, without Python's teardown."""
    if threading.active_count() > 1:
        raise SystemExit(code)
    status = exit_status(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(status)
