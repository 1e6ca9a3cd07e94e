"""PDF copies of a run's workbooks through LibreOffice (``roadfund run --pdf``).

Every ``.xlsx`` in the (temporary) output folder gets a PDF beside it, converted by
``soffice --headless --convert-to pdf`` with a user profile of its own in a throw-away
folder, so a LibreOffice the user has open, or a stale lock in their profile, does not
interfere — and the run never touches their settings. Runs before the output folder is
renamed into place: a failed conversion leaves nothing behind.

Reproducible bytes. LibreOffice (7.4) stamps each PDF with the conversion time
(``/CreationDate``), a time-derived file ``/ID`` and a ``/DocChecksum`` over both; the
rest of the file is deterministic. Those three are overwritten in place with values of
the same length — the input's 编制日期, an MD5 of the source workbook's bytes and an MD5
of the pinned PDF — so the cross-reference offsets stay valid and a rerun on the same
inputs (with the same LibreOffice) gives the same bytes. The subprocess runs with
``TZ=UTC`` so the date's zone suffix does not vary by machine either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from roadfund.text import Lang, label

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 600
"""The time limit for LibreOffice: this, plus 2 s per workbook."""


class PdfUnavailable(Exception):
    """LibreOffice (soffice) is not installed or not on PATH."""


class PdfFailed(Exception):
    """LibreOffice ran but did not produce a PDF for ``file``: ``detail`` is its own log's
    last words, or empty; ``timeout`` the seconds after which it was stopped."""

    def __init__(self, file: str, detail: str = "", *, timeout: int | None = None) -> None:
        super().__init__(f"{file}: {detail or timeout}")
        self.file = file
        self.detail = detail
        self.timeout = timeout

    def reason(self, lang: Lang) -> str:
        if self.timeout is not None:
            return label("pdf.timeout", lang, seconds=self.timeout)
        return self.detail or label("pdf.no_output", lang)


def find_soffice() -> str | None:
    """The LibreOffice command on PATH, or None."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:\d{14}")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")


def pin_pdf(data: bytes, created: dt.date, source: bytes) -> bytes:
    """Replace the PDF's time-dependent fields by same-length values derived from inputs."""
    stamp = f"D:{created:%Y%m%d}000000".encode()
    data = _DATE.sub(lambda m: b"/" + m.group(1) + b"(" + stamp, data)
    file_id = hashlib.md5(source, usedforsecurity=False).hexdigest().upper().encode()
    data = _ID.sub(
        lambda m: m.group(0).replace(m.group(1), file_id).replace(m.group(2), file_id), data
    )
    zeroed = _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), b"0" * 32), data)
    checksum = hashlib.md5(zeroed, usedforsecurity=False).hexdigest().upper().encode()
    return _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), checksum), data)


def convert_workbooks(
    folder: Path,
    *,
    created: dt.date,
    soffice: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Convert every .xlsx under ``folder`` to a PDF beside it; return the PDFs written.

    One LibreOffice start for all of them (starting it is the slow part): the workbooks
    are staged under numbered names in a scratch folder, converted together, and each
    PDF is pinned (``pin_pdf``) and put beside its workbook. Raises PdfUnavailable when
    LibreOffice is missing, PdfFailed when a PDF is not made.
    """
    command = soffice or find_soffice()
    if command is None:
        raise PdfUnavailable()
    workbooks = sorted(p for p in folder.rglob("*.xlsx") if p.is_file())
    if not workbooks:
        return []
    with tempfile.TemporaryDirectory(prefix="roadfund-soffice-") as scratch:
        work = Path(scratch)
        stage, outdir = work / "in", work / "out"
        stage.mkdir()
        staged = [stage / f"{i:06d}.xlsx" for i in range(len(workbooks))]
        for source, copy in zip(workbooks, staged, strict=True):
            shutil.copyfile(source, copy)
        args = [
            command,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(p) for p in staged),
        ]
        # HOME stays the user's when there is one: fontconfig keeps its font cache there,
        # and rebuilding it on every run costs seconds.
        env = {"HOME": scratch, **os.environ, "TZ": "UTC"}
        log = work / "soffice.log"
        _run_soffice(args, env, log, outdir, len(workbooks), progress)
        written: list[Path] = []
        for source, copy in zip(workbooks, staged, strict=True):
            made = outdir / copy.with_suffix(".pdf").name
            if not made.is_file() or made.stat().st_size == 0:
                detail = log.read_text(encoding="utf-8", errors="replace").strip()
                raise PdfFailed(source.name, detail[-300:])
            pdf = source.with_suffix(".pdf")
            pdf.write_bytes(pin_pdf(made.read_bytes(), created, source.read_bytes()))
            written.append(pdf)
    return written


def _run_soffice(
    args: list[str],
    env: dict[str, str],
    log: Path,
    outdir: Path,
    total: int,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Run LibreOffice, reporting the PDFs made so far; kill it past the time limit."""
    timeout = TIMEOUT_SECONDS + 2 * total
    deadline = time.monotonic() + timeout
    with log.open("wb") as handle:
        proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT, env=env
        )
        while True:
            try:
                proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if progress is not None and outdir.is_dir():
                    progress(sum(1 for _ in outdir.glob("*.pdf")), total)
                if time.monotonic() > deadline:
                    proc.kill()
                    proc.wait()
                    raise PdfFailed(Path(args[-1]).name, timeout=timeout) from None
    if progress is not None:
        progress(total, total)
