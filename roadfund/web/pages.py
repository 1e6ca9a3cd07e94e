"""The page's main blueprint: upload, the problem table, results, explain and downloads.

Plain HTML forms (POST with the CSRF token), a redirect to the job's own page, which
refreshes itself while the job works (``<noscript>`` meta refresh; with JavaScript, the
progress bar polls ``status``). Files are looked up by the job's generated id and the
engine's own file names — never by a name from the request.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from roadfund.web import state
from roadfund.web.engine_api import (
    COUNTY_DIR,
    LANGS,
    SAMPLE_YEARS,
    Lang,
    Policy,
    UnknownCounty,
    county_file_name,
    explain_county,
    label,
    load_policy,
    matching_report,
    summary_file_name,
    write_template,
)
from roadfund.web.files import Upload, has_file, save_upload
from roadfund.web.jobs import Job, Kind
from roadfund.web.security import session_id
from roadfund.web.text import page_lang, t
from roadfund.web.views import (
    allocation_table,
    matching_table,
    reconciliation,
    settlement_table,
    trace_sections,
)

bp = Blueprint("pages", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def default_policy() -> Policy:
    return load_policy(state().default_policy)


def _index(error: str | None = None) -> str:
    return render_template(
        "index.html",
        periods=default_policy().periods,
        policy_name=state().default_policy.name,
        jobs=state().jobs.of(session_id()),
        busy=state().jobs.busy,
        sample_years=sorted(SAMPLE_YEARS),
        error=error,
    )


@bp.get("/")
def index() -> str:
    return _index()


Store = Callable[[Path], tuple[Upload, Upload | None]]


def _job_maker(kind: Kind, lang: Lang, store: Store) -> Callable[[int], Job]:
    """A job factory for JobManager.start: a fresh folder, the files ``store(folder)``
    gives (the workbook, the policy or None for the default), a new Job."""

    def make(number: int) -> Job:
        job_id, folder = state().workspace.new_folder("jobs")
        workbook, policy = store(folder)
        return Job(
            id=job_id,
            owner=session_id(),
            number=number,
            kind=kind,
            lang=lang,
            folder=folder,
            workbook=workbook,
            policy=policy,
            default_policy=state().default_policy,
        )

    return make


@bp.post("/submit")
def submit() -> Response | tuple[str, int]:
    """The upload form: ``action`` check (validate only) or run (validate, compute, write)."""
    workbook = request.files.get("workbook")
    policy = request.files.get("policy")
    if workbook is None or not has_file(workbook):
        return _index(t("web.upload.missing")), 400
    kind: Kind = "check" if request.form.get("action") == "check" else "run"

    def store(folder: Path) -> tuple[Upload, Upload | None]:
        book = save_upload(workbook, folder, ".xlsx", "input.xlsx")
        if policy is None or not has_file(policy):
            return book, None
        return book, save_upload(policy, folder, ".toml", "policy.toml")

    job = state().jobs.start(_job_maker(kind, page_lang(), store))
    return redirect(url_for("pages.job", job_id=job.id), code=303)


def _job(job_id: str) -> Job:
    job = state().jobs.get(job_id, session_id())
    if job is None:
        abort(404)
    return job


@bp.post("/jobs/<job_id>/run")
def run_checked(job_id: str) -> Response:
    """Run an upload that was checked: the same stored files, a new job."""
    checked = _job(job_id)
    if checked.state != "checked":
        abort(409)
    uploads = (checked.workbook, checked.policy)
    job = state().jobs.start(_job_maker("run", page_lang(), lambda folder: uploads))
    return redirect(url_for("pages.job", job_id=job.id), code=303)


@bp.get("/jobs/<job_id>")
def job(job_id: str) -> str:
    found = _job(job_id)
    lang = page_lang()
    context: dict[str, object] = {"job": found, "stage": stage_text(found)}
    if found.state == "done" and found.result is not None:
        result = found.result
        context.update(
            result=result,
            allocation=allocation_table(result, lang),
            matching=matching_table(result, lang),
            matching_summary=matching_report(result, lang)[0],
            settlement=settlement_table(result, lang),
            reconciliation=reconciliation(result, lang),
            counties=sorted(result.year_input.county_names().items()),
            summary_name=summary_file_name(result, found.lang),
            county_files={
                code: county_file_name(result, code, found.lang)
                for code in result.year_input.county_names()
            },
        )
    if found.loaded is not None:
        context["period"] = found.loaded.period
        context["year_input"] = found.loaded.year_input
    return render_template("job.html", **context)


@bp.get("/jobs/<job_id>/status")
def status(job_id: str) -> Response:
    """The job's progress as JSON, for the page's own script."""
    found = _job(job_id)
    return jsonify(
        state=found.state,
        stage=found.stage,
        text=stage_text(found),
        done=found.done,
        total=found.total,
    )


def stage_text(job: Job) -> str:
    """What the job is doing, in the page's language: the CLI's progress words where
    it has them (``写入县区工作簿 3/400``)."""
    if job.stage in ("summary", "county", "pdf"):
        return t(f"progress.{job.stage}", done=job.done, total=job.total)
    return t(f"web.stage.{job.stage}")


def _done(job_id: str) -> Job:
    found = _job(job_id)
    if found.state != "done" or found.result is None or found.run_dir is None:
        abort(404)
    return found


@bp.get("/jobs/<job_id>/explain/<code>")
def explain(job_id: str, code: str) -> str:
    """The county's derivation: the same lines ``roadfund explain`` prints."""
    found = _done(job_id)
    result = found.result
    assert result is not None
    source = request.args.get("source") or None
    if source not in (None, *(s.code for s in result.allocation.sources)):
        abort(404)
    lang = page_lang()
    try:
        lines = explain_county(result, code, None if source is None else [source])
    except UnknownCounty:
        abort(404)
    year_input = result.year_input
    name = year_input.county_names()[code]
    return render_template(
        "explain.html",
        job=found,
        code=code,
        source=source,
        title=label(
            "trace.title", lang, city=year_input.city, year=year_input.year, name=name, code=code
        ),
        policy_line=label("trace.policy", lang, reference=result.period.reference),
        sections=trace_sections(lines, lang),
        sources=[s.code for s in result.allocation.sources],
    )


