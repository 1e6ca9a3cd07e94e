"""Comparing two runs on the page, as ``roadfund compare`` does: each side is a run of
this session or an uploaded run zip (the page's own download, or a run folder zipped).

The two folders go to the CLI's ``compare_folders``; its tables are shown and its
workbook (``--out``) is offered. A side that is not a run gets the CLI's message, naming
the run as the officer knows it (the zip's name, or "run 2 of this session").
"""

from __future__ import annotations

import dataclasses
import secrets
import shutil
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.wrappers import Response

from roadfund.web import state
from roadfund.web.engine_api import (
    NotARun,
    compare_folders,
    comparison_header,
    comparison_notes,
    label,
    write_comparison,
)
from roadfund.web.files import BadRunZip, display_name, extract_run, has_file
from roadfund.web.jobs import Job
from roadfund.web.pages import XLSX
from roadfund.web.security import session_id
from roadfund.web.text import page_lang, t
from roadfund.web.views import StoredComparison, comparison_amounts, comparison_counties

bp = Blueprint("compare", __name__, url_prefix="/compare")

SIDES = ("a", "b")


class SideError(Exception):
    """A side of the comparison cannot be read; ``text`` says why, for the officer."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def finished_runs() -> list[Job]:
    return [j for j in state().jobs.of(session_id()) if j.state == "done" and j.run_dir]


def run_title(job: Job) -> str:
    """How the page names a run of this session: "第 2 次运行：sample-2023.xlsx（2023 年）"."""
    year = job.result.year_input.year if job.result else ""
    return t("web.compare.session_run", number=job.number, name=job.workbook.name, year=year)


def _form(error: str | None = None, status: int = 200) -> tuple[str, int]:
    page = render_template("compare.html", runs=finished_runs(), error=error)
    return page, status


@bp.get("")
def form() -> tuple[str, int]:
    return _form()


def _side(which: str, folder: Path) -> tuple[Path, str]:
    """The run folder of one side and the name it is shown by."""
    upload = request.files.get(f"zip_{which}")
    if upload is not None and has_file(upload):
        name = display_name(upload.filename, f"{which}.zip")
        archive = folder / f"{which}.zip"
        upload.save(archive)
        run_dir = folder / which
        run_dir.mkdir()
        try:
            extract_run(archive, run_dir)
        except BadRunZip:
            raise SideError(t("web.compare.bad_zip", name=name)) from None
        return run_dir, name
    chosen = request.form.get(f"run_{which}", "")
    for job in finished_runs():
        if job.id == chosen and job.run_dir is not None:
            return job.run_dir, run_title(job)
    raise SideError(t("web.compare.choose_two"))


@bp.post("")
def compare() -> Response | tuple[str, int]:
    comparison_id, folder = state().workspace.new_folder("compare")
    try:
        (path_a, name_a), (path_b, name_b) = (_side(which, folder) for which in SIDES)
        comparison = compare_folders(path_a, path_b)
    except SideError as error:
        shutil.rmtree(folder, ignore_errors=True)
        return _form(error.text, 400)
    except NotARun as error:
        shutil.rmtree(folder, ignore_errors=True)
        side = name_a if error.folder == path_a else name_b
        message = NotARun(Path(side), error.reason, **error.params).message(page_lang())
        return _form(message, 400)
    shown = dataclasses.replace(
        comparison,
        a=dataclasses.replace(comparison.a, folder=Path(name_a)),
        b=dataclasses.replace(comparison.b, folder=Path(name_b)),
    )
    stored = state().comparisons
    stored[comparison_id] = StoredComparison(session_id(), shown, folder)
    while len(stored) > current_app.config["KEEP_JOBS"]:  # the oldest first, as for jobs
        forgotten = stored.pop(next(iter(stored)), None)
        if forgotten is not None:
            shutil.rmtree(forgotten.folder, ignore_errors=True)
    return redirect(url_for("compare.result", comparison_id=comparison_id), code=303)


def _stored(comparison_id: str) -> StoredComparison:
    stored: StoredComparison | None = state().comparisons.get(comparison_id)
    if stored is None or stored.owner != session_id():
        abort(404)
    return stored


@bp.get("/<comparison_id>")
def result(comparison_id: str) -> str:
    stored = _stored(comparison_id)
    lang = page_lang()
    comparison = stored.comparison
    return render_template(
        "comparison.html",
        comparison_id=comparison_id,
        header=comparison_header(comparison, lang),
        amounts=comparison_amounts(comparison, lang),
        counties=comparison_counties(comparison, lang),
        notes=comparison_notes(comparison, lang),
    )


@bp.get("/<comparison_id>/comparison.xlsx")
def workbook(comparison_id: str) -> Response:
    """The comparison workbook ``roadfund compare --out`` writes, in the page's language."""
    stored = _stored(comparison_id)
    lang = page_lang()
    path = stored.folder / f"comparison-{lang}-{secrets.token_hex(4)}.xlsx"
    write_comparison(path, stored.comparison, lang)
    a, b = stored.comparison.a, stored.comparison.b
    name = label("web.comparison_name", lang, year_a=a.year, year_b=b.year)
    return send_file(path, mimetype=XLSX, as_attachment=True, download_name=name)
