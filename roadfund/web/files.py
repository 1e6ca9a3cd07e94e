"""Files in and out of the page: uploads under generated names, the run as one zip, and
the few files ``roadfund compare`` reads taken out of an uploaded run zip.

A file's name as the browser sent it is kept as text only (``display_name``), for
messages and the manifest; on disk every upload is ``<generated token><fixed suffix>``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from werkzeug.datastructures import FileStorage

from roadfund.web.engine_api import ALLOCATIONS, BASIS, MANIFEST, SETTLEMENT

MB = 1024 * 1024
NAME_LIMIT = 120  # characters of a shown file name

# An uploaded run zip: only these members are read, each within a bound.
RUN_FILES = (MANIFEST, ALLOCATIONS, SETTLEMENT, BASIS)
MAX_ZIP_MEMBERS = 20_000  # a run of 5,000 counties has about 5,010 files
MAX_RUN_FILE_BYTES = 50 * MB  # one of RUN_FILES unpacked


@dataclass(frozen=True)
class Upload:
    """An uploaded file: where it is stored (generated name) and the name the user gave it."""

    path: Path
    name: str


def display_name(sent: str | None, default: str) -> str:
    """The file name as the browser sent it, as text: its last path part (some browsers
    send ``C:\\Users\\...\\a.xlsx``), control and format characters dropped, at most
    NAME_LIMIT characters; ``default`` when nothing is left."""
    text = (sent or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    if text in ("", ".", ".."):
        return default
    return text[:NAME_LIMIT]


def has_file(storage: FileStorage | None) -> bool:
    """Did the form carry a file in this field (a browser sends an empty part if none)?"""
    return storage is not None and bool(storage.filename)


def save_upload(storage: FileStorage, folder: Path, suffix: str, default_name: str) -> Upload:
    """Store the uploaded file in ``folder`` under a generated name ending in ``suffix``."""
    path = folder / f"{secrets.token_hex(8)}{suffix}"
    storage.save(path)
    return Upload(path, display_name(storage.filename, default_name))


def zip_run(folder: Path, target: Path, prepared: dt.date) -> Path:
    """Every file of the run folder, by relative path in sorted order, into one zip.

    The entries are dated by the input's 编制日期 (as the workbooks are), so the same run
    gives the same zip; the files inside are the run's bytes, as its manifest lists them.
    """
    stamp = (max(prepared.year, 1980), prepared.month, prepared.day, 0, 0, 0)
    files = sorted(
        (p for p in folder.rglob("*") if p.is_file()),
        key=lambda p: p.relative_to(folder).as_posix(),
    )
    with zipfile.ZipFile(target, "w") as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with path.open("rb") as source, archive.open(info, "w") as sink:
                shutil.copyfileobj(source, sink)
    return target


class BadRunZip(Exception):
    """An uploaded file is not a zip that can be read (or one far too large to be a run)."""


def extract_run(zip_path: Path, folder: Path) -> None:
    """Copy the files ``roadfund compare`` reads out of an uploaded run zip into ``folder``.

    The run may sit at the zip's root (the page's own zips) or in one folder inside it
    (a run folder zipped by hand). Only RUN_FILES are written, under their own fixed
    names, each read in chunks up to MAX_RUN_FILE_BYTES; a missing one is left missing
    for ``roadfund compare``'s reader to name. Raises BadRunZip.
    """
    try:
        with zipfile.ZipFile(zip_path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise BadRunZip
            members = {i.filename: i for i in infos if not i.is_dir()}
            prefix = _run_prefix(members)
            for name in RUN_FILES:
                info = members.get(prefix + name)
                if info is not None:
                    _copy_member(archive, info, folder / name)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, KeyError):  # fmt: skip
        raise BadRunZip from None


def _run_prefix(members: dict[str, zipfile.ZipInfo]) -> str:
    """ "" when manifest.json is at the root, else the one folder holding it (``2023/``)."""
    if MANIFEST in members:
        return ""
    folders = [n[: -len(MANIFEST)] for n in members if n.endswith("/" + MANIFEST)]
    folders = [f for f in folders if f.count("/") == 1]
    return folders[0] if len(folders) == 1 else ""


def _copy_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    if info.file_size > MAX_RUN_FILE_BYTES:
        raise BadRunZip
    written = 0
    with archive.open(info) as source, target.open("wb") as sink:
        while chunk := source.read(MB):
            written += len(chunk)
            if written > MAX_RUN_FILE_BYTES:  # a declared size may lie
                raise BadRunZip
            sink.write(chunk)
