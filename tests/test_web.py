"""The local page (issue 15, SPEC §9) over HTTP, with Flask's test client.

Each test talks to the app as a browser on 127.0.0.1 does (tests/web_pages.py) and
compares what the page shows or serves with what the command line prints or writes for
the same files: the same table, the same problem lines, the same trace, the same bytes.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import shutil
import socket
import threading
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar

import hostile
import pytest
import waitress
from click.testing import CliRunner
from flask import Flask
from test_bad_input import CELL_CASES, CONTAINER_CASES, RULE_CASES, edit
from web_pages import (
    BASE_URL,
    PageClient,
    finish,
    folder_files,
    job_of,
    make_app,
    row_attributes,
    table,
    texts,
    zip_files,
)

from roadfund.cli import cli
from roadfund.reader.guard import inspect_container
from roadfund.web import jobs as web_jobs
from roadfund.web import server
from roadfund.web.pages import stage_text
from roadfund.web.security import host_allowed

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_2023 = ROOT / "inputs" / "sample-2023.xlsx"
SAMPLE_2024 = ROOT / "inputs" / "sample-2024.xlsx"
POLICY = ROOT / "inputs" / "policy.toml"
Rows = dict[str, list[dict[str, Any]]]


@pytest.fixture
def app() -> Iterator[Flask]:
    app = make_app()
    yield app
    app.extensions["roadfund"].close()


@pytest.fixture
def client(app: Flask) -> PageClient:
    made: PageClient = app.test_client()  # type: ignore[assignment]
    return made


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """``roadfund run`` on each sample, named as the officer's copy, beside the policy."""
    folder = tmp_path_factory.mktemp("cli")
    shutil.copy(POLICY, folder / "policy.toml")
    runs = {}
    for year, sample in ((2023, SAMPLE_2023), (2024, SAMPLE_2024)):
        shutil.copy(sample, folder / sample.name)
        code, _, stderr = invoke("run", str(folder / sample.name), "--out", str(folder / str(year)))
        assert code == 0, stderr
        runs[year] = folder / str(year)
    return runs


def run_sample(app: Flask, client: PageClient, sample: Path = SAMPLE_2023) -> tuple[Any, str]:
    job, page = finish(app, client, client.upload(sample, sample.name))
    assert job.state == "done", page
    return job, page


# --- results ----------------------------------------------------------------------------
def test_the_sample_shows_every_county_total_as_roadfund_run_prints_them(
    app: Flask, client: PageClient, tmp_path: Path
) -> None:
    shutil.copy(SAMPLE_2023, tmp_path / "sample-2023.xlsx")
    shutil.copy(POLICY, tmp_path / "policy.toml")
    code, stdout, _ = invoke(
        "run", str(tmp_path / "sample-2023.xlsx"), "--out", str(tmp_path / "o")
    )
    assert code == 0
    printed = [line.split() for line in stdout.splitlines()[:6]]  # header, 4 counties, total
    _, page = run_sample(app, client)
    shown = table(page, "allocation")
    assert [[c for c in row if c] for row in shown] == printed
    assert shown[4][:2] == ["360281", "乐平市"]
    assert shown[4][-1] == "25,110,457.21"
    assert shown[-1][-1] == "65,058,700.00"
    assert "适用政策：景府发〔2022〕7号（自 2023 年起的时段），政策文件 policy.toml" in page


