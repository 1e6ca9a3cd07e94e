"""The output folder, written atomically and by one run at a time.

A run takes a lock beside the target (``.NAME.lock``, holding its PID), writes every file
into a fresh ``.NAME.tmp-*`` folder beside it, and only then swaps it in. On Linux the
swap is one ``renameat2(RENAME_EXCHANGE)``: the target's name always holds a complete
folder, the old one or the new one. Elsewhere (or on a file system without it) the old
folder is renamed to ``.NAME.old-*`` and the new one into place; a crash between the two
renames leaves the old folder under ``.NAME.old-*``, and the next run puts it back.
Leftovers of crashed runs (``.NAME.tmp-*``, ``.NAME.old-*``) are owned by no live
process once the lock is held, and are removed then. A power cut is a crash too: the new
folder's files are on the disk before the swap (``flush_to_disk``) and the swap is before
the old folder is deleted, so the target never names files the disk has not received.

``--force`` replaces only what roadfund wrote: a folder whose files all match its
manifest.json (the caller says which files would be lost, see ``write_atomically``).
A symlinked target is refused: replacing the link would leave its target untouched,
replacing the target's contents would write outside the folder named.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from roadfund.exit import Interrupted

TEST_PAUSE_ENV = "ROADFUND_TEST_PAUSE"
"""Test hook: ``POINT:FILE`` makes the run create FILE and sleep at POINT (``filled``:
the new folder is complete; ``moved-old``: fallback swap, between the two renames;
``swapped``: the new folder is in, the old one not yet removed). Tests kill it there."""
TEST_NO_EXCHANGE_ENV = "ROADFUND_TEST_NO_EXCHANGE"
"""Test hook: ``1`` makes the swap use the two-rename fallback."""


class OutputExists(Exception):
    """The output folder exists and is not empty, and --force was not given."""


class OutputHoldsInput(OutputExists):
    """The output folder holds a file the run reads (``--force`` would delete it)."""

    def __init__(self, target: Path, kept: Path) -> None:
        super().__init__(str(target))
        self.target = target
        self.kept = kept


class OutputNotOurs(OutputExists):
    """``--force`` was given, but the folder holds files roadfund did not write (or that
    changed since): replacing it would lose them. ``lost``: their relative paths."""

    def __init__(self, target: Path, lost: Sequence[str]) -> None:
        super().__init__(str(target))
        self.target = target
        self.lost = tuple(lost)


class OutputIsLink(Exception):
    """The output folder is a symbolic link."""

    def __init__(self, target: Path) -> None:
        super().__init__(str(target))
        self.target = target


class OutputBusy(Exception):
    """Another run is writing the same output folder (it holds the lock)."""

    def __init__(self, target: Path, pid: str) -> None:
        super().__init__(str(target))
        self.target = target
        self.pid = pid


class OutputFailed(Exception):
    """Writing or renaming the output folder failed (disk full, no permission, ...).

    Raised only after clean-up: the target is as it was and no temporary folder is left.
    """

    def __init__(self, target: Path, error: BaseException) -> None:
        super().__init__(f"{target}: {error}")
        self.target = target
        self.error = error

    @property
    def reason(self) -> str:
        """The operating system's words for it, with the errno name: "No space left on
        device (ENOSPC)"; for an error without an errno, its text."""
        return error_reason(self.error)


class OldOutputsLeft(OutputFailed):
    """The new outputs are in place, but the old ones could not all be removed: what is
    left of them is at ``left``."""

    def __init__(self, target: Path, left: Path, error: BaseException) -> None:
        super().__init__(target, error)
        self.left = left


def error_reason(error: BaseException) -> str:
    """An OSError (or a writer's error wrapping one) as "No space left on device (ENOSPC)"."""
    error = os_error(error) or error
    if isinstance(error, OSError):
        name = errno.errorcode.get(error.errno or 0)
        text = error.strerror or str(error) or type(error).__name__
        return f"{text} ({name})" if name else text
    return str(error) or type(error).__name__


