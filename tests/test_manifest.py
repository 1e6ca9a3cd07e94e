"""manifest.json's outputs: every file in the run folder, hashed once (issue 16).

The workers hash the workbooks they write and the run hashes its CSVs from memory; the
manifest lists what is on the disk and reads only the files nobody hashed yet."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadfund.contract import MANIFEST
from roadfund.writers.manifest import folder_manifest_bytes, output_files

HEAD = {"year": 2023, "city": "景德镇市", "lang": "zh"}
INPUTS = {"input": ("year.xlsx", "0" * 64)}


def rglob_files(folder: Path) -> list[str]:
    """The listing the manifest made before (pathlib's walk)."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST
    )


names = st.sampled_from(["a.csv", "B.xlsx", ".hidden", "汇总表.xlsx", "x y", MANIFEST, "z"])
trees = st.recursive(
    st.dictionaries(names, st.binary(max_size=20), max_size=4),
    lambda children: st.dictionaries(
        st.sampled_from(["counties", "sub", "深"]), children, max_size=2
    ),
    max_leaves=12,
)


def build(folder: Path, tree: dict[str, object]) -> None:
    folder.mkdir(exist_ok=True)
    for name, item in tree.items():
        if isinstance(item, dict):
            build(folder / name, item)
        else:
            assert isinstance(item, bytes)
            (folder / name).write_bytes(item)


@settings(max_examples=60, deadline=None)
@given(tree=trees)
def test_the_listing_is_pathlibs(tmp_path_factory: pytest.TempPathFactory, tree: dict) -> None:  # type: ignore[type-arg]
    folder = tmp_path_factory.mktemp("run")
    build(folder, tree)
    assert output_files(folder) == rglob_files(folder)


def test_links_are_listed_as_pathlib_lists_them(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    (folder / "counties").mkdir(parents=True)
    (folder / "counties" / "a.xlsx").write_bytes(b"a")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "b.xlsx").write_bytes(b"b")
    os.symlink(tmp_path / "outside" / "b.xlsx", folder / "file-link.xlsx")
    os.symlink(tmp_path / "outside", folder / "folder-link")
    os.symlink(tmp_path / "missing", folder / "dangling")
    assert output_files(folder) == rglob_files(folder) == ["counties/a.xlsx", "file-link.xlsx"]


def test_known_digests_give_the_bytes_hashing_the_disk_gives(tmp_path: Path) -> None:
    build(tmp_path, {"allocations.csv": b"1", "counties": {"a.xlsx": b"2", "b.xlsx": b"3"}})
    whole = folder_manifest_bytes(HEAD, INPUTS, tmp_path)
    digests = json.loads(whole)["outputs"]
    assert digests == {
        name: hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        for name in ["allocations.csv", "counties/a.xlsx", "counties/b.xlsx"]
    }
    some = {"counties/a.xlsx": digests["counties/a.xlsx"]}
    assert folder_manifest_bytes(HEAD, INPUTS, tmp_path, some) == whole
    assert folder_manifest_bytes(HEAD, INPUTS, tmp_path, digests) == whole


def test_a_known_digest_is_not_read_again_and_a_file_nobody_hashed_is(tmp_path: Path) -> None:
    build(tmp_path, {"a.csv": b"1", "b.pdf": b"2"})
    manifest = json.loads(folder_manifest_bytes(HEAD, INPUTS, tmp_path, {"a.csv": "f" * 64}))
    assert manifest["outputs"] == {"a.csv": "f" * 64, "b.pdf": hashlib.sha256(b"2").hexdigest()}