def test_matching_failures_are_marked_and_the_settlement_is_shown(
    app: Flask, client: PageClient, cli_runs: dict[int, Path]
) -> None:
    _, page = run_sample(app, client)
    rows = table(page, "matching")
    marks = row_attributes(page, "matching")
    failing = [
        row[1] for row, attrs in zip(rows, marks, strict=True) if attrs.get("class") == "fail"
    ]
    assert failing == ["2023-LM-05", "360202"]  # README: the two lines below 30%
    csv = (cli_runs[2023] / "matching.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) - 1 == len(csv) - 1  # every project, county and the city
    assert "配套核查：2 项低于 30% 下限（景府发〔2022〕7号）：" in page
    settlement = table(page, "settlement")
    assert [r[0] for r in settlement[1:]] == ["360202", "360203", "360222", "360281"]
    assert settlement[4][6] == "2,044,398.84"  # 乐平市 due: actual − prepaid
    assert settlement[4][7] == "应上解"


def test_the_zip_holds_exactly_the_cli_runs_files_byte_for_byte(
    app: Flask, client: PageClient, cli_runs: dict[int, Path]
) -> None:
    job, page = run_sample(app, client)
    assert 'id="download-zip"' in page
    response = client.get(f"/jobs/{job.id}/run.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    files = zip_files(response.data)
    assert files == folder_files(cli_runs[2023])  # manifest.json included
    manifest = json.loads(files["manifest.json"])
    assert manifest["inputs"]["input"]["file"] == "sample-2023.xlsx"
    assert manifest["inputs"]["policy"]["sha256"] == hashlib.sha256(POLICY.read_bytes()).hexdigest()
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    assert set(manifest["outputs"]) == set(files) - {"manifest.json"}


def test_the_zip_verifies_with_roadfund_verify(
    app: Flask, client: PageClient, tmp_path: Path
) -> None:
    job, _ = run_sample(app, client)
    for name, data in zip_files(client.get(f"/jobs/{job.id}/run.zip").data).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    code, stdout, _ = invoke("verify", str(tmp_path), "--input", str(SAMPLE_2023))
    assert code == 0, stdout


def test_each_county_workbook_and_the_summary_download_alone(
    app: Flask, client: PageClient, cli_runs: dict[int, Path]
) -> None:
    job, page = run_sample(app, client)
    for path in sorted((cli_runs[2023] / "counties").iterdir()):
        code = path.name.split("-")[0]
        response = client.get(f"/jobs/{job.id}/county/{code}.xlsx")
        assert response.status_code == 200
        assert response.data == path.read_bytes()
        assert path.name in page
    summary = next(cli_runs[2023].glob("*.xlsx"))
    response = client.get(f"/jobs/{job.id}/summary.xlsx")
    assert response.data == summary.read_bytes()
    assert client.get(f"/jobs/{job.id}/county/999999.xlsx").status_code == 404
    assert client.get(f"/jobs/{job.id}/county/..%2Fmanifest.xlsx").status_code == 404


def test_explain_shows_the_same_trace_as_roadfund_explain(
    app: Flask, client: PageClient, tmp_path: Path
) -> None:
    shutil.copy(SAMPLE_2023, tmp_path / "sample-2023.xlsx")
    shutil.copy(POLICY, tmp_path / "policy.toml")
    job, page = run_sample(app, client)
    assert f'href="/jobs/{job.id}/explain/360281?source=central#source-central-short"' in page
    for source in (None, "provincial"):
        args = ["explain", str(tmp_path / "sample-2023.xlsx"), "--county", "360281"]
        url = f"/jobs/{job.id}/explain/360281"
        if source:
            args += ["--source", source]
            url += f"?source={source}"
        code, stdout, _ = invoke(*args)
        assert code == 0
        html = client.get(url).get_data(as_text=True)
        title, policy, *trace = [line.strip() for line in stdout.splitlines()]
        assert title in html
        assert " ".join(policy.split()) in " ".join(html.split())
        assert texts(html, "trace", ("h2", "li")) == [" ".join(t.split()) for t in trace]
    assert client.get(f"/jobs/{job.id}/explain/999999").status_code == 404
    assert client.get(f"/jobs/{job.id}/explain/360281?source=other").status_code == 404


def test_check_only_writes_nothing_then_runs_the_same_upload(
    app: Flask, client: PageClient, cli_runs: dict[int, Path]
) -> None:
    job, page = finish(app, client, client.upload(SAMPLE_2023, "sample-2023.xlsx", action="check"))
    assert job.state == "checked"
    assert "输入有效：sample-2023.xlsx" in page
    assert not (job.folder / "run").exists() and job.zip_path is None
    response = client.post(f"/jobs/{job.id}/run", data={"csrf_token": client.csrf()})
    run, _ = finish(app, client, response)
    assert run.state == "done"
    assert zip_files(client.get(f"/jobs/{run.id}/run.zip").data) == folder_files(cli_runs[2023])


def test_an_uploaded_policy_is_used_and_named(
    app: Flask, client: PageClient, tmp_path: Path
) -> None:
    policy = POLICY.read_text(encoding="utf-8").replace(
        'reference = "景府发〔2022〕7号"', 'reference = "测试〔2023〕1号"'
    )
    job, page = finish(
        app,
        client,
        client.upload(SAMPLE_2023, "sample-2023.xlsx", policy=(policy.encode(), "rules-2023.toml")),
    )
    assert job.state == "done"
    assert (
        "适用政策：测试〔2023〕1号（自 2023 年起的时段），政策文件 rules-2023.toml（上传）" in page
    )
    files = zip_files(client.get(f"/jobs/{job.id}/run.zip").data)
    assert json.loads(files["manifest.json"])["inputs"]["policy"]["file"] == "rules-2023.toml"
    # the same as the CLI on that policy, under that name
    shutil.copy(SAMPLE_2023, tmp_path / "sample-2023.xlsx")
    (tmp_path / "rules-2023.toml").write_text(policy, encoding="utf-8")
    out = tmp_path / "out"
    args = [
        "run",
        str(tmp_path / "sample-2023.xlsx"),
        "--policy",
        str(tmp_path / "rules-2023.toml"),
    ]
    assert invoke(*args, "--out", str(out))[0] == 0
    assert files == folder_files(out)


def test_english_page_and_english_outputs(app: Flask, client: PageClient, tmp_path: Path) -> None:
    response = client.get("/lang/en?next=/compare")
    assert response.status_code == 303 and response.headers["Location"] == "/compare"
    assert "Compare two runs" in client.get("/compare").get_data(as_text=True)
    job, page = run_sample(app, client)
    assert "Policy applied: 景府发〔2022〕7号" in page
    assert "360281-乐平市-2023-settlement.xlsx" in page
    shutil.copy(SAMPLE_2023, tmp_path / "sample-2023.xlsx")
    shutil.copy(POLICY, tmp_path / "policy.toml")
    out = tmp_path / "out"
    assert (
        invoke("run", str(tmp_path / "sample-2023.xlsx"), "--lang", "en", "--out", str(out))[0] == 0
    )
    assert zip_files(client.get(f"/jobs/{job.id}/run.zip").data) == folder_files(out)
    assert client.get("/lang/zh?next=https://example.com/").headers["Location"] == "/"


# --- bad input: the problem table ------------------------------------------------------
def problem_lines(html: str) -> list[str]:
    """Each problem row's line as the CLI prints it; its location and message are on show."""
    lines = []
    for attrs, cells in zip(
        row_attributes(html, "problems")[1:], table(html, "problems")[1:], strict=True
    ):
        line = attrs["data-line"]
        assert line.startswith(attrs["data-location"]) and line.endswith(cells[-1])
        lines.append(line)
    return lines


def assert_problems(
    app: Flask, client: PageClient, path: Path, lines: list[str], name: str | None = None
) -> str:
    job, page = finish(app, client, client.upload(path, name or path.name))
    assert job.state == "invalid"
    assert problem_lines(page) == [" ".join(line.split()) for line in lines]
    assert f"输入有 {len(lines)} 处问题，未写入任何文件：" in page
    assert sorted(p.name for p in job.folder.iterdir()) == [
        job.workbook.path.name
    ]  # nothing written
    return page


@pytest.mark.parametrize("case", list(CELL_CASES))
def test_a_bad_cell_is_named_in_the_problem_table(
    case: str, app: Flask, client: PageClient, make_input: Callable[..., Path], sample_rows: Rows
) -> None:
    change, lines = CELL_CASES[case]
    change(sample_rows)
    assert_problems(app, client, make_input(sample_rows), lines)


@pytest.mark.parametrize("case", list(RULE_CASES))
def test_a_broken_rule_is_named_in_the_problem_table(
    case: str, app: Flask, client: PageClient, make_input: Callable[..., Path], sample_rows: Rows
) -> None:
    change, lines = RULE_CASES[case]
    change(sample_rows)
    assert_problems(app, client, make_input(sample_rows), lines)


@pytest.mark.parametrize("case", list(CONTAINER_CASES))
def test_a_file_that_is_not_a_plain_xlsx_is_named_by_the_users_file_name(
    case: str, app: Flask, client: PageClient, tmp_path: Path
) -> None:
    build, line = CONTAINER_CASES[case]
    assert_problems(app, client, build(tmp_path), [line])


@pytest.mark.parametrize(
    "case", ["zip_bomb", "billion_laughs", "external_entity", "huge_merge", "encrypted_member"]
)
def test_hostile_files_meet_the_clis_guard(
    case: str, app: Flask, client: PageClient, tmp_path: Path
) -> None:
    build, code = hostile.CASES[case]
    path = build(tmp_path)
    expected = inspect_container(path)
    assert [i.code for i in expected] == [code]
    assert_problems(app, client, path, [expected[0].render("zh")])


def test_the_table_gives_sheet_cell_header_found_and_expected(
    app: Flask, client: PageClient, make_input: Callable[..., Path], sample_rows: Rows
) -> None:
    sample_rows["养护里程"][3]["村道"] = Decimal("-0.001")
    path = edit(
        make_input(sample_rows), lambda wb: wb["绩效考核"].delete_cols(3)
    )  # no 工作需求: optional
    page = assert_problems(
        app,
        client,
        path,
        ["养护里程!F5（村道）：「-0.001」为负数，应填里程（公里，≥0，最多3位小数）"],
    )
    header, row = table(page, "problems")
    assert header == ["工作表", "单元格", "列标题", "发现的内容", "应填", "问题说明"]
    assert row[:5] == ["养护里程", "F5", "村道", "-0.001", "里程（公里，≥0，最多3位小数）"]


def test_a_missing_column_names_its_header_and_a_policy_error_its_file(
    app: Flask, client: PageClient, make_input: Callable[..., Path], sample_rows: Rows
) -> None:
    path = edit(make_input(sample_rows), lambda wb: wb["配套资金"].delete_cols(7))
    page = assert_problems(app, client, path, ["配套资金: 缺少列「实际投入总额（元）」"])
    assert table(page, "problems")[1][2] == "实际投入总额（元）"
    bad = POLICY.read_text(encoding="utf-8").replace(
        'performance_share = "0.30"', 'performance_share = "0.40"'
    )
    job, page = finish(
        app,
        client,
        client.upload(SAMPLE_2023, "sample-2023.xlsx", policy=(bad.encode(), "policy.toml")),
    )
    assert job.state == "invalid"
    assert problem_lines(page) == [
        "policy.toml: period[1]: daily_share 与 performance_share之和为 1.1，应等于 1"
    ]


def test_page_text_is_escaped(
    app: Flask, client: PageClient, make_input: Callable[..., Path], sample_rows: Rows
) -> None:
    sample_rows["县区"][0]["县区名称"] = "<script>alert(1)</script>"
    sample_rows["养护里程"][0]["国道"] = "<b>12</b>"
    job, page = finish(
        app, client, client.upload(make_input(sample_rows), "<img src=x onerror=alert(1)>.xlsx")
    )
    assert job.state == "invalid"
    assert "<b>12</b>" not in page and "&lt;b&gt;12&lt;/b&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;.xlsx" in page


# --- safety ---------------------------------------------------------------------------
def test_an_upload_over_the_limit_gets_413_and_a_clear_page(app: Flask, client: PageClient) -> None:
    token = client.csrf()
    big = b"PK" + b"\0" * (20 * 1024 * 1024)
    response = client.post(
        "/submit",
        data={"csrf_token": token, "action": "run", "workbook": (BytesIO(big), "big.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "上传的文件太大：一次最多 20 MB" in response.get_data(as_text=True)
    assert app.extensions["roadfund"].jobs.of(_sid(client)) == []


def _sid(client: PageClient) -> str:
    with client.session_transaction() as session:
        return str(session.get("sid", ""))


def test_a_post_without_the_csrf_token_is_refused(app: Flask, client: PageClient) -> None:
    client.get("/")
    form = {"action": "run", "workbook": (SAMPLE_2023.open("rb"), "sample-2023.xlsx")}
    response = client.post("/submit", data=form, content_type="multipart/form-data")
    assert response.status_code == 403
    assert "表单已失效" in response.get_data(as_text=True)
    form = {"csrf_token": "forged", "workbook": (SAMPLE_2023.open("rb"), "sample-2023.xlsx")}
    assert client.post("/submit", data=form, content_type="multipart/form-data").status_code == 403
    assert app.extensions["roadfund"].jobs._jobs == {}
    # another browser's token is not this one's
    other: PageClient = app.test_client()  # type: ignore[assignment]
    form = {"csrf_token": other.csrf(), "workbook": (SAMPLE_2023.open("rb"), "sample-2023.xlsx")}
    client.get("/")
    assert client.post("/submit", data=form, content_type="multipart/form-data").status_code == 403


def test_every_form_carries_the_csrf_token(app: Flask, client: PageClient) -> None:
    job, _ = finish(app, client, client.upload(SAMPLE_2023, "s.xlsx", action="check"))
    token = client.csrf()
    for url in ("/", "/compare", f"/jobs/{job.id}"):
        html = client.get(url).get_data(as_text=True)
        assert html.count("<form") == html.count(f'name="csrf_token" value="{token}"') > 0, url


@pytest.mark.parametrize(
    "host", ["evil.example:8765", "127.0.0.1:8766", "attacker.test", "127.0.0.2:8765", "[::1]:8765"]
)
def test_a_foreign_host_header_is_refused(client: PageClient, host: str) -> None:
    response = client.get("/", headers={"Host": host})
    assert response.status_code == 421
    assert "请求的地址不是本服务器的地址" in response.get_data(as_text=True)


def test_the_bound_address_and_localhost_are_served(client: PageClient) -> None:
    assert client.get("/", base_url="http://127.0.0.1:8765").status_code == 200
    assert client.get("/", base_url="http://localhost:8765").status_code == 200


def test_host_rules() -> None:
    assert host_allowed("127.0.0.1:8765", "127.0.0.1", 8765)
    assert host_allowed("LOCALHOST:8765", "127.0.0.1", 8765)
    assert not host_allowed("127.0.0.1", "127.0.0.1", 8765)
    assert not host_allowed("rebind.attacker.test:8765", "127.0.0.1", 8765)
    assert host_allowed("[::1]:9000", "::1", 9000)
    assert host_allowed("localhost:9000", "::1", 9000)
    assert host_allowed("192.168.1.20:8765", "0.0.0.0", 8765)  # every interface: any address
    assert not host_allowed("files.intranet:8765", "0.0.0.0", 8765)  # but no names
    assert host_allowed("10.0.0.5:8765", "10.0.0.5", 8765)
    assert not host_allowed("localhost:8765", "10.0.0.5", 8765)
    assert host_allowed("127.0.0.1", "127.0.0.1", 80)
    assert not host_allowed("[::1", "::1", 80)
    assert not host_allowed("a:b:c", "0.0.0.0", 80)


def test_pages_forbid_outside_resources(client: PageClient) -> None:
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    html = response.get_data(as_text=True)
    assert "http://" not in html.replace(BASE_URL, "") and "https://" not in html
    assert client.get("/static/roadfund.js").status_code == 200
    css = client.get("/static/roadfund.css").get_data(as_text=True)
    assert "url(" not in css and "@import" not in css


def test_uploads_are_stored_under_generated_names_in_the_private_folder(
    app: Flask, client: PageClient
) -> None:
    root = app.extensions["roadfund"].workspace.root
    assert root.stat().st_mode & 0o077 == 0  # private to this user
    job, _ = finish(
        app,
        client,
        client.upload(SAMPLE_2023, "..\\..\\C:\\evil/../sample-2023.xlsx", action="check"),
    )
    assert job.state == "checked"
    assert job.workbook.name == "sample-2023.xlsx"
    assert job.workbook.path.parent == job.folder and job.folder.parent.parent == root
    assert "sample" not in job.workbook.path.name and "evil" not in job.workbook.path.name
    assert not any("evil" in p.name for p in root.rglob("*"))


def test_two_uploads_never_mix(app: Flask, client: PageClient, cli_runs: dict[int, Path]) -> None:
    first, _ = run_sample(app, client, SAMPLE_2023)
    second, page = run_sample(app, client, SAMPLE_2024)
    assert first.folder != second.folder
    assert zip_files(client.get(f"/jobs/{first.id}/run.zip").data) == folder_files(cli_runs[2023])
    assert zip_files(client.get(f"/jobs/{second.id}/run.zip").data) == folder_files(cli_runs[2024])
    assert "景德镇市2024年计算结果" in page
    assert "景德镇市2023年计算结果" in client.get(f"/jobs/{first.id}").get_data(as_text=True)
    # another browser sees neither
    other: PageClient = app.test_client()  # type: ignore[assignment]
    assert other.get(f"/jobs/{first.id}").status_code == 404
    assert other.get(f"/jobs/{first.id}/run.zip").status_code == 404


@pytest.fixture
def gated() -> Iterator[tuple[Flask, threading.Event]]:
    """An app whose jobs wait for the test's go-ahead before they start working."""
    gate = threading.Event()

    def work(job: web_jobs.Job) -> None:
        assert gate.wait(120)
        web_jobs.work(job)

    app = make_app(WORK=work)
    yield app, gate
    gate.set()
    app.extensions["roadfund"].close()


def test_the_server_keeps_the_latest_jobs_and_deletes_the_older_ones_files() -> None:
    app = make_app(KEEP_JOBS=2)
    try:
        client: PageClient = app.test_client()  # type: ignore[assignment]
        jobs = [finish(app, client, client.upload(SAMPLE_2023, "sample-2023.xlsx"))[0]]
        jobs.append(finish(app, client, client.upload(SAMPLE_2024, "sample-2024.xlsx"))[0])
        assert all(j.state == "done" and j.folder.is_dir() for j in jobs)
        assert client.get(f"/jobs/{jobs[0].id}/run.zip").status_code == 200
        jobs.append(finish(app, client, client.upload(SAMPLE_2023, "sample-2023.xlsx"))[0])
        assert not jobs[0].folder.exists()  # the oldest: forgotten, its files deleted
        assert client.get(f"/jobs/{jobs[0].id}").status_code == 404
        assert client.get(f"/jobs/{jobs[0].id}/run.zip").status_code == 404
        for kept in jobs[1:]:
            assert kept.folder.is_dir()
            assert client.get(f"/jobs/{kept.id}/run.zip").status_code == 200
    finally:
        app.extensions["roadfund"].close()


def test_a_second_upload_while_one_works_is_told_the_server_is_busy(
    gated: tuple[Flask, threading.Event],
) -> None:
    app, gate = gated
    client: PageClient = app.test_client()  # type: ignore[assignment]
    first = client.upload(SAMPLE_2023, "sample-2023.xlsx")
    assert first.status_code == 303
    working = client.get(first.headers["Location"]).get_data(as_text=True)
    assert 'id="progress"' in working and '<meta http-equiv="refresh"' in working
    status = client.get(first.headers["Location"] + "/status").get_json()
    assert status["state"] == "running"
    busy = client.upload(SAMPLE_2024, "sample-2024.xlsx")
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    assert "服务器正在处理另一项检查或计算" in busy.get_data(as_text=True)
    assert "服务器正在处理一项检查或计算" in client.get("/").get_data(as_text=True)
    gate.set()
    job = job_of(app, first)
    assert job.state == "done"
    assert client.get(first.headers["Location"] + "/status").get_json()["state"] == "done"
    assert finish(app, client, client.upload(SAMPLE_2024, "sample-2024.xlsx"))[0].state == "done"


def test_progress_reports_the_clis_progress_words(app: Flask) -> None:
    seen: list[tuple[str, int, int]] = []

    def watch(job: web_jobs.Job) -> None:
        report = job.progress

        def progress(what: str, done: int, total: int) -> None:
            seen.append((what, done, total))
            report(what, done, total)

        job.progress = progress  # type: ignore[method-assign]
        web_jobs.work(job)

    watched = make_app(WORK=watch)
    client: PageClient = watched.test_client()  # type: ignore[assignment]
    job = job_of(watched, client.upload(SAMPLE_2023, "s.xlsx"))
    assert job.state == "done"
    assert ("county", 4, 4) in seen and seen[0][0] == "load" and seen[-1][0] == "zip"
    with watched.test_request_context():
        job.stage, job.done, job.total = "county", 3, 400
        assert stage_text(job) == "写入县区工作簿 3/400"
    watched.extensions["roadfund"].close()


def test_an_unexpected_error_is_a_message_not_a_traceback(client: PageClient) -> None:
    def broken(job: web_jobs.Job) -> None:
        raise RuntimeError("boom")

    app = make_app(WORK=broken)
    other: PageClient = app.test_client()  # type: ignore[assignment]
    job, page = finish(app, other, other.upload(SAMPLE_2023, "s.xlsx"))
    assert job.state == "failed"
    assert "处理时发生意外错误" in page and "boom" not in page and "Traceback" not in page
    app.extensions["roadfund"].close()
    assert client.get("/jobs/nonexistent").status_code == 404
    assert client.get("/no/such/page").status_code == 404
    assert "找不到该页面或文件" in client.get("/no/such/page").get_data(as_text=True)
    assert client.get("/submit").status_code == 405


def test_no_workbook_chosen(client: PageClient) -> None:
    response = client.post("/submit", data={"csrf_token": client.csrf(), "action": "run"})
    assert response.status_code == 400
    assert "请先选择输入工作簿" in response.get_data(as_text=True)


def test_stopping_removes_every_upload_and_run(app: Flask, client: PageClient) -> None:
    root = app.extensions["roadfund"].workspace.root
    run_sample(app, client)
    assert any(root.rglob("*.zip"))
    app.extensions["roadfund"].close()
    assert not root.exists()


# --- template, sample, compare --------------------------------------------------------
def test_the_template_and_the_samples_download_as_roadfund_template_writes_them(
    client: PageClient, tmp_path: Path
) -> None:
    assert invoke("template", str(tmp_path / "blank.xlsx"))[0] == 0
    assert client.get("/template.xlsx").data == (tmp_path / "blank.xlsx").read_bytes()
    for year in (2023, 2024):
        path = tmp_path / f"sample-{year}.xlsx"
        assert invoke("template", str(path), "--sample", "--year", str(year))[0] == 0
        response = client.get(f"/sample-{year}.xlsx")
        assert response.data == path.read_bytes()
        assert f"filename=sample-{year}.xlsx" in response.headers["Content-Disposition"]
    assert client.get("/sample-1999.xlsx").status_code == 404


def test_compare_two_runs_of_the_session_as_roadfund_compare(
    app: Flask, client: PageClient, cli_runs: dict[int, Path]
) -> None:
    first, _ = run_sample(app, client, SAMPLE_2023)
    second, _ = run_sample(app, client, SAMPLE_2024)
    form = client.get("/compare").get_data(as_text=True)
    assert "第 1 次：sample-2023.xlsx（2023 年）" in form
    response = client.post(
        "/compare", data={"csrf_token": client.csrf(), "run_a": first.id, "run_b": second.id}
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "对比 2023 年（第 1 次：sample-2023.xlsx（2023 年））→ 2024 年（第 2 次：sample-2024.xlsx（2024 年））"
        in page
    )
    code, stdout, _ = invoke("compare", str(cli_runs[2023]), str(cli_runs[2024]))
    assert code == 0
    shown = table(page, "compare-amounts") + table(page, "compare-counties")
    printed = [line.split() for line in stdout.splitlines()[2:] if line.strip()]
    # every row the CLI prints, the page shows with the same cells (the CLI pads blanks)
    cells = [[c for c in row if c] for row in shown]
    for line in printed:
        if line[0].isdigit() or line[0] == "合计":
            assert line in cells or line[1:] in cells, line
    workbook = client.get(response.headers["Location"] + "/comparison.xlsx")
    assert workbook.status_code == 200 and workbook.data.startswith(b"PK")


def test_compare_two_uploaded_zips(app: Flask, client: PageClient, tmp_path: Path) -> None:
    first, _ = run_sample(app, client, SAMPLE_2023)
    second, _ = run_sample(app, client, SAMPLE_2024)
    zips = [client.get(f"/jobs/{j.id}/run.zip").data for j in (first, second)]
    by_session = client.post(
        "/compare", data={"csrf_token": client.csrf(), "run_a": first.id, "run_b": second.id}
    )
    by_zip = client.post(
        "/compare",
        data={
            "csrf_token": client.csrf(),
            "zip_a": (BytesIO(zips[0]), "2023.zip"),
            "zip_b": (BytesIO(zips[1]), "2024.zip"),
        },
        content_type="multipart/form-data",
    )
    a = client.get(by_session.headers["Location"]).get_data(as_text=True)
    b = client.get(by_zip.headers["Location"]).get_data(as_text=True)
    assert table(a, "compare-amounts") == table(b, "compare-amounts")
    assert table(a, "compare-counties") == table(b, "compare-counties")
    assert "对比 2023 年（2023.zip）→ 2024 年（2024.zip）" in b


def test_compare_names_what_is_not_a_run(client: PageClient) -> None:
    def post(**files: tuple[bytes, str]) -> str:
        data: dict[str, Any] = {"csrf_token": client.csrf()}
        data.update({k: (BytesIO(v[0]), v[1]) for k, v in files.items()})
        response = client.post("/compare", data=data, content_type="multipart/form-data")
        assert response.status_code == 400
        return response.get_data(as_text=True)

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    empty_run = buffer.getvalue()
    page = post(zip_a=(empty_run, "a.zip"), zip_b=(empty_run, "b.zip"))
    assert "「a.zip」不是 roadfund 的输出文件夹：缺少 manifest.json" in page
    page = post(zip_a=(b"not a zip", "x.zip"), zip_b=(empty_run, "b.zip"))
    assert "「x.zip」不是可读取的 zip 文件" in page
    assert "请为甲、乙两方各选一次计算或上传一个结果 zip" in post()
    workspace = client.application.extensions["roadfund"].workspace.root
    assert list((workspace / "compare").iterdir()) == []  # a refused comparison keeps nothing


def test_the_server_keeps_the_latest_comparisons() -> None:
    app = make_app(KEEP_JOBS=2)
    try:
        client: PageClient = app.test_client()  # type: ignore[assignment]
        first, _ = run_sample(app, client, SAMPLE_2023)
        second, _ = run_sample(app, client, SAMPLE_2024)
        data = {"csrf_token": client.csrf(), "run_a": first.id, "run_b": second.id}
        made = [client.post("/compare", data=data).headers["Location"] for _ in range(3)]
        assert client.get(made[0]).status_code == 404  # the oldest is forgotten
        assert [client.get(m).status_code for m in made[1:]] == [200, 200]
        workspace = app.extensions["roadfund"].workspace.root
        assert len(list((workspace / "compare").iterdir())) == 2
    finally:
        app.extensions["roadfund"].close()


def test_the_default_policy_is_the_shipped_one_byte_for_byte(app: Flask) -> None:
    assert app.extensions["roadfund"].default_policy.read_bytes() == POLICY.read_bytes()


def test_templates_and_static_files_are_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["roadfund.web"]
    web = ROOT / "roadfund" / "web"
    for path in web.rglob("*"):
        if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts:
            rel = path.relative_to(web).as_posix()
            assert any(fnmatch.fnmatch(rel, p) for p in patterns), rel


def test_a_taken_port_is_a_usage_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, stderr = invoke("web", "--no-browser", "--port", str(port))
    assert code == 2
    assert f"无法在 127.0.0.1:{port} 上启动" in stderr


class _QuietServer:
    """Stands in for waitress's server: returns at once, as after Ctrl-C."""

    made: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, app: Flask, **options: Any) -> None:
        self.app = app
        address = options["sockets"][0].getsockname()[:2]
        _QuietServer.made.append({"app": app, "address": address, **options})

    def run(self) -> None:
        return None

    def close(self) -> None:
        for sock in _QuietServer.made[-1]["sockets"]:
            sock.close()


@pytest.fixture
def quiet_server(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    _QuietServer.made = []
    monkeypatch.setattr(waitress, "create_server", _QuietServer)
    return _QuietServer.made


def test_another_host_than_loopback_is_warned_about(quiet_server: list[dict[str, Any]]) -> None:
    code, stdout, stderr = invoke("web", "--host", "0.0.0.0", "--port", "0", "--no-browser")
    assert code == 0
    assert "警告：页面在 0.0.0.0 上监听，局域网中的其他电脑也可能访问本页面" in stderr
    (made,) = quiet_server
    sock = made["sockets"][0]
    assert made["address"][0] == "0.0.0.0" and made["app"].config["HOST"] == "0.0.0.0"
    assert made["app"].config["PORT"] == int(stdout.split(":")[2].split("/")[0])
    assert not made["app"].extensions["roadfund"].workspace.root.exists()  # removed on stop
    assert sock.fileno() == -1 and "已停止" in stdout


def test_the_page_binds_loopback_and_takes_a_free_port_when_the_default_is_taken(
    quiet_server: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setattr(server, "DEFAULT_PORT", taken.getsockname()[1])
        code, stdout, stderr = invoke("web", "--no-browser")
    assert code == 0 and stderr == ""
    (made,) = quiet_server
    host, port = made["address"]
    assert host == "127.0.0.1" and port != server.DEFAULT_PORT
    assert made["app"].config["HOST"] == "127.0.0.1" and made["app"].config["PORT"] == port
    assert f"http://127.0.0.1:{port}/" in stdout
