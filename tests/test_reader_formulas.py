"""The reader opens the formulas workbook only when a cell may lack a cached value.

``parse_workbook`` reads the cached values, and the formulas as well only when
``_may_have_formula_without_value`` says some cell may hold a formula with no value
(to name that formula in the message). Each case below edits the XML of one cell the way
Excel, xlsxwriter, openpyxl or a hand-made file writes it, and checks the verdict and that
the result — issues and rows — is exactly what reading both workbooks always gives.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from roadfund.reader import workbook
from roadfund.reader.workbook import _may_have_formula_without_value, parse_workbook

Build = Callable[..., Path]
MILEAGE_PART = "xl/worksheets/sheet5.xml"  # 养护里程, the template's fifth sheet


def edit_part(path: Path, part: str, edit: Callable[[bytes], bytes]) -> None:
    """Rewrite one member of the workbook at ``path`` (the others are copied as they are)."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info, edit(data) if info.filename == part else data)


def with_cells(path: Path, cells: dict[str, bytes]) -> Path:
    """Replace 养护里程's cells (by reference, e.g. "B2") with the given ``<c>`` XML."""

    def edit(data: bytes) -> bytes:
        for ref, xml in cells.items():
            pattern = rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref.encode()
            data, count = re.subn(pattern, lambda _match, xml=xml: xml, data, count=1)
            assert count == 1, ref
        return data

    edit_part(path, MILEAGE_PART, edit)
    return path


def both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """parse_workbook as it runs equals parse_workbook reading the formulas every time."""
    fast = parse_workbook(path)
    with monkeypatch.context() as patch:
        patch.setattr(workbook, "_may_have_formula_without_value", lambda _path: True)
        full = parse_workbook(path)
    assert fast.issues == full.issues
    assert fast.rows == full.rows
    assert fast.info == full.info


def messages(path: Path) -> list[str]:
    return [issue.render("zh") for issue in parse_workbook(path).issues]


def test_no_formulas_reads_the_values_only(
    make_input: Build,
    sample_rows: dict,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = make_input(sample_rows)
    assert not _may_have_formula_without_value(path)
    both_ways(path, monkeypatch)


@pytest.mark.parametrize(
    ("cell", "verdict"),
    [
        (b'<c r="B2"><f>60+8.412</f><v>68.412</v></c>', False),  # Excel, xlsxwriter
        (b'<c r="B2" t="str"><f>"68.412"</f><v>68.412</v></c>', False),
        (b'<c r="B2"><f>60+8.412</f></c>', True),  # openpyxl: no cached value
        (b'<c r="B2"><f>60+8.412</f><v></v></c>', True),
        (b'<c r="B2"><f t="array" ref="B2">60+8.412</f></c>', True),
        (b'<c r="B2" t="inlineStr"><f>1+1</f><is><t>68.412</t></is></c>', True),
        (b'<c r="B2"><x:f xmlns:x="urn:other">1+1</x:f></c>', True),  # any namespace
    ],
)
def test_one_formula_cell(
    make_input: Build,
    sample_rows: dict,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
    cell: bytes,
    verdict: bool,
) -> None:
    path = with_cells(make_input(sample_rows), {"B2": cell})
    assert _may_have_formula_without_value(path) is verdict
    both_ways(path, monkeypatch)


def test_formula_without_value_is_named_as_before(
    make_input: Build,
    sample_rows: dict,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = with_cells(make_input(sample_rows), {"B2": b'<c r="B2"><f>60+8.412</f></c>'})
    assert messages(path) == [
        "养护里程!B2（国道）：公式「=60+8.412」没有计算结果；请在 Excel/WPS 中打开并保存后重试，或改为数值"
    ]


def test_shared_formula_follower_without_value(
    make_input: Build,
    sample_rows: dict,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Excel writes a shared formula once; the next cell only points at it (si="0") and
    openpyxl translates it: C2*1 in B2 becomes C3*1 in B3."""
    path = with_cells(
        make_input(sample_rows),
        {
            "B2": b'<c r="B2"><f t="shared" ref="B2:B3" si="0">C2*1</f><v>68.412</v></c>',
            "B3": b'<c r="B3"><f t="shared" si="0"/></c>',
        },
    )
    assert _may_have_formula_without_value(path)
    assert any("「=C3*1」" in text for text in messages(path))
    both_ways(path, monkeypatch)


def test_prefixed_namespace(
    make_input: Build,
    sample_rows: dict,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same sheet with every element written ``<x:...>`` (legal XML, read by openpyxl)."""
    path = with_cells(make_input(sample_rows), {"B2": b'<c r="B2"><f>60+8.412</f></c>'})

    def prefix(data: bytes) -> bytes:
        data = re.sub(rb"<(/?)([A-Za-z])", rb"<\1x:\2", data)
        return data.replace(b'xmlns="', b'xmlns:x="', 1)

    edit_part(path, MILEAGE_PART, prefix)
    assert _may_have_formula_without_value(path)
    assert any("「=60+8.412」" in text for text in messages(path))
    both_ways(path, monkeypatch)


def test_a_member_that_is_not_xml_is_passed_over(
    make_input: Build,
    sample_rows: dict,  # type: ignore[type-arg]
) -> None:
    """An image or printer settings may hold the bytes ``<f>`` or start with NULs."""
    path = make_input(sample_rows)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n<f>\x00\xff")
        archive.writestr("xl/printerSettings/printerSettings1.bin", b"H\x00P\x00\x00\x00<f>")
    assert not _may_have_formula_without_value(path)


def test_importing_openpyxl_does_not_load_numpy() -> None:
    """openpyxl imports numpy only to accept numpy scalars as cell values; roadfund reads
    with it, so ``roadfund run`` need not load numpy (~75 ms). numpy still imports after."""
    script = (
        "import sys\n"
        "from roadfund.reader.guard import assert_defused\n"
        "assert_defused()\n"
        "assert 'openpyxl' in sys.modules and 'numpy' not in sys.modules\n"
        "import numpy\n"
        "print(numpy.int64(7) * 6)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "42"
