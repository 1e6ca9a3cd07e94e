"""The output folder, written atomically: into a temporary folder beside the target, then
renamed into place. A failure leaves the previous outputs intact and nothing half-written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


class OutputExists(Exception):
    """The output folder exists and is not empty, and --force was not given."""


def check_target(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise OutputExists(str(target))
    if target.is_dir() and any(target.iterdir()) and not force:
        raise OutputExists(str(target))


def write_atomically(target: Path, fill: Callable[[Path], None], *, force: bool) -> None:
    """Call ``fill(tmp)`` to write every file into a fresh folder, then put it at ``target``.

    The old folder (if any, and allowed by ``force``) is replaced only once the new one
    is complete; on any error the temporary folder is removed and the target untouched.
    """
    check_target(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    old: Path | None = None
    try:
        fill(tmp)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.rmdir(old)
            os.replace(target, old)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not target.exists():
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
