"""Render the README's pictures of a county's documents, with the project's own command.

    .venv/bin/python scripts/readme_pages.py

runs ``roadfund run inputs/sample-2023.xlsx --pdf`` into a scratch folder, takes 乐平市's
county workbook PDF, and renders its allocation notice (资金分配通知) and its settlement
statement (年终结算单) with ``pdftoppm`` (poppler-utils) into ``docs/img/``. It records the
SHA-256 of the county workbook the pictures show in ``docs/img/SOURCE.sha256``;
tests/test_readme.py fails when a fresh run gives another workbook, so the pictures are
re-rendered whenever the documents change. Needs LibreOffice and poppler-utils.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "img"
SAMPLE = ROOT / "inputs" / "sample-2023.xlsx"
COUNTY = "360281"
PAGES = {"notice": "关于下达", "settlement": "经费年终结算单"}
"""Picture name → a text only that page of the PDF carries (its title)."""
SOURCE = IMAGES / "SOURCE.sha256"


def county_workbook(out: Path) -> Path:
    (book,) = (out / "counties").glob(f"{COUNTY}-*.xlsx")
    return book


def page_of(pdf: Path, marker: str) -> int:
    """The first page whose text holds ``marker``."""
    count = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    info = count.stdout.splitlines()
    pages = int(next(line for line in info if line.startswith("Pages:")).split()[1])
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if marker in text:
            return page
    raise SystemExit(f"no page of {pdf.name} shows {marker!r}")


def main() -> int:
    for tool in ("soffice", "pdftoppm", "pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            print(f"{tool} is needed (LibreOffice, poppler-utils)", file=sys.stderr)
            return 2
    roadfund = Path(sys.executable).with_name("roadfund")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        subprocess.run([str(roadfund), "run", str(SAMPLE), "--out", str(out), "--pdf"], check=True)
        book = county_workbook(out)
        pdf = book.with_suffix(".pdf")
        IMAGES.mkdir(parents=True, exist_ok=True)
        for name, marker in PAGES.items():
            page = page_of(pdf, marker)
            stem = IMAGES / name
            args = ["-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile"]
            subprocess.run(["pdftoppm", *args, str(pdf), str(stem)], check=True)
        SOURCE.write_text(hashlib.sha256(book.read_bytes()).hexdigest() + "\n", encoding="utf-8")
    print(f"wrote {', '.join(f'docs/img/{n}.png' for n in PAGES)} and {SOURCE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
