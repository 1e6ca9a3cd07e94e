"""The page's private temporary folder: uploads, run folders, comparisons.

One folder per server, made by ``tempfile.mkdtemp`` (mode 0700: only this user can open
it) and removed when the server stops. Everything inside has a generated name; a name a
user typed or a browser sent is never part of a path here.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from pathlib import Path
from typing import IO


class Workspace:
    """A private folder with one fresh sub-folder per upload, run or comparison."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="roadfund-web-"))
        self._spool = self.root / "spool"
        self._spool.mkdir()
        self._closed = False
        self._lock = threading.Lock()

    def new_folder(self, kind: str) -> tuple[str, Path]:
        """A new, empty folder ``<root>/<kind>/<token>``; returns (token, path).

        ``kind`` is one of the page's own words ("jobs", "compare", "files"), never user text.
        """
        token = secrets.token_hex(16)
        path = self.root / kind / token
        path.mkdir(parents=True)
        return token, path

    def spool(self) -> IO[bytes]:
        """An anonymous file for a request body's uploaded file while it is parsed."""
        return tempfile.TemporaryFile(dir=self._spool)

    def close(self) -> None:
        """Remove the folder and everything in it (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        shutil.rmtree(self.root, ignore_errors=True)