def _send(path: Path, name: str, mimetype: str) -> Response:
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=name)


@bp.get("/jobs/<job_id>/run.zip")
def download_zip(job_id: str) -> Response:
    found = _done(job_id)
    assert found.zip_path is not None and found.result is not None
    year_input = found.result.year_input
    name = label("web.zip_name", found.lang, city=year_input.city, year=year_input.year)
    return _send(found.zip_path, name, "application/zip")


@bp.get("/jobs/<job_id>/summary.xlsx")
def download_summary(job_id: str) -> Response:
    found = _done(job_id)
    assert found.run_dir is not None and found.result is not None
    name = summary_file_name(found.result, found.lang)
    return _send(found.run_dir / name, name, XLSX)


@bp.get("/jobs/<job_id>/county/<code>.xlsx")
def download_county(job_id: str, code: str) -> Response:
    found = _done(job_id)
    assert found.run_dir is not None and found.result is not None
    if code not in found.result.year_input.county_names():
        abort(404)
    name = county_file_name(found.result, code, found.lang)
    return _send(found.run_dir / COUNTY_DIR / name, name, XLSX)


def _workbook_bytes(sample: bool, year: int, lang: Lang) -> bytes:
    _, folder = state().workspace.new_folder("files")
    path = folder / "template.xlsx"
    try:
        write_template(path, sample=sample, year=year, lang=lang)
        return path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@bp.get("/template.xlsx")
def download_template() -> Response:
    """The blank input workbook, as ``roadfund template`` writes it."""
    lang = page_lang()
    data = _workbook_bytes(False, 2023, lang)
    return send_file(
        io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=t("web.template_name")
    )


@bp.get("/sample-<int:year>.xlsx")
def download_sample(year: int) -> Response:
    """A sample year, as ``roadfund template --sample --year`` writes it."""
    if year not in SAMPLE_YEARS:
        abort(404)
    data = _workbook_bytes(True, year, page_lang())
    return send_file(
        io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=f"sample-{year}.xlsx"
    )


@bp.get("/lang/<lang>")
def switch_lang(lang: str) -> Response:
    """The language switch: remember the choice and go back where the officer was."""
    if lang not in LANGS:
        abort(404)
    session["lang"] = lang
    return redirect(_local(request.args.get("next", "")) or url_for("pages.index"), code=303)


def _local(target: str) -> str | None:
    """``target`` when it is a path on this server (never another site)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    return target
