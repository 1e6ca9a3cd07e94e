"""The output folder, written atomically: into a temporary folder beside the target, then
renamed into place. A failure leaves the previous outputs intact and nothing half-written.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


class OutputExists(Exception):
    """The output folder exists and is not empty, and --force was not given."""


class OutputHoldsInput(OutputExists):
    """The output folder holds a file the run reads (``--force`` would delete it)."""

    def __init__(self, target: Path, kept: Path) -> None:
        super().__init__(str(target))
        self.target = target
        self.kept = kept


class OutputFailed(Exception):
    """Writing or renaming the output folder failed (disk full, no permission, ...).

    Raised only after clean-up: the target is as it was and no temporary folder is left.
    """

    def __init__(self, target: Path, error: OSError) -> None:
        super().__init__(f"{target}: {error}")
        self.target = target
        self.error = error

    @property
    def reason(self) -> str:
        """The operating system's words for it, with the errno name: "No space left on
        device (ENOSPC)"; for an error without an errno, its text."""
        name = errno.errorcode.get(self.error.errno or 0)
        text = self.error.strerror or str(self.error) or type(self.error).__name__
        return f"{text} ({name})" if name else text


def _inside(path: Path, folder: Path) -> bool:
    return folder == path or folder in path.parents


def check_target(target: Path, force: bool, keep: Iterable[Path] = ()) -> None:
    if target.exists() and not target.is_dir():
        raise OutputExists(str(target))
    if target.is_dir() and any(target.iterdir()) and not force:
        raise OutputExists(str(target))
    if target.is_dir():
        real = target.resolve()
        for path in keep:
            if _inside(Path(path).resolve(), real):
                raise OutputHoldsInput(target, Path(path))


def write_atomically(
    target: Path, fill: Callable[[Path], None], *, force: bool, keep: Iterable[Path] = ()
) -> None:
    """Call ``fill(tmp)`` to write every file into a fresh folder, then put it at ``target``.

    The old folder (if any, and allowed by ``force``) is replaced only once the new one
    is complete; on any error the temporary folder is removed and the target untouched.
    ``keep``: files the run reads; a target folder holding one is refused (OutputHoldsInput),
    since replacing the folder would delete them. An OSError on the way (disk full, no
    permission) is raised as OutputFailed, after the clean-up; other errors as they are.
    """
    check_target(target, force, keep)
    try:
        _replace_with(Path(os.path.abspath(target)), fill)  # "." has no name to put beside
    except OSError as error:
        raise OutputFailed(target, error) from error


def _replace_with(target: Path, fill: Callable[[Path], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    tmp.chmod(_folder_mode())  # mkdtemp makes it private (0700); a run folder is for sharing
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
        if old is not None and old.exists() and not target.exists():
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _folder_mode() -> int:
    """The mode a plain ``mkdir`` would give a folder here (0777 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask
