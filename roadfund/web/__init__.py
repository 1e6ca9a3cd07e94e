"""The local page (``roadfund web``): an application factory in the Flask tutorial's style.

``create_app(config)`` builds the app: its private temporary folder (``Workspace``), the
job manager (one check or run at a time), the default policy (the shipped
``data/policy.toml``, byte for byte ``inputs/policy.toml``), the security hooks, the
error pages and the two blueprints — ``pages`` (upload, problems, results, explain,
downloads) and ``compare``. ``roadfund.web.server.serve`` runs it under waitress.

Config keys beyond Flask's: HOST and PORT (the bound address, for the Host check), LANG
(the default page language), WORK (a callable running a job, for tests).
"""

from __future__ import annotations

import atexit
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from flask import Flask, Request, current_app

from roadfund.reader.policy import shipped_policy_path
from roadfund.web.engine_api import MAX_FILE_BYTES
from roadfund.web.jobs import KEEP_JOBS, JobManager, work
from roadfund.web.workspace import Workspace

MAX_UPLOAD_BYTES = MAX_FILE_BYTES  # 20 MB: the CLI's own limit for an input workbook
DEFAULT_POLICY = "policy.toml"


@dataclass
class WebState:
    """What one app holds beyond Flask's config: its folder, jobs and comparisons."""

    workspace: Workspace
    jobs: JobManager
    default_policy: Path
    comparisons: dict[str, Any] = field(default_factory=dict)  # id -> views.StoredComparison

    def close(self) -> None:
        """Remove every upload and run (the server is stopping)."""
        self.workspace.close()


def state() -> WebState:
    """The current app's WebState."""
    found: WebState = current_app.extensions["roadfund"]
    return found


class UploadRequest(Request):
    """A request whose uploaded files spool into the private folder, not the system's."""

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        return state().workspace.spool()


def _default_policy(workspace: Workspace) -> Path:
    """The shipped policy, copied once into the private folder under its own name."""
    _, folder = workspace.new_folder("policy")
    path = folder / DEFAULT_POLICY
    path.write_bytes(shipped_policy_path().read_bytes())
    return path


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """The page's Flask app; ``config`` overrides the defaults below."""
    app = Flask(__name__)
    app.request_class = UploadRequest
    app.config.from_mapping(
        SECRET_KEY=secrets.token_bytes(32),
        HOST="127.0.0.1",
        PORT=8765,
        LANG="zh",
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        WORK=work,
        KEEP_JOBS=KEEP_JOBS,
    )
    if config:
        app.config.update(config)
    # Cookies do not tell ports apart: two servers on one PC must not share a session.
    app.config["SESSION_COOKIE_NAME"] = f"roadfund-{app.config['PORT']}"
    workspace = Workspace()
    web_state = WebState(
        workspace,
        JobManager(app.config["WORK"], app.config["KEEP_JOBS"]),
        _default_policy(workspace),
    )
    app.extensions["roadfund"] = web_state
    atexit.register(web_state.close)

    from roadfund.web import compare, errors, pages, security
    from roadfund.web.security import csrf_token
    from roadfund.web.text import page_lang, t

    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(compare.bp)

    @app.context_processor
    def words() -> dict[str, object]:
        return {"t": t, "lang": page_lang(), "csrf_token": csrf_token}

    return app