def os_error(error: BaseException) -> OSError | None:
    """The OSError behind ``error``: itself, or the one xlsxwriter wraps (its
    FileCreateError is not an OSError)."""
    if isinstance(error, OSError):
        return error
    for arg in getattr(error, "args", ()):
        if isinstance(arg, OSError):
            return arg
    cause = error.__cause__ or error.__context__
    return cause if isinstance(cause, OSError) else None


def write_failure(error: BaseException) -> bool:
    """Is ``error`` a failure to write a file (disk full, no permission, a file too big for
    its format) rather than a bug? OSErrors and xlsxwriter's file errors are."""
    if isinstance(error, OSError):
        return True
    try:
        from xlsxwriter.exceptions import FileCreateError, FileSizeError
    except ImportError:  # pragma: no cover - xlsxwriter is a dependency
        return False
    return isinstance(error, FileCreateError | FileSizeError)


def _inside(path: Path, folder: Path) -> bool:
    return folder == path or folder in path.parents


LostFiles = Callable[[Path], Sequence[str]]
"""lost(folder): the files (relative paths) that replacing ``folder`` would lose — every
file that is not, byte for byte, one roadfund wrote there."""


def _every_file(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def check_target(
    target: Path, force: bool, keep: Iterable[Path] = (), lost: LostFiles = _every_file
) -> None:
    if os.path.islink(target):
        raise OutputIsLink(target)
    if target.exists() and not target.is_dir():
        raise OutputExists(str(target))
    if target.is_dir() and any(target.iterdir()):
        if not force:
            raise OutputExists(str(target))
        real = target.resolve()
        for path in keep:
            if _inside(Path(path).resolve(), real):
                raise OutputHoldsInput(target, Path(path))
        would_lose = list(lost(target))
        if would_lose:
            raise OutputNotOurs(target, would_lose)


def write_atomically(
    target: Path,
    fill: Callable[[Path], None],
    *,
    force: bool,
    keep: Iterable[Path] = (),
    lost: LostFiles = _every_file,
) -> None:
    """Call ``fill(tmp)`` to write every file into a fresh folder, then put it at ``target``.

    The old folder (if any, and allowed by ``force``) is replaced only once the new one
    is complete; on any error or signal the temporary folder is removed and the target
    untouched. ``keep``: files the run reads; a target folder holding one is refused
    (OutputHoldsInput). ``lost``: which files replacing a non-empty target would lose (by
    default all of them); any → OutputNotOurs. A symlinked target → OutputIsLink; a run
    already writing it → OutputBusy. An OSError (or xlsxwriter's file errors) on the way
    is raised as OutputFailed, after the clean-up; other errors as they are.
    """
    keep = list(keep)
    absolute = Path(os.path.abspath(target))  # "." has no name to put beside
    if os.path.islink(absolute):
        raise OutputIsLink(target)
    try:
        absolute.parent.mkdir(parents=True, exist_ok=True)
        with _locked(absolute, target):
            _recover(absolute)
            check_target(target, force, keep, lost)
            _replace_with(absolute, fill)
    except OldOutputsLeft as error:
        error.target = target
        raise
    except Interrupted as error:
        if error.outputs_in_place is not None:
            error.outputs_in_place = target  # as the caller named it, like the other messages
        raise
    except (OutputExists, OutputIsLink, OutputBusy):
        raise
    except Exception as error:
        if write_failure(error):
            raise OutputFailed(target, error) from error
        raise


# --- the lock ---------------------------------------------------------------------------
def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextmanager
def _locked(target: Path, shown: Path) -> Iterator[None]:
    """Hold ``.NAME.lock`` beside ``target`` for the whole run; OutputBusy if another
    live process holds it. The lock file is removed when released."""
    path = lock_path(target)
    fd = _acquire(path, shown)
    try:
        yield
    finally:
        with suppress(OSError):
            os.unlink(path)  # before unlocking: a waiting run then retries on a new file
        os.close(fd)


def _acquire(path: Path, shown: Path) -> int:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return _acquire_exclusive(path, shown)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise
            pid = _read_pid(fd)
            os.close(fd)
            raise OutputBusy(shown, pid) from None
        try:  # the holder before us may have unlinked the file we opened: start again
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            return fd
        os.close(fd)


def _acquire_exclusive(path: Path, shown: Path) -> int:  # pragma: no cover - Windows
    """Without flock: create the lock file exclusively; a file whose PID is gone is stale."""
    for _attempt in range(3):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            with path.open("rb") as handle:
                pid = handle.read(32).decode("ascii", "replace").strip()
            if pid.isdigit() and _alive(int(pid)):
                raise OutputBusy(shown, pid) from None
            path.unlink(missing_ok=True)
            continue
        os.write(fd, f"{os.getpid()}\n".encode())
        return fd
    raise OutputBusy(shown, "?")


def _alive(pid: int) -> bool:  # pragma: no cover - Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "?"
    return text if text.isdigit() else "?"


# --- leftovers of crashed runs ------------------------------------------------------------
def _leftover_re(target: Path) -> re.Pattern[str]:
    """``.NAME.tmp-XXXXXXXX`` / ``.NAME.old-XXXXXXXX`` as ``tempfile.mkdtemp`` names them."""
    return re.compile(rf"\.{re.escape(target.name)}\.(tmp|old)-[a-z0-9_]{{8}}")


def leftovers(target: Path) -> list[Path]:
    """Temporary and old folders of earlier runs into ``target``, beside it."""
    pattern = _leftover_re(target)
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return []
    return sorted(p for p in entries if pattern.fullmatch(p.name))


def _recover(target: Path) -> None:
    """With the lock held, no live run owns a leftover: put back an old folder a crash left
    in place of a missing target; remove every other leftover."""
    pattern = _leftover_re(target)
    found = leftovers(target)
    olds = [p for p in found if pattern.fullmatch(p.name).group(1) == "old"]  # type: ignore[union-attr]
    if olds and not os.path.lexists(target):
        newest = max(olds, key=lambda p: p.stat().st_mtime_ns)
        os.rename(newest, target)
        found.remove(newest)
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


# --- writing and swapping ---------------------------------------------------------------
def _pause(point: str) -> None:
    """The test hook (see TEST_PAUSE_ENV); nothing unless the variable names this point."""
    spec = os.environ.get(TEST_PAUSE_ENV, "")
    wanted, _, marker = spec.partition(":")
    if wanted == point and marker:
        Path(marker).write_text(str(os.getpid()))
        time.sleep(600)


def _replace_with(target: Path, fill: Callable[[Path], None]) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    swapped = False
    try:
        tmp.chmod(_folder_mode())  # mkdtemp makes it private (0700); a run folder is for sharing
        fill(tmp)
        flush_to_disk(tmp)
        _pause("filled")
        if target.exists():
            _check_removable(target)
            with _signals_held():  # the swap and its flush: a signal waits until both are done
                swapped = _swap(tmp, target)
                _flush_folder(target.parent)  # the swap on the disk before the old folder goes
            _pause("swapped")
            _remove_old(tmp, target)  # tmp now holds the old folder
        else:
            with _signals_held():
                os.replace(tmp, target)
                swapped = True
                _flush_folder(target.parent)
    except Interrupted as signal_error:
        # A signal held back during the swap arrives as soon as it is done: from then on
        # the new outputs are in place (what is left of an old folder, the next run removes).
        if swapped:
            signal_error.outputs_in_place = target
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    except BaseException:
        if not swapped:
            shutil.rmtree(tmp, ignore_errors=True)
        raise


def flush_to_disk(folder: Path) -> None:
    """Everything written under ``folder`` on the disk, not just in the page cache, before
    it is swapped in: after a power cut the target then holds the old folder or the whole
    new one, never files the disk had not received. On Linux one ``syncfs`` does it for the
    folder's file system however many files there are; elsewhere every file and folder is
    flushed in turn."""
    import ctypes

    syncfs = _libc_function("syncfs", [ctypes.c_int])
    if syncfs is not None:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(descriptor) == 0:
                return
            code = ctypes.get_errno()
        finally:
            os.close(descriptor)
        if code not in (errno.ENOSYS, errno.EINVAL, errno.EPERM):  # EIO, ENOSPC: data lost
            raise OSError(code, os.strerror(code), str(folder))
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            flush_file(path)
    for path in [*sorted(p for p in folder.rglob("*") if p.is_dir()), folder]:
        _flush_folder(path)


def flush_file(path: Path) -> None:
    """One file's data on the disk (opened for writing: Windows flushes only such a handle)."""
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _flush_folder(folder: Path) -> None:
    """A folder's entries (a rename into it) on the disk; a no-op where folders cannot be
    opened (Windows)."""
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _swap(new: Path, target: Path) -> bool:
    """Put ``new`` at ``target`` and the old folder at ``new``'s name. True once done."""
    if os.environ.get(TEST_NO_EXCHANGE_ENV) != "1" and exchange(new, target):
        return True
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(old)
    os.replace(target, old)
    try:
        _pause("moved-old")
        os.replace(new, target)
    except BaseException:
        if not os.path.lexists(target):
            os.replace(old, target)
        raise
    os.replace(old, new)  # the old folder under the temporary name, removed next
    return True


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False when the
    system or the file system cannot (then nothing happened); OSError for other errors."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    import ctypes

    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _renameat2() -> Callable[..., int] | None:
    import ctypes

    return _libc_function(
        "renameat2",
        [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint],
    )


def _libc_function(name: str, argtypes: list[type]) -> Callable[..., int] | None:
    """A Linux C library function returning int, or None (another system, an old glibc,
    musl without it)."""
    import sys

    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = argtypes
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


def _check_removable(folder: Path) -> None:
    """Refuse (PermissionError) before the swap when the old folder cannot be deleted."""
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink())]:
        if not os.access(path, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def _remove_old(old: Path, target: Path) -> None:
    """Delete the replaced folder; if any of it stays, say so (OldOutputsLeft)."""
    errors: list[BaseException] = []
    shutil.rmtree(old, onerror=lambda _function, _path, info: errors.append(info[1]))
    if errors or os.path.lexists(old):
        left = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(left)
        try:
            os.replace(old, left)
        except OSError:
            left = old
        reason = errors[0] if errors else OSError(errno.ENOTEMPTY, os.strerror(errno.ENOTEMPTY))
        raise OldOutputsLeft(target, left, reason)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait while the swap is made and recorded, so that a
    signal cannot land between the rename and the code that knows it happened."""
    import signal
    import threading

    held = {signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])}
    if (
        not hasattr(signal, "pthread_sigmask")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _folder_mode() -> int:
    """The mode a plain ``mkdir`` would give a folder here (0777 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def write_file_atomically(path: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` to write one file beside ``path``, then rename it into place.

    Whatever fails (or a signal), no partial file is left and ``path`` is as it was; an
    OSError or xlsxwriter's file errors are raised as OutputFailed, a symlink as OutputIsLink.
    """
    absolute = Path(os.path.abspath(path))
    if os.path.islink(absolute):
        raise OutputIsLink(path)
    tmp: Path | None = None
    try:
        absolute.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{absolute.name}.tmp-", dir=absolute.parent)
        os.close(handle)
        tmp = Path(name)
        os.chmod(tmp, 0o666 & ~(0o777 ^ _folder_mode()))
        fill(tmp)
        flush_file(tmp)  # on the disk before it takes the name
        os.replace(tmp, absolute)
        tmp = None
        _flush_folder(absolute.parent)
    except Exception as error:
        if write_failure(error):
            raise OutputFailed(path, error) from error
        raise
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
