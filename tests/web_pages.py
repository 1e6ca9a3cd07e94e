"""Helpers for the local page's tests (not a test module): an app with a test client that
speaks to it as a browser on 127.0.0.1 would, and a reader of the page's tables.

The client is Flask's own test client; it keeps the session cookie, so ``csrf`` reads the
form token the page gave this client.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from roadfund.web import create_app

HOST = "127.0.0.1"
PORT = 8765
BASE_URL = f"http://{HOST}:{PORT}"


class PageClient(FlaskClient):
    """A test client whose requests carry ``Host: 127.0.0.1:8765`` unless told otherwise."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        kwargs.setdefault("base_url", BASE_URL)
        return super().open(*args, **kwargs)

    def csrf(self) -> str:
        page = self.get("/").get_data(as_text=True)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found, "the start page has no CSRF token"
        return found.group(1)

    def upload(
        self,
        workbook: Path | bytes,
        name: str = "input.xlsx",
        *,
        action: str = "run",
        policy: tuple[bytes, str] | None = None,
    ) -> TestResponse:
        """Post the start page's form, as a browser does."""
        data = workbook.read_bytes() if isinstance(workbook, Path) else workbook
        form: dict[str, Any] = {
            "csrf_token": self.csrf(),
            "action": action,
            "workbook": (BytesIO(data), name),
        }
        if policy is not None:
            form["policy"] = (BytesIO(policy[0]), policy[1])
        return self.post("/submit", data=form, content_type="multipart/form-data")


def make_app(**config: object) -> Flask:
    app = create_app({"TESTING": True, "HOST": HOST, "PORT": PORT, **config})
    app.test_client_class = PageClient
    return app


def job_of(app: Flask, response: TestResponse) -> Any:
    """The job a /submit answer redirected to, once it has finished."""
    assert response.status_code == 303, response.get_data(as_text=True)
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    jobs = app.extensions["roadfund"].jobs
    job = next(j for j in jobs._jobs.values() if j.id == job_id)
    assert job.finished.wait(120), "the job did not finish"
    return job


def finish(app: Flask, client: PageClient, response: TestResponse) -> tuple[Any, str]:
    """(job, its page's HTML) for a /submit answer."""
    job = job_of(app, response)
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    return job, page.get_data(as_text=True)


class _Tables(HTMLParser):
    """Every <table> of a page: its id and rows of cell texts (th and td)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[str, list[list[str]], list[dict[str, str]]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.tables.append((found.get("id", ""), [], []))
        elif tag == "tr" and self.tables:
            self._row = []
            self.tables[-1][2].append(found)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table(html: str, table_id: str) -> list[list[str]]:
    """The rows (header row first) of the table with this id."""
    parser = _Tables()
    parser.feed(html)
    for found, rows, _ in parser.tables:
        if found == table_id:
            return rows
    raise AssertionError(f"no table #{table_id}")


def row_attributes(html: str, table_id: str) -> list[dict[str, str]]:
    parser = _Tables()
    parser.feed(html)
    for found, _, attrs in parser.tables:
        if found == table_id:
            return attrs
    raise AssertionError(f"no table #{table_id}")


class _Text(HTMLParser):
    """The text of elements inside the element with a given id, one item per element
    of the given tags, in document order."""

    def __init__(self, root_id: str, tags: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.root_id, self.tags = root_id, tags
        self.depth = 0
        self.items: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
            if tag in self.tags:
                self._current = []
        elif dict(attrs).get("id") == self.root_id:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag in self.tags and self._current is not None:
            self.items.append(" ".join("".join(self._current).split()))
            self._current = None
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)


def texts(html: str, root_id: str, tags: tuple[str, ...]) -> list[str]:
    parser = _Text(root_id, tags)
    parser.feed(html)
    return parser.items


def zip_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def folder_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def walk(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.rglob("*"))
