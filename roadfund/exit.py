"""The documented exit statuses of every roadfund command (SPEC §5).

``roadfund verify`` reads them as: 0 the folder matches its manifest; 1 a file changed,
is missing or is extra; 2 the folder has no (readable) manifest.json.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitStatus(IntEnum):
    OK = 0  # done
    INVALID_INPUT = 1  # the input is invalid; nothing written
    USAGE = 2  # a usage error (bad option, output folder not empty without --force)
    FLOOR_FAILED = 3  # with --strict: done, but a matching-floor check failed
    WRITE_FAILED = 4  # the outputs could not be written (disk full, no permission); nothing changed
    INTERRUPTED = 128  # + the signal's number: 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP; nothing changed


class Interrupted(BaseException):
    """SIGINT, SIGTERM or SIGHUP arrived: unwind (every ``finally`` and clean-up runs), then
    exit ``INTERRUPTED + signum``.

    ``outputs_in_place``: set by the output folder's writer when the signal arrived after
    the new outputs were already swapped in (complete, at that path) — the run then did not
    leave the old outputs unchanged, and must not say so."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.outputs_in_place: Path | None = None
