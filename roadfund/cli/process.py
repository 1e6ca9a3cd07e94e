"""How a roadfund process ends: a quick exit once a command has returned.

Once a command has returned, every output file is written, flushed, closed and renamed
into place (``writers.outdir``); Python's teardown would then free every object of
polars, numpy, pydantic and openpyxl one at a time, which no one waits for (measured:
benchmarks/README.md, figure (a)). ``exit_now`` runs the ``atexit`` handlers, flushes
stdout and stderr and ends the process with the status ``sys.exit`` would have given.
While another Python thread is still running it exits the ordinary way, so nothing is
cut short.

(Pacing the cycle collector for a batch run was measured too and left out: ~1 % off the
sample run, but +20 MB of peak memory at 5,000 counties.)
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from contextlib import suppress
from typing import NoReturn


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
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # as Python's own exit: stdout could not be written
        status = status or 120
    except AttributeError:  # no stdout at all (pythonw)
        pass
    with suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    os._exit(status)
