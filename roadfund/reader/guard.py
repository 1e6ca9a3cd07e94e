"""Container guard: refuse hostile or non-xlsx files before openpyxl ever opens them.

``inspect_container(path)`` looks at the file's bytes, the zip directory and every
member's decompressed stream — in fixed-size chunks, with hard caps on every count and
size — and returns at most one ``Issue``: the first reason to refuse the file. An empty
list means the file is safe to hand to openpyxl. Nothing here trusts a declared size, and
nothing reads a whole member into memory.

XML members are split at ``<`` boundaries, so every tag lies whole inside one scanned
piece; a run of more than ``MAX_SEGMENT_BYTES`` without a ``<`` is refused (no Excel part
has one). ``assert_defused()`` checks openpyxl parses with defusedxml, the second line of
defence against entity bombs.

``start_inspection`` reaches the same verdict for a large workbook in a forked process,
after checking the zip directory here, so that the reader can take the cells out of the
sheets meanwhile (bounded work, no XML parsed) on the core that would otherwise idle.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import html
import io
import itertools
import math
import os
import pickle
import re
import signal
import stat
import struct
import sys
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

from roadfund.issues import Issue, column_letter

MB = 1024 * 1024

# --- limits (real input workbooks are under 1 MB) -------------------------------------
MAX_FILE_BYTES = 20 * MB  # the file on disk
MAX_MEMBERS = 1000  # zip entries
MAX_DIRECTORY_BYTES = 1 * MB  # the zip's central directory (about 1 KB per entry)
MAX_TOTAL_BYTES = 100 * MB  # all members unpacked: declared, and actually streamed
MAX_MEMBER_BYTES = 50 * MB  # one member unpacked: declared, and actually streamed
MAX_RATIO = 200  # unpacked : packed, for a member ...
RATIO_MIN_BYTES = 1 * MB  # ... that unpacks to more than this
MAX_ROWS = 100_000  # <row> elements per part, and the largest row number referred to
MAX_COLUMN = 702  # the largest column referred to (ZZ)
MAX_CELLS = 750_000  # <c> elements plus merged / hyperlinked cells, whole workbook (5,000 counties, 20,000 projects, 30,000 cost lines and three note columns: ~570,000)
MAX_ELEMENTS = 5_000_000  # "<" in all XML parts: bounds the work per tag
MAX_ATTRIBUTES = 5_000_000  # "=" in all XML parts: bounds the work per attribute
MAX_SEGMENT_BYTES = 1 * MB  # longest run of an XML part without a "<"
MAX_XML_DEPTH = 100  # nesting of XML elements (Excel's parts nest about 10 deep)

CHUNK_BYTES = 1 * MB  # read size while streaming a member
SNIFF_BYTES = 512 * 1024  # head of the file searched for OLE2 stream names and text
TEXT_SNIFF_BYTES = 64 * 1024  # part of that head checked for being plain text
EOCD_SEARCH_BYTES = 22 + 65_535  # end-of-central-directory record plus the longest comment

EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384

CONTENT_TYPES = "[Content_Types].xml"
WORKBOOK = "xl/workbook.xml"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
BINARY_SUFFIXES = (
    ".bin", ".png", ".jpg", ".jpeg", ".jfif", ".gif", ".bmp", ".tif", ".tiff",
    ".emf", ".wmf", ".wdp", ".ico",
)  # fmt: skip

# Signatures of common non-xlsx files, named in the not_xlsx message.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x1f\x8b", "GZIP"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7Z"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"{\\rtf", "RTF"),
)

# --- patterns -----------------------------------------------------------------------
# Every pattern starts at a "<" or "=", whose numbers are capped (MAX_ELEMENTS,
# MAX_ATTRIBUTES), so the work per chunk stays linear and bounded.
_DTD_RE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_COUNT_RE = re.compile(rb"<(c|row)[\s/>]")  # cells and rows, no namespace prefix
_PREFIXED_COUNT_RE = re.compile(rb"<[^\s<>/:!?=\"']++:(c|row)[\s/>]")  # <x:c ...>
_MACRO_RE = re.compile(
    rb"""ContentType\s*=\s*["']([^"'<]*(?:macroEnabled|vbaProject)[^"'<]*)""", re.I
)
_SPAN_RES = tuple(
    (
        name,
        re.compile(
            rb"<(?:[^\s<>/:!?=\"']++:)?+" + name + rb"\b"
            rb"""(?:[^<>"']|"[^"]*"|'[^']*')*?\sref\s*=\s*(?:"([^"<]*)"|'([^'<]*)')"""
        ),
    )
    for name in (b"mergeCell", b"hyperlink")
)  # openpyxl creates every cell of a merged or hyperlinked range
_COORD_RE = re.compile(r"\$?([A-Za-z]*)\$?([0-9]*)")
_RANGE_RE = re.compile(r"\$?([A-Za-z]*)\$?([0-9]*)(?::\$?([A-Za-z]*)\$?([0-9]*))?")
_SPACE = b" \t\r\n"
_TAG_RE = re.compile(rb"<([/?!]?)[^<>]*?(/?)>")  # a tag: opening, closing or empty
_DEPTH_CHANGE = {(b"", b""): 1, (b"/", b""): -1, (b"/", b"/"): -1}  # others: 0
_NAME_TAIL_RE = re.compile(rb"""\s([^\s<>"'=/]+)\Z""")
_OPENS, _CLOSES, _NEUTRAL = b"\x01", b"\x02", b"\x03"  # depth_range's marks: +1, -1, 0
_CLOSE_TAG_RE = re.compile(rb"</[^<>]*+>")
_NEUTRAL_TAG_RE = re.compile(rb"<[?!][^<>]*+>|<[^<>\x01-\x03]*/>")
_OPEN_TAG_RE = re.compile(rb"<[^<>\x01-\x03]*+>")
_NOT_A_CHANGE = bytes(b for b in range(256) if b not in (1, 2))
_CHANGE_OF = (0, 1, -1)  # by mark byte


def _ref_pattern() -> re.Pattern[bytes]:
    """``r=``/``ref=`` values that are not plainly within the limits.

    A value such as ``A1`` or ``B2:F40`` (few enough letters and digits to be inside
    the limits whatever they are) is skipped inside the regex, so big sheets scan fast;
    any other value (``XFD1048576``, ``1e6``, ``&#88;FD1``) is checked by ``_ref_beyond``.
    The pattern starts at "=" (``r = 'A1'`` is legal XML too); ``_attribute_name`` then
    checks the name of the rare matches.
    """
    letters = len(column_letter(MAX_COLUMN + 1)) - 1  # fewer letters: inside the limit
    digits = len(str(MAX_ROWS + 1)) - 1  # fewer digits: inside the limit
    if letters and digits:
        cell = rb"\$?[A-Z]{1,%d}\$?[0-9]{1,%d}" % (letters, digits)
        safe = rb"(?:%s(?::%s)?|[0-9]{1,%d})" % (cell, cell, digits)
    else:
        safe = rb"(?!)"
    double, single = (q + rb"(?!" + safe + q + rb")([^" + q + rb"<]*)" + q for q in (b'"', b"'"))
    after_name = rb"(?<=[rf\s]=)(?:(?<=\sr=)|(?<=\sref=)|(?<=\s=))"
    return re.compile(b"=" + after_name + rb"\s*(?:" + double + b"|" + single + b")")


_REF_RE = _ref_pattern()


# --- public API ---------------------------------------------------------------------
def inspect_container(path: Path) -> list[Issue]:
    """Check ``path`` before any parsing; ``[]`` if openpyxl may open it, else one issue."""
    path = Path(path)
    issue = _inspect(path, path.name)
    return [] if issue is None else [issue]


def import_openpyxl() -> ModuleType:
    """openpyxl — imported, if numpy is not loaded yet, without loading numpy (~75 ms).

    openpyxl imports numpy, when it is installed, only to accept numpy scalars as cell
    values (``openpyxl.compat.numbers``). roadfund only reads workbooks with openpyxl and
    never hands it a numpy value, so commands that use no numpy (``run``, ``check`` ...)
    should not pay for it: while openpyxl is first imported, numpy is marked as missing.
    """
    if "openpyxl" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # "import numpy" fails
        try:
            import openpyxl
        finally:
            if "numpy" in sys.modules and sys.modules["numpy"] is None:
                del sys.modules["numpy"]
    import openpyxl

    return openpyxl


def assert_defused() -> None:
    """Raise RuntimeError unless openpyxl parses XML through defusedxml."""
    import_openpyxl()
    import openpyxl.xml
    import openpyxl.xml.functions as functions

    if openpyxl.xml.DEFUSEDXML is not True:
        raise RuntimeError(
            "openpyxl is not using defusedxml (install defusedxml and unset "
            "OPENPYXL_DEFUSEDXML); refusing to read untrusted workbooks"
        )
    if not getattr(functions.iterparse, "__module__", "").startswith("defusedxml"):
        raise RuntimeError("openpyxl's iterparse does not come from defusedxml")


# --- the file -----------------------------------------------------------------------
def read_bounded(path: Path, limit: int, sheet: str, *, workbook: bool = True) -> bytes | Issue:
    """The whole file, read once, or the Issue that refuses it: missing, a directory, not
    a regular file (a FIFO or /dev/zero would never end; opening one does not wait),
    unreadable, or over ``limit`` bytes (checked before and while reading). ``workbook``:
    the messages expect an .xlsx (else they speak of any file)."""
    too_large = "file_too_large" if workbook else "any_file_too_large"
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        return Issue.at(sheet, "file_not_found")
    except IsADirectoryError:
        return Issue.at(sheet, "is_directory")
    except OSError as exc:
        return Issue.at(sheet, "file_unreadable", found=_errno_name(exc))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return Issue.at(sheet, "is_directory")
        if not stat.S_ISREG(info.st_mode):
            return Issue.at(sheet, "not_regular_file" if workbook else "any_not_regular_file")
        if info.st_size > limit:
            return Issue.at(sheet, too_large, size=_mb(info.st_size), limit=_mb(limit))
        chunks, seen = [], 0
        while chunk := os.read(fd, min(CHUNK_BYTES, limit + 1 - seen) or 1):
            chunks.append(chunk)
            seen += len(chunk)
            if seen > limit:  # it grew while read
                return Issue.at(sheet, too_large, size=f"> {_mb(limit)}", limit=_mb(limit))
        return b"".join(chunks)
    except OSError as exc:
        return Issue.at(sheet, "file_unreadable", found=_errno_name(exc))
    finally:
        os.close(fd)


def read_workbook_bytes(path: Path) -> bytes | Issue:
    """The input workbook's bytes (read once: what is checked, parsed and hashed)."""
    data = read_bounded(path, MAX_FILE_BYTES, path.name)
    if isinstance(data, bytes) and not data:
        return Issue.at(path.name, "empty_file")
    return data


def inspect_bytes(data: bytes, sheet: str) -> list[Issue]:
    """``inspect_container`` for a workbook already read into memory."""
    issue = _inspect_data(data, sheet)
    return [] if issue is None else [issue]


BACKGROUND_BYTES = 256 * 1024
"""A workbook of at least this many bytes is streamed through the checks by a forked
process, while the reader takes the cells out of its sheets (a national workbook: the two
took ~0.2 s each, one after the other, with the second core idle)."""


class Inspection:
    """``inspect_bytes(data, sheet)``, known at once or being reached by a child process
    (``pending``). ``result()`` gives it; a child that fails in any way (killed, out of
    memory, an exception) leaves it to be reached here, as without a child. Used as a
    context manager, a child still running at the end (an exception) is stopped."""

    def __init__(self, data: bytes, sheet: str, verdict: list[Issue] | None = None) -> None:
        self._data, self._sheet, self._verdict = data, sheet, verdict
        self._child: tuple[int, int] | None = None  # (pid, the read end of its pipe)

    @property
    def pending(self) -> bool:
        """Is a child still at it? Then only the zip directory has been checked so far
        (entry count, sizes and ratios as declared, the parts a workbook must have)."""
        return self._child is not None

    def result(self) -> list[Issue]:
        if self._child is not None:
            pid, fd = self._child
            self._child = None
            self._verdict = _verdict_of_child(pid, fd)
        if self._verdict is None:
            self._verdict = inspect_bytes(self._data, self._sheet)
        return self._verdict

    def __enter__(self) -> Inspection:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._child is not None:
            pid, fd = self._child
            self._child = None
            os.close(fd)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def start_inspection(data: bytes, sheet: str) -> Inspection:
    """The guard's verdict on ``data``, reached by a forked process when the workbook is
    large (``BACKGROUND_BYTES``) and this process may fork (POSIX, not macOS, no other
    thread running: a fork copies locks other threads may hold).

    The zip directory is checked here first, so that whatever the caller does while the
    child streams the members is bounded: zipfile decompresses no member past its declared
    size, and those sizes are within the limits. What the members hold (entities, depth,
    counts) is the child's to find; the caller must not parse any XML before ``result()``."""
    if (
        len(data) < BACKGROUND_BYTES
        or not hasattr(os, "fork")
        or sys.platform == "darwin"
        or threading.active_count() != 1
    ):
        return Inspection(data, sheet, inspect_bytes(data, sheet))
    early = _inspect_data(data, sheet, stream=False)
    if early is not None:
        return Inspection(data, sheet, [early])
    inspection = Inspection(data, sheet)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: the checks run here
        os.close(read_end)
        os.close(write_end)
        return inspection
    if pid == 0:  # the child: the verdict into the pipe, then out, without any cleanup
        status = 1
        try:
            os.close(read_end)
            _write_all(write_end, pickle.dumps(inspect_bytes(data, sheet)))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    inspection._child = (pid, read_end)
    return inspection


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def _verdict_of_child(pid: int, fd: int) -> list[Issue] | None:
    """What the child sent, once it has ended; None unless it ended well."""
    chunks = []
    try:
        while chunk := os.read(fd, CHUNK_BYTES):
            chunks.append(chunk)
    finally:
        os.close(fd)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): its fate is unknown
            status = -1
    if not (status >= 0 and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and chunks):
        return None
    verdict: list[Issue] = pickle.loads(b"".join(chunks))
    return verdict


def _inspect(path: Path, sheet: str) -> Issue | None:
    data = read_workbook_bytes(path)
    if isinstance(data, Issue):
        return data
    return _inspect_data(data, sheet)


def _inspect_data(data: bytes, sheet: str, *, stream: bool = True) -> Issue | None:
    """The first reason to refuse ``data``; with ``stream=False`` only what the file's head
    and the zip directory tell (no member is decompressed): None then means "so far"."""
    if not data:
        return Issue.at(sheet, "empty_file")
    if len(data) > MAX_FILE_BYTES:
        return Issue.at(sheet, "file_too_large", size=_mb(len(data)), limit=_mb(MAX_FILE_BYTES))
    head = data[:SNIFF_BYTES]
    if head.startswith(ZIP_MAGICS):
        return _inspect_zip(data, sheet, stream)
    if head.startswith(OLE2_MAGIC):
        return _inspect_ole2(head, sheet)
    for magic, name in SIGNATURES:
        if head.startswith(magic):
            return Issue.at(sheet, "not_xlsx", found=name)
    text = _as_text(head[:TEXT_SNIFF_BYTES])
    if text is not None:
        if "urn:schemas-microsoft-com:office:spreadsheet" in text:
            return Issue.at(sheet, "not_xlsx", found="XML Spreadsheet 2003")
        return Issue.at(sheet, "text_file", found=_first_line(text))
    return Issue.at(sheet, "not_xlsx", found=head[:8].hex(" ").upper())


def _inspect_ole2(head: bytes, sheet: str) -> Issue:
    """An OLE2 compound file: a password-protected xlsx, or an old binary .xls."""
    if any(_utf16(name) in head for name in ("EncryptionInfo", "EncryptedPackage")):
        return Issue.at(sheet, "encrypted")
    if _utf16("WordDocument") in head:
        return Issue.at(sheet, "not_xlsx", found="DOC")
    if _utf16("PowerPoint Document") in head:
        return Issue.at(sheet, "not_xlsx", found="PPT")
    return Issue.at(sheet, "xls_format")


def _as_text(head: bytes) -> str | None:
    """The head decoded, if it looks like plain text (CSV, TSV, HTML ...)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in head:
        return None
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            text = decoder.decode(head, final=False)  # the head may end mid-character
        except UnicodeDecodeError:
            continue
        if not any(ord(ch) < 32 and ch not in "\t\n\r\f\v\x1a" for ch in text):
            return text.lstrip("\ufeff")
    return None


def _first_line(text: str) -> str:
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    return _clean(line.strip(), 40)


# --- the zip ------------------------------------------------------------------------
def _inspect_zip(data: bytes, sheet: str, stream: bool = True) -> Issue | None:
    early = _check_directory_record(data, sheet)
    if early is not None:
        return early
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            struct.error, NotImplementedError):  # fmt: skip
        return Issue.at(sheet, "zip_corrupt")
    with archive:
        return _inspect_archive(archive, sheet, stream)


def _check_directory_record(data: bytes, sheet: str) -> Issue | None:
    """Read the entry count and directory size from the end records (zip64 too), before
    zipfile builds an object per entry (a 20 MB directory would hold ~400,000)."""
    start = max(0, len(data) - EOCD_SEARCH_BYTES)
    tail = data[start:]
    at = len(tail) - 22 if tail[-22:-18] == b"PK\x05\x06" else tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return Issue.at(sheet, "zip_corrupt")
    entries, directory_bytes = struct.unpack("<HI", tail[at + 10 : at + 16])
    if start + at >= 20 + 56:  # zipfile prefers a zip64 record, right before
        record = data[start + at - 20 - 56 : start + at]
        if record[:4] == b"PK\x06\x06" and record[56:60] == b"PK\x06\x07":
            entries, directory_bytes = struct.unpack("<QQ", record[32:48])
    if entries > MAX_MEMBERS:  # a zip64 count of 0xFFFF or more lands here too
        return Issue.at(sheet, "zip_too_many_members", found=entries, limit=MAX_MEMBERS)
    if directory_bytes > MAX_DIRECTORY_BYTES:
        return Issue.at(
            sheet,
            "zip_directory_too_large",
            size=_kb(directory_bytes),
            limit=_kb(MAX_DIRECTORY_BYTES),
        )
    return None


def _inspect_archive(archive: zipfile.ZipFile, sheet: str, stream: bool = True) -> Issue | None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        return Issue.at(sheet, "zip_too_many_members", found=len(infos), limit=MAX_MEMBERS)
    seen: set[str] = set()
    for info in infos:  # part names are case-insensitive (OPC); readers differ on which copy
        key = info.filename.casefold()
        if key in seen:
            return Issue.at(sheet, "zip_duplicate_member", member=_clean(info.filename))
        seen.add(key)
    for info in infos:
        issue = _declared_issue(info, sheet)
        if issue is not None:
            return issue
    declared = sum(info.file_size for info in infos)
    if declared > MAX_TOTAL_BYTES:
        return Issue.at(sheet, "zip_too_large", size=_mb(declared), limit=_mb(MAX_TOTAL_BYTES))
    issue = _structure_issue(archive, infos, sheet)
    if issue is not None or not stream:
        return issue
    budget = _Budget()
    # [Content_Types].xml first: it names a macro-enabled workbook.
    ordered = sorted(infos, key=lambda info: info.filename != CONTENT_TYPES)
    for info in ordered:
        issue = _stream_member(archive, info, sheet, budget)
        if issue is not None:
            return issue
    return None


def _declared_issue(info: zipfile.ZipInfo, sheet: str) -> Issue | None:
    """What the directory says about one member: encryption, ratio, size."""
    member = _clean(info.filename)
    if info.flag_bits & 0x1:
        return Issue.at(sheet, "encrypted")
    if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * info.compress_size:
        ratio = info.file_size // max(info.compress_size, 1)
        return Issue.at(
            sheet,
            "zip_ratio",
            member=member,
            ratio=ratio,
            size=_mb(info.file_size),
            limit=MAX_RATIO,
        )
    if info.file_size > MAX_MEMBER_BYTES:
        return Issue.at(
            sheet,
            "zip_member_too_large",
            member=member,
            size=_mb(info.file_size),
            limit=_mb(MAX_MEMBER_BYTES),
        )
    return None


def _structure_issue(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], sheet: str
) -> Issue | None:
    """A zip, but not a plain xlsx: ODS, macro-enabled, docx, xlsb, or no workbook."""
    names = {info.filename for info in infos}
    if "mimetype" in names:
        try:
            with archive.open("mimetype") as stream:
                mimetype = stream.read(200).strip()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError, RuntimeError):  # fmt: skip
            return Issue.at(sheet, "zip_member_corrupt", member="mimetype")
        if mimetype.startswith(ODS_MIMETYPE):
            return Issue.at(sheet, "ods_format")
        if mimetype.startswith(b"application/"):
            return Issue.at(sheet, "not_xlsx", found=_clean(mimetype.decode("ascii", "replace")))
    for name in sorted(names):
        if name.lower().endswith("vbaproject.bin"):
            return Issue.at(sheet, "macro_enabled", found=_clean(name))
    if CONTENT_TYPES not in names:
        return Issue.at(sheet, "not_xlsx", found="ZIP")
    if WORKBOOK not in names:
        found = "ZIP"
        for marker, kind in (
            ("xl/workbook.bin", "XLSB"),
            ("word/document.xml", "DOCX"),
            ("ppt/presentation.xml", "PPTX"),
        ):
            if marker in names:
                found = kind
        return Issue.at(sheet, "not_xlsx", found=found)
    return None


# --- streaming members --------------------------------------------------------------
class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


@dataclass
class _Budget:
    """What the whole workbook has used so far: bytes decompressed, cells, "<", "="."""

    total: int = 0
    cells: int = 0
    elements: int = 0
    attributes: int = 0


def _stream_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str, budget: _Budget
) -> Issue | None:
    member = info.filename
    is_xml = not member.lower().endswith(BINARY_SUFFIXES)
    try:
        with archive.open(info) as stream:
            issue = scan_stream(stream, sheet, member, budget, xml=is_xml)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError):  # fmt: skip
        return Issue.at(sheet, "zip_member_corrupt", member=_clean(member))
    return issue


def scan_stream(
    stream: _Readable,
    sheet: str,
    member: str,
    budget: _Budget | None = None,
    *,
    xml: bool = True,
) -> Issue | None:
    """Read ``stream`` in chunks up to the size caps, checking XML on the way.

    Raises whatever the stream raises (bad CRC, corrupt data) to the caller.
    """
    budget = _Budget() if budget is None else budget
    scanner = _XmlScanner(sheet, member, budget) if xml else None
    seen = 0
    while chunk := stream.read(CHUNK_BYTES):
        seen += len(chunk)
        budget.total += len(chunk)
        if seen > MAX_MEMBER_BYTES:
            return Issue.at(
                sheet,
                "zip_member_too_large",
                member=_clean(member),
                size=f"> {_mb(MAX_MEMBER_BYTES)}",
                limit=_mb(MAX_MEMBER_BYTES),
            )
        if budget.total > MAX_TOTAL_BYTES:
            return Issue.at(
                sheet,
                "zip_too_large",
                size=f"> {_mb(MAX_TOTAL_BYTES)}",
                limit=_mb(MAX_TOTAL_BYTES),
            )
        if scanner is not None:
            issue = scanner.feed(chunk)
            if issue is not None:
                return issue
    return None if scanner is None else scanner.finish()


class _XmlScanner:
    """Checks one XML part piece by piece; every piece ends just before a ``<``."""

    def __init__(self, sheet: str, member: str, budget: _Budget) -> None:
        self.sheet = sheet
        self.member = _clean(member)
        self.budget = budget
        self.is_content_types = member == CONTENT_TYPES
        self.decoder: codecs.IncrementalDecoder | None = None
        self.head: bytes | None = b""  # the first bytes, until the encoding is known
        self.carry = b""
        self.rows = 0
        self.depth = 0

    def feed(self, chunk: bytes) -> Issue | None:
        if self.head is not None:
            chunk = self.head + chunk
            if len(chunk) < 4:
                self.head = chunk
                return None
            self._choose_encoding(chunk)
        if self.decoder is not None:
            chunk = self.decoder.decode(chunk).encode("utf-8")
        buffer = self.carry + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0:  # still inside one segment
            if len(buffer) > MAX_SEGMENT_BYTES:
                return self._issue("xml_segment_too_long", limit=_kb(MAX_SEGMENT_BYTES))
            self.carry = buffer
            return None
        self.carry = buffer[cut:]
        return self._check(buffer[:cut])

    def _choose_encoding(self, head: bytes) -> None:
        self.head = None
        encoding = _utf16_encoding(head)
        if encoding is not None:  # scan UTF-16 parts as UTF-8
            self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")

    def finish(self) -> Issue | None:
        if self.head is not None:  # a part shorter than 4 bytes
            head = self.head
            self._choose_encoding(head)
            self.carry = self.decoder.decode(head).encode("utf-8") if self.decoder else head
        if self.decoder is not None:
            self.carry += self.decoder.decode(b"", final=True).encode("utf-8")
        piece, self.carry = self.carry, b""
        return self._check(piece)

    def _too_deep(self, piece: bytes) -> bool:
        """Does the nesting pass MAX_XML_DEPTH anywhere in ``piece``? (Parsers build the
        open elements' chain: a part nested a million deep costs seconds and gigabytes.)"""
        highest, self.depth = depth_range(self.depth, piece)
        return highest > MAX_XML_DEPTH

    def _issue(self, code: str, **params: object) -> Issue:
        return Issue.with_params(self.sheet, code, {"member": self.member, **params})

    def _check(self, piece: bytes) -> Issue | None:
        if b"<!" in piece:
            dtd = _DTD_RE.search(piece)
            if dtd is not None:
                return self._issue("xml_dtd", found="<!" + dtd.group(1).decode().upper())
        budget = self.budget
        budget.elements += piece.count(b"<")
        if budget.elements > MAX_ELEMENTS:
            return self._issue("xml_too_many_elements", limit=MAX_ELEMENTS)
        budget.attributes += piece.count(b"=")
        if budget.attributes > MAX_ATTRIBUTES:
            return self._issue("xml_too_many_attributes", limit=MAX_ATTRIBUTES)
        if self._too_deep(piece):
            return self._issue("xml_too_deep", limit=MAX_XML_DEPTH)
        if self.is_content_types:
            macro = _MACRO_RE.search(piece)
            if macro is not None:
                found = _clean(macro.group(1).decode("utf-8", "replace"))
                return Issue.at(self.sheet, "macro_enabled", found=found)
        tags = _COUNT_RE.findall(piece)
        if b":c" in piece or b":row" in piece:
            tags += _PREFIXED_COUNT_RE.findall(piece)
        rows = tags.count(b"row")
        self.rows += rows
        if self.rows > MAX_ROWS:
            return self._issue("sheet_too_many_rows", limit=MAX_ROWS)
        for value in _suspect_refs(piece):
            if _ref_beyond(value):
                return self._issue(
                    "sheet_ref_too_large",
                    found=_clean(value, 40),
                    max_rows=MAX_ROWS,
                    max_col=column_letter(MAX_COLUMN),
                )
        budget.cells += len(tags) - rows
        for name, pattern in _SPAN_RES:
            if name in piece:
                for match in pattern.finditer(piece):
                    raw = match.group(1) if match.group(1) is not None else match.group(2)
                    budget.cells += _area(_unescape(raw))
        if budget.cells > MAX_CELLS:
            return self._issue("too_many_cells", limit=MAX_CELLS)
        return None


def _depths(start: int, piece: bytes) -> list[int]:
    """The nesting depth after each tag of ``piece``, from ``start`` (C loops only)."""
    changes = map(_DEPTH_CHANGE.get, _TAG_RE.findall(piece), itertools.repeat(0))
    return list(itertools.accumulate(changes, initial=start))


def depth_range(start: int, piece: bytes) -> tuple[int, int]:
    """(the deepest nesting in ``piece``, the depth at its end), from ``start``: what
    ``_depths`` finds, at a third of its cost on a large sheet.

    Every tag (``<`` with a ``>`` before the next ``<``) is overwritten by ``<s>``, where
    the byte s says how it changes the depth: closing tags first, then ``<?``/``<!`` and
    empty tags, then the opening tags that are left. Each replacement keeps the tag's
    ``<`` and ``>``, so the later patterns find the same tags as ``_TAG_RE``; a piece
    that holds a marker byte itself is measured by ``_depths``.
    """
    if _OPENS in piece or _CLOSES in piece or _NEUTRAL in piece:
        depths = _depths(start, piece)
        return max(depths), depths[-1]
    marked = _CLOSE_TAG_RE.sub(b"<" + _CLOSES + b">", piece)
    marked = _NEUTRAL_TAG_RE.sub(b"<" + _NEUTRAL + b">", marked)
    marked = _OPEN_TAG_RE.sub(b"<" + _OPENS + b">", marked)
    changes = marked.translate(None, _NOT_A_CHANGE)
    end = start + changes.count(_OPENS) - changes.count(_CLOSES)
    return max(itertools.accumulate(map(_CHANGE_OF.__getitem__, changes), initial=start)), end


def _suspect_refs(piece: bytes) -> Iterator[str]:
    """Values of ``r``/``ref`` attributes that ``_ref_beyond`` must look at."""
    for match in _REF_RE.finditer(piece):
        if _attribute_name(piece, match.start()) in (b"r", b"ref"):
            raw = match.group(1) if match.group(1) is not None else match.group(2)
            yield _unescape(raw)


def _attribute_name(piece: bytes, equals: int) -> bytes:
    """The attribute name before the ``=`` at ``equals`` (b"" if none); looks back at most
    64 bytes, and past 64 blanks answers b"r" so that the value is judged anyway."""
    window = piece[max(0, equals - 64) : equals].rstrip(_SPACE)
    if not window:
        return b"r"
    name = _NAME_TAIL_RE.search(window)
    return b"" if name is None else name.group(1)


def _utf16_encoding(head: bytes) -> str | None:
    """'utf-16' family codec for a part written in UTF-16 (Excel never does; expat can)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    return None


# --- references ---------------------------------------------------------------------
def _ref_beyond(value: str) -> bool:
    """Does a reference (``XFD1048576``, ``A1:B2``) or row number (``1e6``) pass a limit?"""
    for token in re.split(r"[:\s]+", value.strip()):
        if not token:
            continue
        coord = _COORD_RE.fullmatch(token)
        if coord is not None:
            letters, digits = coord.groups()
            if letters and _column_index(letters) > MAX_COLUMN:
                return True
            if digits and _row_index(digits) > MAX_ROWS:
                return True
            continue
        try:  # openpyxl reads a row's r with int(), then float()
            number = float(token.replace("_", ""))
        except ValueError:
            continue  # openpyxl itself rejects it
        if not math.isfinite(number) or number > MAX_ROWS:
            return True
    return False


def _area(value: str) -> int:
    """Cells openpyxl creates for a merged or hyperlinked range (whole rows/columns count
    as the full Excel extent); 0 for what it cannot parse."""
    total = 0
    for token in value.split():
        match = _RANGE_RE.fullmatch(token)
        if match is None:
            continue
        first_col, first_row, last_col, last_row = match.groups()
        if last_col is None and last_row is None:
            total += 1
            continue
        cols = _span(first_col, last_col or "", _column_index, EXCEL_MAX_COLUMN)
        rows = _span(first_row, last_row or "", _row_index, EXCEL_MAX_ROW)
        total += cols * rows
    return total


def _span(first: str, last: str, index: Callable[[str], int], extent: int) -> int:
    low = index(first) if first else 1
    high = index(last) if last else extent
    return abs(high - low) + 1


def _column_index(letters: str) -> int:
    if len(letters) > 4:  # far past XFD; avoid big-number arithmetic
        return 10**9
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


def _row_index(digits: str) -> int:
    digits = digits.lstrip("0") or "0"
    return 10**13 if len(digits) > 12 else int(digits)


def _unescape(raw: bytes) -> str:
    """An attribute value as the XML parser would see it (character references resolved)."""
    return html.unescape(raw.decode("utf-8", "replace"))


# --- formatting ---------------------------------------------------------------------
def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0")


def _kb(size: int) -> str:
    return f"{size / 1024:.0f}"


def _clean(text: str, limit: int = 80) -> str:
    """A name from the file, safe to print: no control characters, bounded length."""
    text = "".join(
        ch if ch.isprintable() else " " if ch.isspace() else "?" for ch in text[: limit + 1]
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _errno_name(exc: OSError) -> str:
    return errno.errorcode.get(exc.errno or 0, type(exc).__name__)
