"""Every failure answers with a page in the officer's language, never a traceback.

HTTP errors get their own message (413: the upload limit; 421: a foreign Host header;
403: a form without its CSRF token); anything unexpected is logged on the terminal with
its traceback and answered with a short message and status 500.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, render_template
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from roadfund.web.engine_api import LABELS
from roadfund.web.files import MB
from roadfund.web.jobs import Busy
from roadfund.web.text import t

log = logging.getLogger("roadfund.web")


def error_page(
    status: int, key: str, heading: str = "web.error.heading", **params: object
) -> tuple[str, int]:
    page = render_template(
        "error.html", heading=t(heading, status=status), message=t(key, **params)
    )
    return page, status


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | tuple[str, int]:
        code = error.code or 500
        if code < 400:  # routing redirects travel as HTTPExceptions too
            return error.get_response()
        key = f"web.error.{code}" if f"web.error.{code}" in LABELS else "web.error.other"
        limit = int(current_app.config["MAX_CONTENT_LENGTH"]) // MB
        return error_page(code, key, code=code, limit=limit)

    @app.errorhandler(Busy)
    def busy(error: Busy) -> tuple[str, int, dict[str, str]]:
        page, status = error_page(503, "web.busy", heading="web.busy.heading")
        return page, status, {"Retry-After": "5"}

    @app.errorhandler(Exception)
    def internal(error: Exception) -> tuple[str, int]:
        log.exception("unexpected error")
        return error_page(500, "web.error.500")
